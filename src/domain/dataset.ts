/**
 * Shared vocabulary of published datasets, used by sources, tables and every storage engine.
 */

/** Storage-neutral column types; each store's dialect maps them to its own. */
export type ColumnType = "text" | "integer" | "double" | "boolean";

export type CellValue = string | number | boolean | null;

export interface ColumnDef {
  readonly name: string;
  readonly type: ColumnType;
}

/** A bad row or cell, kept with where it came from. `rejected` rows are left out of the version;
 * `cleared` cells are published as null and reported. Rows count the header as row 1. */
export interface QuarantineRecord {
  readonly file: string;
  readonly row: number;
  readonly line: number;
  readonly column: string | null;
  readonly value: string | null;
  readonly reason: string;
  readonly action: "rejected" | "cleared";
}

/** What is recorded about every dataset version. */
export interface Provenance {
  readonly sourceId: string;
  readonly fileName: string;
  readonly fileSha256: string;
  readonly fileBytes: number;
  readonly format: string;
  readonly encoding: string;
  readonly encodingReason: string;
  readonly recordsRead: number;
  readonly rowsPublished: number;
  readonly rowsRejected: number;
  readonly cellsCleared: number;
  readonly dropped: Readonly<Record<string, number>>;
  readonly repaired: Readonly<Record<string, number>>;
  readonly columnMap: Readonly<Record<string, string>>;
  readonly ignoredColumns: readonly string[];
  readonly notes: readonly string[];
  /** True for generated demo data; never mixed silently with real data. */
  readonly synthetic: boolean;
  /** How the file was obtained: mirror, cache, download, upload, generated. */
  readonly origin: string;
}

export interface DatasetVersion {
  readonly versionId: string;
  readonly dataset: string;
  readonly tableName: string;
  readonly createdAt: string;
  readonly current: boolean;
  readonly provenance: Provenance;
}
