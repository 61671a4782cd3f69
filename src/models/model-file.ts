import { createHash } from "node:crypto";
import { z } from "zod";
import { BrechaError } from "../errors/index.ts";
import type { FeatureProfile } from "./drift.ts";
import type { GbtModel, GbtParams, Tree } from "./gbt.ts";
import type { LearnerSpec, TrainedModel } from "./learner.ts";
import type { LinearModel } from "./linear.ts";
import type { FeatureMatrix } from "./matrix.ts";
import type { DenseLayer, MlpModel } from "./mlp.ts";
import type { Objective } from "./metrics.ts";

export const MODEL_FORMAT = "brecha-model";
export const MODEL_FORMAT_VERSION = 1;

/** Everything the registry keeps about a trained model. */
export interface ModelRecord {
  readonly format: typeof MODEL_FORMAT;
  readonly formatVersion: number;
  /** First 16 hex digits of the SHA-256 of the record without its id: the content hash. */
  readonly id: string;
  readonly task: string;
  readonly objective: Objective;
  readonly target: string;
  readonly features: readonly string[];
  readonly learner: LearnerSpec;
  /** Dataset versions the training table was built from. */
  readonly datasetVersions: Readonly<Record<string, string>>;
  readonly synthetic: readonly string[];
  readonly rows: number;
  /** How the validation folds were made; promotion compares models on identical folds only. */
  readonly folds: { readonly by: string; readonly k: number; readonly assignment: string };
  readonly metrics: {
    readonly overall: Record<string, number>;
    readonly intervals: Record<string, [number, number]>;
    readonly perFold: ReadonlyArray<Record<string, number>>;
    readonly baseline: Record<string, number>;
    readonly baselinePerFold: ReadonlyArray<Record<string, number>>;
    /** Regression tasks: conformal prediction interval from the out-of-fold residuals. */
    readonly interval?: {
      readonly level: number;
      /** prediction ± halfWidth covers `level` of the out-of-fold cases. */
      readonly halfWidth: number;
      /** Coverage when each fold's half-width comes from the other folds only (blocked check). */
      readonly blockedCoverage: number;
    };
    /** Binary tasks: out-of-fold reliability curve (mean predicted vs observed rate per bin). */
    readonly reliability?: ReadonlyArray<{
      from: number;
      to: number;
      count: number;
      meanPredicted: number;
      observed: number;
    }>;
  };
  readonly importance: ReadonlyArray<{ feature: string; drop: number; sd: number }>;
  readonly profile: readonly FeatureProfile[];
  readonly trainedAt: string;
  readonly trainingMs: number;
  readonly seed: number;
  readonly model: unknown;
}

const treeToJson = (t: Tree) => ({
  feature: Array.from(t.feature),
  threshold: Array.from(t.threshold),
  missingLeft: Array.from(t.missingLeft),
  left: Array.from(t.left),
  right: Array.from(t.right),
  value: Array.from(t.value),
  cover: Array.from(t.cover),
});

export function serialiseModel(model: TrainedModel): unknown {
  if (model.kind === "linear")
    return {
      ...model,
      mean: Array.from(model.mean),
      scale: Array.from(model.scale),
      coef: Array.from(model.coef),
    };
  if (model.kind === "mlp")
    return {
      ...model,
      mean: Array.from(model.mean),
      scale: Array.from(model.scale),
      layers: model.layers.map((l) => ({
        ...l,
        kernel: Array.from(l.kernel),
        bias: Array.from(l.bias),
      })),
    };
  return { ...model, trees: model.trees.map(treeToJson), gain: Array.from(model.gain) };
}

function mismatch(message: string): never {
  throw new BrechaError("BRECHA_MODEL_MISMATCH", message);
}

function numbers(value: unknown, what: string): number[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== "number"))
    mismatch(`the model file is damaged: ${what} is not a list of numbers`);
  return value as number[];
}

export function deserialiseModel(value: unknown): TrainedModel {
  const m = value as Record<string, unknown>;
  if (m?.kind === "linear")
    return {
      ...(m as unknown as LinearModel),
      mean: Float64Array.from(numbers(m.mean, "mean")),
      scale: Float64Array.from(numbers(m.scale, "scale")),
      coef: Float64Array.from(numbers(m.coef, "coef")),
    };
  if (m?.kind === "mlp") {
    if (!Array.isArray(m.layers)) mismatch("the model file is damaged: no layers");
    return {
      ...(m as unknown as MlpModel),
      mean: Float64Array.from(numbers(m.mean, "mean")),
      scale: Float64Array.from(numbers(m.scale, "scale")),
      layers: (m.layers as Array<Record<string, unknown>>).map((l, k) => ({
        ...(l as unknown as DenseLayer),
        kernel: Float64Array.from(numbers(l.kernel, `layer ${k} kernel`)),
        bias: Float64Array.from(numbers(l.bias, `layer ${k} bias`)),
      })),
    };
  }
  if (m?.kind === "gbt") {
    if (!Array.isArray(m.trees)) mismatch("the model file is damaged: no trees");
    const trees = (m.trees as Array<Record<string, unknown>>).map((t, k): Tree => ({
      feature: Int32Array.from(numbers(t.feature, `tree ${k} feature`)),
      threshold: Float64Array.from(numbers(t.threshold, `tree ${k} threshold`)),
      missingLeft: Uint8Array.from(numbers(t.missingLeft, `tree ${k} missingLeft`)),
      left: Int32Array.from(numbers(t.left, `tree ${k} left`)),
      right: Int32Array.from(numbers(t.right, `tree ${k} right`)),
      value: Float64Array.from(numbers(t.value, `tree ${k} value`)),
      cover: Float64Array.from(numbers(t.cover, `tree ${k} cover`)),
    }));
    return {
      kind: "gbt",
      params: m.params as GbtParams,
      features: m.features as string[],
      base: Number(m.base),
      trees,
      gain: Float64Array.from(numbers(m.gain, "gain")),
    } satisfies GbtModel;
  }
  return mismatch(`unknown learner "${String(m?.kind)}" in the model file`);
}

const NUMBERS = z.record(z.string(), z.number());
const RECORD_SHAPE = z.looseObject({
  id: z.string().regex(/^[0-9a-f]{16}$/),
  task: z.string(),
  objective: z.enum(["regression", "binary"]),
  target: z.string(),
  features: z.array(z.string()).min(1),
  learner: z.looseObject({ kind: z.enum(["linear", "gbt", "mlp"]) }),
  datasetVersions: z.record(z.string(), z.string()),
  synthetic: z.array(z.string()),
  rows: z.number().int().min(0),
  folds: z.object({ by: z.string(), k: z.number().int(), assignment: z.string() }),
  metrics: z.looseObject({
    overall: NUMBERS,
    intervals: z.record(z.string(), z.tuple([z.number(), z.number()])),
    perFold: z.array(NUMBERS),
    baseline: NUMBERS,
    baselinePerFold: z.array(NUMBERS),
  }),
  importance: z.array(z.object({ feature: z.string(), drop: z.number(), sd: z.number() })),
  profile: z.array(z.unknown()),
  trainedAt: z.string(),
  trainingMs: z.number(),
  seed: z.number(),
  model: z.unknown(),
});

/** Content hash of a record (without its id). */
export function recordId(record: Omit<ModelRecord, "id">): string {
  return createHash("sha256").update(JSON.stringify(record)).digest("hex").slice(0, 16);
}

/** Parses and checks a stored record: format, version, and that its content matches its id. */
export function parseRecord(text: string, source: string): ModelRecord {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return mismatch(`${source} is not a model file (not JSON)`);
  }
  if (value.format !== MODEL_FORMAT) mismatch(`${source} is not a Brecha model file`);
  if (value.formatVersion !== MODEL_FORMAT_VERSION)
    mismatch(
      `${source} has model format version ${String(value.formatVersion)}; this Brecha reads version ${MODEL_FORMAT_VERSION}: retrain the model`,
    );
  const { id, ...rest } = value;
  if (recordId(rest as Omit<ModelRecord, "id">) !== id)
    mismatch(`${source}: its content does not match its id ${String(id)} (the file was altered)`);
  // The record's shape; the learner's own parameters are checked when the model is rebuilt.
  const shape = RECORD_SHAPE.safeParse(value);
  if (!shape.success) {
    const issue = shape.error.issues[0]!;
    mismatch(`${source}: ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  return value as unknown as ModelRecord;
}

/**
 * Arranges the given columns in the model's feature order; fails naming the features that are
 * missing, and refuses non-numeric values.
 */
export function alignFeatures(
  record: Pick<ModelRecord, "id" | "features">,
  names: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<number | null>>,
): FeatureMatrix {
  const at = record.features.map((f) => names.indexOf(f));
  const lacking = record.features.filter((_, k) => at[k]! < 0);
  if (lacking.length > 0)
    mismatch(
      `model ${record.id} expects features ${record.features.join(", ")}; the data lack ${lacking.join(", ")}`,
    );
  const cols = record.features.length;
  const data = new Float64Array(rows.length * cols);
  rows.forEach((row, i) =>
    at.forEach((c, f) => {
      const v = row[c];
      if (v !== null && v !== undefined && typeof v !== "number")
        mismatch(
          `row ${i + 1}, feature ${record.features[f]}: expected a number, got ${JSON.stringify(v)}`,
        );
      data[i * cols + f] = v === null || v === undefined ? NaN : v;
    }),
  );
  return { rows: rows.length, cols, names: record.features, data };
}

/** `alignFeatures` for a feature matrix whose columns are named (a task table's `x`). */
export function alignMatrix(
  record: Pick<ModelRecord, "id" | "features">,
  x: FeatureMatrix,
): FeatureMatrix {
  return alignFeatures(
    record,
    x.names,
    Array.from({ length: x.rows }, (_, i) =>
      Array.from(x.data.subarray(i * x.cols, (i + 1) * x.cols), (v) =>
        Number.isNaN(v) ? null : v,
      ),
    ),
  );
}
