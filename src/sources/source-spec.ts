import type { z } from "zod";
import type { CellValue, ColumnType, UbigeoLevel } from "../domain/index.ts";
import type { FileFormat, CsvRecord } from "./formats/index.ts";

export type { CellValue, ColumnType };
export type Row = Record<string, CellValue>;

export interface Bilingual {
  readonly es: string;
  readonly en: string;
}

/** One output column and the header spellings it is read from. */
export interface ColumnSpec {
  /** Accepted header names, compared after `normalizeHeader`; the first is the official one.
   * Empty for columns computed by `derive`. */
  readonly aliases: readonly string[];
  readonly type: ColumnType;
  /** The file must have this column. */
  readonly required?: boolean;
  /** An invalid value is cleared to null (and reported) instead of rejecting the whole row. */
  readonly clearInvalid?: boolean;
  /** A fixed-width code whose lost leading zeros are restored and counted. */
  readonly code?: boolean;
  readonly unit?: string;
  readonly description: Bilingual;
}

/** Options a user may give a source at ingest time (a results file often has no year column). */
export interface SourceOptions {
  readonly year?: number;
  /** Grade assessed (UMC results): 2P, 4P, 6P, 2S. */
  readonly grade?: string;
}

/**
 * Everything Brecha knows about one public source format: where it comes from, how to read it, the
 * zod schema of its rows and the data dictionary of its columns.
 */
export interface SourceSpec {
  readonly id: string;
  /** Name of the published dataset (table) in the store. */
  readonly dataset: string;
  readonly title: Bilingual;
  readonly publisher: string;
  readonly formats: readonly FileFormat[];
  /** Output columns in order. */
  readonly columns: Readonly<Record<string, ColumnSpec>>;
  /** Parses the raw text of the non-derived columns into typed values. */
  readonly schema: z.ZodType<Row, Record<string, string>>;
  /** Columns whose values identify a row; a repeated key is quarantined. */
  readonly key: readonly string[];
  /** The column holding the area code, and its level, for the cross-file join report. */
  readonly area?: { readonly column: string; readonly level: UbigeoLevel };
  /** Returns a reason to leave a valid row out (counted, not quarantined), e.g. inactive schools. */
  readonly keep?: (row: Row) => string | undefined;
  /** Fills derived columns; may set them on `row` in place (it is a fresh object) and return it. */
  readonly derive?: (row: Row, options: SourceOptions) => Row;
  /** Cross-field checks; returns the column and reason that reject the row. */
  readonly check?: (row: Row) => { column: string; reason: string } | undefined;
  /** Reshapes the file before columns are matched (wide UMC tables to long rows). */
  readonly reshape?: (
    header: string[],
    records: CsvRecord[],
  ) => { header: string[]; records: CsvRecord[] };
}

/** Header text as compared with aliases: no BOM, no accents, upper case, `_` for any run of
 * non-alphanumerics. `"QRESIDUOS _VAL_INORGAN"` → `QRESIDUOS_VAL_INORGAN`, `"población"` → `POBLACION`. */
export function normalizeHeader(name: string): string {
  return name
    .replace(/^\uFEFF/, "")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "_")
    .replace(/^_|_$/g, "");
}
