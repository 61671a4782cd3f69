import { createRandom } from "../domain/index.ts";

/** Regression metrics. */
export function r2(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < y.length; i++) mean += y[i]!;
  mean /= y.length;
  let sse = 0;
  let sst = 0;
  for (let i = 0; i < y.length; i++) {
    sse += (y[i]! - p[i]!) ** 2;
    sst += (y[i]! - mean) ** 2;
  }
  return sst === 0 ? 0 : 1 - sse / sst;
}

export function rmse(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (y[i]! - p[i]!) ** 2;
  return Math.sqrt(s / y.length);
}

export function mae(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += Math.abs(y[i]! - p[i]!);
  return s / y.length;
}

/** ROC AUC by ranks (Mann-Whitney), ties counted half. NaN when one class is absent. */
export function rocAuc(y: ArrayLike<number>, p: ArrayLike<number>): number {
  const order = Array.from({ length: y.length }, (_, i) => i).sort((a, b) => p[a]! - p[b]!);
  let positives = 0;
  let rankSum = 0;
  for (let k = 0; k < order.length;) {
    let end = k;
    while (end + 1 < order.length && p[order[end + 1]!] === p[order[k]!]) end++;
    const rank = (k + end) / 2 + 1;
    for (let j = k; j <= end; j++)
      if (y[order[j]!] === 1) {
        positives++;
        rankSum += rank;
      }
    k = end + 1;
  }
  const negatives = y.length - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export function brier(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (p[i]! - y[i]!) ** 2;
  return s / y.length;
}

export function logLoss(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(1 - 1e-15, Math.max(1e-15, p[i]!));
    s -= y[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return s / y.length;
}

/** Confusion-based metrics at a threshold. */
export function classification(
  y: ArrayLike<number>,
  p: ArrayLike<number>,
  threshold: number,
): { balancedAccuracy: number; f1: number; accuracy: number; precision: number; recall: number } {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < y.length; i++) {
    const predicted = p[i]! >= threshold;
    if (y[i] === 1) {
      if (predicted) tp++;
      else fn++;
    } else if (predicted) fp++;
    else tn++;
  }
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const specificity = tn + fp === 0 ? 0 : tn / (tn + fp);
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  return {
    balancedAccuracy: (recall + specificity) / 2,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    accuracy: (tp + tn) / y.length,
    precision,
    recall,
  };
}

/** Reliability curve: ten equal-width bins of predicted probability. */
export function reliability(
  y: ArrayLike<number>,
  p: ArrayLike<number>,
  bins = 10,
): Array<{ from: number; to: number; count: number; meanPredicted: number; observed: number }> {
  const sums = Array.from({ length: bins }, () => ({ count: 0, predicted: 0, observed: 0 }));
  for (let i = 0; i < y.length; i++) {
    const b = Math.min(bins - 1, Math.floor(p[i]! * bins));
    sums[b]!.count++;
    sums[b]!.predicted += p[i]!;
    sums[b]!.observed += y[i]!;
  }
  return sums.map((s, b) => ({
    from: b / bins,
    to: (b + 1) / bins,
    count: s.count,
    meanPredicted: s.count ? s.predicted / s.count : NaN,
    observed: s.count ? s.observed / s.count : NaN,
  }));
}

export type Objective = "regression" | "binary";

/** The metrics reported for a task; the first is the one models are compared on. */
export function metricsFor(
  objective: Objective,
  y: ArrayLike<number>,
  p: ArrayLike<number>,
  threshold = 0.5,
): Record<string, number> {
  if (objective === "regression") return { r2: r2(y, p), rmse: rmse(y, p), mae: mae(y, p) };
  const c = classification(y, p, threshold);
  return {
    rocAuc: rocAuc(y, p),
    brier: brier(y, p),
    logLoss: logLoss(y, p),
    balancedAccuracy: c.balancedAccuracy,
    f1: c.f1,
    accuracy: c.accuracy,
  };
}

/** Whether a larger value of the metric is better. */
export function higherIsBetter(metric: string): boolean {
  return !["rmse", "mae", "brier", "logLoss"].includes(metric);
}

/**
 * Percentile bootstrap 95% intervals of each metric, resampling whole groups (departments) with
 * replacement so the interval reflects the spatial blocks, seeded.
 */
export function bootstrapIntervals(
  objective: Objective,
  y: ArrayLike<number>,
  p: ArrayLike<number>,
  groups: readonly string[],
  { replicates = 500, seed = 1, threshold = 0.5 } = {},
): Record<string, [number, number]> {
  const byGroup = new Map<string, number[]>();
  groups.forEach((g, i) => {
    const list = byGroup.get(g);
    if (list) list.push(i);
    else byGroup.set(g, [i]);
  });
  const blocks = [...byGroup.values()];
  const random = createRandom(seed);
  const draws: Record<string, number[]> = {};
  for (let r = 0; r < replicates; r++) {
    const rows: number[] = [];
    for (let k = 0; k < blocks.length; k++)
      rows.push(...blocks[Math.floor(random() * blocks.length)]!);
    const ys = rows.map((i) => y[i]!);
    const ps = rows.map((i) => p[i]!);
    for (const [name, value] of Object.entries(metricsFor(objective, ys, ps, threshold)))
      if (Number.isFinite(value)) (draws[name] ??= []).push(value);
  }
  const out: Record<string, [number, number]> = {};
  for (const [name, values] of Object.entries(draws)) {
    values.sort((a, b) => a - b);
    out[name] = [
      values[Math.floor(0.025 * (values.length - 1))]!,
      values[Math.ceil(0.975 * (values.length - 1))]!,
    ];
  }
  return out;
}
