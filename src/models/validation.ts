import { take, takeRows, type FeatureMatrix } from "./matrix.ts";
import { fit, predict, type LearnerSpec } from "./learner.ts";
import { permutationImportance } from "./importance.ts";
import { bootstrapIntervals, higherIsBetter, metricsFor, type Objective } from "./metrics.ts";

/**
 * Spatially blocked folds: whole groups (departments or provinces) go to one fold, so a district's
 * neighbours never sit in its training set. Groups are dealt largest first to the fold with the
 * fewest rows (deterministic).
 */
export function groupFolds(groups: readonly string[], k: number): Int32Array {
  const sizes = new Map<string, number>();
  for (const g of groups) sizes.set(g, (sizes.get(g) ?? 0) + 1);
  if (sizes.size < k)
    throw new RangeError(`blocked CV needs at least ${k} groups, the data have ${sizes.size}`);
  const order = [...sizes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const load = new Array<number>(k).fill(0);
  const foldOf = new Map<string, number>();
  for (const [g, size] of order) {
    let best = 0;
    for (let f = 1; f < k; f++) if (load[f]! < load[best]!) best = f;
    foldOf.set(g, best);
    load[best] = load[best]! + size;
  }
  return Int32Array.from(groups, (g) => foldOf.get(g)!);
}

export interface CrossValidation {
  readonly folds: number;
  /** Out-of-fold predictions, one per row. */
  readonly predictions: Float64Array;
  readonly perFold: ReadonlyArray<Record<string, number>>;
  readonly overall: Record<string, number>;
  /** 95% intervals by block bootstrap over groups. */
  readonly intervals: Record<string, [number, number]>;
  /** The grid point chosen by the inner search in each outer fold. */
  readonly chosen: readonly LearnerSpec[];
  /** Classification threshold used for balanced accuracy and F1 (the base rate). */
  readonly threshold: number;
  /** Permutation importance measured on the held-out folds (row-weighted mean over folds). */
  readonly importance: ReadonlyArray<{ feature: string; drop: number }>;
}

function split(fold: Int32Array, f: number): { train: number[]; test: number[] } {
  const train: number[] = [];
  const test: number[] = [];
  fold.forEach((v, i) => (v === f ? test : train).push(i));
  return { train, test };
}

/**
 * Blocked k-fold cross-validation with a nested search: in each outer fold, the grid is scored by
 * an inner blocked CV over the training groups only; the best point is refitted on the whole
 * outer training set and scored on the held-out groups. The outer scores never see the data that
 * chose the hyper-parameters.
 */
export async function crossValidate({
  objective,
  x,
  y,
  groups,
  grid,
  k = 5,
  innerK = 3,
  seed = 1,
}: {
  objective: Objective;
  x: FeatureMatrix;
  y: Float64Array;
  groups: readonly string[];
  grid: readonly LearnerSpec[];
  k?: number;
  innerK?: number;
  seed?: number;
}): Promise<CrossValidation> {
  if (grid.length === 0) throw new RangeError("crossValidate: empty grid");
  const fold = groupFolds(groups, k);
  const predictions = new Float64Array(y.length);
  let rate = 0;
  for (let i = 0; i < y.length; i++) rate += y[i]!;
  const threshold = objective === "binary" ? rate / y.length : 0.5;
  const perFold: Array<Record<string, number>> = [];
  const chosen: LearnerSpec[] = [];
  const importanceSum = new Map<string, number>();
  for (let f = 0; f < k; f++) {
    const { train, test } = split(fold, f);
    const xTrain = takeRows(x, train);
    const yTrain = take(y, train);
    let spec = grid[0]!;
    if (grid.length > 1) {
      const innerGroups = train.map((i) => groups[i]!);
      const inner = groupFolds(innerGroups, Math.min(innerK, new Set(innerGroups).size));
      const innerFolds = Math.max(...inner) + 1;
      let bestScore = -Infinity;
      for (const candidate of grid) {
        const innerPredictions = new Float64Array(train.length);
        for (let g = 0; g < innerFolds; g++) {
          const part = split(inner, g);
          const model = await fit(
            candidate,
            objective,
            takeRows(xTrain, part.train),
            take(yTrain, part.train),
            seed,
          );
          const p = predict(model, takeRows(xTrain, part.test));
          part.test.forEach((i, j) => (innerPredictions[i] = p[j]!));
        }
        const metrics = metricsFor(objective, yTrain, innerPredictions, threshold);
        const primary = objective === "regression" ? "rmse" : "logLoss";
        const score = higherIsBetter(primary) ? metrics[primary]! : -metrics[primary]!;
        if (score > bestScore) {
          bestScore = score;
          spec = candidate;
        }
      }
    }
    chosen.push(spec);
    const model = await fit(spec, objective, xTrain, yTrain, seed);
    const xTest = takeRows(x, test);
    const yTest = take(y, test);
    const p = predict(model, xTest);
    test.forEach((i, j) => (predictions[i] = p[j]!));
    // Importance on the held-out departments, weighted by their rows.
    for (const { feature, drop } of permutationImportance(model, objective, xTest, yTest, { seed }))
      importanceSum.set(
        feature,
        (importanceSum.get(feature) ?? 0) + (drop * test.length) / y.length,
      );
    perFold.push(metricsFor(objective, take(y, test), p, threshold));
  }
  return {
    folds: k,
    predictions,
    perFold,
    overall: metricsFor(objective, y, predictions, threshold),
    intervals: bootstrapIntervals(objective, y, predictions, groups, { seed, threshold }),
    chosen,
    threshold,
    importance: [...importanceSum]
      .map(([feature, drop]) => ({ feature, drop }))
      .sort((a, b) => b.drop - a.drop),
  };
}
