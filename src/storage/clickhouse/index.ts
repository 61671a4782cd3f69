export { ClickHouseStore, type ClickHouseOptions } from "./clickhouse-store.ts";
export { clickhouseDialect, toClickHouseSql } from "./clickhouse-dialect.ts";
