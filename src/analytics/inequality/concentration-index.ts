import { checkInputs, type Values } from "./weighted.ts";

/**
 * Concentration index of `values` against a ranking variable (e.g. learning outcomes ranked by
 * poverty): C = 2 cov_w(y, R) / μ, where R is the weighted fractional rank by `rankBy`,
 * R_i = (C_{i−1} + w_i/2) / W, ties sharing their mean rank (O'Donnell, van Doorslaer, Wagstaff &
 * Lindelow 2008, "Analyzing Health Equity Using Household Survey Data", World Bank, ch. 8, eq. 8.7).
 * Ranges over (−1, 1): negative when `values` concentrate where `rankBy` is low.
 */
export function concentrationIndex(values: Values, rankBy: Values, weights?: Values): number {
  const { y, w, totalWeight, mean } = checkInputs(values, weights, "concentrationIndex", {
    nonNegative: false,
  });
  if (rankBy.length !== y.length)
    throw new RangeError(
      `concentrationIndex: ${y.length} values but ${rankBy.length} ranking values`,
    );
  if (mean === 0) throw new RangeError("concentrationIndex: the mean is 0");
  // Fractional rank of each distinct ranking value: the weight below it plus half its own block.
  // Typed arrays only: a native sort, a binary search for each unit's block, block weights by
  // position (a Map keyed by 180,000 doubles cost ~15x more).
  const r = Float64Array.from(rankBy);
  for (let i = 0; i < r.length; i++)
    if (!Number.isFinite(r[i]!))
      throw new TypeError(`concentrationIndex: ranking value ${i} is ${r[i]}`);
  const sorted = r.slice().sort();
  const block = new Int32Array(r.length);
  const blockWeight = new Float64Array(r.length);
  for (let i = 0; i < r.length; i++) {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < r[i]!) lo = mid + 1;
      else hi = mid;
    }
    block[i] = lo;
    blockWeight[lo]! += w[i]!;
  }
  const rankAtBlock = new Float64Array(r.length);
  let cumulative = 0;
  for (let k = 0; k < sorted.length; k++) {
    if (blockWeight[k] === 0 && (k === 0 || sorted[k] === sorted[k - 1])) continue;
    rankAtBlock[k] = (cumulative + blockWeight[k]! / 2) / totalWeight;
    cumulative += blockWeight[k]!;
  }
  const rank = Float64Array.from(block, (b) => rankAtBlock[b]!);
  let meanRank = 0;
  for (let i = 0; i < y.length; i++) meanRank += w[i]! * rank[i]!;
  meanRank /= totalWeight;
  let cov = 0;
  for (let i = 0; i < y.length; i++) cov += w[i]! * (y[i]! - mean) * (rank[i]! - meanRank);
  return (2 * (cov / totalWeight)) / mean;
}
