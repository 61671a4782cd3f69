import type { ColumnDef } from "../../domain/index.ts";
import { StorageError } from "../../errors/index.ts";

/**
 * Reads the canonical CSV of a publish request (RFC 4180, header first, null as an empty unquoted
 * field, "" for the empty string) into rows typed by the columns, for engines that load JSON rows.
 * A value that does not fit its column fails the whole load, naming the row and the column.
 */
export function canonicalRows(
  csv: Uint8Array,
  columns: readonly ColumnDef[],
  dataset: string,
): Array<Record<string, string | number | boolean | null>> {
  const text = new TextDecoder("utf-8", { fatal: true }).decode(csv);
  const records = parse(text);
  const header = records.shift() ?? [];
  const names = header.map((h) => h ?? "");
  const expected = columns.map((c) => c.name);
  if (names.join(",") !== expected.join(","))
    throw new StorageError(
      "BRECHA_STORAGE",
      `${dataset}: the rows' header (${names.join(", ")}) is not the columns (${expected.join(", ")})`,
    );
  return records.map((record, r) => {
    const row: Record<string, string | number | boolean | null> = {};
    columns.forEach((column, c) => {
      const cell = record[c] ?? null;
      const bad = (what: string) =>
        new StorageError(
          "BRECHA_STORAGE",
          `${dataset}: row ${r + 2}, column ${column.name}: expected ${what}, got "${cell}"`,
        );
      if (cell === null) row[column.name] = null;
      else if (column.type === "text") row[column.name] = cell;
      else if (column.type === "integer") {
        if (!/^-?\d+$/.test(cell) || !Number.isSafeInteger(Number(cell))) throw bad("an integer");
        row[column.name] = Number(cell);
      } else if (column.type === "double") {
        const v = Number(cell);
        if (cell.trim() === "" || !Number.isFinite(v)) throw bad("a number");
        row[column.name] = v;
      } else {
        if (cell !== "true" && cell !== "false") throw bad("true or false");
        row[column.name] = cell === "true";
      }
    });
    return row;
  });
}

/** RFC 4180 records; an unquoted empty field is null, a quoted one is "". */
function parse(text: string): Array<Array<string | null>> {
  const records: Array<Array<string | null>> = [];
  let record: Array<string | null> = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    let value: string | null;
    if (text[i] === '"') {
      let out = "";
      i++;
      for (;;) {
        const j = text.indexOf('"', i);
        if (j < 0) throw new StorageError("BRECHA_STORAGE", "unterminated quoted field in rows");
        out += text.slice(i, j);
        if (text[j + 1] === '"') {
          out += '"';
          i = j + 2;
        } else {
          i = j + 1;
          break;
        }
      }
      value = out;
    } else {
      let j = i;
      while (j < n && text[j] !== "," && text[j] !== "\n" && text[j] !== "\r") j++;
      value = j === i ? null : text.slice(i, j);
      i = j;
    }
    record.push(value);
    if (text[i] === ",") {
      i++;
      if (i === n) record.push(null);
      continue;
    }
    if (text[i] === "\r") i++;
    if (text[i] === "\n" || i >= n) {
      i++;
      records.push(record);
      record = [];
    }
  }
  return records;
}
