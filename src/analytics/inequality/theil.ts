import { checkInputs, type Values } from "./weighted.ts";

/**
 * Generalised-entropy indices with exact between/within decomposition (Shorrocks 1980; Cowell
 * 2011, ch. 3 and Technical Appendix A.6):
 *
 * - Theil T (GE(1)): T = (1/W) Σ w_i (y_i/μ) ln(y_i/μ); zeros contribute 0 (y ln y → 0).
 *   T = Σ_g s_g T_g + Σ_g (W_g/W)(μ_g/μ) ln(μ_g/μ), with s_g = W_g μ_g / (W μ) the group's share of
 *   the total: the within part weights groups by their share of the total, the between part is
 *   the T of the group means.
 * - Theil L (GE(0), mean log deviation): L = (1/W) Σ w_i ln(μ/y_i), values must be > 0.
 *   L = Σ_g (W_g/W) L_g + Σ_g (W_g/W) ln(μ/μ_g).
 */
export type TheilKind = "T" | "L";

/** @example theil([1, 2, 3, 4]) // 0.1064…, the Theil T of four equal-weight units */
export function theil(
  values: Values,
  { weights, kind = "T" }: { weights?: Values; kind?: TheilKind } = {},
): number {
  const { y, w, totalWeight, mean } = checkInputs(values, weights, `theil ${kind}`, {
    positive: kind === "L",
  });
  if (mean === 0) return 0;
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const ratio = y[i]! / mean;
    if (kind === "T") sum += ratio > 0 ? w[i]! * ratio * Math.log(ratio) : 0;
    else sum += w[i]! * -Math.log(ratio);
  }
  return sum / totalWeight;
}

export interface GroupPart {
  readonly group: string;
  readonly weight: number;
  readonly mean: number;
  /** The group's own index. */
  readonly index: number;
  /** Its contribution to the within-group component. */
  readonly contribution: number;
}

export interface TheilDecomposition {
  readonly kind: TheilKind;
  readonly total: number;
  readonly between: number;
  readonly within: number;
  /** between / total (0 when total is 0). */
  readonly betweenShare: number;
  readonly groups: readonly GroupPart[];
}

/**
 * Decomposes Theil T or L by a grouping (e.g. districts within departments). `between + within`
 * equals `total` up to rounding.
 *
 * @example theilDecomposition(poverty, departmentOf, { weights: population })
 */
export function theilDecomposition(
  values: Values,
  groups: ArrayLike<string>,
  { weights, kind = "T" }: { weights?: Values; kind?: TheilKind } = {},
): TheilDecomposition {
  const { y, w, totalWeight, mean } = checkInputs(values, weights, `theilDecomposition ${kind}`, {
    positive: kind === "L",
  });
  if (groups.length !== y.length)
    throw new RangeError(
      `theilDecomposition: ${y.length} values but ${groups.length} group labels`,
    );
  // One pass over the units, accumulating per group W_g = Σw, S_g = Σwy and Q_g = Σ w·y·ln y (T) or
  // Σ w·ln y (L); then T_g = Q_g/S_g − ln μ_g and L_g = ln μ_g − Q_g/W_g. No per-group arrays.
  const groupIndex = new Map<string, number>();
  const labels: string[] = [];
  const code = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const g = groups[i]!;
    let k = groupIndex.get(g);
    if (k === undefined) {
      k = labels.length;
      groupIndex.set(g, k);
      labels.push(g);
    }
    code[i] = k;
  }
  const W = new Float64Array(labels.length);
  const S = new Float64Array(labels.length);
  const Q = new Float64Array(labels.length);
  for (let i = 0; i < y.length; i++) {
    const k = code[i]!;
    const wi = w[i]!;
    const yi = y[i]!;
    W[k]! += wi;
    S[k]! += wi * yi;
    if (kind === "T") Q[k]! += yi > 0 ? wi * yi * Math.log(yi) : 0;
    else Q[k]! += wi * Math.log(yi);
  }
  let between = 0;
  let within = 0;
  let totalQ = 0;
  const parts: GroupPart[] = [];
  const order = labels.map((g, k) => ({ g, k })).sort((a, b) => a.g.localeCompare(b.g));
  for (const { g: group, k } of order) {
    totalQ += Q[k]!;
    if (W[k] === 0) {
      parts.push({ group, weight: 0, mean: 0, index: 0, contribution: 0 });
      continue;
    }
    const gMean = S[k]! / W[k]!;
    const populationShare = W[k]! / totalWeight;
    let gIndex: number;
    let contribution: number;
    if (kind === "T") {
      gIndex = gMean === 0 ? 0 : Math.max(0, Q[k]! / S[k]! - Math.log(gMean));
      contribution = ((W[k]! * gMean) / (totalWeight * mean)) * gIndex;
      between += gMean > 0 ? populationShare * (gMean / mean) * Math.log(gMean / mean) : 0;
    } else {
      gIndex = Math.max(0, Math.log(gMean) - Q[k]! / W[k]!);
      contribution = populationShare * gIndex;
      between += populationShare * Math.log(mean / gMean);
    }
    within += contribution;
    parts.push({ group, weight: W[k]!, mean: gMean, index: gIndex, contribution });
  }
  const total =
    mean === 0
      ? 0
      : kind === "T"
        ? totalQ / (totalWeight * mean) - Math.log(mean)
        : Math.log(mean) - totalQ / totalWeight;
  return {
    kind,
    total,
    between,
    within,
    betweenShare: total === 0 ? 0 : between / total,
    groups: parts,
  };
}
