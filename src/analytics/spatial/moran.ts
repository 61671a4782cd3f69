import { createRandom } from "../../domain/index.ts";
import { spatialLag, type SpatialWeights } from "./weights.ts";
import { twoSidedNormalP } from "./normal.ts";

export interface MoranResult {
  readonly I: number;
  /** E[I] = −1/(n−1). */
  readonly expected: number;
  readonly zNormal: number;
  readonly pNormal: number;
  readonly zRandomization: number;
  readonly pRandomization: number;
  readonly permutations: number;
  /** One-sided pseudo p-value in the direction of the observed I (PySAL's p_sim). */
  readonly pPermutation: number;
  readonly islands: number;
}

function weightSums(w: SpatialWeights) {
  const n = w.ids.length;
  let s0 = 0;
  const rowSum = new Float64Array(n);
  const colSum = new Float64Array(n);
  const cell = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const nb = w.neighbors[i]!;
    const wt = w.weights[i]!;
    for (let k = 0; k < nb.length; k++) {
      s0 += wt[k]!;
      rowSum[i]! += wt[k]!;
      colSum[nb[k]!]! += wt[k]!;
      cell.set(i * n + nb[k]!, wt[k]!);
    }
  }
  // S1 = ½ Σ_i Σ_j (w_ij + w_ji)², over every ordered pair with a link in either direction.
  let s1 = 0;
  for (const [key, value] of cell) {
    const i = Math.floor(key / n);
    const j = key % n;
    const back = cell.get(j * n + i);
    s1 += (value + (back ?? 0)) ** 2;
    if (back === undefined) s1 += value ** 2; // the pair (j, i), which has no entry of its own
  }
  s1 /= 2;
  let s2 = 0;
  for (let i = 0; i < n; i++) s2 += (rowSum[i]! + colSum[i]!) ** 2;
  return { s0, s1, s2 };
}

function moranStatistic(w: SpatialWeights, z: Float64Array, s0: number, zz: number): number {
  const lag = spatialLag(w, z);
  let cross = 0;
  for (let i = 0; i < z.length; i++) cross += z[i]! * lag[i]!;
  return (z.length / s0) * (cross / zz);
}

/**
 * Global Moran's I (Moran 1950; Cliff & Ord 1981): I = (n/S0) Σ_i Σ_j w_ij z_i z_j / Σ_i z_i², with
 * inference under normality, under randomization (Cliff & Ord 1981, eqs. 1.35-1.36) and by
 * `permutations` random permutations of the values (seeded). Islands keep empty rows: they count in
 * n and in Σ z² but add nothing to the cross-product, as in PySAL's esda.Moran.
 *
 * @example moran(poverty, rowStandardize(contiguityWeights(ids, geometries)))
 */
export function moran(
  values: ArrayLike<number>,
  w: SpatialWeights,
  { permutations = 999, seed = 1 }: { permutations?: number; seed?: number } = {},
): MoranResult {
  const n = values.length;
  if (n !== w.ids.length)
    throw new RangeError(`moran: ${n} values but ${w.ids.length} units in the weights`);
  if (n < 4) throw new RangeError("moran: needs at least 4 units");
  let mean = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i]!))
      throw new TypeError(`moran: value ${i} (${w.ids[i]}) is ${values[i]}, expected a number`);
    mean += values[i]!;
  }
  mean /= n;
  const z = Float64Array.from(values, (v) => v - mean);
  let zz = 0;
  let z4 = 0;
  for (const v of z) {
    zz += v * v;
    z4 += v ** 4;
  }
  if (zz === 0) throw new RangeError("moran: all values are equal");
  const { s0, s1, s2 } = weightSums(w);
  const I = moranStatistic(w, z, s0, zz);
  const expected = -1 / (n - 1);
  const varNormal =
    (n * n * s1 - n * s2 + 3 * s0 * s0) / ((n * n - 1) * s0 * s0) - expected * expected;
  const kurtosis = (n * z4) / (zz * zz);
  const varRandom =
    (n * ((n * n - 3 * n + 3) * s1 - n * s2 + 3 * s0 * s0) -
      kurtosis * ((n * n - n) * s1 - 2 * n * s2 + 6 * s0 * s0)) /
      ((n - 1) * (n - 2) * (n - 3) * s0 * s0) -
    expected * expected;
  const zNormal = (I - expected) / Math.sqrt(varNormal);
  const zRandomization = (I - expected) / Math.sqrt(varRandom);

  let larger = 0;
  if (permutations > 0) {
    const random = createRandom(seed);
    const shuffled = Float64Array.from(z);
    for (let p = 0; p < permutations; p++) {
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        const t = shuffled[i]!;
        shuffled[i] = shuffled[j]!;
        shuffled[j] = t;
      }
      if (moranStatistic(w, shuffled, s0, zz) >= I) larger++;
    }
    if (permutations - larger < larger) larger = permutations - larger;
  }
  return {
    I,
    expected,
    zNormal,
    pNormal: twoSidedNormalP(zNormal),
    zRandomization,
    pRandomization: twoSidedNormalP(zRandomization),
    permutations,
    pPermutation: permutations > 0 ? (larger + 1) / (permutations + 1) : NaN,
    islands: w.islands.length,
  };
}
