import autocannon from "autocannon";
import { benchWorkspace, startServe } from "./api.bench.ts";

const KEY = "bench-analyst-key-0123456789";

export interface NationalPlanFigure {
  readonly plan: string;
  readonly seconds: number;
  readonly jobSeconds: number;
  readonly size: string;
  readonly gapPct: number | null;
  readonly targetS: number;
}

export interface AbuseFigure {
  readonly phase: string;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  readonly non2xx: number;
}

interface Job {
  id: string;
  state: string;
  seconds: number | null;
  gap: number | null;
  error: { message: string } | null;
}

async function submit(base: string, path: string, body: object): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": KEY },
    body: JSON.stringify(body),
  });
}

async function finished(base: string, id: string): Promise<Job> {
  for (;;) {
    const job = (await (
      await fetch(`${base}/api/v1/jobs/${id}`, { headers: { "x-api-key": KEY } })
    ).json()) as Job;
    if (!["queued", "running"].includes(job.state)) return job;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * The three national plans as a planner runs them from the dashboard: a job each, through the
 * API of `brecha serve`, timed from submission to result (child process start, data loading,
 * solving, explaining, writing the result) against the 120 s target, with the solver's own time.
 */
export async function benchNationalPlans(dir: string): Promise<NationalPlanFigure[]> {
  const { child, base } = await startServe(await benchWorkspace(dir, "jobs-workspace"), {
    BRECHA_API_KEYS: `${KEY}:analyst`,
  });
  try {
    const plans = [
      {
        plan: "infrastructure, whole country, 150 M PEN",
        path: "/api/v1/plans/infra",
        body: { budgetPen: 150_000_000 },
        size: (r: Record<string, number>) => `${r.premises} premises`,
      },
      {
        plan: "devices, whole country, 1,056,430 tablets",
        path: "/api/v1/plans/devices",
        body: { tablets: 1_056_430 },
        size: (r: { shipments?: unknown[] }) => `${r.shipments?.length ?? 0} shipments`,
      },
      {
        plan: "hubs, whole country, 100 hubs, 10 km",
        path: "/api/v1/plans/hubs",
        body: { p: 100, radiusKm: 10 },
        size: (r: Record<string, number>) => `${r.demandPoints} places`,
      },
    ];
    const figures: NationalPlanFigure[] = [];
    for (const p of plans) {
      const started = performance.now();
      const response = await submit(base, p.path, p.body);
      const job = await finished(base, ((await response.json()) as Job).id);
      if (job.state !== "succeeded")
        throw new Error(`${p.plan}: ${job.state} ${job.error?.message}`);
      const result = (await (
        await fetch(`${base}/api/v1/jobs/${job.id}/result`, { headers: { "x-api-key": KEY } })
      ).json()) as never;
      figures.push({
        plan: p.plan,
        seconds: (performance.now() - started) / 1000,
        jobSeconds: job.seconds ?? NaN,
        size: p.size(result),
        gapPct: job.gap === null ? null : job.gap * 100,
        targetS: 120,
      });
    }
    return figures;
  } finally {
    child.kill("SIGTERM");
  }
}

/**
 * Abuse: the dashboard's cheap reads (health, cached district indicators) measured alone, then
 * again while 20 plans and 5 hot-spot maps with 9,999 permutations each (distinct indicators, so
 * no cache helps) are in flight. Target: p99 < 50 ms throughout, and every plan and map either
 * done or told to retry.
 */
export async function benchAbuse(
  dir: string,
  seconds = 10,
): Promise<{
  figures: AbuseFigure[];
  plans: Record<string, number>;
  heavy: Record<string, number>;
}> {
  const { child, base } = await startServe(await benchWorkspace(dir, "abuse-workspace"), {
    BRECHA_API_KEYS: `${KEY}:analyst`,
  });
  const reads = ["/healthz", "/api/v1/indicators?level=district&ids=pobreza"];
  const measure = async (phase: string): Promise<AbuseFigure> => {
    const r = await autocannon({
      url: base,
      connections: 10,
      duration: seconds,
      headers: { "accept-encoding": "gzip" },
      requests: reads.map((path) => ({ method: "GET", path })),
    });
    return {
      phase,
      requests: r.requests.total,
      requestsPerSecond: r.requests.average,
      p50Ms: r.latency.p50,
      p99Ms: r.latency.p99,
      errors: r.errors + r.timeouts,
      non2xx: r.non2xx,
    };
  };
  try {
    for (const path of reads) await fetch(`${base}${path}`);
    const figures = [await measure("alone")];
    const departments = Array.from({ length: 20 }, (_, k) => String(k + 1).padStart(2, "0"));
    const plans: Record<string, number> = {};
    const submitted = await Promise.all(
      departments.map((department) =>
        submit(base, "/api/v1/plans/infra", { department, budgetPen: 2_000_000 }),
      ),
    );
    const ids: string[] = [];
    for (const r of submitted) {
      plans[`HTTP ${r.status}`] = (plans[`HTTP ${r.status}`] ?? 0) + 1;
      if (r.status === 202) ids.push(((await r.json()) as Job).id);
    }
    const indicators = [
      "pobreza",
      "lectura_satisfactorio",
      "matematica_satisfactorio",
      "idh",
      "ruralidad",
    ];
    const heavy: Record<string, number> = {};
    const maps = Promise.all(
      indicators.map(async (id) => {
        const r = await fetch(`${base}/api/v1/hotspots/${id}?permutations=9999`, {
          headers: { "x-api-key": KEY },
        });
        await r.arrayBuffer();
        heavy[`HTTP ${r.status}`] = (heavy[`HTTP ${r.status}`] ?? 0) + 1;
      }),
    );
    figures.push(await measure("with 20 plans and 5 permutation maps in flight"));
    await maps;
    const ended = await Promise.all(ids.map((id) => finished(base, id)));
    for (const job of ended) plans[job.state] = (plans[job.state] ?? 0) + 1;
    return { figures, plans, heavy };
  } finally {
    child.kill("SIGTERM");
  }
}
