import type { ColumnType } from "../domain/index.ts";

/**
 * What differs between SQL engines, said once. Callers write portable SQL and ask the dialect
 * only for these pieces, so that analytics code runs unchanged on another engine.
 */
export interface Dialect {
  /** `"schools"`; doubles embedded quotes. */
  quoteIdentifier(name: string): string;
  /** `'Áncash'`; doubles embedded quotes. */
  quoteString(value: string): string;
  /** The engine's type for a storage-neutral column type (nullable). */
  columnType(type: ColumnType): string;
  /** Whether `WITH name AS (SELECT …)` and several JOINs in one SELECT work; without them
   * callers nest one join per subquery. */
  readonly supportsCte: boolean;
}

export const ANSI_DIALECT_BASE = {
  quoteIdentifier: (name: string): string => `"${name.replace(/"/g, '""')}"`,
  quoteString: (value: string): string => `'${value.replace(/'/g, "''")}'`,
};
