import { checkInputs, sortedPairs, type Values } from "./weighted.ts";

/**
 * Weighted Gini coefficient, G = Σ_i Σ_j w_i w_j |y_i − y_j| / (2 W² μ), computed in O(n log n)
 * from the sorted values: G = Σ_i w_i y_i (C_{i−1} + C_i − W) / (W² μ), where C_i is the cumulative
 * weight up to and including i. With unit weights it is the usual Σ (2i − n − 1) y_(i) / (n² μ)
 * (Cowell 2011, eq. 2.13). Values must be ≥ 0; 0 is perfect equality, 1 − 1/W the maximum.
 *
 * @example gini([1, 1, 1, 1]) // 0
 */
export function gini(values: Values, weights?: Values): number {
  checkInputs(values, weights, "gini");
  const { y, w, totalWeight, mean } = sortedPairs(values, weights, "gini");
  if (mean === 0) return 0;
  let cumulative = 0;
  let sum = 0;
  for (let k = 0; k < y.length; k++) {
    const before = cumulative;
    cumulative += w[k]!;
    sum += w[k]! * y[k]! * (before + cumulative - totalWeight);
  }
  return sum / (totalWeight * totalWeight * mean);
}
