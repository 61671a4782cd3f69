import { predictGbt, predictGbtRaw, trainGbt, type GbtModel, type GbtParams } from "./gbt.ts";
import { linearContributions, predictLinear, trainLinear, type LinearModel } from "./linear.ts";
import type { FeatureMatrix } from "./matrix.ts";
import type { Objective } from "./metrics.ts";
import { expectedValue, treeShap } from "./tree-shap.ts";

export type TrainedModel = LinearModel | GbtModel;
export type LearnerKind = TrainedModel["kind"];

/** A learner and its hyper-parameters (a point of a search grid). */
export interface LearnerSpec {
  readonly kind: LearnerKind;
  readonly params: Readonly<Record<string, number>>;
}

/** One interface over the learners: fit, predict, explain. */
export function fit(
  spec: LearnerSpec,
  objective: Objective,
  x: FeatureMatrix,
  y: Float64Array,
  seed = 1,
): TrainedModel {
  if (spec.kind === "linear")
    return trainLinear(x, y, { objective, lambda: spec.params.lambda ?? 1 });
  return trainGbt(x, y, { ...(spec.params as Partial<GbtParams>), objective, seed });
}

export function predict(model: TrainedModel, x: FeatureMatrix): Float64Array {
  return model.kind === "linear" ? predictLinear(model, x) : predictGbt(model, x);
}

/**
 * Additive attribution of one prediction on the model's raw scale (log-odds for binary models):
 * base + Σ contributions = raw prediction. TreeSHAP for trees, coefficient × standardised value
 * for linear models.
 */
export function explainRow(
  model: TrainedModel,
  x: FeatureMatrix,
  row: number,
): { base: number; contributions: Float64Array; raw: number } {
  if (model.kind === "linear") {
    const contributions = linearContributions(model, x, row);
    return {
      base: model.intercept,
      contributions,
      raw: contributions.reduce((a, b) => a + b, model.intercept),
    };
  }
  const contributions = new Float64Array(x.cols);
  let base = model.base;
  for (const tree of model.trees) {
    treeShap(tree, x.data, row * x.cols, contributions);
    base += expectedValue(tree);
  }
  const single: FeatureMatrix = {
    ...x,
    rows: 1,
    data: x.data.subarray(row * x.cols, (row + 1) * x.cols),
  };
  return { base, contributions, raw: predictGbtRaw(model, single)[0]! };
}

/** Default search grids (small: nested CV multiplies every point by the folds). */
export function defaultGrid(kind: LearnerKind, rows: number): LearnerSpec[] {
  if (kind === "linear") return [0.1, 1, 10, 100].map((lambda) => ({ kind, params: { lambda } }));
  const leaf = Math.max(5, Math.min(20, Math.floor(rows / 100)));
  const common = { minSamplesLeaf: leaf, subsample: 0.8, colsample: 0.8 };
  // Large tables: one sensible point (the nested search would cost folds × grid × inner folds fits).
  if (rows > 20_000)
    return [{ kind, params: { maxLeaves: 31, learningRate: 0.1, rounds: 100, ...common } }];
  return [
    { maxLeaves: 7, learningRate: 0.05, rounds: 300 },
    { maxLeaves: 15, learningRate: 0.05, rounds: 200 },
    { maxLeaves: 31, learningRate: 0.1, rounds: 100 },
  ].map((p) => ({ kind, params: { ...p, ...common } }));
}
