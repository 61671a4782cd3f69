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
  readonly localOffset: number;
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
): string | undefined {
  const entry = entries.get(name);
  if (entry === undefined) return undefined;
  const p = entry.localOffset;
  if (bytes.readUInt32LE(p) !== 0x04034b50) throw new XlsxFormatError(`damaged ZIP entry ${name}`);
  const start = p + 30 + bytes.readUInt16LE(p + 26) + bytes.readUInt16LE(p + 28);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return data.toString("utf8");
  if (entry.method === 8) return inflateRawSync(data).toString("utf8");
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
  const workbook = readZipEntry(buffer, entries, "xl/workbook.xml") ?? "";
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
  const workbook = readZipEntry(buffer, entries, "xl/workbook.xml");
  if (workbook === undefined)
    throw new XlsxFormatError("ZIP archive has no xl/workbook.xml: not an .xlsx workbook");
  const sheets = [...workbook.matchAll(/<sheet\b([^>]*)\/?>/g)].map((m) => {
    const attrs = m[1] ?? "";
    return {
      name: decodeXml(/\bname="([^"]*)"/.exec(attrs)?.[1] ?? ""),
      rid: /\br:id="([^"]*)"/.exec(attrs)?.[1] ?? "",
    };
  });
  const chosen = sheet === undefined ? sheets[0] : sheets.find((s) => s.name === sheet);
  if (chosen === undefined) {
    throw new XlsxFormatError(
      `no sheet named "${sheet ?? ""}"; the workbook has: ${sheets.map((s) => s.name).join(", ")}`,
    );
  }
  const rels = readZipEntry(buffer, entries, "xl/_rels/workbook.xml.rels") ?? "";
  const target = [...rels.matchAll(/<Relationship\b([^>]*)\/?>/g)]
    .map((m) => m[1] ?? "")
    .find((attrs) => new RegExp(`\\bId="${chosen.rid}"`).test(attrs));
  const targetPath = /\bTarget="([^"]*)"/.exec(target ?? "")?.[1] ?? "worksheets/sheet1.xml";
  const sheetPath = targetPath.startsWith("/") ? targetPath.slice(1) : `xl/${targetPath}`;
  const sheetXml = readZipEntry(buffer, entries, sheetPath);
  if (sheetXml === undefined)
    throw new XlsxFormatError(`sheet "${chosen.name}" points to missing ${sheetPath}`);
  const sharedXml = readZipEntry(buffer, entries, "xl/sharedStrings.xml") ?? "";
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
      if (type === "s") value = shared[Number(raw)] ?? "";
      else if (type === "inlineStr") value = textRuns(inner);
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
