import { join } from "node:path";
import { storeContract } from "../../../test/helpers/store-contract.ts";
import { tempDir } from "../../../test/helpers/paths.ts";
import { DuckDBStore } from "./duckdb-store.ts";

storeContract("DuckDB", {
  open: async () => {
    const dir = tempDir();
    const path = join(dir.path, "contract.duckdb");
    const store = await DuckDBStore.open(path);
    return {
      store,
      readOnly: async () => {
        await store.close();
        return DuckDBStore.open(path, { readOnly: true });
      },
      cleanup: async () => {
        await store.close().catch(() => undefined);
        dir.cleanup();
      },
    };
  },
});
