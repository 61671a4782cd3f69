import { IngestError } from "../errors/index.ts";
import { z } from "zod";
import type {
  CellValue,
  ColumnDef,
  DatasetVersion,
  Provenance,
  QuarantineRecord,
} from "../domain/index.ts";
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
import { sql, type PublishStatus, type Store } from "../storage/index.ts";
import { toCanonicalCsv, versionIdOf } from "./canonical-csv.ts";

export interface IngestOptions {
  readonly encoding?: TextEncoding;
  readonly format?: FileFormat;
  readonly sheet?: string;
  readonly sourceOptions?: SourceOptions;
  /** Share (0-1) of records that may be rejected before the load is refused. */
  readonly maxBadRowShare: number;
  /** mirror, cache, download, starter, upload, generated */
  readonly origin?: string;
  /** How the file relates to the dataset's current real version: `checked` (default) replaces it
   * but refuses to lose more than 10% of its rows or any area it covers; `partial` updates only
   * the keys in the file, merged into a new whole version; `replace` replaces it whatever it
   * loses. A synthetic current version is always replaced. */
  readonly mode?: IngestMode;
  readonly onProgress?: (stage: string, done: number, total: number) => void;
}

export type IngestMode = "checked" | "partial" | "replace";

/** Share of the current version's rows a checked load may lose. */
export const MAX_ROW_LOSS = 0.1;

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
  if (table.truncated !== undefined)
    throw new IngestError(
      "BRECHA_TRUNCATED_FILE",
      { file: file.name, row: table.truncated.row },
      `${table.truncated.reason}; nothing was published`,
    );
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
  const current = (await store.versions(spec.dataset)).find((v) => v.current);
  const mode = options.mode ?? "checked";
  let rows = table.rows;
  const notes = [...raw.notes];
  if (current !== undefined && !current.provenance.synthetic) {
    if (mode === "partial") {
      const merged = await mergeWithCurrent(store, spec, current, table.columns, rows);
      rows = merged.rows;
      if (merged.kept > 0)
        notes.push(
          `merged: ${merged.kept} rows of version ${current.versionId.slice(0, 12)} whose key is not in this file were kept`,
        );
    } else if (mode === "checked") {
      await refuseShrinking(store, spec, current, table.columns, table.rows, file.name);
    }
  }
  const t0 = performance.now();
  options.onProgress?.("hash", 0, 1);
  const csv = toCanonicalCsv(table.columns, rows);
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
    rowsPublished: rows.length,
    rowsRejected: stats.rowsRejected,
    cellsCleared: stats.cellsCleared,
    dropped: stats.dropped,
    repaired: stats.repaired,
    columnMap: table.columnMap,
    ignoredColumns: table.ignoredColumns,
    notes,
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

const ANY_ROW = z.record(z.string(), z.unknown());

function keyOf(values: readonly unknown[]): string {
  return values.map((v) => String(v)).join("|");
}

/** The current version's rows whose key the new rows do not have, appended to the new rows. */
async function mergeWithCurrent(
  store: Store,
  spec: SourceSpec,
  current: DatasetVersion,
  columns: readonly ColumnDef[],
  rows: CellValue[][],
): Promise<{ rows: CellValue[][]; kept: number }> {
  const keyAt = spec.key.map((k) => columns.findIndex((c) => c.name === k));
  const fresh = new Set(rows.map((r) => keyOf(keyAt.map((i) => r[i]))));
  const old = await store.query(sql`SELECT * FROM ${sql.id(current.tableName)}`, ANY_ROW);
  const merged = [...rows];
  for (const row of old) {
    if (fresh.has(keyOf(spec.key.map((k) => row[k])))) continue;
    merged.push(columns.map((c) => (row[c.name] ?? null) as CellValue));
  }
  // In key order, so that the same rows merged in any order make the same version.
  const keyed = merged.map((r) => [keyOf(keyAt.map((i) => r[i])), r] as const);
  keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { rows: keyed.map(([, r]) => r), kept: merged.length - rows.length };
}

/** Refuses a replacement that loses more than MAX_ROW_LOSS of the current rows or any area the
 * current version covers, with the counts, so a cut file never becomes the current version. */
async function refuseShrinking(
  store: Store,
  spec: SourceSpec,
  current: DatasetVersion,
  columns: readonly ColumnDef[],
  rows: readonly CellValue[][],
  fileName: string,
): Promise<void> {
  const table = sql.id(current.tableName);
  const [{ n }] = (await store.query(
    sql`SELECT count(*) AS n FROM ${table}`,
    z.object({ n: z.coerce.number() }),
  )) as [{ n: number }];
  const lostRows = Math.max(0, n - rows.length);
  let lostAreas: string[] = [];
  let areaCount = 0;
  let newAreaCount = 0;
  if (spec.area !== undefined) {
    const column = spec.area.column;
    const at = columns.findIndex((c) => c.name === column);
    const fresh = new Set(rows.map((r) => String(r[at])));
    const old = await store.query(
      sql`SELECT DISTINCT ${sql.id(column)} AS code FROM ${table}`,
      z.object({ code: z.string().nullable() }),
    );
    const codes = old.map((r) => r.code).filter((c): c is string => c !== null);
    areaCount = codes.length;
    newAreaCount = fresh.size;
    lostAreas = codes.filter((c) => !fresh.has(c)).sort();
  }
  if (lostRows <= MAX_ROW_LOSS * n && lostAreas.length === 0) return;
  const number = (v: number) => v.toLocaleString("en-US");
  const level = spec.area?.level === undefined ? "areas" : `${spec.area.level}s`;
  const areas = spec.area === undefined ? "" : ` in ${number(areaCount)} ${level}`;
  const newAreas = spec.area === undefined ? "" : ` in ${number(newAreaCount)} ${level}`;
  const losses = [
    lostRows > 0 ? `${number(lostRows)} rows (${((100 * lostRows) / n).toFixed(1)}%)` : "",
    lostAreas.length > 0
      ? `${number(lostAreas.length)} ${level} (${lostAreas.slice(0, 5).join(", ")}${lostAreas.length > 5 ? ", …" : ""})`
      : "",
  ].filter((x) => x !== "");
  throw new IngestError(
    "BRECHA_SHRINKING_VERSION",
    { file: fileName },
    `the current version of ${spec.dataset} (${current.versionId.slice(0, 12)}) has ${number(n)} rows${areas}; this file has ${number(rows.length)} rows${newAreas}: ${losses.join(" and ")} would be lost. Nothing was published. Use --partial to update only the keys in this file, or --replace to replace the whole dataset.`,
    {
      details: {
        currentVersion: current.versionId,
        currentRows: n,
        newRows: rows.length,
        lostRows,
        lostAreas: lostAreas.length,
      },
    },
  );
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
