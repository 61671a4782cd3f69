/**
 * Conventions shared by every index here: `weights` are frequency weights (a district weighted by
 * its population counts as that many people); when omitted every unit weighs 1. No small-sample
 * correction is applied (variances divide by the total weight, not by n - 1), following Cowell,
 * "Measuring Inequality" (3rd ed., 2011), ch. 2-3, and PySAL's `inequality` package.
 */
export type Values = ArrayLike<number>;

export interface Checked {
  readonly y: Float64Array;
  readonly w: Float64Array;
  readonly totalWeight: number;
  readonly mean: number;
}

/** Validates values and weights (finite, weights ≥ 0 with a positive sum, equal lengths). */
export function checkInputs(
  values: Values,
  weights: Values | undefined,
  what: string,
  { positive = false, nonNegative = true } = {},
): Checked {
  const n = values.length;
  if (n === 0) throw new RangeError(`${what}: no values`);
  if (weights !== undefined && weights.length !== n)
    throw new RangeError(`${what}: ${n} values but ${weights.length} weights`);
  const y = Float64Array.from(values);
  const w = weights === undefined ? new Float64Array(n).fill(1) : Float64Array.from(weights);
  let totalWeight = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const yi = y[i]!;
    const wi = w[i]!;
    if (!Number.isFinite(yi))
      throw new TypeError(`${what}: value ${i} is ${yi}, expected a finite number`);
    if (!Number.isFinite(wi) || wi < 0)
      throw new TypeError(`${what}: weight ${i} is ${wi}, expected a finite number ≥ 0`);
    if (positive && yi <= 0)
      throw new RangeError(`${what}: value ${i} is ${yi}; this index needs values > 0`);
    if (nonNegative && yi < 0)
      throw new RangeError(`${what}: value ${i} is ${yi}; this index needs values ≥ 0`);
    totalWeight += wi;
    sum += wi * yi;
  }
  if (!(totalWeight > 0)) throw new RangeError(`${what}: the weights add up to 0`);
  return { y, w, totalWeight, mean: sum / totalWeight };
}

/** Indices that sort `y` ascending (stable). */
export function sortedOrder(y: Float64Array): Uint32Array {
  const order = new Uint32Array(y.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => y[a]! - y[b]! || a - b);
}

/**
 * Values and weights in ascending order of value. Unit weights take the fast path of a native
 * numeric sort of the values alone (a comparator sort of 180,000 indices costs ~10x more).
 */
export function sortedPairs(
  values: Values,
  weights: Values | undefined,
  what: string,
): { y: Float64Array; w: Float64Array; totalWeight: number; mean: number } {
  const checked = checkInputs(values, weights, what, { nonNegative: false });
  if (weights === undefined) return { ...checked, y: checked.y.slice().sort() };
  const order = sortedOrder(checked.y);
  return {
    ...checked,
    y: Float64Array.from(order, (i) => checked.y[i]!),
    w: Float64Array.from(order, (i) => checked.w[i]!),
  };
}

/**
 * Weighted quantile: the smallest value whose cumulative weight share reaches `p` (the inverse of
 * the weighted empirical distribution function, Hyndman & Fan 1996 definition 1).
 */
export function weightedQuantile(values: Values, p: number, weights?: Values): number {
  return weightedQuantiles(values, [p], weights)[0]!;
}

/** Several weighted quantiles with one sort. */
export function weightedQuantiles(
  values: Values,
  ps: readonly number[],
  weights?: Values,
): number[] {
  for (const p of ps)
    if (!(p >= 0 && p <= 1))
      throw new RangeError(`weightedQuantile: p must be in [0, 1], got ${p}`);
  const { y, w, totalWeight } = sortedPairs(values, weights, "weightedQuantile");
  return ps.map((p) => {
    const target = p * totalWeight;
    let cumulative = 0;
    for (let k = 0; k < y.length; k++) {
      cumulative += w[k]!;
      if (cumulative >= target - 1e-12 * totalWeight && w[k]! > 0) return y[k]!;
    }
    return y[y.length - 1]!;
  });
}
