import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { z } from "zod";
import { BrechaError } from "../errors/index.ts";

/**
 * Writes a file whole or not at all: the text goes to a temporary name beside it, which is then
 * renamed over the file, so a crash never leaves half of it (a stray `.tmp` at worst).
 */
export function writeFileAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/**
 * Reads back a JSON file Brecha wrote, checked against its schema: `missing` when there is no
 * file; a file that is not JSON or not of that shape is an error naming it and saying what to do
 * (`remedy`), never a silent default.
 */
export function readJsonFile<T>(
  path: string,
  schema: z.ZodType<T>,
  { missing, remedy }: { missing: () => T; remedy: string },
): T {
  if (!existsSync(path)) return missing();
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw corruptFile(path, `not JSON: ${(error as Error).message}`, remedy);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw corruptFile(path, `${issue.path.join(".") || "(root)"}: ${issue.message}`, remedy);
  }
  return parsed.data;
}

export function corruptFile(path: string, problem: string, remedy: string): BrechaError {
  return new BrechaError("BRECHA_CORRUPT_FILE", `${path} is damaged (${problem}). ${remedy}`, {
    details: { file: path },
  });
}
