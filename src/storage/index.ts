import { ClickHouseStore, type ClickHouseOptions } from "./clickhouse/index.ts";
import { DuckDBStore } from "./duckdb/index.ts";
export { sandboxedQuery, DEFAULT_SANDBOX, type SandboxLimits } from "./duckdb/index.ts";
import { ReloadingStore } from "./reloading-store.ts";
import { existsSync } from "node:fs";
import type { Store } from "./store.ts";

export type { Store, PublishRequest, PublishStatus } from "./store.ts";
export type { Dialect } from "./dialect.ts";
export { versionTableName, validateRows } from "./rows.ts";

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

/**
 * The workspace file of a read-only store, which another thread or process may open read-only
 * with an engine of its own; null for a store with no file (in memory, ClickHouse) or one open for
 * writing, whose work must then run in this process.
 */
export function readOnlyFileOf(store: Store): string | null {
  const path = (store as { path?: unknown }).path;
  return store.readOnly && typeof path === "string" && existsSync(path) ? path : null;
}

/** The scale-out store on ClickHouse servers (one node, or a cluster with sharded tables). */
export function openClickHouseStore(options: ClickHouseOptions): Promise<Store> {
  return ClickHouseStore.open(options);
}
export type { ClickHouseOptions };
export { sql, Sql, type SqlValue } from "./sql.ts";
