import { BrechaError, UsageError } from "../errors/index.ts";
import { profileFeatures } from "./drift.ts";
import { permutationImportance } from "./importance.ts";
import {
  defaultGrid,
  explainRow,
  fit,
  predict,
  type LearnerKind,
  type LearnerSpec,
  type TrainedModel,
} from "./learner.ts";
import { take, takeRows, type FeatureMatrix } from "./matrix.ts";
import {
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  recordId,
  serialiseModel,
  type ModelRecord,
} from "./model-file.ts";
import { reliability } from "./metrics.ts";
import { foldAssignmentHash } from "./registry.ts";
import type { TaskTable } from "./tasks.ts";
import { crossValidate, groupFolds } from "./validation.ts";

const MIN_ROWS = 30;

/**
 * Trains a model for a task table: blocked nested CV of the learner and of the linear baseline on
 * the same folds, a final fit on every labelled row with the hyper-parameters chosen most often,
 * permutation importance and the training feature profile (for drift). Rows whose target is
 * unknown are left out of training (they are what the model is for).
 */
export async function trainTask(
  table: TaskTable,
  {
    learner = "gbt",
    k = 5,
    seed = 1,
    grid,
    groupBy = "department",
  }: {
    learner?: LearnerKind;
    k?: number;
    seed?: number;
    grid?: LearnerSpec[];
    groupBy?: string;
  } = {},
): Promise<{ record: ModelRecord; model: TrainedModel }> {
  const started = performance.now();
  const labelled: number[] = [];
  table.y.forEach((v, i) => Number.isFinite(v) && labelled.push(i));
  if (labelled.length < MIN_ROWS)
    throw new BrechaError(
      "BRECHA_NOT_FOUND",
      `task ${table.task}: only ${labelled.length} rows have a known ${table.target}; at least ${MIN_ROWS} are needed to train and validate`,
    );
  const x = takeRows(table.x, labelled);
  const y = take(table.y, labelled);
  const groups = labelled.map((i) => table.groups[i]!);
  const keys = labelled.map((i) => table.keys[i]!);
  const blocks = new Set(groups).size;
  if (blocks < k)
    throw new UsageError(
      "BRECHA_USAGE",
      `blocked CV with ${k} folds needs ${k} ${groupBy}s with data; there are ${blocks}: use --folds ${Math.max(2, blocks)} or more data`,
    );
  const searchGrid = grid ?? defaultGrid(learner, labelled.length);
  const cv = await crossValidate({
    objective: table.objective,
    x,
    y,
    groups,
    grid: searchGrid,
    k,
    seed,
  });
  const baseline = await crossValidate({
    objective: table.objective,
    x,
    y,
    groups,
    grid: defaultGrid("linear", labelled.length),
    k,
    seed,
  });
  // The final model: the grid point the outer folds chose most often.
  const votes = new Map<string, { spec: LearnerSpec; n: number }>();
  for (const spec of cv.chosen) {
    const key = JSON.stringify(spec);
    votes.set(key, { spec, n: (votes.get(key)?.n ?? 0) + 1 });
  }
  const spec = [...votes.values()].sort((a, b) => b.n - a.n)[0]!.spec;
  const model = await fit(spec, table.objective, x, y, seed);
  // Importance on held-out departments (out of fold), with its spread over 5 in-sample shuffles.
  const spread = new Map(
    permutationImportance(model, table.objective, x, y, { seed }).map((i) => [i.feature, i.sd]),
  );
  const importance = cv.importance.map((i) => ({ ...i, sd: spread.get(i.feature) ?? 0 }));
  const folds = groupFolds(groups, k);
  const body: Omit<ModelRecord, "id"> = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    task: table.task,
    objective: table.objective,
    target: table.target,
    features: table.x.names,
    learner: spec,
    datasetVersions: table.datasetVersions,
    synthetic: table.synthetic,
    rows: labelled.length,
    folds: { by: groupBy, k, assignment: foldAssignmentHash(keys, folds, y) },
    metrics: {
      overall: cv.overall,
      intervals: cv.intervals,
      perFold: cv.perFold,
      baseline: baseline.overall,
      baselinePerFold: baseline.perFold,
      ...(table.objective === "regression"
        ? { interval: conformalInterval(y, cv.predictions, groupFolds(groups, k), 0.8) }
        : {}),
      ...(table.objective === "binary"
        ? { reliability: reliability(y, cv.predictions).filter((b) => b.count > 0) }
        : {}),
    },
    importance,
    profile: profileFeatures(x),
    trainedAt: new Date().toISOString(),
    trainingMs: Math.round(performance.now() - started),
    seed,
    model: serialiseModel(model),
  };
  return { record: { ...body, id: recordId(body) }, model };
}

export interface Prediction {
  readonly key: string;
  readonly label: string | null;
  readonly predicted: number;
  /** Observed value when known (then residual = observed − predicted). */
  readonly observed: number | null;
  readonly residual: number | null;
}

/** Predictions for every row of a table, with residuals where the target is known. */
export function predictTable(
  model: TrainedModel,
  table: TaskTable,
  x: FeatureMatrix = table.x,
): Prediction[] {
  const p = predict(model, x);
  return table.keys.map((key, i) => {
    const observed = Number.isFinite(table.y[i]!) ? table.y[i]! : null;
    return {
      key,
      label: table.labels[i] ?? null,
      predicted: p[i]!,
      observed,
      residual: observed === null ? null : observed - p[i]!,
    };
  });
}

/**
 * One prediction explained in words: the features that moved it most from the model's average,
 * largest first (TreeSHAP or linear contributions; log-odds for probabilities).
 */
export function explainInWords(
  record: Pick<ModelRecord, "objective" | "target">,
  model: TrainedModel,
  x: FeatureMatrix,
  row: number,
  lang: "es" | "en" = "es",
  top = 3,
): {
  base: number;
  contributions: Array<{ feature: string; value: number | null; effect: number }>;
  text: string;
} {
  const { base, contributions } = explainRow(model, x, row);
  const list = x.names
    .map((feature, f) => {
      const v = x.data[row * x.cols + f]!;
      return { feature, value: Number.isNaN(v) ? null : v, effect: contributions[f]! };
    })
    .sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect));
  const scale =
    record.objective === "binary" ? (lang === "es" ? " (log-odds)" : " (log-odds)") : "";
  const phrase = (c: (typeof list)[number]) => {
    const value =
      c.value === null ? (lang === "es" ? "sin dato" : "missing") : formatValue(c.value);
    const direction =
      c.effect >= 0 ? (lang === "es" ? "sube" : "raises") : lang === "es" ? "baja" : "lowers";
    return lang === "es"
      ? `${c.feature} = ${value} ${direction} la predicción en ${formatValue(Math.abs(c.effect))}${scale}`
      : `${c.feature} = ${value} ${direction} the prediction by ${formatValue(Math.abs(c.effect))}${scale}`;
  };
  const parts = list
    .slice(0, top)
    .filter((c) => Math.abs(c.effect) > 1e-12)
    .map(phrase);
  const intro =
    lang === "es"
      ? `Promedio del modelo ${formatValue(base)}${scale}`
      : `Model average ${formatValue(base)}${scale}`;
  return { base, contributions: list, text: `${intro}; ${parts.join("; ")}` };
}

function formatValue(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(3);
}

/**
 * Split-conformal interval from out-of-fold residuals: the half-width is the ⌈(n+1)·level⌉-th
 * smallest |residual|. Its blocked coverage recomputes the half-width for each fold from the other
 * folds only and counts the fold's cases inside, which is what new departments would see.
 */
export function conformalInterval(
  y: Float64Array,
  predictions: Float64Array,
  folds: Int32Array,
  level: number,
): { level: number; halfWidth: number; blockedCoverage: number } {
  const quantile = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const rank = Math.min(sorted.length, Math.ceil((sorted.length + 1) * level));
    return sorted[rank - 1] ?? Infinity;
  };
  const residuals = Array.from(y, (v, i) => Math.abs(v - predictions[i]!));
  const k = Math.max(...folds) + 1;
  let inside = 0;
  for (let f = 0; f < k; f++) {
    const width = quantile(residuals.filter((_, i) => folds[i] !== f));
    residuals.forEach((r, i) => {
      if (folds[i] === f && r <= width) inside++;
    });
  }
  return { level, halfWidth: quantile(residuals), blockedCoverage: inside / residuals.length };
}
