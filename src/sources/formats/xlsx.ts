import { inflateRawSync } from "node:zlib";
import type { CsvRecord } from "./csv.ts";

/**
 * Reads the cells of one worksheet of an Office Open XML workbook (.xlsx), enough for the UMC and
 * INEI tables: shared and inline strings, numbers, booleans, cached formula results. Layout from
 * ECMA-376 Part 1 (SpreadsheetML) and the ZIP APPNOTE (central directory, deflate). Styles, dates
 * as numbers and merged cells are left as they are: the sources that use dates say so.
 */
export class XlsxFormatError extends Error {}

interface ZipEntry {
  readonly method: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly localOffset: number;
}

/** What a workbook may inflate to, in all: `INFLATE_RATIO` times its own size, at least
 * `INFLATE_FLOOR` and never more than `INFLATE_CAP`. Spreadsheet XML compresses 5-20 times; a
 * ZIP bomb compresses thousands of times and would otherwise take gigabytes of memory. */
export const INFLATE_RATIO = 100;
export const INFLATE_FLOOR = 16 * 1024 * 1024;
export const INFLATE_CAP = 256 * 1024 * 1024;

/** The inflate budget of one archive, shared by every entry read from it. */
class InflateBudget {
  private left: number;
  constructor(
    readonly limit: number,
    readonly fileBytes: number,
  ) {
    this.left = limit;
  }
  /** Inflates one entry within what is left, or refuses with the figures. */
  inflate(name: string, data: Buffer, declared: number): Buffer {
    const refuse = () =>
      new XlsxFormatError(
        `ZIP entry ${name} inflates past the limit of ${this.limit.toLocaleString("en-US")} bytes for a ${this.fileBytes.toLocaleString("en-US")}-byte workbook (${INFLATE_RATIO}× its size, at most ${INFLATE_CAP.toLocaleString("en-US")}): a damaged file or a ZIP bomb; not read`,
      );
    if (declared > this.left) throw refuse();
    let out: Buffer;
    try {
      out = inflateRawSync(data, { maxOutputLength: Math.max(1, this.left) });
    } catch (cause) {
      if ((cause as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw refuse();
      throw new XlsxFormatError(
        `ZIP entry ${name} cannot be inflated (${cause instanceof Error ? cause.message : String(cause)})`,
      );
    }
    this.left -= out.length;
    return out;
  }
}

function budgetFor(bytes: Buffer): InflateBudget {
  return new InflateBudget(
    Math.min(INFLATE_CAP, Math.max(INFLATE_FLOOR, INFLATE_RATIO * bytes.length)),
    bytes.length,
  );
}

function readZipDirectory(bytes: Buffer): Map<string, ZipEntry> {
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd === -1)
    throw new XlsxFormatError(
      "not a ZIP archive (no end-of-central-directory record); is it an old .xls file?",
    );
  const count = bytes.readUInt16LE(eocd + 10);
  let p = bytes.readUInt32LE(eocd + 16);
  const entries = new Map<string, ZipEntry>();
  for (let k = 0; k < count; k++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== 0x02014b50)
      throw new XlsxFormatError("damaged ZIP central directory");
    const nameLength = bytes.readUInt16LE(p + 28);
    const name = bytes.toString("utf8", p + 46, p + 46 + nameLength);
    entries.set(name, {
      method: bytes.readUInt16LE(p + 10),
      compressedSize: bytes.readUInt32LE(p + 20),
      uncompressedSize: bytes.readUInt32LE(p + 24),
      localOffset: bytes.readUInt32LE(p + 42),
    });
    p += 46 + nameLength + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32);
  }
  return entries;
}

function readZipEntry(
  bytes: Buffer,
  entries: Map<string, ZipEntry>,
  name: string,
  budget: InflateBudget,
): string | undefined {
  const entry = entries.get(name);
  if (entry === undefined) return undefined;
  const p = entry.localOffset;
  if (p + 30 > bytes.length || bytes.readUInt32LE(p) !== 0x04034b50)
    throw new XlsxFormatError(`damaged ZIP entry ${name}`);
  const start = p + 30 + bytes.readUInt16LE(p + 26) + bytes.readUInt16LE(p + 28);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return data.toString("utf8");
  if (entry.method === 8)
    return budget.inflate(name, data, entry.uncompressedSize).toString("utf8");
  throw new XlsxFormatError(
    `ZIP entry ${name} uses compression method ${entry.method}, not stored or deflate`,
  );
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, name: string) => {
    if (name.startsWith("#x")) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return ENTITIES[name] ?? whole;
  });
}

function textRuns(xml: string): string {
  let out = "";
  for (const m of xml.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)) out += m[1];
  return decodeXml(out);
}

/** The attributes of one XML start tag's attribute text, by name (values decoded). */
function attributes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/([\w:]+)\s*=\s*"([^"]*)"/g)) out.set(m[1]!, decodeXml(m[2]!));
  return out;
}

function columnIndex(ref: string): number {
  let index = 0;
  for (const ch of ref) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    index = index * 26 + (code - 64);
  }
  return index - 1;
}

/** Lists the sheet names in workbook order. */
export function listXlsxSheets(bytes: Uint8Array): string[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = readZipDirectory(buffer);
  const workbook = readZipEntry(buffer, entries, "xl/workbook.xml", budgetFor(buffer)) ?? "";
  return [...workbook.matchAll(/<sheet\b[^>]*\bname="([^"]*)"/g)].map((m) => decodeXml(m[1] ?? ""));
}

/**
 * Returns the rows of a sheet (the first one by default) as records of strings, with their
 * spreadsheet row numbers. Empty rows are skipped.
 */
export function readXlsxRows(
  bytes: Uint8Array,
  { sheet }: { sheet?: string } = {},
): { sheet: string; records: CsvRecord[] } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = readZipDirectory(buffer);
  const budget = budgetFor(buffer);
  const workbook = readZipEntry(buffer, entries, "xl/workbook.xml", budget);
  if (workbook === undefined)
    throw new XlsxFormatError("ZIP archive has no xl/workbook.xml: not an .xlsx workbook");
  const sheets = [...workbook.matchAll(/<sheet\b([^>]*)\/?>/g)].map((m) => {
    const attrs = attributes(m[1] ?? "");
    return { name: attrs.get("name") ?? "", rid: attrs.get("r:id") ?? "" };
  });
  const chosen = sheet === undefined ? sheets[0] : sheets.find((s) => s.name === sheet);
  if (chosen === undefined) {
    throw new XlsxFormatError(
      `no sheet named "${sheet ?? ""}"; the workbook has: ${sheets.map((s) => s.name).join(", ")}`,
    );
  }
  const rels = readZipEntry(buffer, entries, "xl/_rels/workbook.xml.rels", budget) ?? "";
  // Attributes are compared as values: nothing read from the file becomes a pattern.
  const target = [...rels.matchAll(/<Relationship\b([^>]*)\/?>/g)]
    .map((m) => attributes(m[1] ?? ""))
    .find((attrs) => attrs.get("Id") === chosen.rid);
  const targetPath = target?.get("Target") ?? "worksheets/sheet1.xml";
  const sheetPath = targetPath.startsWith("/") ? targetPath.slice(1) : `xl/${targetPath}`;
  const sheetXml = readZipEntry(buffer, entries, sheetPath, budget);
  if (sheetXml === undefined)
    throw new XlsxFormatError(`sheet "${chosen.name}" points to missing ${sheetPath}`);
  const sharedXml = readZipEntry(buffer, entries, "xl/sharedStrings.xml", budget) ?? "";
  const shared = [...sharedXml.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => textRuns(m[1] ?? ""));

  const records: CsvRecord[] = [];
  let implicitRow = 0;
  for (const rowMatch of sheetXml.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const rowNumber = Number(/\br="(\d+)"/.exec(rowMatch[1] ?? "")?.[1] ?? implicitRow + 1);
    implicitRow = rowNumber;
    const fields: string[] = [];
    let implicitColumn = 0;
    for (const cell of (rowMatch[2] ?? "").matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attrs = cell[1] ?? "";
      const ref = /\br="([A-Z]+)\d*"/.exec(attrs)?.[1];
      const col = ref === undefined ? implicitColumn : columnIndex(ref);
      implicitColumn = col + 1;
      const type = /\bt="(\w+)"/.exec(attrs)?.[1] ?? "n";
      const inner = cell[2] ?? "";
      const raw = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1];
      let value: string;
      if (type === "s") {
        const at = Number(raw);
        if (!Number.isInteger(at) || at < 0 || at >= shared.length)
          throw new XlsxFormatError(
            `cell ${ref ?? "?"}${rowNumber} refers to shared string ${JSON.stringify(raw ?? "")}, but xl/sharedStrings.xml holds ${shared.length} (a damaged shared-strings table?)`,
          );
        value = shared[at]!;
      } else if (type === "inlineStr") value = textRuns(inner);
      else if (type === "b") value = raw === "1" ? "TRUE" : "FALSE";
      else value = raw === undefined ? "" : decodeXml(raw);
      while (fields.length < col) fields.push("");
      fields[col] = value;
    }
    if (fields.some((f) => f.trim() !== ""))
      records.push({ fields, row: rowNumber, line: rowNumber });
  }
  return { sheet: chosen.name, records };
}
