import { createHash } from "node:crypto";
import type { CellValue, ColumnDef } from "../domain/index.ts";
import { needsCsvQuotes } from "../contract/index.ts";

/**
 * The normalised content of a version as canonical CSV bytes, and its SHA-256, which is the version
 * id. Canonical means: UTF-8, a header of column names, `,` separators, `\n` line ends, null as an
 * empty unquoted field, the empty string as `""`, numbers in JavaScript's shortest round-trip form,
 * booleans as `true`/`false`. The hash also covers the dataset name and the column types, so equal
 * rows published under another name or schema are another version.
 *
 * Written straight into a growing byte buffer: building one big string by concatenation spent most
 * of its time in the garbage collector (about 1 s for 135,000 padrón rows, against 0.2 s here).
 */
export function toCanonicalCsv(
  columns: readonly ColumnDef[],
  rows: readonly CellValue[][],
): Buffer {
  const out = new ByteWriter(Math.max(1 << 16, rows.length * columns.length * 8));
  columns.forEach((c, i) => {
    if (i > 0) out.byte(COMMA);
    out.field(c.name);
  });
  out.byte(NEWLINE);
  const width = columns.length;
  for (const row of rows) {
    for (let i = 0; i < width; i++) {
      if (i > 0) out.byte(COMMA);
      const value = row[i] ?? null;
      if (value === null) continue;
      if (typeof value === "string") out.field(value);
      else if (typeof value === "number") {
        if (Number.isFinite(value)) out.ascii(String(value));
      } else out.ascii(value ? "true" : "false");
    }
    out.byte(NEWLINE);
  }
  return out.toBuffer();
}

const COMMA = 0x2c;
const NEWLINE = 0x0a;
const QUOTE = 0x22;

class ByteWriter {
  #buffer: Buffer;
  #length = 0;

  constructor(initialBytes: number) {
    this.#buffer = Buffer.allocUnsafe(initialBytes);
  }

  #reserve(bytes: number): void {
    if (this.#length + bytes <= this.#buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.#buffer.length * 2, this.#length + bytes));
    this.#buffer.copy(grown, 0, 0, this.#length);
    this.#buffer = grown;
  }

  byte(value: number): void {
    this.#reserve(1);
    this.#buffer[this.#length++] = value;
  }

  ascii(text: string): void {
    this.#reserve(text.length);
    for (let i = 0; i < text.length; i++) this.#buffer[this.#length++] = text.charCodeAt(i);
  }

  field(text: string): void {
    if (needsCsvQuotes(text)) {
      this.byte(QUOTE);
      this.#text(text.replace(/"/g, '""'));
      this.byte(QUOTE);
    } else {
      this.#text(text);
    }
  }

  #text(text: string): void {
    this.#reserve(text.length * 3);
    this.#length += this.#buffer.write(text, this.#length, "utf8");
  }

  toBuffer(): Buffer {
    return this.#buffer.subarray(0, this.#length);
  }
}

/** The version id of a dataset's normalised content. */
export function versionIdOf(
  dataset: string,
  columns: readonly ColumnDef[],
  csv: Uint8Array,
): string {
  return createHash("sha256")
    .update(`${dataset}\n${columns.map((c) => `${c.name}:${c.type}`).join(",")}\n`)
    .update(csv)
    .digest("hex");
}
