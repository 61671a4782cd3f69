import { readFileSync } from "node:fs";
import autocannon from "autocannon";
import { benchWorkspace, startServe } from "./api.bench.ts";

export interface LoadFigure {
  readonly connections: number;
  readonly seconds: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  readonly non2xx: number;
  /** Server resident memory (MB) sampled every 2 s, and its change after the first 10 s. */
  readonly rssMb: readonly number[];
  readonly rssGrowthPct: number;
}

const rssMb = (pid: number): number => {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
};

/**
 * Holds `connections` concurrent clients for `seconds` on a mix of reads a dashboard makes
 * (district and department indicators, areas, boundaries, health), and samples the server's
 * memory: the target is no errors and flat memory.
 */
export async function benchLoad(dir: string, connections = 200, seconds = 60): Promise<LoadFigure> {
  const { child, base } = await startServe(await benchWorkspace(dir, "load-workspace"));
  const paths = [
    "/api/v1/indicators?level=district&ids=pobreza",
    "/api/v1/indicators?level=department&ids=locales_internet",
    "/api/v1/areas?level=province&parent=16",
    "/api/v1/boundaries?level=department",
    "/healthz",
  ];
  try {
    for (const p of paths) await fetch(`${base}${p}`);
    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(rssMb(child.pid!)), 2000);
    const result = await autocannon({
      url: base,
      connections,
      duration: seconds,
      headers: { "accept-encoding": "gzip" },
      requests: paths.map((path) => ({ method: "GET", path })),
    });
    clearInterval(sampler);
    const settled = samples.slice(5);
    const first = settled[0] ?? 0;
    const last = settled.at(-1) ?? 0;
    return {
      connections,
      seconds,
      requests: result.requests.total,
      requestsPerSecond: result.requests.average,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      rssMb: samples.map((m) => Math.round(m)),
      rssGrowthPct: first > 0 ? ((last - first) / first) * 100 : 0,
    };
  } finally {
    child.kill("SIGTERM");
  }
}
