import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { test } from "node:test";
import { tempDir } from "../../test/helpers/paths.ts";
import { parsePipeline } from "./definition.ts";
import { PipelineScheduler } from "./scheduler.ts";

const pipeline = (schedule: string) =>
  parsePipeline(
    { name: "demo", schedule, stages: [{ id: "ingest", action: "ingest" }] },
    "demo.json",
  );

test("the scheduler starts a run at its cron time, refuses a second while one runs, and stops runs on stop", async () => {
  const dir = tempDir();
  const started: string[] = [];
  const ended: Array<number | null> = [];
  // The clock says 07:59:59.5 UTC; "0 8 * * *" is due in half a second.
  const base = Date.parse("2026-11-26T07:59:59.500Z");
  const t0 = Date.now();
  const scheduler = new PipelineScheduler([pipeline("0 8 * * *")], {
    home: dir.path,
    now: () => new Date(base + (Date.now() - t0)),
    // A stand-in run: a process that waits (the real one is `brecha pipeline run`).
    spawnRun: (_p, trigger) => {
      started.push(trigger);
      return spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    },
    onRunEnd: (_p, code) => ended.push(code),
  });
  try {
    scheduler.start();
    assert.equal(scheduler.nextRuns().demo, "2026-11-26T08:00:00.000Z");
    await new Promise((r) => setTimeout(r, 900));
    assert.deepEqual(started, ["schedule"]);
    assert.equal(scheduler.nextRuns().demo, "2026-11-27T08:00:00.000Z", "re-armed for tomorrow");
    assert.throws(() => scheduler.trigger("demo"), /BRECHA_PIPELINE_BUSY|in progress/);
    assert.throws(() => scheduler.trigger("other"), /no pipeline "other"/);
  } finally {
    await scheduler.stop();
    dir.cleanup();
  }
  assert.equal(ended.length, 1, "the run in progress was stopped");
  assert.throws(() => scheduler.trigger("demo"), /stopping/);
});

test("a run that cannot start is reported, not fatal", async () => {
  const dir = tempDir();
  const logs: string[] = [];
  const scheduler = new PipelineScheduler([pipeline("0 8 * * *")], {
    home: dir.path,
    spawnRun: () => spawn("/nonexistent/brecha-binary", [], { stdio: "ignore" }),
    log: (m) => logs.push(m),
  });
  scheduler.trigger("demo");
  await new Promise((r) => setTimeout(r, 300));
  assert.ok(
    logs.some((l) => /failed to start: spawn \/nonexistent\/brecha-binary ENOENT/.test(l)),
    logs.join("\n"),
  );
  // Not stuck as running: it can be started again.
  assert.doesNotThrow(() => scheduler.trigger("demo"));
  await new Promise((r) => setTimeout(r, 100));
  await scheduler.stop();
  dir.cleanup();
});
