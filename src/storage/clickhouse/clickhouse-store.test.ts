import assert from "node:assert/strict";
import { after, test } from "node:test";
import { z } from "zod";
import {
  CLICKHOUSE_MISSING,
  startClickHouse,
  type LocalClickHouse,
} from "../../../test/helpers/clickhouse-server.ts";
import { storeContract } from "../../../test/helpers/store-contract.ts";
import { toClickHouseSql } from "./clickhouse-dialect.ts";
import { ClickHouseStore } from "./clickhouse-store.ts";
import { sql } from "../sql.ts";

// The same storage contract as DuckDB, on real ClickHouse servers started on loopback (Debian's
// 18.16): one node, then a two-shard cluster whose dataset tables are Distributed.

let single: Promise<LocalClickHouse> | undefined;
let cluster: Promise<LocalClickHouse> | undefined;
after(async () => {
  await (await single)?.stop();
  await (await cluster)?.stop();
});

let databases = 0;
/** A fresh database on every node, and a store over it. */
async function freshStore(server: LocalClickHouse, sharded: boolean) {
  const database = `contract_${process.pid}_${++databases}`;
  for (const url of server.urls) {
    const r = await fetch(url, { method: "POST", body: `CREATE DATABASE ${database}` });
    assert.ok(r.ok, await r.text());
  }
  const options = {
    urls: server.urls,
    database,
    ...(sharded ? { cluster: server.cluster } : {}),
  };
  const store = await ClickHouseStore.open(options);
  return {
    store,
    readOnly: () => ClickHouseStore.open({ ...options, readOnly: true }),
    cleanup: async () => {
      await store.close();
      for (const url of server.urls)
        await fetch(url, { method: "POST", body: `DROP DATABASE IF EXISTS ${database}` });
    },
  };
}

storeContract("ClickHouse", {
  skip: CLICKHOUSE_MISSING,
  open: async () => freshStore(await (single ??= startClickHouse(1)), false),
});
storeContract("ClickHouse two-shard", {
  skip: CLICKHOUSE_MISSING,
  open: async () => freshStore(await (cluster ??= startClickHouse(2)), true),
});

test("ClickHouse SQL: parameters inlined as escaped literals, never spliced; quoted text untouched", () => {
  assert.equal(
    toClickHouseSql("SELECT * FROM t WHERE a = ? AND b = ? AND c = ? AND d IS ?", [
      "it's \\ odd",
      3.5,
      true,
      null,
    ]),
    "SELECT * FROM t WHERE a = 'it\\'s \\\\ odd' AND b = 3.5 AND c = 1 AND d IS NULL",
  );
  assert.equal(
    toClickHouseSql("SELECT '?', \"a?\", starts_with(x, ?) FROM t", ["01"]),
    "SELECT '?', \"a?\", startsWith(x, '01') FROM t",
  );
  assert.throws(() => toClickHouseSql("SELECT ?", []), /more \? than the 0 parameters/);
  assert.throws(() => toClickHouseSql("SELECT 1", [1]), /0 \? but 1 parameters/);
});

test(
  "two shards: rows spread over both nodes, and the Distributed table reads them all",
  { skip: CLICKHOUSE_MISSING },
  async () => {
    const server = await (cluster ??= startClickHouse(2));
    const { store, cleanup } = await freshStore(server, true);
    try {
      const header = "ubigeo,alumnos\n";
      const body = Array.from(
        { length: 2000 },
        (_, i) => `${String(i % 50).padStart(6, "0")},${i}`,
      ).join("\n");
      await store.publish({
        dataset: "spread",
        versionId: "c".repeat(64),
        columns: [
          { name: "ubigeo", type: "text" },
          { name: "alumnos", type: "integer" },
        ],
        csv: new TextEncoder().encode(`${header}${body}\n`),
        provenance: {
          sourceId: "t",
          fileName: "t.csv",
          fileSha256: "0".repeat(64),
          fileBytes: 1,
          format: "csv",
          encoding: "utf-8",
          encodingReason: "declared",
          recordsRead: 2000,
          rowsPublished: 2000,
          rowsRejected: 0,
          cellsCleared: 0,
          dropped: {},
          repaired: {},
          columnMap: {},
          ignoredColumns: [],
          notes: [],
          synthetic: false,
          origin: "upload",
        },
        quarantine: [],
      });
      const [total] = await store.query(
        sql`SELECT count(*) AS n, sum(alumnos) AS s, count(DISTINCT ubigeo) AS u FROM spread`,
        z.object({ n: z.number(), s: z.number(), u: z.number() }),
      );
      assert.deepEqual(total, { n: 2000, s: (1999 * 2000) / 2, u: 50 });
      const [version] = await store.versions("spread");
      const database = await databaseOf(store);
      const local = store.dialect.quoteIdentifier(`${version!.tableName}__local`);
      const perNode = await Promise.all(
        server.urls.map(async (url) => {
          const r = await fetch(`${url}/?database=${database}`, {
            method: "POST",
            body: `SELECT count() FROM ${local}`,
          });
          return Number(await r.text());
        }),
      );
      assert.equal(perNode[0]! + perNode[1]!, 2000);
      assert.ok(
        perNode.every((n) => n > 500),
        `rows per shard: ${perNode.join(", ")}`,
      );
    } finally {
      await cleanup();
    }
  },
);

async function databaseOf(store: ClickHouseStore): Promise<string> {
  const [row] = await store.query(sql`SELECT currentDatabase() AS d`, z.object({ d: z.string() }));
  return row!.d;
}
