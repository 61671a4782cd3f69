import { IngestError } from "../errors/index.ts";
import type { Provenance, QuarantineRecord } from "../domain/index.ts";
import {
  FormatError,
  HeaderProblem,
  normalizeTable,
  readRawTable,
  type FileFormat,
  type NormalizedTable,
  type SourceFile,
  type SourceOptions,
  type SourceSpec,
  type TextEncoding,
} from "../sources/index.ts";
import type { PublishStatus, Store } from "../storage/index.ts";
import { toCanonicalCsv, versionIdOf } from "./canonical-csv.ts";

export interface IngestOptions {
  readonly encoding?: TextEncoding;
  readonly format?: FileFormat;
  readonly sheet?: string;
  readonly sourceOptions?: SourceOptions;
  /** Share (0-1) of records that may be rejected before the load is refused. */
  readonly maxBadRowShare: number;
  /** mirror, cache, download, upload, generated */
  readonly origin?: string;
  readonly onProgress?: (stage: string, done: number, total: number) => void;
}

export interface IngestReport {
  readonly status: PublishStatus;
  readonly dataset: string;
  readonly versionId: string;
  readonly provenance: Provenance;
  /** The first quarantined records, for display; all of them are in the store. */
  readonly quarantineSample: readonly QuarantineRecord[];
  readonly timingsMs: Readonly<Record<string, number>>;
}

/**
 * Reads, validates and normalises a file with its source spec, without publishing. Problems that
 * affect the whole file become IngestErrors naming file, row and column.
 */
export function prepareFile(
  spec: SourceSpec,
  file: SourceFile,
  options: Omit<IngestOptions, "maxBadRowShare" | "origin">,
) {
  const started = performance.now();
  let raw;
  try {
    raw = readRawTable(file.name, file.bytes, {
      ...(options.format === undefined ? {} : { format: options.format }),
      ...(options.encoding === undefined ? {} : { encoding: options.encoding }),
      ...(options.sheet === undefined ? {} : { sheet: options.sheet }),
    });
  } catch (error) {
    if (error instanceof FormatError)
      throw new IngestError(
        "BRECHA_FORMAT",
        { file: file.name },
        error.message.replace(`${file.name} `, ""),
        { cause: error },
      );
    throw error;
  }
  if (!spec.formats.includes(raw.format)) {
    throw new IngestError(
      "BRECHA_FORMAT",
      { file: file.name },
      `source ${spec.id} is read from ${spec.formats.join(", ")} files, not ${raw.format}`,
    );
  }
  let table: NormalizedTable;
  try {
    table = normalizeTable(spec, raw, {
      file: file.name,
      ...(options.sourceOptions === undefined ? {} : { options: options.sourceOptions }),
      ...(options.onProgress === undefined
        ? {}
        : { onProgress: (done: number) => options.onProgress?.("validate", done, raw.sizeHint) }),
    });
  } catch (error) {
    if (error instanceof HeaderProblem) {
      const code = /required column/.test(error.message)
        ? "BRECHA_MISSING_COLUMN"
        : error.message === "the file is empty"
          ? "BRECHA_EMPTY_FILE"
          : "BRECHA_FORMAT";
      throw new IngestError(
        code,
        {
          file: file.name,
          row: error.row,
          ...(error.column === undefined ? {} : { column: error.column }),
        },
        error.message,
        { cause: error },
      );
    }
    throw error;
  }
  return { raw, table, parseMs: performance.now() - started };
}

/**
 * Ingests one file as a new version of the spec's dataset: read, validate, quarantine bad rows,
 * hash the normalised content and publish atomically. Re-loading the same content is a no-op.
 *
 * @example await ingestFile(store, padron, readSourceFile("Padron_web.dbf"), { maxBadRowShare: 0.05 })
 */
export async function ingestFile(
  store: Store,
  spec: SourceSpec,
  file: SourceFile,
  options: IngestOptions,
): Promise<IngestReport> {
  const { raw, table, parseMs } = prepareFile(spec, file, options);
  const { stats, quarantine } = table;
  const rejected = quarantine.filter((r) => r.action === "rejected");
  const summary = summarise(rejected);
  if (table.rows.length === 0) {
    throw new IngestError(
      "BRECHA_EMPTY_FILE",
      { file: file.name },
      `no valid data rows out of ${stats.recordsRead} read${summary ? `; ${summary}` : ""}`,
      {
        details: { stats, quarantine: rejected.slice(0, 20) },
      },
    );
  }
  const share = stats.recordsRead === 0 ? 0 : stats.rowsRejected / stats.recordsRead;
  if (share > options.maxBadRowShare) {
    const first = rejected[0]!;
    throw new IngestError(
      "BRECHA_TOO_MANY_BAD_ROWS",
      { file: file.name },
      `${stats.rowsRejected} of ${stats.recordsRead} rows (${(share * 100).toFixed(1)}%) failed validation, above the limit of ${(options.maxBadRowShare * 100).toFixed(1)}%; nothing was published. First: row ${first.row}${first.column ? `, column ${first.column}` : ""}: ${first.reason}. ${summary}`,
      { details: { stats, quarantine: rejected.slice(0, 50) } },
    );
  }
  const t0 = performance.now();
  options.onProgress?.("hash", 0, 1);
  const csv = toCanonicalCsv(table.columns, table.rows);
  const versionId = versionIdOf(spec.dataset, table.columns, csv);
  const t1 = performance.now();
  const provenance: Provenance = {
    sourceId: spec.id,
    fileName: file.name,
    fileSha256: file.sha256,
    fileBytes: file.bytes.byteLength,
    format: raw.format,
    encoding: raw.encoding,
    encodingReason: raw.encodingReason,
    recordsRead: stats.recordsRead,
    rowsPublished: stats.rowsKept,
    rowsRejected: stats.rowsRejected,
    cellsCleared: stats.cellsCleared,
    dropped: stats.dropped,
    repaired: stats.repaired,
    columnMap: table.columnMap,
    ignoredColumns: table.ignoredColumns,
    notes: raw.notes,
    synthetic: false,
    origin: options.origin ?? "upload",
  };
  options.onProgress?.("publish", 0, 1);
  const status = await store.publish({
    dataset: spec.dataset,
    versionId,
    columns: table.columns,
    csv,
    provenance,
    quarantine,
  });
  const t2 = performance.now();
  return {
    status,
    dataset: spec.dataset,
    versionId,
    provenance,
    quarantineSample: quarantine.slice(0, 20),
    timingsMs: { parseAndValidate: parseMs, canonicalise: t1 - t0, publish: t2 - t1 },
  };
}

/** "12 rows: has 5 fields but the header has 13…; 3 rows: duplicate key…" */
export function summarise(records: readonly QuarantineRecord[]): string {
  const counts = new Map<string, number>();
  for (const r of records) {
    const reason = r.reason.replace(/"[^"]*"/g, "…").replace(/ = \S+, first seen at row \d+/, "");
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([reason, n]) => `${n} row${n === 1 ? "" : "s"}: ${reason}`)
    .join("; ");
}
