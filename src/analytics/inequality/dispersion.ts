import { checkInputs, sortedPairs, weightedQuantiles, type Values } from "./weighted.ts";

/** Coefficient of variation: the weighted standard deviation (divided by W, no n − 1) over the mean. */
export function coefficientOfVariation(values: Values, weights?: Values): number {
  const { y, w, totalWeight, mean } = checkInputs(values, weights, "coefficientOfVariation", {
    nonNegative: false,
  });
  if (mean === 0) throw new RangeError("coefficientOfVariation: the mean is 0");
  let ss = 0;
  for (let i = 0; i < y.length; i++) ss += w[i]! * (y[i]! - mean) ** 2;
  return Math.sqrt(ss / totalWeight) / Math.abs(mean);
}

/** P_high / P_low of the weighted distribution (e.g. P90/P10), with weightedQuantile's definition. */
export function quantileRatio(
  values: Values,
  { high = 0.9, low = 0.1, weights }: { high?: number; low?: number; weights?: Values } = {},
): number {
  const [top, bottom] = weightedQuantiles(values, [high, low], weights) as [number, number];
  if (bottom === 0)
    throw new RangeError(
      `quantileRatio: the P${Math.round(low * 100)} is 0, the ratio is undefined`,
    );
  return top / bottom;
}

/**
 * Share of the total held by the top `share` of the weight over the share held by the bottom
 * `share` (the S80/S20 ratio for share = 0.2, Eurostat's definition). A unit straddling the cut is
 * split in proportion to its weight.
 */
export function shareRatio(
  values: Values,
  { share = 0.2, weights }: { share?: number; weights?: Values } = {},
): number {
  if (!(share > 0 && share <= 0.5))
    throw new RangeError(`shareRatio: share must be in (0, 0.5], got ${share}`);
  checkInputs(values, weights, "shareRatio");
  const { y, w, totalWeight } = sortedPairs(values, weights, "shareRatio");
  const limit = share * totalWeight;
  const amount = (from: number, step: number): number => {
    let taken = 0;
    let total = 0;
    for (let k = from; k >= 0 && k < y.length && taken < limit; k += step) {
      const take = Math.min(w[k]!, limit - taken);
      total += take * y[k]!;
      taken += take;
    }
    return total;
  };
  const bottom = amount(0, 1);
  const top = amount(y.length - 1, -1);
  if (bottom === 0)
    throw new RangeError("shareRatio: the bottom group holds 0, the ratio is undefined");
  return top / bottom;
}
