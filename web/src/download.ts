/** Hands a file to the browser's download. */
export function download(name: string, href: string): void {
  const link = document.createElement("a");
  link.href = href;
  link.download = name;
  link.click();
}

/** One CSV cell: text holding a quote, a separator or a line break is quoted (RFC 4180). */
export function csvCell(value: string | number | boolean | null): string {
  const text = value === null ? "" : String(value);
  return /[",;\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV file from its rows (the first is the header), downloaded as UTF-8. */
export function downloadCsv(
  name: string,
  rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null>>,
): void {
  const text = rows.map((row) => row.map(csvCell).join(",")).join("\n");
  const url = URL.createObjectURL(new Blob([`${text}\n`], { type: "text/csv;charset=utf-8" }));
  download(name, url);
  URL.revokeObjectURL(url);
}
