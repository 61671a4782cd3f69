export { DuckDBStore, versionTableName, listStagingFiles } from "./duckdb-store.ts";
export { duckdbDialect } from "./duckdb-dialect.ts";
