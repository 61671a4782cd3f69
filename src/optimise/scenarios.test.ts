import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { tempDir } from "../../test/helpers/paths.ts";
import { ScenarioStore } from "./scenarios.ts";

const dir = tempDir();
after(() => dir.cleanup());

const record = (budget: number) => ({
  name: "loreto",
  kind: "infra" as const,
  createdBy: "cli:test",
  params: { budgetPen: budget },
  summary: { spentPen: budget },
  plan: null,
});

test("saving a name again makes the next version; none is overwritten", () => {
  const store = new ScenarioStore(join(dir.path, "a"));
  assert.equal(store.save(record(1)).version, 1);
  assert.equal(store.save(record(2)).version, 2);
  assert.deepEqual(store.versions("loreto"), [1, 2]);
  assert.equal(store.get("loreto").params.budgetPen, 2);
  assert.equal(store.get("loreto", 1).params.budgetPen, 1);
  assert.throws(() => store.get("loreto", 3), /has no version 3; it has 1, 2/);
  assert.throws(
    () => store.save({ ...record(1), name: "../x" }),
    /a scenario name has 1-64 letters/,
  );
});

test("many saves of one name at once each get their own version", async () => {
  const store = new ScenarioStore(join(dir.path, "b"));
  const saved = await Promise.all(
    Array.from({ length: 20 }, (_, k) => Promise.resolve().then(() => store.save(record(k)))),
  );
  assert.deepEqual(
    saved.map((s) => s.version).sort((a, b) => a - b),
    Array.from({ length: 20 }, (_, k) => k + 1),
  );
});

test("a scenario written before versions existed reads as version 1 and is kept", () => {
  const folder = join(dir.path, "c");
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(folder, "old.json"),
    JSON.stringify({
      name: "old",
      kind: "hubs",
      createdAt: "2026-01-01T00:00:00Z",
      params: {},
      summary: {},
      plan: null,
    }),
  );
  const store = new ScenarioStore(folder);
  assert.deepEqual([store.get("old").version, store.get("old").createdBy], [1, "unknown"]);
  assert.equal(store.save({ ...record(5), name: "old" }).version, 2);
  assert.deepEqual(
    store.list().map((s) => [s.name, s.version]),
    [["old", 2]],
  );
});

test("a damaged scenario file is an error naming it, not a half-read plan", () => {
  const folder = join(dir.path, "d");
  const store = new ScenarioStore(folder);
  store.save({ ...record(1), name: "ok" });
  mkdirSync(join(folder, "torn"), { recursive: true });
  writeFileSync(join(folder, "torn", "v0001.json"), '{"name": "torn", "kind": "infra", "crea');
  assert.throws(
    () => store.get("torn"),
    (e: Error & { code?: string }) =>
      e.code === "BRECHA_CORRUPT_FILE" &&
      /torn[/\\]v0001\.json is damaged \(not JSON/.test(e.message),
  );
  mkdirSync(join(folder, "odd"), { recursive: true });
  writeFileSync(
    join(folder, "odd", "v0001.json"),
    JSON.stringify({ name: "odd", kind: "schools", createdAt: "x", params: {}, summary: {} }),
  );
  assert.throws(() => store.get("odd"), /odd[/\\]v0001\.json is damaged \(kind: /);
  assert.equal(store.get("ok").version, 1, "the others stay readable");
});
