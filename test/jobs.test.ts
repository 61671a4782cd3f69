import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import fc from "fast-check";
import { buildApi } from "../src/api/index.ts";
import { loadConfig, type Config } from "../src/config/index.ts";
import { openStore, type Store } from "../src/storage/index.ts";
import { buildWorkspace } from "../src/tables/index.ts";
import { awaitJob, runJob, type ShownJob } from "./helpers/jobs.ts";
import { REAL_MIRROR, tempDir } from "./helpers/paths.ts";

// Plans and training as jobs, over the national workspace `brecha up` builds: each job runs in a
// child process of its own, reports progress, can be cancelled, and is never half-saved.

const dir = tempDir();
let store: Store;
const ANALYST = "analyst-key-0123456789abcdef";
const OTHER = "other-analyst-key-0123456789";
const ADMIN = "admin-key-0123456789abcdefgh";

function configWith(server: Partial<Config["server"]> = {}): Config {
  return loadConfig({
    overrides: {
      home: dir.path,
      mirror: REAL_MIRROR,
      offline: true,
      server: {
        apiKeys: [
          { key: ANALYST, role: "analyst" },
          { key: OTHER, role: "analyst" },
          { key: ADMIN, role: "admin" },
        ],
        rateLimitPerMinute: 100_000,
        ...server,
      },
    },
    env: {},
  });
}

before(async () => {
  const writer = await openStore(join(dir.path, "brecha.duckdb"));
  await buildWorkspace(writer, configWith());
  await writer.close();
  store = await openStore(join(dir.path, "brecha.duckdb"), { readOnly: true });
});
after(async () => {
  await store?.close();
  dir.cleanup();
});

const post = (app: Awaited<ReturnType<typeof buildApi>>, url: string, payload: object) =>
  app.inject({ method: "POST", url, headers: { "x-api-key": ANALYST }, payload });

/** Polls until the job has left the queue and runs. */
async function untilRunning(app: Awaited<ReturnType<typeof buildApi>>, id: string) {
  for (let k = 0; k < 600; k++) {
    const job = (
      await app.inject({ url: `/api/v1/jobs/${id}`, headers: { "x-api-key": ANALYST } })
    ).json() as ShownJob;
    if (job.state === "running" && job.progress.phase !== "loading") return job;
    assert.ok(["queued", "running"].includes(job.state), `job ended early: ${job.state}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`job ${id} never ran`);
}

test("a national infrastructure plan as a job: every premises, within 1% of its bound, progress and a saved scenario", async () => {
  const app = await buildApi({ store, config: configWith() });
  try {
    const seen: ShownJob[] = [];
    const submitted = await post(app, "/api/v1/plans/infra", {
      budgetPen: 150_000_000,
      save: "peru-150m",
    });
    assert.equal(submitted.statusCode, 202, submitted.body);
    const id = (submitted.json() as ShownJob).id;
    for (;;) {
      const job = (
        await app.inject({ url: `/api/v1/jobs/${id}`, headers: { "x-api-key": ANALYST } })
      ).json() as ShownJob;
      seen.push(job);
      if (!["queued", "running"].includes(job.state)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const job = seen.at(-1)!;
    assert.equal(job.state, "succeeded", JSON.stringify(job.error));
    assert.ok(job.gap! <= 0.01, `gap ${job.gap}`);
    assert.deepEqual(job.saved, { scenario: { name: "peru-150m", version: 1 } });
    // The bar only moves forward, through the phases, and the solver's bound shows while it runs.
    const percents = seen.map((j) => j.progress.percent);
    assert.deepEqual(
      percents,
      [...percents].sort((a, b) => a - b),
    );
    assert.ok(seen.some((j) => j.state === "running"));
    const result = (
      await app.inject({ url: `/api/v1/jobs/${id}/result`, headers: { "x-api-key": ANALYST } })
    ).json() as {
      premises: number;
      spentPen: number;
      benefit: number;
      bound: number;
      method: string;
      byDepartment: Array<{ department: string }>;
    };
    assert.ok(result.premises >= 57_000, `${result.premises} premises`);
    assert.equal(result.method, "price");
    assert.ok(result.spentPen <= 150_000_000);
    assert.ok(result.benefit >= 0.99 * result.bound);
    assert.ok(result.byDepartment.length >= 24, "spending reaches every department");
    // A constraint the national solver does not take is refused with the reason, as a failed job.
    const maxmin = await post(app, "/api/v1/plans/infra", {
      budgetPen: 1_000_000,
      objective: "maxmin",
    });
    const failed = await awaitJob(app, (maxmin.json() as ShownJob).id, ANALYST);
    assert.equal(failed.state, "failed");
    assert.equal(failed.error!.code, "BRECHA_USAGE");
    assert.match(failed.error!.message, /por departamento/);
    assert.doesNotMatch(failed.error!.message, /\/tmp|\bat \w+ \(/);
  } finally {
    await app.close();
  }
});

test("national device and hub plans run as jobs within their targets", async () => {
  const app = await buildApi({ store, config: configWith() });
  try {
    const { job: devices, result } = await runJob<{ delivered: number; need: number }>(
      app,
      "/api/v1/plans/devices",
      { tablets: 1_056_430 },
      ANALYST,
    );
    assert.ok(devices.seconds! < 120, `${devices.seconds} s`);
    assert.ok(result.delivered > 1_000_000 && result.delivered <= 1_056_430);
    const { job: hubs, result: plan } = await runJob<{ hubs: unknown[]; shareCovered: number }>(
      app,
      "/api/v1/plans/hubs",
      { p: 100, radiusKm: 10 },
      ANALYST,
    );
    assert.ok(hubs.seconds! < 120 && hubs.gap! <= 0.005, `${hubs.seconds} s, gap ${hubs.gap}`);
    assert.equal(plan.hubs.length, 100);
  } finally {
    await app.close();
  }
});

test("a running job is cancelled at once and keeps nothing; jobs are their submitter's", async () => {
  const app = await buildApi({ store, config: configWith() });
  try {
    const submitted = await post(app, "/api/v1/plans/devices", {
      tablets: 1_056_430,
      save: "never",
    });
    const id = (submitted.json() as ShownJob).id;
    // Another analyst cannot see or cancel it; an administrator can see it.
    const other = { "x-api-key": OTHER };
    assert.equal((await app.inject({ url: `/api/v1/jobs/${id}`, headers: other })).statusCode, 404);
    assert.equal(
      (await app.inject({ method: "DELETE", url: `/api/v1/jobs/${id}`, headers: other }))
        .statusCode,
      404,
    );
    assert.equal(
      (await app.inject({ url: `/api/v1/jobs/${id}`, headers: { "x-api-key": ADMIN } })).statusCode,
      200,
    );
    await untilRunning(app, id);
    const early = await app.inject({
      url: `/api/v1/jobs/${id}/result`,
      headers: { "x-api-key": ANALYST },
    });
    assert.equal(early.statusCode, 409);
    assert.equal(early.json().code, "BRECHA_JOB_STATE");
    const started = performance.now();
    const cancelled = await app.inject({
      method: "DELETE",
      url: `/api/v1/jobs/${id}`,
      headers: { "x-api-key": ANALYST },
    });
    assert.equal(cancelled.statusCode, 200, cancelled.body);
    const ended = await awaitJob(app, id, ANALYST);
    assert.equal(ended.state, "cancelled");
    assert.ok(performance.now() - started < 5_000, "the process is stopped, not waited for");
    const saved = await app.inject({
      url: "/api/v1/scenarios/never",
      headers: { "x-api-key": ANALYST },
    });
    assert.equal(saved.statusCode, 404, "no scenario saved");
    assert.ok(!existsSync(join(dir.path, "jobs", `${id}.result.json`)), "no result kept");
    const again = await app.inject({
      method: "DELETE",
      url: `/api/v1/jobs/${id}`,
      headers: { "x-api-key": ANALYST },
    });
    assert.equal(again.statusCode, 409);
    const mine = (
      await app.inject({ url: "/api/v1/jobs", headers: { "x-api-key": OTHER } })
    ).json() as { jobs: ShownJob[] };
    assert.ok(mine.jobs.every((j) => j.createdBy !== ended.createdBy));
  } finally {
    await app.close();
  }
});

test("the queue is bounded: past it a submission gets 503 with Retry-After, and the server stays responsive", async () => {
  const app = await buildApi({ store, config: configWith({ jobQueue: 3, jobConcurrency: 1 }) });
  try {
    const body = { department: "15", budgetPen: 5_000_000 };
    const ids: string[] = [];
    for (let k = 0; k < 3; k++) {
      const r = await post(app, "/api/v1/plans/infra", body);
      assert.equal(r.statusCode, 202, r.body);
      ids.push((r.json() as ShownJob).id);
    }
    const over = await post(app, "/api/v1/plans/infra", body);
    assert.equal(over.statusCode, 503);
    assert.equal(over.json().code, "BRECHA_BUSY");
    assert.ok(Number(over.headers["retry-after"]) >= 5);
    // One runs, the others wait their turn.
    const states = await Promise.all(
      ids.map(
        async (id) =>
          (
            (
              await app.inject({ url: `/api/v1/jobs/${id}`, headers: { "x-api-key": ANALYST } })
            ).json() as ShownJob
          ).state,
      ),
    );
    assert.ok(states.filter((s) => s === "running").length <= 1, states.join());
    assert.equal((await app.inject("/healthz")).statusCode, 200);
    for (const id of ids) {
      const job = await awaitJob(app, id, ANALYST);
      assert.equal(job.state, "succeeded", JSON.stringify(job.error));
    }
  } finally {
    await app.close();
  }
});

test("a stop marks running and queued jobs interrupted, and so does a start after a crash; nothing half-saved", async () => {
  const app = await buildApi({ store, config: configWith() });
  const first = await post(app, "/api/v1/plans/devices", { tablets: 1_056_430, save: "cut" });
  const queued = await post(app, "/api/v1/plans/hubs", { p: 5, department: "03", save: "cut2" });
  const id = (first.json() as ShownJob).id;
  await untilRunning(app, id);
  await app.close();
  // A crashed server leaves a record that says running: the next start marks it interrupted.
  const jobs = join(dir.path, "jobs");
  mkdirSync(jobs, { recursive: true });
  const crashed = "c".repeat(20);
  writeFileSync(
    join(jobs, `${crashed}.json`),
    JSON.stringify({
      id: crashed,
      kind: "plan-infra",
      state: "running",
      createdBy: (first.json() as ShownJob).createdBy,
      createdAt: new Date().toISOString(),
      startedAt: new Date().toISOString(),
      endedAt: null,
      input: { budgetPen: 1 },
      progress: { phase: "solving", percent: 40 },
      summary: null,
      seconds: null,
      gap: null,
      error: null,
      saved: null,
    }),
  );
  writeFileSync(join(jobs, `${crashed}.json.123.tmp`), "{half");
  const restarted = await buildApi({ store, config: configWith() });
  try {
    for (const job of [id, (queued.json() as ShownJob).id, crashed]) {
      const r = await restarted.inject({
        url: `/api/v1/jobs/${job}`,
        headers: { "x-api-key": ANALYST },
      });
      const shown = r.json() as ShownJob;
      assert.equal(shown.state, "interrupted", job);
      assert.equal(shown.error!.code, "BRECHA_JOB_INTERRUPTED");
    }
    for (const name of ["cut", "cut2"]) {
      const saved = await restarted.inject({
        url: `/api/v1/scenarios/${name}`,
        headers: { "x-api-key": ANALYST },
      });
      assert.equal(saved.statusCode, 404, `no scenario ${name}`);
    }
    const interrupted = [id, (queued.json() as ShownJob).id, crashed];
    assert.deepEqual(
      readdirSync(jobs).filter(
        (f) => f.endsWith(".tmp") || interrupted.some((j) => f === `${j}.result.json`),
      ),
      [],
    );
  } finally {
    await restarted.close();
  }
});

test("a training run is a job; its model becomes the task's candidate", async () => {
  const app = await buildApi({ store, config: configWith() });
  try {
    const { job, result } = await runJob<{ id: string; task: string; model?: unknown }>(
      app,
      "/api/v1/models/poverty/train",
      { learner: "linear", folds: 3 },
      ANALYST,
    );
    assert.equal(job.saved!.model, result.id);
    assert.equal(result.model, undefined, "the result describes the model, without its weights");
    const models = (await app.inject("/api/v1/models")).json() as Array<{
      id: string;
      aliases?: string[];
    }>;
    assert.ok(models.some((m) => m.id === result.id));
    // Answers about a model are not served from the cache once the registry moved: the
    // candidate's predictions name the newer candidate after a second training.
    const predictedBy = async () =>
      (
        (await app.inject("/api/v1/models/poverty:candidate/predictions")).json() as {
          model: string;
        }
      ).model;
    assert.equal(await predictedBy(), result.id);
    const again = await runJob<{ id: string }>(
      app,
      "/api/v1/models/poverty/train",
      { learner: "linear", folds: 4 },
      ANALYST,
    );
    assert.notEqual(again.result.id, result.id);
    assert.equal(await predictedBy(), again.result.id);
  } finally {
    await app.close();
  }
});

test("fuzz: job endpoints answer malformed ids and foreign jobs with a clean 4xx", async () => {
  const app = await buildApi({ store, config: configWith() });
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.stringMatching(/^[0-9a-f]{20}$/),
          fc.constantFrom("../../etc/passwd", "%00", "0".repeat(20), "ffffffffffffffffffff"),
        ),
        fc.constantFrom("", "/result"),
        fc.constantFrom("GET", "DELETE"),
        async (id, suffix, method) => {
          if (method === "DELETE" && suffix) return true;
          const r = await app.inject({
            method: method as "GET" | "DELETE",
            url: `/api/v1/jobs/${encodeURIComponent(id)}${suffix}`,
            headers: { "x-api-key": ANALYST },
          });
          const body = r.json() as { code?: string; message?: string };
          return (
            r.statusCode >= 400 &&
            r.statusCode < 500 &&
            /^BRECHA_/.test(body.code ?? "") &&
            !/\/tmp|\bat \w+ \(/.test(body.message ?? "")
          );
        },
      ),
      { seed: 11, numRuns: 200 },
    );
    const anonymous = await app.inject({ url: "/api/v1/jobs" });
    assert.equal(anonymous.statusCode, 401);
  } finally {
    await app.close();
  }
});
