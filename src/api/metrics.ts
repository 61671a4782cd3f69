import type { FastifyInstance, FastifyRequest } from "fastify";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Config } from "../config/index.ts";
import {
  readHistory,
  readMeasurements,
  runningNow,
  type Measurement,
  type Pipeline,
} from "../pipeline/index.ts";
import type { Store } from "../storage/index.ts";
import type { OperationsStore } from "../operations/index.ts";

/**
 * Prometheus metrics: HTTP latency and counts by route and status; and, read at each scrape from
 * the workspace, dataset freshness and size, pipeline stage durations and outcomes, model quality
 * of the production models, drift and solver figures measured by the last pipeline runs. Each API
 * has its own registry (tests build several).
 */
export function installMetrics(
  app: FastifyInstance,
  {
    store,
    config,
    pipelines,
    jobs,
    guard,
    operations,
  }: {
    store: Store;
    /** The operational store when it is open (requests and deliveries), else null. */
    operations?: () => Promise<OperationsStore> | null;
    config: Config;
    pipelines: () => readonly Pipeline[];
    /** Plans and training runs by state (queued, running, succeeded, …). */
    jobs: () => Readonly<Record<string, number>>;
    /** Throws when the request may not read /metrics (`server.protectMetrics`). */
    guard?: (request: FastifyRequest) => unknown;
  },
): {
  registry: Registry;
  observeSolver: (plan: string, seconds: number, gap: number | null) => void;
} {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "brecha_" });
  httpMetrics(app, registry);

  const solverSeconds = new Gauge({
    name: "brecha_solver_seconds",
    help: "Time of the last plan solved, by plan kind (API or pipeline)",
    labelNames: ["plan", "source"],
    registers: [registry],
  });
  const solverGap = new Gauge({
    name: "brecha_solver_gap_ratio",
    help: "Relative optimality gap of the last plan solved (0 = proven optimal)",
    labelNames: ["plan", "source"],
    registers: [registry],
  });

  workspaceGauges(registry, { store, jobs });
  if (operations) {
    deliveryGauges(registry, operations);
    modelGauge(registry, operations);
  }
  pipelineGauges(registry, { config, pipelines });
  const lastMeasurements = (p: Pipeline): Measurement[] =>
    readOrNone(() => readMeasurements(config.home, p.name));
  const pipelineSolver = () => {
    for (const p of pipelines())
      for (const m of lastMeasurements(p)) {
        const labels = { plan: m.labels.plan ?? "", source: `pipeline:${p.name}` };
        if (m.name === "brecha_solver_seconds") solverSeconds.set(labels, m.value);
        if (m.name === "brecha_solver_gap") solverGap.set(labels, m.value);
      }
  };

  app.get(
    "/metrics",
    { schema: { summary: "Prometheus metrics (text exposition format)", tags: ["health"] } },
    async (request, reply) => {
      await guard?.(request);
      pipelineSolver();
      void reply.header("content-type", registry.contentType);
      return registry.metrics();
    },
  );
  return {
    registry,
    observeSolver: (plan, seconds, gap) => {
      solverSeconds.set({ plan, source: "api" }, seconds);
      // A gap is reported only when the solver gives one (not for the device transport model).
      if (gap === null) solverGap.remove({ plan, source: "api" });
      else solverGap.set({ plan, source: "api" }, gap);
    },
  };
}

/** HTTP latency and counts by route pattern and status, observed as each answer goes out. */
function httpMetrics(app: FastifyInstance, registry: Registry): void {
  const duration = new Histogram({
    name: "brecha_http_request_duration_seconds",
    help: "HTTP request latency by route and status",
    labelNames: ["method", "route", "status"],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  const requests = new Counter({
    name: "brecha_http_requests_total",
    help: "HTTP requests by route and status",
    labelNames: ["method", "route", "status"],
    registers: [registry],
  });
  app.addHook("onResponse", async (request, reply) => {
    const labels = {
      method: request.method,
      // The route pattern, not the URL: bounded label values.
      route: request.routeOptions.url ?? "unmatched",
      status: String(reply.statusCode),
    };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
  });
}

/** Requests and deliveries by department, read from the operational store at each scrape. */
function deliveryGauges(
  registry: Registry,
  operations: () => Promise<OperationsStore> | null,
): void {
  const read = async () => {
    const ops = await operations();
    return ops
      ? { efficiency: await ops.efficiency("department"), requests: await ops.requestCounts() }
      : null;
  };
  // One read per scrape, shared by the gauges below.
  let scrape: Promise<Awaited<ReturnType<typeof read>>> | null = null;
  const current = () => {
    scrape ??= read().finally(() => setTimeout(() => (scrape = null), 1000).unref());
    return scrape;
  };
  const gauge = (
    name: string,
    help: string,
    labelNames: string[],
    fill: (g: Gauge, data: NonNullable<Awaited<ReturnType<typeof read>>>) => void,
  ) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        const data = await current();
        if (data) fill(this, data);
      },
    });
  gauge(
    "brecha_requests",
    "School requests by department and status",
    ["department", "status"],
    (g, d) => {
      for (const r of d.requests) g.set({ department: r.department, status: r.status }, r.requests);
    },
  );
  gauge(
    "brecha_delivery_units",
    "Device units planned and delivered, by department",
    ["department", "kind"],
    (g, d) => {
      for (const r of d.efficiency) {
        g.set({ department: r.code, kind: "planned" }, r.plannedUnits);
        g.set({ department: r.code, kind: "delivered" }, r.deliveredUnits);
      }
    },
  );
  gauge(
    "brecha_delivery_ratio",
    "Delivered / planned units, by department",
    ["department"],
    (g, d) => {
      for (const r of d.efficiency)
        if (r.deliveredShare !== null) g.set({ department: r.code }, r.deliveredShare);
    },
  );
  gauge(
    "brecha_delivery_days",
    "Median days from planned to received, by department",
    ["department"],
    (g, d) => {
      for (const r of d.efficiency)
        if (r.medianDaysToDelivery !== null) g.set({ department: r.code }, r.medianDaysToDelivery);
    },
  );
  gauge(
    "brecha_delivery_flags",
    "Shipments flagged delayed or with a discrepancy, by department",
    ["department", "flag"],
    (g, d) => {
      for (const r of d.efficiency) {
        g.set({ department: r.code, flag: "delayed" }, r.delayed);
        g.set({ department: r.code, flag: "discrepancy" }, r.discrepancies);
      }
    },
  );
  gauge(
    "brecha_approved_need_met_ratio",
    "Share of the devices approved in requests that arrived, by department",
    ["department"],
    (g, d) => {
      for (const r of d.efficiency)
        if (r.approvedNeedMet !== null) g.set({ department: r.code }, r.approvedNeedMet);
    },
  );
}

/** Read at each scrape from the workspace: dataset age and size, and jobs by state. */
function workspaceGauges(
  registry: Registry,
  {
    store,
    jobs,
  }: {
    store: Store;
    jobs: () => Readonly<Record<string, number>>;
  },
): void {
  new Gauge({
    name: "brecha_dataset_age_seconds",
    help: "Age of each dataset's current version",
    labelNames: ["dataset", "synthetic"],
    registers: [registry],
    async collect() {
      this.reset();
      for (const v of (await store.versions()).filter((x) => x.current))
        this.set(
          { dataset: v.dataset, synthetic: String(v.provenance.synthetic) },
          (Date.now() - Date.parse(v.createdAt)) / 1000,
        );
    },
  });
  new Gauge({
    name: "brecha_dataset_rows",
    help: "Rows published in each dataset's current version",
    labelNames: ["dataset"],
    registers: [registry],
    async collect() {
      this.reset();
      for (const v of (await store.versions()).filter((x) => x.current))
        this.set({ dataset: v.dataset }, v.provenance.rowsPublished);
    },
  });
  new Gauge({
    name: "brecha_jobs",
    help: "Plans and training runs the server knows, by state (queued and running are its load)",
    labelNames: ["state"],
    registers: [registry],
    collect() {
      this.reset();
      for (const [state, count] of Object.entries(jobs())) this.set({ state }, count);
    },
  });
}

/** The score of each task's production model, from the operational store when it is open. */
function modelGauge(registry: Registry, operations: () => Promise<OperationsStore> | null): void {
  new Gauge({
    name: "brecha_model_score",
    help: "Cross-validated score of each task's production model on its primary metric",
    labelNames: ["task", "metric", "model"],
    registers: [registry],
    async collect() {
      this.reset();
      const ops = await operations();
      for (const { task, metric, model, score } of (await ops?.productionScores()) ?? [])
        this.set({ task, metric, model }, score ?? NaN);
    },
  });
}

/** Read at each scrape from the pipelines' records: stage durations and outcomes, the last run,
 * whether one is running, and the drift the last prediction measured. */
function pipelineGauges(
  registry: Registry,
  { config, pipelines }: { config: Config; pipelines: () => readonly Pipeline[] },
): void {
  const historyOf = (p: Pipeline, limit: number) =>
    readOrNone(() => readHistory(config.home, p.name, limit));
  const lastMeasurements = (p: Pipeline): Measurement[] =>
    readOrNone(() => readMeasurements(config.home, p.name));
  new Gauge({
    name: "brecha_pipeline_stage_seconds",
    help: "Duration of each stage in the pipeline's last run",
    labelNames: ["pipeline", "stage", "action"],
    registers: [registry],
    collect() {
      this.reset();
      for (const p of pipelines())
        for (const m of lastMeasurements(p).filter(
          (x) => x.name === "brecha_pipeline_stage_seconds",
        ))
          this.set(
            { pipeline: p.name, stage: m.labels.stage ?? "", action: m.labels.action ?? "" },
            m.value,
          );
    },
  });
  new Gauge({
    name: "brecha_pipeline_stage_runs",
    help: "Stage outcomes over the pipeline's recorded runs (last 50)",
    labelNames: ["pipeline", "stage", "status"],
    registers: [registry],
    collect() {
      this.reset();
      for (const p of pipelines()) {
        const counts = new Map<string, number>();
        for (const run of historyOf(p, 50))
          for (const s of run.stages) {
            const key = `${s.id}|${s.status}`;
            counts.set(key, (counts.get(key) ?? 0) + 1);
          }
        for (const [key, n] of counts) {
          const [stage, status] = key.split("|") as [string, string];
          this.set({ pipeline: p.name, stage, status }, n);
        }
      }
    },
  });
  new Gauge({
    name: "brecha_pipeline_last_run_timestamp_seconds",
    help: "When the pipeline's last run ended, by its outcome",
    labelNames: ["pipeline", "status"],
    registers: [registry],
    collect() {
      this.reset();
      for (const p of pipelines()) {
        const last = historyOf(p, 1)[0];
        if (last)
          this.set({ pipeline: p.name, status: last.status }, Date.parse(last.finishedAt) / 1000);
      }
    },
  });
  new Gauge({
    name: "brecha_pipeline_running",
    help: "1 while a run of the pipeline is in progress",
    labelNames: ["pipeline"],
    registers: [registry],
    collect() {
      this.reset();
      for (const p of pipelines())
        this.set({ pipeline: p.name }, runningNow(config.home, p.name) ? 1 : 0);
    },
  });
  new Gauge({
    name: "brecha_model_drift_psi",
    help: "Population stability index of each feature at the last pipeline prediction",
    labelNames: ["pipeline", "task", "feature"],
    registers: [registry],
    collect() {
      this.reset();
      for (const p of pipelines())
        for (const m of lastMeasurements(p).filter((x) => x.name === "brecha_model_drift_psi"))
          this.set(
            { pipeline: p.name, task: m.labels.task ?? "", feature: m.labels.feature ?? "" },
            m.value,
          );
    },
  });
}

/**
 * A pipeline's files as /metrics reads them: a damaged history or measurements file must not take
 * the endpoint down, so its figures go missing until the next run writes it again (and the runs
 * endpoint says what is wrong). Pipeline figures come from these files, so CLI runs count too.
 */
function readOrNone<T>(read: () => T[]): T[] {
  try {
    return read();
  } catch {
    return [];
  }
}
