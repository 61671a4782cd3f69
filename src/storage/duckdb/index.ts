export { DuckDBStore } from "./duckdb-store.ts";
export { duckdbDialect } from "./duckdb-dialect.ts";
