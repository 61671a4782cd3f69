import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { tempDir } from "../../test/helpers/paths.ts";
import { readScenarioFolder } from "./scenarios.ts";

// Saving and reading scenarios is the operational store's (its contract suite); here, reading the
// folder an earlier release kept them in, to move them there.

const dir = tempDir();
after(() => dir.cleanup());

const record = (name: string, version?: number) => ({
  name,
  ...(version ? { version, createdBy: "cli:test" } : {}),
  kind: "infra",
  createdAt: "2026-01-01T00:00:00Z",
  params: { budgetPen: version ?? 0 },
  summary: {},
  plan: null,
});

test("a scenarios folder reads with every version, its text kept; a flat file from before versions is version 1 of unknown author", () => {
  const folder = join(dir.path, "a");
  mkdirSync(join(folder, "loreto"), { recursive: true });
  for (const v of [1, 2])
    writeFileSync(
      join(folder, "loreto", `v000${v}.json`),
      JSON.stringify(record("loreto", v), null, 2),
    );
  writeFileSync(join(folder, "old.json"), JSON.stringify(record("old")));
  writeFileSync(join(folder, "notes.txt"), "not a scenario");
  const found = readScenarioFolder(folder);
  assert.deepEqual(
    found.map((f) => [f.scenario.name, f.scenario.version, f.scenario.createdBy]),
    [
      ["loreto", 1, "cli:test"],
      ["loreto", 2, "cli:test"],
      ["old", 1, "unknown"],
    ],
  );
  assert.equal(found[1]!.text, JSON.stringify(record("loreto", 2), null, 2));
  assert.deepEqual(readScenarioFolder(join(dir.path, "none")), []);
});

test("a damaged scenario file stops the reading with its name, not a half-read plan", () => {
  const folder = join(dir.path, "b");
  mkdirSync(join(folder, "torn"), { recursive: true });
  writeFileSync(join(folder, "torn", "v0001.json"), '{"name": "torn", "kind": "infra", "crea');
  assert.throws(
    () => readScenarioFolder(folder),
    (e: Error & { code?: string }) =>
      e.code === "BRECHA_STORAGE" && /torn[/\\]v0001\.json is not a saved scenario/.test(e.message),
  );
  const odd = join(dir.path, "c");
  mkdirSync(join(odd, "odd"), { recursive: true });
  writeFileSync(
    join(odd, "odd", "v0001.json"),
    JSON.stringify({ name: "odd", kind: "schools", createdAt: "x", params: {}, summary: {} }),
  );
  assert.throws(
    () => readScenarioFolder(odd),
    /odd[/\\]v0001\.json is not a saved scenario \(kind: /,
  );
});
