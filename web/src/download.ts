import { csvLine } from "../../src/contract/index.ts";

/** Hands a file to the browser's download. */
export function download(name: string, href: string): void {
  const link = document.createElement("a");
  link.href = href;
  link.download = name;
  link.click();
}

/** A CSV file from its rows (the first is the header), downloaded as UTF-8. */
export function downloadCsv(
  name: string,
  rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null>>,
): void {
  const text = rows.map(csvLine).join("\n");
  const url = URL.createObjectURL(new Blob([`${text}\n`], { type: "text/csv;charset=utf-8" }));
  download(name, url);
  URL.revokeObjectURL(url);
}
