export { DuckDBStore, versionTableName } from "./duckdb-store.ts";
export { duckdbDialect } from "./duckdb-dialect.ts";
