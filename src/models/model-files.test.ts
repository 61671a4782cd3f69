import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { tempDir } from "../../test/helpers/paths.ts";
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, parseRecord, recordId } from "./model-file.ts";
import { readModelFolder } from "./registry.ts";

const dir = tempDir();
after(() => dir.cleanup());

test("a model file whose hash matches but whose shape does not is refused, naming the file and field", () => {
  const body = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    task: "internet",
    objective: "regression",
    target: "y",
    features: [],
  };
  const text = JSON.stringify({ ...body, id: recordId(body as never) });
  assert.throws(
    () => parseRecord(text, "0123456789abcdef.json"),
    (e: Error & { code?: string }) =>
      e.code === "BRECHA_MODEL_MISMATCH" && /^0123456789abcdef\.json: features: /.test(e.message),
  );
});

test("an earlier release's models folder: a damaged aliases file is an error naming it, not an empty registry", () => {
  const folder = join(dir.path, "models");
  mkdirSync(folder, { recursive: true });
  assert.deepEqual(readModelFolder(folder), { models: [], aliases: {} });
  writeFileSync(join(folder, "aliases.json"), JSON.stringify({ internet: { production: 3 } }));
  assert.throws(
    () => readModelFolder(folder),
    (e: Error & { code?: string }) =>
      e.code === "BRECHA_CORRUPT_FILE" &&
      /aliases\.json is damaged \(internet\.production: .*\)\. Delete it/.test(e.message),
  );
});
