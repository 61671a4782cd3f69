import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { REPO_ROOT } from "../../test/helpers/paths.ts";
import { BrechaError, IngestError, formatLocation } from "./brecha-error.ts";
import { ERROR_CODES, RETIRED_CODES } from "./catalogue.ts";

test("every error code is documented in docs/errors.md with its exit and HTTP status", () => {
  const doc = readFileSync(join(REPO_ROOT, "docs/errors.md"), "utf8");
  const rows = doc
    .split("\n")
    .filter((l) => l.startsWith("| `BRECHA_"))
    .map((l) => l.split("|").map((cell) => cell.trim()));
  const documented = new Map(rows.map((cells) => [cells[1]!.replace(/`/g, ""), cells]));
  for (const [code, spec] of Object.entries(ERROR_CODES)) {
    const cells = documented.get(code);
    assert.ok(cells, `${code} is missing from docs/errors.md`);
    assert.deepEqual(
      [cells[2], cells[3]],
      [String(spec.exitCode), String(spec.httpStatus)],
      `${code}: docs disagree on exit/HTTP status`,
    );
  }
  for (const code of documented.keys())
    assert.ok(code in ERROR_CODES, `docs/errors.md lists unknown code ${code}`);
});

test("retired codes are never reused", () => {
  for (const code of RETIRED_CODES) assert.ok(!(code in ERROR_CODES), code);
});

test("IngestError names file, row and column before the problem", () => {
  const error = new IngestError(
    "BRECHA_MISSING_COLUMN",
    { file: "padron_2024.csv", row: 1187, column: "UBIGEO" },
    'expected 6 digits, got "10101"',
  );
  assert.equal(
    error.message,
    'padron_2024.csv row 1187, column UBIGEO: expected 6 digits, got "10101"',
  );
  assert.equal(error.exitCode, 4);
  assert.equal(error.httpStatus, 422);
  assert.deepEqual(error.toJSON().details, {
    file: "padron_2024.csv",
    row: 1187,
    column: "UBIGEO",
  });
  assert.ok(error instanceof BrechaError);
  assert.equal(formatLocation({ file: "a.csv", column: "X" }), "a.csv column X");
});
