import { createRandom } from "../domain/index.ts";
import { predictGbt, predictGbtRaw, trainGbt, type GbtModel, type GbtParams } from "./gbt.ts";
import { linearContributions, predictLinear, trainLinear, type LinearModel } from "./linear.ts";
import type { FeatureMatrix } from "./matrix.ts";
import { predictMlp, predictMlpRaw, trainMlp, type MlpModel, type MlpParams } from "./mlp.ts";
import type { Objective } from "./metrics.ts";
import { expectedValue, treeShap } from "./tree-shap.ts";

export type TrainedModel = LinearModel | GbtModel | MlpModel;
export type LearnerKind = TrainedModel["kind"];

/** A learner and its hyper-parameters (a point of a search grid). */
export interface LearnerSpec {
  readonly kind: LearnerKind;
  readonly params: Readonly<Record<string, number>>;
}

/** One interface over the learners: fit (async: the network yields to the event loop between epochs), predict, explain. */
export async function fit(
  spec: LearnerSpec,
  objective: Objective,
  x: FeatureMatrix,
  y: Float64Array,
  seed = 1,
): Promise<TrainedModel> {
  if (spec.kind === "linear")
    return trainLinear(x, y, { objective, lambda: spec.params.lambda ?? 1 });
  if (spec.kind === "mlp")
    return trainMlp(x, y, { ...(spec.params as Partial<MlpParams>), objective, seed });
  return trainGbt(x, y, { ...(spec.params as Partial<GbtParams>), objective, seed });
}

export function predict(model: TrainedModel, x: FeatureMatrix): Float64Array {
  if (model.kind === "linear") return predictLinear(model, x);
  if (model.kind === "mlp") return predictMlp(model, x);
  return predictGbt(model, x);
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
  if (model.kind === "mlp") {
    const reference = Float64Array.from(model.mean);
    return baselineShapley((m) => predictMlpRaw(model, m), x, row, reference);
  }
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

/**
 * Shapley values of one prediction against a reference point (the training means): v(S) is the
 * model at x with the features outside S set to the reference. Exact over all 2^M coalitions up to
 * 12 features (one batched prediction); above that, 256 seeded random permutations. The values sum
 * to f(x) − f(reference).
 */
export function baselineShapley(
  rawPredict: (m: FeatureMatrix) => Float64Array,
  x: FeatureMatrix,
  row: number,
  reference: Float64Array,
): { base: number; contributions: Float64Array; raw: number } {
  const m = x.cols;
  const point = x.data.subarray(row * m, (row + 1) * m);
  const hybrid = (mask: (f: number) => boolean, out: Float64Array, at: number) => {
    for (let f = 0; f < m; f++) out[at + f] = mask(f) ? point[f]! : reference[f]!;
  };
  const contributions = new Float64Array(m);
  if (m <= 12) {
    const count = 1 << m;
    const data = new Float64Array(count * m);
    for (let s = 0; s < count; s++) hybrid((f) => (s & (1 << f)) !== 0, data, s * m);
    const v = rawPredict({ rows: count, cols: m, names: x.names, data });
    const factorial = [1];
    for (let k = 1; k <= m; k++) factorial.push(factorial[k - 1]! * k);
    for (let s = 0; s < count; s++) {
      let size = 0;
      for (let f = 0; f < m; f++) if (s & (1 << f)) size++;
      for (let f = 0; f < m; f++) {
        if (s & (1 << f)) continue;
        const weight = (factorial[size]! * factorial[m - size - 1]!) / factorial[m]!;
        contributions[f] = contributions[f]! + weight * (v[s | (1 << f)]! - v[s]!);
      }
    }
    return { base: v[0]!, contributions, raw: v[count - 1]! };
  }
  const permutations = 256;
  const random = createRandom(12345);
  const data = new Float64Array(permutations * (m + 1) * m);
  const orders: number[][] = [];
  for (let r = 0; r < permutations; r++) {
    const order = Array.from({ length: m }, (_, f) => f);
    for (let i = m - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    orders.push(order);
    const inS = new Uint8Array(m);
    for (let k = 0; k <= m; k++) {
      if (k > 0) inS[order[k - 1]!] = 1;
      hybrid((f) => inS[f] === 1, data, (r * (m + 1) + k) * m);
    }
  }
  const v = rawPredict({ rows: permutations * (m + 1), cols: m, names: x.names, data });
  orders.forEach((order, r) => {
    for (let k = 0; k < m; k++)
      contributions[order[k]!] =
        contributions[order[k]!]! + (v[r * (m + 1) + k + 1]! - v[r * (m + 1) + k]!) / permutations;
  });
  return { base: v[0]!, contributions, raw: v[m]! };
}

/** Default search grids (small: nested CV multiplies every point by the folds). */
export function defaultGrid(kind: LearnerKind, rows: number): LearnerSpec[] {
  if (kind === "linear") return [0.1, 1, 10, 100].map((lambda) => ({ kind, params: { lambda } }));
  if (kind === "mlp") {
    if (rows > 20_000)
      return [{ kind, params: { hidden1: 32, hidden2: 16, l2: 1e-4, epochs: 30 } }];
    return [
      { kind, params: { hidden1: 16, hidden2: 8, l2: 1e-3 } },
      { kind, params: { hidden1: 32, hidden2: 16, l2: 1e-4 } },
    ];
  }
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
