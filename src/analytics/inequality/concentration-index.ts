import { checkInputs, sortedOrder, type Values } from "./weighted.ts";

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
  const r = Float64Array.from(rankBy);
  const order = sortedOrder(r);
  const rank = new Float64Array(y.length);
  let cumulative = 0;
  for (let k = 0; k < order.length;) {
    // Ties get the fractional rank of the middle of their block.
    let end = k;
    let blockWeight = 0;
    while (end < order.length && r[order[end]!] === r[order[k]!]) blockWeight += w[order[end++]!]!;
    const mid = (cumulative + blockWeight / 2) / totalWeight;
    for (let j = k; j < end; j++) rank[order[j]!] = mid;
    cumulative += blockWeight;
    k = end;
  }
  let meanRank = 0;
  for (let i = 0; i < y.length; i++) meanRank += w[i]! * rank[i]!;
  meanRank /= totalWeight;
  let cov = 0;
  for (let i = 0; i < y.length; i++) cov += w[i]! * (y[i]! - mean) * (rank[i]! - meanRank);
  return (2 * (cov / totalWeight)) / mean;
}
