import { after, before, describe } from "node:test";
import { openOperations } from "../src/operations/index.ts";
import { operationsContract } from "./helpers/operations-contract.ts";
import {
  POSTGRESQL_MISSING,
  startPostgres,
  type LocalPostgres,
} from "./helpers/postgresql-server.ts";

// The same contract as the embedded engine, on a real PostgreSQL server started on loopback.
describe("PostgreSQL operational store", { skip: POSTGRESQL_MISSING }, () => {
  let server: LocalPostgres;
  let databases = 0;
  before(async () => {
    server = await startPostgres();
  });
  after(async () => server?.stop());
  operationsContract("postgresql", async () =>
    openOperations({
      home: "unused",
      operations: { url: await server.createDatabase(`contract_${++databases}`), connections: 5 },
    }),
  );
});
