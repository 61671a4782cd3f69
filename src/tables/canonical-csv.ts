import { createHash } from "node:crypto";
import type { CellValue, ColumnDef } from "../domain/index.ts";

/**
 * The normalised content of a version as canonical CSV, and its SHA-256, which is the version id.
 * Canonical means: header of column names, `,` separators, `\n` line ends, null as an empty
 * unquoted field, the empty string as `""`, numbers in JavaScript's shortest round-trip form.
 * The hash also covers the dataset name and the column types, so equal rows published under
 * another name or schema are another version.
 */
export function toCanonicalCsv(columns: readonly ColumnDef[], rows: readonly CellValue[][]): string {
  const parts: string[] = [columns.map((c) => field(c.name)).join(",")];
  for (const row of rows) {
    let line = "";
    for (let i = 0; i < row.length; i++) {
      if (i > 0) line += ",";
      line += field(row[i] ?? null);
    }
    parts.push(line);
  }
  return parts.join("\n") + "\n";
}

function field(value: CellValue): string {
  if (value === null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value === "" || /[",\n\r]/.test(value) || value.trim() !== value) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

/** The version id of a dataset's normalised content. */
export function versionIdOf(dataset: string, columns: readonly ColumnDef[], csv: string): string {
  return createHash("sha256")
    .update(`${dataset}\n${columns.map((c) => `${c.name}:${c.type}`).join(",")}\n`)
    .update(csv)
    .digest("hex");
}
