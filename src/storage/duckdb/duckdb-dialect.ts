import type { ColumnType } from "../../domain/index.ts";
import { ANSI_DIALECT_BASE, type Dialect } from "../dialect.ts";

const TYPES: Record<ColumnType, string> = {
  text: "VARCHAR",
  integer: "BIGINT",
  double: "DOUBLE",
  boolean: "BOOLEAN",
};

export const duckdbDialect: Dialect = {
  ...ANSI_DIALECT_BASE,
  columnType: (type) => TYPES[type],
  supportsCte: true,
};
