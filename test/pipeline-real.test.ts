import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { REAL_MIRROR, REPO_ROOT, tempDir } from "./helpers/paths.ts";

// The shipped pipeline as a user runs it: re-runs only what changed, one run at a time, and a run
// killed in the middle loses nothing: the next one resumes at the stage that was interrupted.

const dir = tempDir();
after(() => dir.cleanup());
const env = { ...process.env, BRECHA_LANG: "en", BRECHA_OFFLINE: "1" };
const args = (more: string[]) => [
  join(REPO_ROOT, "bin/brecha.js"),
  "--home",
  dir.path,
  ...(REAL_MIRROR ? ["--mirror", REAL_MIRROR] : []),
  ...more,
];
const brecha = (more: string[]) =>
  spawnSync(process.execPath, args(more), { encoding: "utf8", env });
const statuses = (stdout: string) =>
  Object.fromEntries(
    (JSON.parse(stdout) as { stages: Array<{ id: string; status: string }> }).stages.map((s) => [
      s.id,
      s.status,
    ]),
  );
const shipped = JSON.parse(readFileSync(join(REPO_ROOT, "pipelines/refresh.json"), "utf8")) as {
  stages: Array<{ id: string; params?: Record<string, unknown>; timeoutS?: number }>;
};
/** The shipped pipeline with one stage's fields changed, written to the workspace. */
function variant(name: string, stage: string, change: Record<string, unknown>): string {
  const path = join(dir.path, name);
  writeFileSync(
    path,
    JSON.stringify({
      ...shipped,
      stages: shipped.stages.map((s) => (s.id === stage ? { ...s, ...change } : s)),
    }),
  );
  return path;
}

test("the shipped pipeline runs every stage once, then only what changed", () => {
  const first = brecha(["--json", "pipeline", "run"]);
  assert.equal(first.status, 0, first.stderr);
  assert.ok(
    Object.values(statuses(first.stdout)).every((s) => s === "ran"),
    first.stdout,
  );
  const second = brecha(["--json", "pipeline", "run"]);
  assert.equal(second.status, 0, second.stderr);
  assert.ok(
    Object.values(statuses(second.stdout)).every((s) => s === "skipped"),
    second.stdout,
  );
  // A new learner: train and evaluate re-run; ingest, features and the plan do not. Trees do not
  // beat the linear model across departments here, so production stays and predict is up to date.
  const gbt = variant("gbt.json", "train", {
    params: { task: "poverty", learner: "gbt", folds: 5 },
  });
  const third = brecha(["--json", "pipeline", "run", gbt]);
  assert.equal(third.status, 0, third.stderr);
  assert.deepEqual(statuses(third.stdout), {
    ingest: "skipped",
    validate: "skipped",
    features: "skipped",
    train: "ran",
    evaluate: "ran",
    predict: "skipped",
    "plan-hubs": "skipped",
  });
  // An output deleted by hand is rebuilt.
  rmSync(join(dir.path, "pipelines/refresh/artefacts/predictions-poverty.csv"));
  const fourth = brecha(["--json", "pipeline", "run", gbt]);
  assert.equal(statuses(fourth.stdout).predict, "ran");
  assert.equal(statuses(fourth.stdout).train, "skipped");
  const status = brecha(["pipeline", "status", gbt]);
  assert.match(status.stdout, /next scheduled run 20\d\d-\d\d-\d\dT08:00/);
  assert.match(status.stdout, /predict\s+predict\s+evaluate\s+up to date/);
  const dot = brecha(["pipeline", "dag", "--format", "dot"]);
  assert.match(dot.stdout, /"evaluate" -> "predict";/);
});

test("one run at a time: a second run while one is in progress is refused (exit 11)", () => {
  const guard = join(dir.path, "pipelines/refresh/running.json");
  // This test process stands in for a run in progress.
  writeFileSync(
    guard,
    JSON.stringify({
      runId: "test",
      pid: process.pid,
      startedAt: new Date().toISOString(),
      trigger: "test",
      stage: "train",
    }),
  );
  try {
    const refused = brecha(["pipeline", "run"]);
    assert.equal(refused.status, 11, refused.stderr);
    assert.match(refused.stderr, /BRECHA_PIPELINE_BUSY.*in progress \(PID \d+, stage train/);
  } finally {
    rmSync(guard, { force: true });
  }
});

test("a run killed during a stage loses nothing: the next run resumes at that stage", async () => {
  // A slower training stage (the neural network) so the run can be caught in the middle of it.
  const slow = variant("slow.json", "train", {
    params: { task: "poverty", learner: "mlp", folds: 3 },
  });
  const lockPath = join(dir.path, "pipelines/refresh/lock.json");
  const before = JSON.parse(readFileSync(lockPath, "utf8")) as Record<string, { outputs: unknown }>;
  // Its own process group, so that the run and its stage process are killed together (as a
  // power cut or the container runtime would).
  const child = spawn(process.execPath, args(["pipeline", "run", slow]), {
    env,
    stdio: "ignore",
    detached: true,
  });
  const guard = join(dir.path, "pipelines/refresh/running.json");
  const deadline = Date.now() + 60_000;
  for (;;) {
    const stage = existsSync(guard)
      ? (JSON.parse(readFileSync(guard, "utf8")) as { stage: string | null }).stage
      : null;
    if (stage === "train") break;
    assert.ok(Date.now() < deadline, "the run never reached the train stage");
    await new Promise((r) => setTimeout(r, 20));
  }
  process.kill(-child.pid!, "SIGKILL");
  await new Promise((r) => child.once("exit", r));
  // The stages before train keep their outputs; train's lock entry is the previous one.
  const lock = JSON.parse(readFileSync(lockPath, "utf8")) as Record<string, { outputs: unknown }>;
  assert.deepEqual(lock.features!.outputs, before.features!.outputs);
  assert.deepEqual(lock.train!.outputs, before.train!.outputs);
  const versions = brecha(["--json", "versions"]);
  assert.equal(versions.status, 0, "the workspace store still opens");
  const resumed = brecha(["--json", "pipeline", "run", slow]);
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.match(
    resumed.stderr,
    /the previous run \(PID \d+.*\) ended without finishing during train; resuming/,
  );
  const s = statuses(resumed.stdout);
  assert.equal(s.ingest, "skipped");
  assert.equal(s.features, "skipped");
  assert.equal(s.train, "ran");
  const history = readFileSync(join(dir.path, "pipelines/refresh/runs.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { status: string });
  assert.deepEqual(
    history.slice(-2).map((h) => h.status),
    ["interrupted", "succeeded"],
  );
});

test("a stage that times out fails the run (exit 12) and keeps what came before", () => {
  const tight = variant("tight.json", "train", {
    params: { task: "poverty", learner: "mlp", folds: 3, seed: 7 },
    timeoutS: 1,
  });
  const run = brecha(["pipeline", "run", tight]);
  assert.equal(run.status, 12, run.stderr);
  assert.match(
    run.stderr,
    /stage train \(train\) failed after 1 attempt\(s\): timed out after 1 s; ingest, validate, features, plan-hubs kept; the next run resumes at train/,
  );
});
