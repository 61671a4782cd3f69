import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { loadConfig } from "../src/config/index.ts";
import { openStore } from "../src/storage/index.ts";
import { buildWorkspace } from "../src/tables/index.ts";
import { DASHBOARDS } from "../tools/grafana-dashboards.ts";
import { REAL_MIRROR, REPO_ROOT, tempDir } from "./helpers/paths.ts";
import { freePort } from "./helpers/ports.ts";

// The server as it runs in production: `brecha serve` with a scheduled pipeline, a run started
// through the API while requests keep being answered, the store swapped under the server, and
// Debian's Prometheus (installed by the test command) scraping /metrics on loopback.

const PROMETHEUS = "/usr/bin/prometheus";
const ADMIN = "operations-admin-key-0001";
const dir = tempDir();
let server: ChildProcess | undefined;
let prometheus: ChildProcess | undefined;
let base = "";
let port = 0;

async function until<T>(what: string, probe: () => Promise<T | null>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A pipeline of quick stages: ingest, validate, features, train (linear), evaluate, predict. */
const PIPELINE = {
  name: "nightly",
  description: "test pipeline",
  schedule: "0 8 * * *",
  retries: 0,
  timeoutS: 300,
  stages: [
    { id: "ingest", action: "ingest" },
    { id: "validate", action: "validate", needs: ["ingest"], params: { require: ["districts"] } },
    { id: "features", action: "features", needs: ["validate"], params: { task: "poverty" } },
    {
      id: "train",
      action: "train",
      needs: ["features"],
      params: { task: "poverty", learner: "linear", folds: 5 },
    },
    { id: "evaluate", action: "evaluate", needs: ["train"], params: { task: "poverty" } },
    { id: "predict", action: "predict", needs: ["evaluate"], params: { task: "poverty" } },
  ],
};

before(async () => {
  const store = await openStore(join(dir.path, "brecha.duckdb"));
  await buildWorkspace(
    store,
    loadConfig({ overrides: { home: dir.path, mirror: REAL_MIRROR, offline: true }, env: {} }),
  );
  await store.close();
  const file = join(dir.path, "nightly.json");
  writeFileSync(file, JSON.stringify(PIPELINE));
  port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(
    process.execPath,
    [
      join(REPO_ROOT, "bin/brecha.js"),
      "--home",
      dir.path,
      ...(REAL_MIRROR ? ["--mirror", REAL_MIRROR] : []),
      "serve",
    ],
    {
      env: {
        ...process.env,
        BRECHA_LANG: "en",
        BRECHA_OFFLINE: "1",
        BRECHA_PORT: String(port),
        BRECHA_PIPELINES: file,
        BRECHA_API_KEYS: `${ADMIN}:admin`,
        BRECHA_PROGRESS: "none",
      },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  server.stderr!.on("data", () => undefined);
  await until("the server", async () => ((await fetch(`${base}/readyz`)).ok ? true : null));
});

after(async () => {
  for (const child of [prometheus, server])
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
  dir.cleanup();
});

const get = async (path: string) => {
  const r = await fetch(`${base}${path}`);
  return { status: r.status, body: (await r.json()) as unknown };
};

test("a pipeline run started through the API, while the server keeps answering and then serves the refreshed store", async () => {
  const list = (await get("/api/v1/pipelines")).body as Array<{
    name: string;
    nextRun: string;
    stages: unknown[];
  }>;
  assert.equal(list[0]!.name, "nightly");
  assert.match(list[0]!.nextRun, /T08:00:00.000Z$/);
  assert.equal(list[0]!.stages.length, 6);
  const refused = await fetch(`${base}/api/v1/pipelines/nightly/runs`, { method: "POST" });
  assert.equal(refused.status, 401, "runs need an admin key");
  const start = await fetch(`${base}/api/v1/pipelines/nightly/runs`, {
    method: "POST",
    headers: { "x-api-key": ADMIN },
  });
  assert.equal(start.status, 201, await start.clone().text());
  const again = await fetch(`${base}/api/v1/pipelines/nightly/runs`, {
    method: "POST",
    headers: { "x-api-key": ADMIN },
  });
  assert.equal(again.status, 409, "one run at a time");
  assert.match(((await again.json()) as { message: string }).message, /en curso/);
  // Reads keep being answered during the run.
  let answered = 0;
  const last = await until(
    "the run to end",
    async () => {
      const r = await get("/api/v1/indicators?level=department&ids=pobreza");
      assert.equal(r.status, 200);
      answered++;
      const p = (
        (await get("/api/v1/pipelines")).body as Array<{
          running: unknown;
          lastRun: { status: string; stages: Array<{ id: string; status: string }> } | null;
        }>
      )[0]!;
      return p.running === null && p.lastRun ? p.lastRun : null;
    },
    120_000,
  );
  assert.ok(answered > 3, `${answered} reads answered during the run`);
  assert.equal(last.status, "succeeded", JSON.stringify(last));
  assert.ok(last.stages.every((s) => s.status === "ran"));
  const runs = (await get("/api/v1/pipelines/nightly/runs")).body as Array<{ trigger: string }>;
  assert.equal(runs[0]!.trigger, "api");
  // The stages, each a process of the run the server started, saved the model through the
  // server, which holds the embedded operational store.
  const models = (await get("/api/v1/models")).body as Array<{ task: string; aliases: string[] }>;
  assert.deepEqual(
    models.map((m) => [m.task, [...m.aliases].sort()]),
    [["poverty", ["candidate", "production"]]],
  );
  // `brecha pipeline status` beside the server: the stages whose outputs are records in the
  // store the server holds show as unknown (and why), the others are checked as usual.
  const status = spawnSync(
    process.execPath,
    [join(REPO_ROOT, "bin/brecha.js"), "--home", dir.path, "--lang", "en", "--json"].concat([
      ...(REAL_MIRROR ? ["--mirror", REAL_MIRROR] : []),
      "pipeline",
      "status",
      join(dir.path, "nightly.json"),
    ]),
    { encoding: "utf8", env: { ...process.env, BRECHA_OFFLINE: "1" } },
  );
  assert.equal(status.status, 0, status.stderr);
  const states = Object.fromEntries(
    (JSON.parse(status.stdout) as { stages: Array<{ id: string; state: string }> }).stages.map(
      (s) => [s.id, s.state],
    ),
  );
  assert.deepEqual(states, {
    ingest: "up to date",
    validate: "up to date",
    features: "up to date",
    train: "unknown",
    evaluate: "unknown",
    predict: "unknown",
  });
  // The ingest stage replaced the store file: after a read, the server has the new one open.
  await new Promise((r) => setTimeout(r, 1200));
  assert.equal((await get("/api/v1/indicators?level=department&ids=pobreza")).status, 200);
  await new Promise((r) => setTimeout(r, 300));
  const fds = readdirSync(`/proc/${server!.pid}/fd`).flatMap((fd) => {
    try {
      return [readlinkSync(`/proc/${server!.pid}/fd/${fd}`)];
    } catch {
      return [];
    }
  });
  const stores = fds.filter((f) => f.includes("brecha.duckdb"));
  assert.ok(stores.length > 0, "the store is open");
  assert.ok(
    stores.every((f) => !f.includes("(deleted)")),
    `the replaced file is closed: ${stores.join(", ")}`,
  );
});

test(
  "/metrics in Prometheus format, scraped by Debian's Prometheus",
  {
    skip: !existsSync(PROMETHEUS) && "prometheus is not installed (tools/ensure-servers.sh)",
  },
  async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    for (const series of [
      /brecha_http_requests_total\{method="GET",route="\/api\/v1\/indicators",status="200"\} \d+/,
      /brecha_http_request_duration_seconds_bucket\{le="0.01",method="GET",route="\/api\/v1\/indicators",status="200"\}/,
      /brecha_dataset_age_seconds\{dataset="districts",synthetic="false"\} [\d.e+-]+/,
      /brecha_pipeline_stage_seconds\{pipeline="nightly",stage="train",action="train"\} [\d.e+-]+/,
      /brecha_pipeline_stage_runs\{pipeline="nightly",stage="ingest",status="ran"\} 1/,
      /brecha_model_score\{task="poverty",metric="rmse",model="[0-9a-f]{16}"\} [\d.]+/,
      /brecha_model_drift_psi\{pipeline="nightly",task="poverty",feature="idh"\} [\d.e+-]+/,
      /brecha_process_resident_memory_bytes \d+/,
    ])
      assert.match(text, series);

    const promPort = await freePort();
    const data = join(dir.path, "prometheus");
    mkdirSync(data, { recursive: true });
    const configFile = join(data, "prometheus.yml");
    writeFileSync(
      configFile,
      [
        "global:",
        "  scrape_interval: 1s",
        "scrape_configs:",
        "  - job_name: brecha",
        "    static_configs:",
        `      - targets: ["127.0.0.1:${port}"]`,
        "",
      ].join("\n"),
    );
    prometheus = spawn(
      PROMETHEUS,
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${join(data, "tsdb")}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
      ],
      { stdio: "ignore" },
    );
    const prom = `http://127.0.0.1:${promPort}`;
    await until("prometheus", async () => ((await fetch(`${prom}/-/ready`)).ok ? true : null));
    const query = async (q: string) => {
      const r = (await (
        await fetch(`${prom}/api/v1/query?query=${encodeURIComponent(q)}`)
      ).json()) as {
        data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
      };
      return r.data.result.length > 0 ? r.data.result : null;
    };
    const up = await until("the first scrape", () => query('up{job="brecha"}'));
    assert.equal(up[0]!.value[1], "1");
    const requests = await until("request counts", () =>
      query('sum by (route) (brecha_http_requests_total{job="brecha"})'),
    );
    assert.ok(requests.some((r) => r.metric.route === "/api/v1/indicators"));
    const stages = await until("stage durations", () =>
      query('brecha_pipeline_stage_seconds{pipeline="nightly"}'),
    );
    assert.equal(stages.length, 6);
    const freshness = await until("dataset freshness", () =>
      query("max(brecha_dataset_age_seconds)"),
    );
    assert.ok(Number(freshness[0]!.value[1]) >= 0);
    // Every query of the shipped Grafana dashboards is valid PromQL for this Prometheus.
    for (const dashboard of Object.values(DASHBOARDS))
      for (const panel of dashboard.panels)
        for (const target of panel.targets) {
          const r = (await (
            await fetch(`${prom}/api/v1/query?query=${encodeURIComponent(target.expr)}`)
          ).json()) as { status: string; error?: string };
          assert.equal(r.status, "success", `${panel.title}: ${target.expr}: ${r.error ?? ""}`);
        }
    const memory = await until("process memory", () =>
      query("brecha_process_resident_memory_bytes"),
    );
    assert.ok(Number(memory[0]!.value[1]) > 10_000_000);
  },
);

test("graceful shutdown: on SIGTERM a request in flight is answered, then the server exits 0", async () => {
  // A hot-spot map with 9,999 permutations takes a few seconds in the heavy-work thread: long
  // enough to be in flight when the signal comes.
  const slow = fetch(`${base}/api/v1/hotspots/pobreza?level=district&permutations=9999`, {
    headers: { "x-api-key": ADMIN },
  });
  await new Promise((r) => setTimeout(r, 150));
  const exited = new Promise<number | null>((r) => server!.once("exit", (code) => r(code)));
  server!.kill("SIGTERM");
  const answer = await slow;
  assert.equal(answer.status, 200, await answer.clone().text());
  assert.ok(((await answer.json()) as { districts: unknown[] }).districts.length > 1000);
  assert.equal(await exited, 0);
  await assert.rejects(fetch(`${base}/healthz`), "no new connections after the stop");
});
