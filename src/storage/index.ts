import { ClickHouseStore, type ClickHouseOptions } from "./clickhouse/index.ts";
import { DuckDBStore } from "./duckdb/index.ts";
export { sandboxedQuery, DEFAULT_SANDBOX, type SandboxLimits } from "./duckdb/index.ts";
import { ReloadingStore } from "./reloading-store.ts";
import type { Store } from "./store.ts";

export type { Store, PublishRequest, PublishStatus } from "./store.ts";
export type { Dialect } from "./dialect.ts";
export { versionTableName } from "./rows.ts";

/**
 * Opens the store of a workspace. DuckDB in one file is the only engine for now; the engine is
 * chosen here so that no caller names it.
 */
export function openStore(path: string, options: { readOnly?: boolean } = {}): Promise<Store> {
  return DuckDBStore.open(path, options);
}

/** A read-only store that reopens its file when a pipeline replaces it (for the server). */
export function openFollowingStore(path: string): Promise<ReloadingStore> {
  return ReloadingStore.open(path, (p) => DuckDBStore.open(p, { readOnly: true }));
}
export { ReloadingStore };

/** The scale-out store on ClickHouse servers (one node, or a cluster with sharded tables). */
export function openClickHouseStore(options: ClickHouseOptions): Promise<Store> {
  return ClickHouseStore.open(options);
}
export type { ClickHouseOptions };
