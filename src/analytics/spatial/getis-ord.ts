import { twoSidedNormalP } from "./normal.ts";
import type { SpatialWeights } from "./weights.ts";

export interface GetisOrdResult {
  readonly ids: readonly string[];
  /** Standardised G*_i: positive for hot spots, negative for cold spots. */
  readonly z: Float64Array;
  readonly pValues: Float64Array;
}

/**
 * Getis-Ord G*_i hot-spot statistic with the unit itself included (Getis & Ord 1992; Ord & Getis
 * 1995, eq. 14.3), on binary weights (the given weights' links, each set to 1, plus w_ii = 1):
 * z_i = (Σ_j w_ij x_j − x̄ W_i) / (s √((n S1_i − W_i²)/(n − 1))), where W_i = Σ_j w_ij, S1_i = Σ_j w_ij²,
 * x̄ and s the mean and standard deviation (divided by n) of all values. Two-sided normal p-values.
 */
export function getisOrdGiStar(values: ArrayLike<number>, w: SpatialWeights): GetisOrdResult {
  const n = values.length;
  if (n !== w.ids.length)
    throw new RangeError(`getisOrdGiStar: ${n} values but ${w.ids.length} units in the weights`);
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    sum += values[i]!;
    sumSq += values[i]! ** 2;
  }
  const mean = sum / n;
  const s = Math.sqrt(sumSq / n - mean * mean);
  if (!(s > 0)) throw new RangeError("getisOrdGiStar: all values are equal");
  const z = new Float64Array(n);
  const pValues = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const nb = w.neighbors[i]!;
    let local = values[i]!;
    for (let k = 0; k < nb.length; k++) local += values[nb[k]!]!;
    const Wi = nb.length + 1;
    const S1i = Wi; // binary weights: Σ w² = Σ w
    z[i] = (local - mean * Wi) / (s * Math.sqrt((n * S1i - Wi * Wi) / (n - 1)));
    pValues[i] = twoSidedNormalP(z[i]!);
  }
  return { ids: w.ids, z, pValues };
}
