import { basename, extname } from "node:path";
import {
  readCsvRecords,
  detectDelimiter,
  type CsvDelimiter,
  type CsvProjection,
  type CsvRecord,
} from "./csv.ts";
import { readDbf, DbfFormatError } from "./dbf.ts";
import { decodeText, type TextEncoding } from "./encoding.ts";
import { readGeoJsonTable, readJsonArrayTable, GeoJsonFormatError } from "./geojson.ts";
import { readXlsxRows, XlsxFormatError } from "./xlsx.ts";

export type FileFormat = "csv" | "dbf" | "xlsx" | "geojson" | "json";

/** A file read into records of text, before any source-specific meaning is given to it. */
export interface RawTable {
  readonly format: FileFormat;
  readonly encoding: TextEncoding | "binary";
  readonly encodingReason: string;
  readonly delimiter?: CsvDelimiter;
  /** Set when the format itself fixes the header (DBF, GeoJSON); otherwise the header is found
   * among the first records (title rows above it are common in ministry spreadsheets). */
  readonly header?: string[];
  readonly records: Iterable<CsvRecord>;
  /** Approximate number of records, for progress bars. */
  readonly sizeHint: number;
  readonly notes: string[];
  /** Set when the file ends early; the reader has already dropped the incomplete record. */
  readonly truncated?: string;
  /** Text files: whether the last record is followed by a line break (false suggests a cut). */
  readonly endsWithLineBreak?: boolean;
  /** Tells the reader which columns will be read (CSV only), once the header is known. */
  readonly project?: (keep: readonly boolean[]) => void;
}

/** Thrown when a file is not what its format says; the caller adds file name and code. */
export class FormatError extends Error {}

/** Chooses the format from the first bytes, then the extension. */
export function detectFormat(fileName: string, bytes: Uint8Array): FileFormat {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)
    return "xlsx";
  const ext = extname(fileName).toLowerCase();
  if (ext === ".dbf") return "dbf";
  if (ext === ".geojson" || ext === ".topojson") return "geojson";
  if (ext === ".json") {
    // A JSON array is a table of objects; an object is GeoJSON or TopoJSON.
    for (const byte of bytes.subarray(0, 64)) {
      if (byte === 0x5b) return "json";
      if (
        byte !== 0x20 &&
        byte !== 0x0a &&
        byte !== 0x0d &&
        byte !== 0x09 &&
        byte !== 0xef &&
        byte !== 0xbb &&
        byte !== 0xbf
      )
        break;
    }
    return "geojson";
  }
  if (ext === ".xlsx") return "xlsx";
  return "csv";
}

/**
 * Reads a file's bytes as a table of text records.
 *
 * @example readRawTable("padron.csv", bytes) // { format: "csv", encoding: "latin1", ... }
 */
export function readRawTable(
  fileName: string,
  bytes: Uint8Array,
  {
    format,
    encoding,
    sheet,
  }: { format?: FileFormat; encoding?: TextEncoding; sheet?: string } = {},
): RawTable {
  const chosen = format ?? detectFormat(fileName, bytes);
  try {
    switch (chosen) {
      case "csv": {
        const decoded = decodeText(bytes, encoding);
        const delimiter = detectDelimiter(decoded.text);
        const projection: CsvProjection = { keep: null };
        const sizeHint = Math.max(
          1,
          Math.round(decoded.text.length / Math.max(1, decoded.text.indexOf("\n") + 1)),
        );
        return {
          format: "csv",
          encoding: decoded.encoding,
          encodingReason: decoded.reason,
          delimiter,
          records: readCsvRecords(decoded.text, { delimiter, projection }),
          project: (keep) => {
            projection.keep = keep;
          },
          sizeHint,
          endsWithLineBreak: /[\r\n]\s*$/.test(decoded.text.slice(-16)),
          notes: decoded.hadBom ? ["byte-order mark removed"] : [],
        };
      }
      case "dbf": {
        const projection: CsvProjection = { keep: null };
        const table = readDbf(bytes, {
          projection,
          ...(encoding === undefined ? {} : { encoding }),
        });
        const notes =
          table.deleted > 0
            ? [`${table.deleted} records marked deleted in the DBF were skipped`]
            : [];
        const base = {
          format: "dbf" as const,
          encoding: table.encoding,
          encodingReason: table.encodingReason,
          header: table.fields.map((f) => f.name),
          records: table.records,
          sizeHint: table.recordCount,
          notes,
          project: (keep: readonly boolean[]) => {
            projection.keep = keep;
          },
        };
        return table.truncated === undefined ? base : { ...base, truncated: table.truncated };
      }
      case "xlsx": {
        const { sheet: used, records } = readXlsxRows(bytes, sheet === undefined ? {} : { sheet });
        return {
          format: "xlsx",
          encoding: "utf-8",
          encodingReason: "XLSX is always UTF-8",
          records,
          sizeHint: records.length,
          notes: [`sheet "${used}"`],
        };
      }
      case "geojson":
      case "json": {
        const decoded = decodeText(bytes, encoding);
        const { header, records } = (chosen === "json" ? readJsonArrayTable : readGeoJsonTable)(
          decoded.text,
        );
        return {
          format: chosen,
          encoding: decoded.encoding,
          encodingReason: decoded.reason,
          header,
          records,
          sizeHint: records.length,
          notes: [],
        };
      }
    }
  } catch (error) {
    if (
      error instanceof DbfFormatError ||
      error instanceof XlsxFormatError ||
      error instanceof GeoJsonFormatError
    ) {
      throw new FormatError(
        `${basename(fileName)} is not a readable ${chosen.toUpperCase()} file: ${error.message}`,
        { cause: error },
      );
    }
    throw error;
  }
}
