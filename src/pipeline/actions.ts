import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { scenarioNameField } from "../contract/index.ts";
import { clickhouseConnection, type Config } from "../config/index.ts";
import { writeFileAtomically } from "../domain/index.ts";
import { BrechaError } from "../errors/index.ts";
import {
  alignMatrix,
  buildTaskTable,
  deserialiseModel,
  driftReport,
  predictTable,
  primaryMetric,
  TASKS,
  trainTask,
} from "../models/index.ts";
import {
  currentDatasetVersions,
  hubPlanSummary,
  infraPlanSummary,
  loadHubPlaces,
  loadInfraSites,
  planHubs,
  planInfrastructure,
} from "../optimise/index.ts";
import type { Actor, PlanningRecords } from "../operations/index.ts";
import { openClickHouseStore, openStore, type Store } from "../storage/index.ts";
import { buildWorkspace, copyStore } from "../tables/index.ts";

/** What a stage runs with. */
export interface StageContext {
  readonly config: Config;
  /** The workspace store file. */
  readonly storePath: string;
  /** This pipeline's folder for artefacts (features, predictions, reports). */
  readonly artefacts: string;
  /** Saved scenarios and the model registry (in the operational store). */
  readonly records: PlanningRecords;
  /** Who the stage's writes are recorded as (`pipeline:<name>`). */
  readonly actor: Actor;
  readonly signal: AbortSignal;
  readonly log: (message: string) => void;
  /** Figures a stage reports for monitoring (model quality, drift, solver time and gap). */
  readonly measure: (name: string, value: number, labels?: Record<string, string>) => void;
}

/** Outputs (and inputs) as content hashes, by name. */
export type Hashes = Record<string, string>;

export interface Action<P> {
  readonly params: z.ZodType<P>;
  readonly describe: (p: P) => string;
  /** Hashes of what the stage reads from outside the pipeline (source files…). */
  readonly externalInputs?: (ctx: StageContext, p: P) => Hashes;
  readonly run: (ctx: StageContext, p: P) => Promise<Hashes>;
  /** The outputs as they are now, to tell whether a stage's last outputs are still in place. */
  readonly current: (ctx: StageContext, p: P) => Promise<Hashes | null>;
}

export const sha256 = (text: string | Buffer): string =>
  createHash("sha256").update(text).digest("hex").slice(0, 16);

const fileHash = (path: string): string | null =>
  existsSync(path) ? sha256(readFileSync(path)) : null;

async function withStore<T>(ctx: StageContext, use: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(ctx.storePath, { readOnly: true });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

/** The current dataset versions as one hash, and by dataset. */
async function datasetHashes(store: Store): Promise<Hashes> {
  const current = (await store.versions()).filter((v) => v.current);
  const by = Object.fromEntries(current.map((v) => [v.dataset, v.versionId]));
  const sorted = Object.keys(by).sort();
  return {
    datasets: sha256(sorted.map((d) => `${d}=${by[d]}`).join("\n")),
  };
}

/** Names, sizes and modification times of the files in a folder (no content read: fast). */
function folderListing(dir: string | null): string {
  if (!dir || !existsSync(dir)) return "";
  return readdirSync(dir)
    .sort()
    .map((f) => {
      const st = statSync(join(dir, f));
      return st.isFile() ? `${f}:${st.size}:${Math.round(st.mtimeMs)}` : "";
    })
    .join("\n");
}

const TASK = z.enum(Object.keys(TASKS) as [string, ...string[]]);

const ingest: Action<Record<string, never>> = {
  params: z.object({}).strict(),
  describe: () => "ingest every source (mirror, cache, download, synthetic demo)",
  externalInputs: (ctx) => ({
    sources: sha256(
      [
        folderListing(ctx.config.mirror),
        folderListing(join(ctx.config.home, "cache")),
        `synthetic=${ctx.config.synthetic};offline=${ctx.config.offline}`,
      ].join("\n--\n"),
    ),
  }),
  // Writes a copy of the store and swaps it in at the end: a run stopped half-way leaves the
  // workspace as it was, and readers (a running server) keep the old file until they reopen.
  run: async (ctx) => {
    const next = `${ctx.storePath}.next`;
    rmSync(next, { force: true });
    rmSync(`${next}.wal`, { force: true });
    if (existsSync(ctx.storePath)) copyFileSync(ctx.storePath, next);
    const store = await openStore(next);
    let report;
    try {
      report = await buildWorkspace(store, ctx.config);
    } finally {
      await store.close();
    }
    for (const s of report.sources)
      if (s.status === "failed") ctx.log(`source ${s.sourceId} failed: ${s.detail ?? ""}`);
    if (ctx.signal.aborted) {
      rmSync(next, { force: true });
      throw new BrechaError("BRECHA_PIPELINE_FAILED", "stopped before publishing the new store");
    }
    renameSync(next, ctx.storePath);
    return withStore(ctx, datasetHashes);
  },
  current: async (ctx) => (existsSync(ctx.storePath) ? withStore(ctx, datasetHashes) : null),
};

const VALIDATE = z
  .object({
    /** Datasets that must have a current version. */
    require: z.array(z.string()).default([]),
    /** Largest share of quarantined rows accepted in any current version. */
    maxQuarantineShare: z.number().min(0).max(1).default(0.05),
  })
  .strict();
const validate: Action<z.infer<typeof VALIDATE>> = {
  params: VALIDATE,
  describe: (p) =>
    `check the current datasets${p.require.length ? ` (${p.require.join(", ")} required)` : ""} and their quarantine (≤ ${(p.maxQuarantineShare * 100).toFixed(1)}%)`,
  run: async (ctx, p) => {
    const report = await withStore(ctx, async (store) => {
      const current = (await store.versions()).filter((v) => v.current);
      const have = new Set(current.map((v) => v.dataset));
      const missing = p.require.filter((d) => !have.has(d));
      const shares = current.map((v) => ({
        dataset: v.dataset,
        version: v.versionId,
        synthetic: v.provenance.synthetic,
        quarantineShare:
          v.provenance.recordsRead > 0 ? v.provenance.rowsRejected / v.provenance.recordsRead : 0,
      }));
      return { missing, datasets: shares };
    });
    const tooBad = report.datasets.filter((d) => d.quarantineShare > p.maxQuarantineShare);
    if (report.missing.length > 0 || tooBad.length > 0)
      throw new BrechaError(
        "BRECHA_PIPELINE_FAILED",
        [
          report.missing.length ? `missing datasets: ${report.missing.join(", ")}` : "",
          tooBad.length
            ? `quarantine above ${(p.maxQuarantineShare * 100).toFixed(1)}%: ${tooBad.map((d) => `${d.dataset} ${(d.quarantineShare * 100).toFixed(1)}%`).join(", ")}`
            : "",
        ]
          .filter(Boolean)
          .join("; "),
      );
    for (const d of report.datasets)
      ctx.measure("brecha_dataset_quarantine_share", d.quarantineShare, { dataset: d.dataset });
    const text = JSON.stringify(report, null, 2);
    writeFileAtomically(join(ctx.artefacts, "validation.json"), text);
    return { report: sha256(text) };
  },
  current: async (ctx) => {
    const h = fileHash(join(ctx.artefacts, "validation.json"));
    return h ? { report: h } : null;
  },
};

const TASK_PARAMS = z.object({ task: TASK }).strict();
const featuresFile = (ctx: StageContext, task: string) =>
  join(ctx.artefacts, `features-${task}.csv`);

const features: Action<z.infer<typeof TASK_PARAMS>> = {
  params: TASK_PARAMS,
  describe: (p) => `build the ${p.task} feature table`,
  run: async (ctx, p) => {
    const table = await withStore(ctx, (store) => buildTaskTable(store, p.task));
    const { x } = table;
    const lines = [["key", ...x.names, table.target].join(",")];
    for (let i = 0; i < x.rows; i++) {
      const row = [table.keys[i]!];
      for (let j = 0; j < x.cols; j++) {
        const v = x.data[i * x.cols + j]!;
        row.push(Number.isFinite(v) ? String(v) : "");
      }
      row.push(Number.isFinite(table.y[i]!) ? String(table.y[i]) : "");
      lines.push(row.join(","));
    }
    const text = `${lines.join("\n")}\n`;
    writeFileAtomically(featuresFile(ctx, p.task), text);
    ctx.log(`${x.rows} rows × ${x.cols} features`);
    return { table: sha256(text) };
  },
  current: async (ctx, p) => {
    const h = fileHash(featuresFile(ctx, p.task));
    return h ? { table: h } : null;
  },
};

const TRAIN = z
  .object({
    task: TASK,
    learner: z.enum(["gbt", "linear", "mlp"]).default("gbt"),
    folds: z.number().int().min(2).max(10).default(5),
    seed: z.number().int().min(0).default(1),
  })
  .strict();
const train: Action<z.infer<typeof TRAIN>> = {
  params: TRAIN,
  describe: (p) => `train a ${p.learner} model for ${p.task} (${p.folds} blocked folds)`,
  run: async (ctx, p) => {
    const table = await withStore(ctx, (store) => buildTaskTable(store, p.task));
    const { record } = await trainTask(table, { learner: p.learner, k: p.folds, seed: p.seed });
    await ctx.records.saveCandidate(record, ctx.actor);
    const metric = primaryMetric(record);
    ctx.measure("brecha_model_score", record.metrics.overall[metric] ?? NaN, {
      task: record.task,
      metric,
      model: record.id,
    });
    ctx.log(`model ${record.id}: ${metric} ${record.metrics.overall[metric]?.toFixed(4)}`);
    return { model: record.id };
  },
  current: async (ctx, p) => {
    const id = (await ctx.records.modelAliases())[p.task]?.candidate;
    return id ? { model: id } : null;
  },
};

const evaluate: Action<z.infer<typeof TASK_PARAMS>> = {
  params: TASK_PARAMS,
  describe: (p) => `promote the ${p.task} candidate if it beats production on the same folds`,
  run: async (ctx, p) => {
    let decision: string;
    try {
      const result = await ctx.records.promoteModel(`${p.task}:candidate`, {}, ctx.actor);
      decision = `promoted ${result.promoted.id}: ${result.reason}`;
    } catch (error) {
      if (!(error instanceof BrechaError) || error.code !== "BRECHA_MODEL_MISMATCH") throw error;
      decision = `kept production: ${error.message}`;
    }
    ctx.log(decision);
    const production = (await ctx.records.modelAliases())[p.task]?.production ?? "";
    writeFileAtomically(
      join(ctx.artefacts, `evaluation-${p.task}.json`),
      JSON.stringify({ task: p.task, production, decision }, null, 2),
    );
    return { production };
  },
  current: async (ctx, p) => {
    const production = (await ctx.records.modelAliases())[p.task]?.production;
    return production ? { production } : null;
  },
};

const predictionsFile = (ctx: StageContext, task: string) =>
  join(ctx.artefacts, `predictions-${task}.csv`);
const predictStage: Action<z.infer<typeof TASK_PARAMS>> = {
  params: TASK_PARAMS,
  describe: (p) => `predict ${p.task} with the production model and check drift`,
  run: async (ctx, p) => {
    const record = await ctx.records.resolveModel(p.task);
    const table = await withStore(ctx, (store) =>
      buildTaskTable(store, record.task, {
        groupBy: record.folds.by === "province" ? "province" : "department",
      }),
    );
    const x = alignMatrix(record, table.x);
    const predictions = predictTable(deserialiseModel(record.model), table, x);
    const drift = driftReport(record.profile, x);
    for (const d of drift)
      ctx.measure("brecha_model_drift_psi", d.psi, { task: record.task, feature: d.feature });
    const text = `key,predicted,observed\n${predictions
      .map((q) => `${q.key},${q.predicted},${q.observed ?? ""}`)
      .join("\n")}\n`;
    writeFileAtomically(predictionsFile(ctx, p.task), text);
    const drifting = drift.filter((d) => d.level === "drift").map((d) => d.feature);
    ctx.log(
      `${predictions.length} predictions by ${record.id}${drifting.length ? `; drift in ${drifting.join(", ")}` : ""}`,
    );
    return { predictions: sha256(text) };
  },
  current: async (ctx, p) => {
    const h = fileHash(predictionsFile(ctx, p.task));
    return h ? { predictions: h } : null;
  },
};

const PLAN = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("hubs"),
      department: z.string().regex(/^\d{2}$/),
      p: z.number().int().min(1).max(500),
      radiusKm: z.number().gt(0).max(200).default(10),
      scenario: scenarioNameField(),
    })
    .strict(),
  z
    .object({
      kind: z.literal("infra"),
      department: z.string().regex(/^\d{2}$/),
      budgetPen: z.number().min(0),
      scenario: scenarioNameField(),
    })
    .strict(),
]);
type PlanParams = z.infer<typeof PLAN>;
type Solved = { plan: unknown; summary: Record<string, number | string>; gap: number };

async function solveHubStage(
  ctx: StageContext,
  p: Extract<PlanParams, { kind: "hubs" }>,
): Promise<Solved> {
  const { places, populationNote } = await withStore(ctx, (store) =>
    loadHubPlaces(store, { department: p.department }),
  );
  const result = await planHubs(places, {
    p: p.p,
    radiusKm: p.radiusKm,
    objective: "coverage",
    populationNote,
    timeLimitS: 60,
  });
  return { plan: result, summary: hubPlanSummary(result), gap: result.gap };
}

async function solveInfraStage(
  ctx: StageContext,
  p: Extract<PlanParams, { kind: "infra" }>,
): Promise<Solved> {
  const { sites } = await withStore(ctx, (store) =>
    loadInfraSites(store, { department: p.department }),
  );
  const result = await planInfrastructure(sites, { budgetPen: p.budgetPen, timeLimitS: 60 });
  return { plan: result, summary: infraPlanSummary(result), gap: result.gap };
}

const plan: Action<PlanParams> = {
  params: PLAN,
  describe: (p) =>
    p.kind === "hubs"
      ? `plan ${p.p} hubs in department ${p.department} as scenario ${p.scenario}`
      : `plan ${p.budgetPen} PEN of infrastructure in department ${p.department} as scenario ${p.scenario}`,
  run: async (ctx, p) => {
    const started = performance.now();
    const datasetVersions = await withStore(ctx, currentDatasetVersions);
    const solved = p.kind === "hubs" ? await solveHubStage(ctx, p) : await solveInfraStage(ctx, p);
    const gap = solved.gap;
    await ctx.records.saveScenario(
      {
        name: p.scenario,
        kind: p.kind,
        params: { ...p },
        summary: solved.summary,
        plan: solved.plan,
        solver: { seconds: (performance.now() - started) / 1000, gap },
        datasetVersions,
      },
      ctx.actor,
    );
    ctx.measure("brecha_solver_seconds", (performance.now() - started) / 1000, { plan: p.kind });
    ctx.measure("brecha_solver_gap", gap, { plan: p.kind });
    return { scenario: (await ctx.records.scenarioHash(p.scenario)) ?? "" };
  },
  // The saved record's content hash (the same as the file's hash when scenarios were files).
  current: async (ctx, p) => {
    const h = await ctx.records.scenarioHash(p.scenario);
    return h ? { scenario: h } : null;
  },
};

const CLICKHOUSE = z
  .object({
    /** HTTP address of each node (default: store.clickhouse in the settings). */
    urls: z.array(z.url()).min(1).optional(),
    cluster: z.string().regex(/^\w+$/).optional(),
    database: z.string().regex(/^\w+$/).optional(),
  })
  .strict();
function clickhouseTarget(ctx: StageContext, p: z.infer<typeof CLICKHOUSE>, readOnly: boolean) {
  const connection = clickhouseConnection(ctx.config, p);
  if (!connection)
    throw new BrechaError(
      "BRECHA_CONFIG_INVALID",
      "publish-clickhouse needs params.urls or store.clickhouse.urls in the settings",
    );
  return { ...connection, readOnly };
}
const catalogueHash = async (store: Store) =>
  sha256(
    (await store.versions())
      .map((v) => `${v.dataset}@${v.versionId}:${v.current}`)
      .sort()
      .join("\n"),
  );
const publishClickhouse: Action<z.infer<typeof CLICKHOUSE>> = {
  params: CLICKHOUSE,
  describe: (p) =>
    `copy the workspace's dataset versions into ClickHouse${p.cluster ? ` (cluster ${p.cluster})` : ""}`,
  run: async (ctx, p) => {
    const target = await openClickHouseStore(clickhouseTarget(ctx, p, false));
    try {
      const copied = await withStore(ctx, (source) => copyStore(source, target));
      const added = copied.filter((c) => c.status !== "unchanged");
      ctx.log(`${copied.length} versions, ${added.length} new`);
      return { catalogue: await catalogueHash(target) };
    } finally {
      await target.close();
    }
  },
  current: async (ctx, p) => {
    try {
      const target = await openClickHouseStore(clickhouseTarget(ctx, p, true));
      try {
        return { catalogue: await catalogueHash(target) };
      } finally {
        await target.close();
      }
    } catch {
      return null;
    }
  },
};

export const ACTIONS = {
  ingest,
  validate,
  features,
  train,
  evaluate,
  predict: predictStage,
  plan,
  "publish-clickhouse": publishClickhouse,
} as const;

export type ActionName = keyof typeof ACTIONS;

/** An action with its parameters already checked by `params` (the runner's view). */
export const actionOf = (name: ActionName): Action<Record<string, unknown>> =>
  ACTIONS[name] as unknown as Action<Record<string, unknown>>;

/** Makes the artefact folder. */
export function ensureFolder(dir: string): void {
  mkdirSync(dir, { recursive: true });
}
