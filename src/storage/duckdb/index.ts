export { DuckDBStore } from "./duckdb-store.ts";
export { duckdbDialect } from "./duckdb-dialect.ts";
export { sandboxedQuery, DEFAULT_SANDBOX, type SandboxLimits } from "./sandboxed-query.ts";
