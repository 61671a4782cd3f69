import { renameSync, writeFileSync } from "node:fs";

/**
 * Writes a file whole or not at all: the text goes to a temporary name beside it, which is then
 * renamed over the file, so a crash never leaves half of it (a stray `.tmp` at worst).
 */
export function writeFileAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}
