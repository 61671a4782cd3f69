import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import autocannon from "autocannon";
import { INDICATORS } from "../src/analytics/index.ts";
import { loadConfig } from "../src/config/index.ts";
import { openStore } from "../src/storage/index.ts";
import { buildWorkspace } from "../src/tables/index.ts";
import { REAL_DATA_DIR, REAL_DATA_MISSING } from "../test/helpers/paths.ts";
import { benchDashboard, type DashboardFigure } from "./dashboard.bench.ts";

export interface ApiFigure {
  readonly name: string;
  readonly url: string;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  /** autocannon reports p97.5, not p95: an upper bound of p95. */
  readonly p975Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  readonly non2xx: number;
  readonly kbPerResponse: number;
}

/**
 * Builds a workspace, starts `brecha serve` as a child process on loopback (so the load generator
 * and the server each have a core), and loads it with autocannon: /healthz as the baseline, then
 * district indicators for all 1,891 districts.
 */
export async function benchApi(
  dir: string,
  seconds = 10,
): Promise<{ api: ApiFigure[]; dashboard: DashboardFigure | null }> {
  const { child, base } = await startServe(await benchWorkspace(dir, "api-workspace"));
  try {
    const targets = [
      { name: "baseline: /healthz", url: "/healthz" },
      {
        name: "district indicators, 1 indicator (gzip)",
        url: "/api/v1/indicators?level=district&ids=pobreza",
      },
      {
        name: `district indicators, all ${INDICATORS.length} (gzip)`,
        url: "/api/v1/indicators?level=district",
      },
    ];
    const figures: ApiFigure[] = [];
    for (const target of targets) {
      // Warm the server's cache, then measure.
      await fetch(`${base}${target.url}`, { headers: { "accept-encoding": "gzip" } });
      const result = await autocannon({
        url: `${base}${target.url}`,
        connections: 10,
        duration: seconds,
        headers: { "accept-encoding": "gzip" },
      });
      figures.push({
        name: target.name,
        url: target.url,
        requestsPerSecond: result.requests.average,
        p50Ms: result.latency.p50,
        p975Ms: result.latency.p97_5,
        p99Ms: result.latency.p99,
        errors: result.errors + result.timeouts,
        non2xx: result.non2xx,
        kbPerResponse: result.throughput.average / Math.max(1, result.requests.average) / 1024,
      });
    }
    return { api: figures, dashboard: await benchDashboard(base) };
  } finally {
    child.kill("SIGTERM");
  }
}

/**
 * Starts `brecha serve` over a workspace as a child process on a free loopback port. The load
 * generator is one client, so the per-client rate limit is lifted for measurements.
 */
export async function startServe(
  home: string,
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; base: string }> {
  // BENCH_SERVE_NODE_ARGS="--cpu-prof --cpu-prof-dir=prof": profile the server under load.
  const nodeArgs = (process.env.BENCH_SERVE_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const serve = ["bin/brecha.js", "serve", "--port", "0", "--home", home];
  const child = spawn(process.execPath, [...nodeArgs, ...serve], {
    env: {
      ...process.env,
      BRECHA_PROGRESS: "none",
      BRECHA_LANG: "en",
      BRECHA_RATE_LIMIT: "100000000",
      ...env,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let text = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(text);
      if (match) resolve(Number(match[1]));
    });
    child.once("exit", (code) => reject(new Error(`brecha serve exited with ${code}: ${text}`)));
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

/** A workspace as `brecha up` builds it (the real files when present), in `dir/name`. */
export async function benchWorkspace(dir: string, name: string): Promise<string> {
  const home = join(dir, name);
  const config = loadConfig({
    overrides: { home, offline: true, ...(REAL_DATA_MISSING ? {} : { mirror: REAL_DATA_DIR }) },
    env: {},
  });
  const writer = await openStore(join(home, "brecha.duckdb"));
  await buildWorkspace(writer, config);
  await writer.close();
  return home;
}
