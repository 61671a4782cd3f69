import type { FeatureMatrix } from "./matrix.ts";

/**
 * Linear (ridge) and logistic regression: the baseline every other learner must beat. Features are
 * standardised with the training mean and standard deviation; a missing value takes the training
 * mean (0 after standardising). Ridge solves (XᵀX + λI)β = Xᵀy by Cholesky; logistic regression
 * runs Newton's method (IRLS) with the same L2 penalty. The intercept is not penalised.
 */
export interface LinearModel {
  readonly kind: "linear";
  readonly objective: "regression" | "binary";
  readonly features: readonly string[];
  readonly lambda: number;
  readonly mean: Float64Array;
  readonly scale: Float64Array;
  /** Coefficients on the standardised features. */
  readonly coef: Float64Array;
  readonly intercept: number;
}

export interface LinearParams {
  readonly objective: "regression" | "binary";
  readonly lambda: number;
}

export const DEFAULT_LINEAR_PARAMS: LinearParams = { objective: "regression", lambda: 1 };

export function columnStats(x: FeatureMatrix): { mean: Float64Array; scale: Float64Array } {
  const { rows, cols, data } = x;
  const mean = new Float64Array(cols);
  const scale = new Float64Array(cols);
  for (let f = 0; f < cols; f++) {
    let s = 0;
    let c = 0;
    for (let i = 0; i < rows; i++) {
      const v = data[i * cols + f]!;
      if (!Number.isNaN(v)) {
        s += v;
        c++;
      }
    }
    const m = c > 0 ? s / c : 0;
    let ss = 0;
    for (let i = 0; i < rows; i++) {
      const v = data[i * cols + f]!;
      if (!Number.isNaN(v)) ss += (v - m) ** 2;
    }
    mean[f] = m;
    scale[f] = c > 1 && ss > 0 ? Math.sqrt(ss / (c - 1)) : 1;
  }
  return { mean, scale };
}

/** Standardised design matrix (row-major), missing → 0. */
export function standardised(
  x: FeatureMatrix,
  mean: Float64Array,
  scale: Float64Array,
): Float64Array {
  const { rows, cols, data } = x;
  const z = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++)
    for (let f = 0; f < cols; f++) {
      const v = data[i * cols + f]!;
      z[i * cols + f] = Number.isNaN(v) ? 0 : (v - mean[f]!) / scale[f]!;
    }
  return z;
}

/** Solves A b = r for a symmetric positive definite A (k × k, row-major) by Cholesky. */
export function choleskySolve(a: Float64Array, r: Float64Array, k: number): Float64Array {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j <= i; j++) {
      let s = a[i * k + j]!;
      for (let m = 0; m < j; m++) s -= l[i * k + m]! * l[j * k + m]!;
      if (i === j) {
        if (!(s > 0)) throw new RangeError("choleskySolve: the matrix is not positive definite");
        l[i * k + i] = Math.sqrt(s);
      } else l[i * k + j] = s / l[j * k + j]!;
    }
  const w = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = r[i]!;
    for (let m = 0; m < i; m++) s -= l[i * k + m]! * w[m]!;
    w[i] = s / l[i * k + i]!;
  }
  const b = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let s = w[i]!;
    for (let m = i + 1; m < k; m++) s -= l[m * k + i]! * b[m]!;
    b[i] = s / l[i * k + i]!;
  }
  return b;
}

export function trainLinear(
  x: FeatureMatrix,
  y: Float64Array,
  params: Partial<LinearParams> = {},
): LinearModel {
  const { objective, lambda } = { ...DEFAULT_LINEAR_PARAMS, ...params };
  const { rows, cols } = x;
  if (y.length !== rows) throw new RangeError(`trainLinear: ${y.length} targets for ${rows} rows`);
  if (rows === 0) throw new RangeError("trainLinear: no rows");
  const { mean, scale } = columnStats(x);
  const z = standardised(x, mean, scale);
  const k = cols + 1; // last column: intercept
  let beta: Float64Array = new Float64Array(k);
  const iterations = objective === "binary" ? 50 : 1;
  if (objective === "binary") {
    const rate = y.reduce((a, b) => a + b, 0) / rows;
    beta[cols] = Math.log(Math.max(rate, 1e-6) / Math.max(1 - rate, 1e-6));
  }
  for (let it = 0; it < iterations; it++) {
    // Weighted normal equations: A = Zᵀ W Z + λ I (intercept unpenalised), r = Zᵀ (W t).
    const a = new Float64Array(k * k);
    const r = new Float64Array(k);
    const row = new Float64Array(k);
    for (let i = 0; i < rows; i++) {
      for (let f = 0; f < cols; f++) row[f] = z[i * cols + f]!;
      row[cols] = 1;
      let w = 1;
      let target = y[i]!;
      if (objective === "binary") {
        let eta = 0;
        for (let f = 0; f < k; f++) eta += row[f]! * beta[f]!;
        const q = 1 / (1 + Math.exp(-eta));
        w = Math.max(q * (1 - q), 1e-10);
        target = eta + (y[i]! - q) / w; // IRLS working response
      }
      for (let f = 0; f < k; f++) {
        const wf = w * row[f]!;
        r[f] = r[f]! + wf * target;
        for (let g = 0; g <= f; g++) a[f * k + g] = a[f * k + g]! + wf * row[g]!;
      }
    }
    for (let f = 0; f < k; f++) for (let g = 0; g < f; g++) a[g * k + f] = a[f * k + g]!;
    for (let f = 0; f < cols; f++) a[f * k + f] = a[f * k + f]! + lambda;
    a[cols * k + cols] = a[cols * k + cols]! + 1e-9;
    const next = choleskySolve(a, r, k);
    let change = 0;
    for (let f = 0; f < k; f++) change = Math.max(change, Math.abs(next[f]! - beta[f]!));
    beta = next;
    if (change < 1e-8) break;
  }
  return {
    kind: "linear",
    objective,
    features: x.names,
    lambda,
    mean,
    scale,
    coef: beta.slice(0, cols),
    intercept: beta[cols]!,
  };
}

/** Linear predictor per row (log-odds for binary models). */
export function predictLinearRaw(model: LinearModel, x: FeatureMatrix): Float64Array {
  const { rows, cols, data } = x;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = model.intercept;
    for (let f = 0; f < cols; f++) {
      const v = data[i * cols + f]!;
      if (!Number.isNaN(v)) s += (model.coef[f]! * (v - model.mean[f]!)) / model.scale[f]!;
    }
    out[i] = s;
  }
  return out;
}

export function predictLinear(model: LinearModel, x: FeatureMatrix): Float64Array {
  const raw = predictLinearRaw(model, x);
  if (model.objective === "binary")
    for (let i = 0; i < raw.length; i++) raw[i] = 1 / (1 + Math.exp(-raw[i]!));
  return raw;
}

/**
 * Per-feature contributions to the linear predictor: coef × standardised value (0 for a missing
 * value). With independent features these are the exact Shapley values; they sum, with the
 * intercept, to the prediction.
 */
export function linearContributions(
  model: LinearModel,
  x: FeatureMatrix,
  row: number,
): Float64Array {
  const out = new Float64Array(x.cols);
  for (let f = 0; f < x.cols; f++) {
    const v = x.data[row * x.cols + f]!;
    out[f] = Number.isNaN(v) ? 0 : (model.coef[f]! * (v - model.mean[f]!)) / model.scale[f]!;
  }
  return out;
}
