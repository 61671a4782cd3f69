import assert from "node:assert/strict";
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { after, test } from "node:test";
import { tempDir } from "../../test/helpers/paths.ts";
import { pipelineFolder, readHistory, readLock, readMeasurements, runningNow } from "./runner.ts";

const dir = tempDir();
after(() => dir.cleanup());

const run = (runId: string) => ({
  runId,
  pipeline: "nightly",
  trigger: "cli",
  pid: 1,
  startedAt: "2026-12-01T03:00:00Z",
  finishedAt: "2026-12-01T03:05:00Z",
  status: "succeeded",
  stages: [
    { id: "ingest", action: "ingest", status: "ran", attempts: 1, durationMs: 5, reason: "" },
  ],
});

test("a pipeline's lock, run guard and figures are read back checked: damage is an error naming the file", () => {
  const folder = pipelineFolder(dir.path, "nightly");
  mkdirSync(folder.dir, { recursive: true });
  assert.deepEqual(readLock(dir.path, "nightly"), {}, "no lock yet: every stage runs");
  writeFileSync(folder.lock, '{"ingest": {"fingerprint": "ab"');
  assert.throws(
    () => readLock(dir.path, "nightly"),
    (e: Error & { code?: string }) =>
      e.code === "BRECHA_CORRUPT_FILE" &&
      e.message.includes(`${folder.lock} is damaged (not JSON`) &&
      /Nothing was run\. Delete it to run every stage again\./.test(e.message),
  );
  writeFileSync(folder.lock, JSON.stringify({ ingest: { fingerprint: 7 } }));
  assert.throws(
    () => readLock(dir.path, "nightly"),
    /lock\.json is damaged \(ingest\.fingerprint: /,
  );
  writeFileSync(folder.running, "{oops");
  assert.throws(() => runningNow(dir.path, "nightly"), /running\.json is damaged.*If no run/);
  writeFileSync(folder.measurements, JSON.stringify({ measurements: [{ name: "rows" }] }));
  assert.throws(() => readMeasurements(dir.path, "nightly"), /measurements\.json is damaged/);
});

test("run history: a record cut short at the end is left out; damage elsewhere is an error naming the line", () => {
  const home = `${dir.path}/h`;
  const folder = pipelineFolder(home, "nightly");
  mkdirSync(folder.dir, { recursive: true });
  writeFileSync(folder.history, `${JSON.stringify(run("r1"))}\n${JSON.stringify(run("r2"))}\n`);
  assert.deepEqual(
    readHistory(home, "nightly").map((r) => r.runId),
    ["r2", "r1"],
  );
  // A stop while appending leaves half a line: the complete runs still read.
  appendFileSync(folder.history, JSON.stringify(run("r3")).slice(0, 40));
  assert.deepEqual(
    readHistory(home, "nightly").map((r) => r.runId),
    ["r2", "r1"],
  );
  writeFileSync(
    folder.history,
    `${JSON.stringify(run("r1"))}\nnot a record\n${JSON.stringify(run("r2"))}\n`,
  );
  assert.throws(() => readHistory(home, "nightly"), /runs\.jsonl is damaged \(line 2 is not JSON/);
  writeFileSync(folder.history, `${JSON.stringify({ ...run("r1"), status: "maybe" })}\n`);
  assert.throws(() => readHistory(home, "nightly"), /line 1: status: /);
});
