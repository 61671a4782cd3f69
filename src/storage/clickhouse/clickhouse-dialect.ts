import type { ColumnType } from "../../domain/index.ts";
import type { Dialect } from "../dialect.ts";

// Booleans are UInt8 (true = 1): ClickHouse 18.16 has no Bool type. Query results turn UInt8
// columns back into booleans, so no other column may be UInt8.
const TYPES: Record<ColumnType, string> = {
  text: "Nullable(String)",
  integer: "Nullable(Int64)",
  double: "Nullable(Float64)",
  boolean: "Nullable(UInt8)",
};

export const clickhouseDialect: Dialect = {
  // ClickHouse accepts ANSI double-quoted identifiers.
  quoteIdentifier: (name) => `"${name.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`,
  // String literals escape with backslashes.
  quoteString: (value) => `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`,
  columnType: (type) => TYPES[type],
  // ClickHouse 18.16 has neither; current releases have both (set true for them).
  supportsCte: false,
};

/**
 * The portable SQL Brecha writes (DuckDB-flavoured) in the forms ClickHouse 18.16 and later accept:
 * positional `?` parameters inlined as literals (18.16 has no query parameters), `starts_with` as
 * `startsWith`. Quoted strings and identifiers are left alone.
 */
export function toClickHouseSql(
  sql: string,
  params: readonly (string | number | boolean | null)[] = [],
): string {
  let out = "";
  let p = 0;
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < sql.length && sql[j] !== ch) j += sql[j] === "\\" ? 2 : 1;
      out += sql.slice(i, j + 1);
      i = j + 1;
    } else if (ch === "?") {
      if (p >= params.length)
        throw new RangeError(`the query has more ? than the ${params.length} parameters given`);
      out += literal(params[p++]!);
      i++;
    } else {
      const m = /^starts_with\s*\(/i.exec(sql.slice(i, i + 16));
      if (m && !/[\w$]/.test(sql[i - 1] ?? "")) {
        out += "startsWith(";
        i += m[0].length;
      } else {
        out += ch;
        i++;
      }
    }
  }
  if (p !== params.length)
    throw new RangeError(`the query has ${p} ? but ${params.length} parameters were given`);
  return out;
}

function literal(v: string | number | boolean | null): string {
  if (v === null) return "NULL";
  if (typeof v === "boolean") return v ? "1" : "0";
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new RangeError(`cannot pass ${v} as a parameter`);
    return String(v);
  }
  return clickhouseDialect.quoteString(v);
}
