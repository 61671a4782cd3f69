import { createRandom } from "../../domain/index.ts";
import { benjaminiHochberg } from "./fdr.ts";
import { spatialLag, type SpatialWeights } from "./weights.ts";

/** LISA cluster classes (Anselin 1995): high-high and low-low are clusters, the others outliers. */
export type LisaClass =
  "high-high" | "low-high" | "low-low" | "high-low" | "not-significant" | "island";

export interface LocalMoranResult {
  readonly ids: readonly string[];
  /** I_i = (z_i / m2) Σ_j w_ij z_j, with m2 = Σ z² / n. */
  readonly Is: Float64Array;
  /** Quadrant of (z_i, lag_i): 1 HH, 2 LH, 3 LL, 4 HL (PySAL's `q`); 0 for islands. */
  readonly quadrant: Uint8Array;
  /** Conditional-permutation pseudo p-values (one-sided, folded, as PySAL's p_sim); NaN for islands. */
  readonly pValues: Float64Array;
  /** Significant after Benjamini-Hochberg at `alpha`. */
  readonly significant: readonly boolean[];
  readonly classes: readonly LisaClass[];
  readonly alpha: number;
  readonly permutations: number;
}

const QUADRANT_CLASS: Record<number, LisaClass> = {
  1: "high-high",
  2: "low-high",
  3: "low-low",
  4: "high-low",
};

/**
 * Local Moran's I with conditional permutation inference (Anselin 1995, "Local indicators of
 * spatial association — LISA"): for each unit, `permutations` draws of its neighbours' values from
 * the other n − 1 units, seeded. Significance uses the false discovery rate (Benjamini-Hochberg) at
 * `alpha` rather than an uncorrected 0.05, since n tests are run at once. Islands get no statistic.
 */
export function localMoran(
  values: ArrayLike<number>,
  w: SpatialWeights,
  {
    permutations = 999,
    seed = 1,
    alpha = 0.05,
  }: { permutations?: number; seed?: number; alpha?: number } = {},
): LocalMoranResult {
  const n = values.length;
  if (n !== w.ids.length)
    throw new RangeError(`localMoran: ${n} values but ${w.ids.length} units in the weights`);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i]!;
  mean /= n;
  const z = Float64Array.from(values, (v) => v - mean);
  let m2 = 0;
  for (const v of z) m2 += v * v;
  m2 /= n;
  if (m2 === 0) throw new RangeError("localMoran: all values are equal");
  const lag = spatialLag(w, z);
  const Is = new Float64Array(n);
  const quadrant = new Uint8Array(n);
  const pValues = new Float64Array(n).fill(NaN);
  const random = createRandom(seed);
  const pool = new Int32Array(n - 1);
  for (let i = 0; i < n; i++) {
    const nb = w.neighbors[i]!;
    const wt = w.weights[i]!;
    if (nb.length === 0) continue;
    Is[i] = (z[i]! / m2) * lag[i]!;
    quadrant[i] = z[i]! >= 0 ? (lag[i]! >= 0 ? 1 : 4) : lag[i]! >= 0 ? 2 : 3;
    // The pool is every unit but i; a partial Fisher-Yates shuffle draws k of them per permutation.
    for (let j = 0, k = 0; j < n; j++) if (j !== i) pool[k++] = j;
    const k = nb.length;
    let larger = 0;
    for (let p = 0; p < permutations; p++) {
      let simLag = 0;
      for (let d = 0; d < k; d++) {
        const r = d + Math.floor(random() * (n - 1 - d));
        const pick = pool[r]!;
        pool[r] = pool[d]!;
        pool[d] = pick;
        simLag += wt[d]! * z[pick]!;
      }
      if ((z[i]! / m2) * simLag >= Is[i]!) larger++;
    }
    if (permutations - larger < larger) larger = permutations - larger;
    pValues[i] = (larger + 1) / (permutations + 1);
  }
  const tested = Array.from(pValues, (p) => (Number.isNaN(p) ? 1 : p));
  const fdr = benjaminiHochberg(tested, alpha).map((s, i) => s && !Number.isNaN(pValues[i]!));
  const classes = Array.from(quadrant, (q, i): LisaClass =>
    q === 0 ? "island" : fdr[i] ? QUADRANT_CLASS[q]! : "not-significant",
  );
  return { ids: w.ids, Is, quadrant, pValues, significant: fdr, classes, alpha, permutations };
}
