import type { z } from "zod";
import type { Sql } from "../storage/index.ts";

/** PostgreSQL's placeholders: `$1`, `$2`, … */
export const dollar = (position: number): string => `$${position}`;

/** PostgreSQL names need no dialect beyond ANSI quoting; column types are not used here. */
export const POSTGRES_NAMES = {
  quoteIdentifier: (name: string): string => `"${name.replace(/"/g, '""')}"`,
  columnType: (type: string): string => type,
};

/** What runs statements: the database itself, or one transaction on it. */
export interface Executor {
  /** Rows of a query, each checked with `rows` (a mismatch is a bug: `BRECHA_ROW_SHAPE`). */
  query<Row>(query: Sql, rows: z.core.$ZodType<Row>): Promise<Row[]>;
  /** Runs a statement; the number of rows it changed. */
  execute(query: Sql): Promise<number>;
}

/**
 * The operational database: what people write (accounts, sessions, requests, reviews, the audit
 * log). Two engines speak the same SQL: PostgreSQL compiled to WebAssembly (PGlite) in the
 * workspace folder, the default, with no server to start; and a PostgreSQL server for several
 * server processes. Statements are written with the `sql` tag, so that values are always bound
 * parameters.
 */
export interface OperationsDatabase extends Executor {
  readonly engine: "embedded" | "postgresql";
  /** Runs `work` in one transaction: all of its statements take effect, or none. */
  transaction<T>(work: (tx: Executor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
