import type { CellValue, ColumnDef, QuarantineRecord } from "../domain/index.ts";
import { compileRowParser } from "./row-parser.ts";
import { normalizeHeader, type Row, type SourceOptions, type SourceSpec } from "./source-spec.ts";
import type { CsvRecord, RawTable } from "./formats/index.ts";

export type { QuarantineRecord };

export interface NormalizeStats {
  readonly recordsRead: number;
  readonly rowsKept: number;
  readonly rowsRejected: number;
  readonly cellsCleared: number;
  /** Valid rows left out on purpose, by reason (e.g. inactive school services). */
  readonly dropped: Readonly<Record<string, number>>;
  /** Codes whose lost leading zeros were restored, by column. */
  readonly repaired: Readonly<Record<string, number>>;
}

export interface NormalizedTable {
  readonly columns: readonly ColumnDef[];
  readonly rows: CellValue[][];
  readonly quarantine: QuarantineRecord[];
  readonly stats: NormalizeStats;
  readonly headerRow: number;
  /** Output column → header it was read from. */
  readonly columnMap: Readonly<Record<string, string>>;
  /** Header columns no output column uses (kept in the raw copy of the file). */
  readonly ignoredColumns: readonly string[];
  /** Set when the file ends in the middle of a record: the file must not be published. */
  readonly truncated?: { readonly row: number; readonly reason: string };
}

/** Problems that stop a whole file, raised before any row is read. */
export class HeaderProblem extends Error {
  constructor(
    message: string,
    readonly row: number,
    readonly column?: string,
  ) {
    super(message);
  }
}

const HEADER_SEARCH_ROWS = 30;

interface HeaderMatch {
  readonly header: string[];
  readonly headerRow: number;
  readonly indexOf: Map<string, number>;
}

function matchHeader(spec: SourceSpec, header: string[], headerRow: number): HeaderMatch {
  const normalized = header.map(normalizeHeader);
  const seen = new Map<string, number>();
  normalized.forEach((name, i) => {
    if (name !== "" && seen.has(name)) {
      throw new HeaderProblem(
        `columns ${seen.get(name)! + 1} and ${i + 1} are both named "${header[i]}"; rename one`,
        headerRow,
        header[i],
      );
    }
    seen.set(name, i);
  });
  const indexOf = new Map<string, number>();
  for (const [name, column] of Object.entries(spec.columns)) {
    for (const alias of column.aliases) {
      const at = seen.get(normalizeHeader(alias));
      if (at !== undefined) {
        indexOf.set(name, at);
        break;
      }
    }
    if (column.required && !indexOf.has(name)) {
      const shown = header
        .filter((h) => h.trim() !== "")
        .slice(0, 25)
        .join(", ");
      throw new HeaderProblem(
        `required column ${column.aliases[0]} (${column.description.en}) not found; accepted names: ${column.aliases.join(", ")}; the header has: ${shown}`,
        headerRow,
        column.aliases[0],
      );
    }
  }
  return { header, headerRow, indexOf };
}

/** Finds the header among the first records: the one matching most known column names (after
 * the source's reshaping, for wide tables). */
function findHeader(
  spec: SourceSpec,
  records: Iterator<CsvRecord>,
): { header: CsvRecord; pending: CsvRecord[] } {
  const aliases = new Set(
    Object.values(spec.columns).flatMap((c) => c.aliases.map(normalizeHeader)),
  );
  const seen: CsvRecord[] = [];
  let best: CsvRecord | undefined;
  let bestScore = 0;
  for (let k = 0; k < HEADER_SEARCH_ROWS; k++) {
    const next = records.next();
    if (next.done) break;
    seen.push(next.value);
    const fields = spec.reshape ? spec.reshape(next.value.fields, []).header : next.value.fields;
    const score = fields.filter((f) => aliases.has(normalizeHeader(f))).length;
    if (score > bestScore) {
      best = next.value;
      bestScore = score;
    }
    if (k === 0 && score >= Math.min(3, aliases.size)) break; // the usual case: header first
  }
  if (seen.length === 0) throw new HeaderProblem("the file is empty", 1);
  const header = best ?? seen[0]!;
  return { header, pending: seen.filter((r) => r.row > header.row) };
}

/**
 * Gives a raw table the meaning of a source: matches columns by their aliases, validates each row
 * with the source's zod schema, restores lost zeros, drops duplicates and rows the source leaves
 * out, and collects every problem with its row and column instead of stopping at the first.
 */
export function normalizeTable(
  spec: SourceSpec,
  raw: RawTable,
  {
    file,
    options = {},
    onProgress,
  }: { file: string; options?: SourceOptions; onProgress?: (done: number) => void },
): NormalizedTable {
  const { header, headerRow, pending, rest } = openRecords(spec, raw);
  const match = matchHeader(spec, header, headerRow);
  const { indexOf } = match;
  const columnNames = Object.keys(spec.columns);
  // Columns the file lacks read as "", so a schema may treat them as null.
  const codeColumns = columnNames.filter((n) => spec.columns[n]!.code);
  const clearable = new Set(columnNames.filter((n) => spec.columns[n]!.clearInvalid));
  // A column the file lacks is named as the spec names it, and its cell is null.
  const headerOf = (name: string): string => header[indexOf.get(name) ?? -1] ?? name;

  const parseRow = compileRowParser(spec.schema, (name) => indexOf.get(name) ?? -1);
  const usedPositions = [...new Set(indexOf.values())];
  const codePositions: Array<[string, number, string]> = codeColumns
    .filter((n) => indexOf.has(n))
    .map((n) => [n, indexOf.get(n)!, headerOf(n)]);
  raw.project?.(header.map((_, i) => usedPositions.includes(i)));
  const rows: CellValue[][] = [];
  const quarantine: QuarantineRecord[] = [];
  const dropped: Record<string, number> = {};
  const repaired: Record<string, number> = {};
  const firstSeen = new Map<string, number>();
  let recordsRead = 0;
  let rowsRejected = 0;
  let cellsCleared = 0;

  const cellOf = (fields: readonly string[], name: string): string | null =>
    fields[indexOf.get(name) ?? -1] ?? null;
  const reject = (
    record: CsvRecord,
    column: string | null,
    value: string | null,
    reason: string,
  ): void => {
    rowsRejected++;
    quarantine.push({
      file,
      row: record.row,
      line: record.line,
      column,
      value,
      reason,
      action: "rejected",
    });
  };

  let last: CsvRecord | undefined;
  const handle = (record: CsvRecord): void => {
    recordsRead++;
    last = record;
    if (onProgress && recordsRead % 20_000 === 0) onProgress(recordsRead);
    const fields = record.fields;
    if (record.problem !== undefined) {
      reject(record, null, fields.join(" | ").slice(0, 200), record.problem);
      return;
    }
    const shape = shapeProblem(fields, header, usedPositions);
    if (shape !== null) {
      reject(record, shape.column, shape.value, shape.reason);
      return;
    }
    let parsed = parseRow(fields);
    if (!parsed.ok) {
      const issues = parsed.issues;
      const fatal = issues.filter((i) => !clearable.has(i.name));
      if (fatal.length > 0) {
        const issue = fatal[0]!;
        reject(
          record,
          issue.name === "" ? null : headerOf(issue.name),
          cellOf(fields, issue.name),
          fatal
            .map((i) => (i === issue ? i.message : `also ${headerOf(i.name)}: ${i.message}`))
            .join("; "),
        );
        return;
      }
      const cleared = [...fields];
      for (const issue of issues) {
        cellsCleared++;
        quarantine.push({
          file,
          row: record.row,
          line: record.line,
          column: headerOf(issue.name),
          value: cellOf(fields, issue.name),
          reason: `${issue.message}; cleared to null`,
          action: "cleared",
        });
        cleared[indexOf.get(issue.name)!] = "";
      }
      parsed = parseRow(cleared);
      if (!parsed.ok) {
        reject(record, null, null, parsed.issues.map((i) => i.message).join("; "));
        return;
      }
    }
    let row = parsed.row;
    countRepairs(row, fields, codePositions, repaired);
    if (spec.derive) row = spec.derive(row, options);
    const problem = spec.check?.(row);
    if (problem) {
      reject(record, headerOf(problem.column), String(row[problem.column] ?? ""), problem.reason);
      return;
    }
    const dropReason = spec.keep?.(row);
    if (dropReason !== undefined) {
      dropped[dropReason] = (dropped[dropReason] ?? 0) + 1;
      return;
    }
    const key = keyOf(row, spec.key);
    const first = firstSeen.get(key);
    if (first !== undefined) {
      reject(
        record,
        headerOf(spec.key[0]!),
        key,
        `duplicate key ${spec.key.join("+")} = ${key}, first seen at row ${first}`,
      );
      return;
    }
    firstSeen.set(key, record.row);
    const out: CellValue[] = new Array<CellValue>(columnNames.length);
    for (let c = 0; c < columnNames.length; c++) out[c] = row[columnNames[c]!] ?? null;
    rows.push(out);
  };
  for (const record of pending) handle(record);
  for (let next = rest.next(); !next.done; next = rest.next()) handle(next.value);
  const truncated = truncationOf(raw, last, recordsRead + match.headerRow + 1, header.length);
  return {
    ...(truncated === undefined ? {} : { truncated }),
    columns: columnNames.map((name) => ({ name, type: spec.columns[name]!.type })),
    rows,
    quarantine,
    stats: { recordsRead, rowsKept: rows.length, rowsRejected, cellsCleared, dropped, repaired },
    headerRow: match.headerRow,
    ...headerUse(header, indexOf),
  };
}

/** Which file column each spec column was read from, and the file's columns nobody read. */
function headerUse(
  header: readonly string[],
  indexOf: ReadonlyMap<string, number>,
): Pick<NormalizedTable, "columnMap" | "ignoredColumns"> {
  const used = new Set(indexOf.values());
  return {
    columnMap: Object.fromEntries([...indexOf].map(([name, at]) => [name, header[at]!])),
    ignoredColumns: header.filter((h, i) => !used.has(i) && h.trim() !== ""),
  };
}

/**
 * The header (the file's own, or found among the first records) and the records after it: those
 * already read while looking, then the rest straight from the reader (no generator wrapped around
 * it: one per record showed up in profiles). A spec that reshapes the table gets it whole first.
 */
function openRecords(
  spec: SourceSpec,
  raw: RawTable,
): { header: string[]; headerRow: number; pending: CsvRecord[]; rest: Iterator<CsvRecord> } {
  let rest = raw.records[Symbol.iterator]();
  let header = raw.header;
  let headerRow = 1;
  let pending: CsvRecord[] = [];
  if (header === undefined) {
    const found = findHeader(spec, rest);
    header = found.header.fields;
    headerRow = found.header.row;
    pending = found.pending;
  }
  if (spec.reshape) {
    const all = [...pending];
    for (let next = rest.next(); !next.done; next = rest.next()) all.push(next.value);
    const reshaped = spec.reshape(header, all);
    header = reshaped.header;
    pending = reshaped.records;
    rest = [][Symbol.iterator]();
  }
  return { header: [...header], headerRow, pending, rest };
}

/** What is wrong with a record's shape before its values are read: a field count that does not
 * match the header (trailing blank fields aside), or bytes the file's encoding cannot hold. */
function shapeProblem(
  fields: readonly string[],
  header: readonly string[],
  usedPositions: readonly number[],
): { column: string | null; value: string | null; reason: string } | null {
  if (fields.length !== header.length) {
    const extraBlank =
      fields.length > header.length && fields.slice(header.length).every((f) => f.trim() === "");
    if (!extraBlank) {
      const hint =
        fields.length < header.length
          ? "a cut or garbage line?"
          : "an unquoted separator inside a value?";
      return {
        column: null,
        value: fields.join(" | ").slice(0, 200),
        reason: `has ${fields.length} fields but the header has ${header.length} (${hint})`,
      };
    }
  }
  let badByte = -1;
  for (let k = 0; k < usedPositions.length; k++) {
    const value = fields[usedPositions[k]!];
    if (value !== undefined && value.length > 0 && value.includes("\uFFFD"))
      badByte = usedPositions[k]!;
  }
  if (badByte < 0) return null;
  return {
    column: header[badByte]!,
    value: fields[badByte] ?? null,
    reason:
      "holds bytes that are not valid in the file's encoding (a Latin-1 file read as UTF-8? try --encoding latin1)",
  };
}

/** Where and why a file ends early: the reader's own finding, or a last record cut short in a file
 * that does not end with a line break (a failed download or copy). */
function truncationOf(
  raw: RawTable,
  last: CsvRecord | undefined,
  nextRow: number,
  headerLength: number,
): NormalizedTable["truncated"] {
  if (raw.truncated !== undefined) return { row: nextRow, reason: raw.truncated };
  if (raw.endsWithLineBreak !== false || last === undefined) return undefined;
  if (last.problem !== undefined && /never closed/.test(last.problem))
    return { row: last.row, reason: last.problem };
  if (last.fields.length < headerLength)
    return {
      row: last.row,
      reason: `the last record has ${last.fields.length} fields where the header has ${headerLength} and the file does not end with a line break (file truncated?)`,
    };
  return undefined;
}

/** Counts, by column label, the codes the schema restored (lost leading zeros put back): a
 * restored code is longer than the cell it came from, blanks aside. */
function countRepairs(
  row: Row,
  fields: readonly string[],
  codePositions: ReadonlyArray<[name: string, at: number, label: string]>,
  repaired: Record<string, number>,
): void {
  for (const [name, at, label] of codePositions) {
    const out = row[name];
    const cell = fields[at] ?? "";
    if (typeof out === "string" && out.length > cell.length && out.length > cell.trim().length)
      repaired[label] = (repaired[label] ?? 0) + 1;
  }
}

/** A row's key as one string: its key columns' values joined by "|". */
function keyOf(row: Row, key: readonly string[]): string {
  let out = String(row[key[0]!]);
  for (let k = 1; k < key.length; k++) out += `|${String(row[key[k]!])}`;
  return out;
}

/** Helper for specs: reads one row's typed value as a number or null. */
export function numberOrNull(row: Row, name: string): number | null {
  const v = row[name];
  return typeof v === "number" ? v : null;
}
