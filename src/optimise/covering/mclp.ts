import { BrechaError } from "../../errors/index.ts";
import { INFINITY, solveMip } from "../solve-mip.ts";
import type { Coverage } from "./coverage.ts";

export interface McLpResult {
  readonly open: number[];
  /** Covered demand weight. */
  readonly covered: number;
  /** Proven upper bound on the covered weight. */
  readonly bound: number;
  /** (bound − covered) / bound. */
  readonly gap: number;
  readonly totalDemand: number;
  readonly provedBy: "greedy" | "lagrangian" | "mip" | "none";
  readonly timingsMs: Readonly<Record<string, number>>;
  /** Demand points merged into identical coverage patterns for the MIP. */
  readonly patterns?: number;
}

function coveredWeight(
  coverage: Coverage,
  weights: ArrayLike<number>,
  open: readonly number[],
): number {
  const covered = new Uint8Array(coverage.demands);
  let total = 0;
  for (const j of open) {
    for (let k = coverage.starts[j]!; k < coverage.starts[j + 1]!; k++) {
      const i = coverage.points[k]!;
      if (!covered[i]) {
        covered[i] = 1;
        total += weights[i]!;
      }
    }
  }
  return total;
}

/**
 * Greedy with lazy evaluation (Minoux 1978; "CELF"): coverage is submodular, so a site's stale gain
 * bounds its true gain and most sites are never re-evaluated. Sites in `fixedOpen` come first.
 */
export function greedyCover(
  coverage: Coverage,
  weights: ArrayLike<number>,
  p: number,
  fixedOpen: readonly number[] = [],
): number[] {
  const covered = new Uint8Array(coverage.demands);
  const open = [...fixedOpen];
  const cover = (j: number) => {
    for (let k = coverage.starts[j]!; k < coverage.starts[j + 1]!; k++)
      covered[coverage.points[k]!] = 1;
  };
  const gain = (j: number) => {
    let g = 0;
    for (let k = coverage.starts[j]!; k < coverage.starts[j + 1]!; k++)
      if (!covered[coverage.points[k]!]) g += weights[coverage.points[k]!]!;
    return g;
  };
  for (const j of fixedOpen) cover(j);
  const isOpen = new Uint8Array(coverage.candidates);
  for (const j of fixedOpen) isOpen[j] = 1;
  // Max-heap of (stale gain, site).
  const heap: Array<[number, number]> = [];
  for (let j = 0; j < coverage.candidates; j++) if (!isOpen[j]) heap.push([gain(j), j]);
  heap.sort((a, b) => b[0] - a[0]);
  const stale = new Uint8Array(coverage.candidates);
  // A sorted array used as a priority queue: the first element is the largest stale gain.
  while (open.length < p && heap.length > 0) {
    const [, j] = heap[0]!;
    if (stale[j]) {
      const fresh = gain(j);
      stale[j] = 0;
      heap.shift();
      // Re-insert by binary search to keep the array sorted.
      let lo = 0;
      let hi = heap.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (heap[mid]![0] > fresh) lo = mid + 1;
        else hi = mid;
      }
      heap.splice(lo, 0, [fresh, j]);
      continue;
    }
    heap.shift();
    open.push(j);
    isOpen[j] = 1;
    cover(j);
    stale.fill(1);
  }
  return open;
}

/**
 * Lagrangian upper bound (relaxing z_i ≤ Σ_{j covers i} x_j with λ_i ≥ 0; Galvão & ReVelle 1996):
 * U(λ) = Σ_i max(0, w_i − λ_i) + the p largest Σ_{i ∈ C_j} λ_i, minimised by subgradient steps
 * (Polyak's step towards `lowerBound`; the step factor halves after 20 steps without a better
 * bound). Every λ ≥ 0 gives a valid bound. Each better bound also hands its p sites to
 * `onSites` (a Lagrangian heuristic: they are often a good plan).
 */
export function lagrangianCoverBound(
  coverage: Coverage,
  weights: ArrayLike<number>,
  p: number,
  lowerBound: number,
  {
    maxIterations = 400,
    stopAt = -Infinity,
    onSites,
    bestScores,
  }: {
    maxIterations?: number;
    /** Stop once the bound is at or below this. */
    stopAt?: number | (() => number);
    onSites?: (sites: number[]) => void;
    /** Filled with each site's Σ λ over its points at the best λ (for reduced-cost fixing). */
    bestScores?: Float64Array;
  } = {},
): number {
  const n = coverage.demands;
  const lambda = Float64Array.from({ length: n }, (_, i) => weights[i]! / 2);
  const score = new Float64Array(coverage.candidates);
  const hits = new Int32Array(n);
  const order = Array.from({ length: coverage.candidates }, (_, j) => j);
  const target = () => (typeof stopAt === "function" ? stopAt() : stopAt);
  let best = Infinity;
  let f = 2;
  let since = 0;
  for (let it = 0; it < maxIterations && f > 1e-4; it++) {
    score.fill(0);
    for (let j = 0; j < coverage.candidates; j++) {
      let s = 0;
      for (let k = coverage.starts[j]!; k < coverage.starts[j + 1]!; k++)
        s += lambda[coverage.points[k]!]!;
      score[j] = s;
    }
    order.sort((a, b) => score[b]! - score[a]!);
    let bound = 0;
    for (let i = 0; i < n; i++) bound += Math.max(0, weights[i]! - lambda[i]!);
    for (let k = 0; k < p; k++) bound += score[order[k]!]!;
    if (bound < best - 1e-9) {
      best = bound;
      since = 0;
      bestScores?.set(score);
      onSites?.(order.slice(0, p));
      if (best <= target()) break;
    } else if (++since >= 20) {
      f /= 2;
      since = 0;
    }
    hits.fill(0);
    for (let k = 0; k < p; k++) {
      const j = order[k]!;
      for (let q = coverage.starts[j]!; q < coverage.starts[j + 1]!; q++)
        hits[coverage.points[q]!]!++;
    }
    // A subgradient of U at λ is Σ x_j − z_i per point (z_i = 1 when w_i > λ_i); U falls along
    // its opposite: λ_i rises where a point counts as covered but no chosen site covers it.
    let norm = 0;
    for (let i = 0; i < n; i++) norm += ((weights[i]! > lambda[i]! ? 1 : 0) - hits[i]!) ** 2;
    if (norm === 0) break;
    const step = (f * Math.max(bound - lowerBound, 1e-9)) / norm;
    for (let i = 0; i < n; i++)
      lambda[i] = Math.max(0, lambda[i]! + step * ((weights[i]! > lambda[i]! ? 1 : 0) - hits[i]!));
  }
  return best;
}

/**
 * Swap search: while some open site, closed, and some closed site, opened, cover more weight,
 * make the best such swap for that site (first improving site, best partner). Counts of open
 * sites per point make each trial cost the two sites' coverage lists. Sites in `fixed` stay.
 */
export function swapCover(
  coverage: Coverage,
  weights: ArrayLike<number>,
  initial: readonly number[],
  fixed: ReadonlySet<number>,
  deadline: number,
): number[] {
  const open = [...initial];
  const isOpen = new Uint8Array(coverage.candidates);
  const count = new Int32Array(coverage.demands);
  const add = (j: number, d: number) => {
    for (let k = coverage.starts[j]!; k < coverage.starts[j + 1]!; k++)
      count[coverage.points[k]!] = count[coverage.points[k]!]! + d;
  };
  for (const j of open) {
    isOpen[j] = 1;
    add(j, 1);
  }
  const inJ = new Uint8Array(coverage.demands);
  for (let improved = true; improved && performance.now() < deadline;) {
    improved = false;
    for (let a = 0; a < open.length && performance.now() < deadline; a++) {
      const j = open[a]!;
      if (fixed.has(j)) continue;
      // What closing j loses: points only j covers.
      let loss = 0;
      for (let k = coverage.starts[j]!; k < coverage.starts[j + 1]!; k++) {
        const i = coverage.points[k]!;
        inJ[i] = 1;
        if (count[i] === 1) loss += weights[i]!;
      }
      let bestGain = 1e-9;
      let bestSite = -1;
      for (let c = 0; c < coverage.candidates; c++) {
        if (isOpen[c]) continue;
        // What opening c gains once j is closed: points no other open site covers.
        let gain = -loss;
        for (let k = coverage.starts[c]!; k < coverage.starts[c + 1]!; k++) {
          const i = coverage.points[k]!;
          if (count[i] === 0 || (count[i] === 1 && inJ[i] === 1)) gain += weights[i]!;
        }
        if (gain > bestGain) {
          bestGain = gain;
          bestSite = c;
        }
      }
      for (let k = coverage.starts[j]!; k < coverage.starts[j + 1]!; k++)
        inJ[coverage.points[k]!] = 0;
      if (bestSite < 0) continue;
      add(j, -1);
      isOpen[j] = 0;
      add(bestSite, 1);
      isOpen[bestSite] = 1;
      open[a] = bestSite;
      improved = true;
    }
  }
  return open;
}

/**
 * Maximal covering location (Church & ReVelle 1974): open p sites to cover the most demand weight.
 * Greedy (lazy) gives a solution, a Lagrangian bound measures it; if the gap exceeds `maxGap`, the
 * MIP goes to HiGHS with demand points merged into identical coverage patterns (points covered by
 * the same set of sites are one row with their summed weight), warm-started from the greedy plan.
 */
export async function solveMclp(
  coverage: Coverage,
  weights: ArrayLike<number>,
  p: number,
  {
    fixedOpen = [],
    maxGap = 0.005,
    timeLimitS = 60,
    groups,
    groupFloors,
    groupName = (g: number) => `group ${g}`,
  }: {
    fixedOpen?: readonly number[];
    maxGap?: number;
    timeLimitS?: number;
    /** Group of each demand point (e.g. its department) and the minimum covered share of each group. */
    groups?: Int32Array;
    groupFloors?: ReadonlyMap<number, number>;
    /** How messages name a group ("department 16"). */
    groupName?: (group: number) => string;
  } = {},
): Promise<McLpResult> {
  const started = performance.now();
  if (p > coverage.candidates)
    throw new RangeError(`solveMclp: p = ${p} exceeds the ${coverage.candidates} candidates`);
  let totalDemand = 0;
  for (let i = 0; i < coverage.demands; i++) totalDemand += weights[i]!;
  let open = greedyCover(coverage, weights, p, fixedOpen);
  let covered = coveredWeight(coverage, weights, open);
  const t1 = performance.now();
  const floors = groups !== undefined && groupFloors !== undefined && groupFloors.size > 0;
  // One site to choose: the greedy pick is the best single site, so it is optimal.
  const single = !floors && p - new Set(fixedOpen).size <= 1;
  const fixed = new Set(fixedOpen);
  // A better plan: swaps from the greedy one, within a tenth of the time limit (at most 2 s). Not
  // on large instances: there HiGHS, started from the greedy plan, makes better use of the time
  // (measured on the national instance: 94,922 places, 5,000 candidates).
  const large = coverage.points.length + coverage.demands > 150_000;
  const swapUntil = performance.now() + Math.min(2_000, timeLimitS * 100);
  const improve = (sites: readonly number[]) => {
    const swapped = swapCover(coverage, weights, sites, fixed, swapUntil);
    const value = coveredWeight(coverage, weights, swapped);
    if (value > covered) {
      open = swapped;
      covered = value;
    }
  };
  if (!single && !floors && !large) improve(open);
  const t2 = performance.now();
  // With whole-number weights the optimum is a whole number: a bound below covered + 1 proves it.
  const integral = Array.prototype.every.call(weights, (w: number) => Number.isInteger(w));
  const bestScores = new Float64Array(coverage.candidates);
  const tried = new Set<string>();
  const tryLagrangianSites = (sites: number[]) => {
    const key = [...sites].sort((a, b) => a - b).join(",");
    if (tried.has(key)) return;
    tried.add(key);
    const value = coveredWeight(coverage, weights, sites);
    // Only sets close to the best plan are worth the swaps, and only on small instances (on
    // large ones a swap pass costs more than the Lagrangian steps it would sit between).
    if (large) {
      if (value > covered) {
        open = sites;
        covered = value;
      }
    } else if (value >= 0.98 * covered) improve(sites);
  };
  const closesAt = () =>
    Math.max(covered / (1 - maxGap), integral ? covered + 1 - 1e-6 : -Infinity);
  // U(λ) at the best λ found: the bound, and the base of the reduced-cost fixing below.
  const lagrangian = single
    ? covered
    : lagrangianCoverBound(coverage, weights, p, covered, {
        // Small instances afford a long descent (it often proves the plan without the MIP);
        // on large ones each step costs a pass over every coverage pair.
        maxIterations: large ? 100 : 1500,
        stopAt: closesAt,
        // The Lagrangian's own choice of sites, polished by swaps, may beat the plan so far
        // (not with sites that must stay open: its choice ignores them).
        bestScores,
        ...(floors || fixed.size > 0 ? {} : { onSites: tryLagrangianSites }),
      });
  let bound = Math.min(totalDemand, lagrangian);
  const t3 = performance.now();
  const timings: Record<string, number> = {
    greedy: t1 - started,
    swaps: t2 - t1,
    lagrangian: t3 - t2,
  };
  const closed = () =>
    bound - covered <= maxGap * bound + 1e-9 || (integral && Math.floor(bound + 1e-6) <= covered);
  /** A proven bound is never below the plan (only rounding could put it there). */
  const settle = () => {
    if (integral && closed()) bound = Math.max(covered, Math.floor(bound + 1e-6));
    bound = Math.max(bound, covered);
  };
  const done = (provedBy: McLpResult["provedBy"], patterns?: number): McLpResult => ({
    open: [...open].sort((a, b) => a - b),
    covered,
    bound,
    gap: bound === 0 ? 0 : (bound - covered) / bound,
    totalDemand,
    provedBy,
    timingsMs: { ...timings, total: performance.now() - started },
    ...(patterns === undefined ? {} : { patterns }),
  });
  if (single) return done("greedy");
  if (!floors && closed()) {
    settle();
    return done("lagrangian");
  }

  // Aggregate demand by coverage pattern: rows = distinct non-empty site sets.
  const sitesOf: number[][] = Array.from({ length: coverage.demands }, () => []);
  for (let j = 0; j < coverage.candidates; j++)
    for (let k = coverage.starts[j]!; k < coverage.starts[j + 1]!; k++)
      sitesOf[coverage.points[k]!]!.push(j);
  const patternIndex = new Map<string, number>();
  const patternWeight: number[] = [];
  const patternSites: number[][] = [];
  const patternGroup: number[] = [];
  for (let i = 0; i < coverage.demands; i++) {
    if (sitesOf[i]!.length === 0 || weights[i]! === 0) continue;
    const key = floors ? `${groups![i]}|${sitesOf[i]!.join(",")}` : sitesOf[i]!.join(",");
    let k = patternIndex.get(key);
    if (k === undefined) {
      k = patternWeight.length;
      patternIndex.set(key, k);
      patternWeight.push(0);
      patternSites.push(sitesOf[i]!);
      patternGroup.push(floors ? groups![i]! : -1);
    }
    patternWeight[k]! += weights[i]!;
  }
  const m = coverage.candidates;
  const r = patternWeight.length;
  // Floors: Σ_{patterns of group g} w·z ≥ floor_g × (group g's total weight). Checked first against
  // everything the candidates could cover, so an impossible floor is named, not just "infeasible".
  const floorRows: Array<{ group: number; lower: number }> = [];
  if (floors) {
    const groupTotal = new Map<number, number>();
    const groupReachable = new Map<number, number>();
    for (let i = 0; i < coverage.demands; i++)
      groupTotal.set(groups![i]!, (groupTotal.get(groups![i]!) ?? 0) + weights[i]!);
    patternWeight.forEach((w, k) =>
      groupReachable.set(patternGroup[k]!, (groupReachable.get(patternGroup[k]!) ?? 0) + w),
    );
    for (const [group, share] of groupFloors!) {
      const total = groupTotal.get(group) ?? 0;
      const reachable = groupReachable.get(group) ?? 0;
      if (reachable + 1e-9 < share * total) {
        throw new BrechaError(
          "BRECHA_INFEASIBLE",
          `${groupName(group)} must have ${(share * 100).toFixed(1)}% covered, but even every candidate open covers only ${((100 * reachable) / Math.max(1, total)).toFixed(1)}%`,
        );
      }
      floorRows.push({ group, lower: share * total });
    }
  }
  // Columns: x_j (m, binary) then z_k (r, continuous in [0, 1]). Rows: z_k − Σ x_j ≤ 0, Σ x = p, floors.
  const columnsOfSite: number[][] = Array.from({ length: m }, () => []);
  patternSites.forEach((sites, k) => sites.forEach((j) => columnsOfSite[j]!.push(k)));
  const starts = new Int32Array(m + r + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let j = 0; j < m; j++) {
    starts[j] = indices.length;
    for (const k of columnsOfSite[j]!) {
      indices.push(k);
      values.push(-1);
    }
    indices.push(r);
    values.push(1);
  }
  const floorRowOf = new Map(floorRows.map((f, q) => [f.group, r + 1 + q]));
  for (let k = 0; k < r; k++) {
    starts[m + k] = indices.length;
    indices.push(k);
    values.push(1);
    const floorRow = floorRowOf.get(patternGroup[k]!);
    if (floorRow !== undefined) {
      indices.push(floorRow);
      values.push(patternWeight[k]!);
    }
  }
  starts[m + r] = indices.length;
  const numRows = r + 1 + floorRows.length;
  const colLower = new Float64Array(m + r);
  const colUpper = new Float64Array(m + r).fill(1);
  for (const j of fixedOpen) colLower[j] = 1;
  // Lagrangian reduced-cost fixing (no floors, no sites held open): at the best λ, opening a site
  // outside the top p swaps it for the p-th; closing one inside swaps it for the (p+1)-th. When
  // that bound cannot beat the plan, the site's value is settled before HiGHS starts.
  let fixedByBound = 0;
  // Plans the fixing leaves out are worth at most this.
  const leftOutAtMost = integral ? covered : covered * (1 + maxGap);
  if (!floors && fixed.size === 0 && p < m && Number.isFinite(lagrangian)) {
    const ranked = Array.from({ length: m }, (_, j) => j).sort(
      (a, b) => bestScores[b]! - bestScores[a]!,
    );
    const pth = bestScores[ranked[p - 1]!]!;
    const next = bestScores[ranked[p]!]!;
    const beats = (u: number) =>
      integral ? Math.floor(u + 1e-6) > covered : u > covered * (1 + maxGap) + 1e-9;
    ranked.forEach((j, rank) => {
      if (rank < p && !beats(lagrangian - bestScores[j]! + next)) {
        colLower[j] = 1;
        fixedByBound++;
      } else if (rank >= p && !beats(lagrangian - pth + bestScores[j]!)) {
        colUpper[j] = 0;
        fixedByBound++;
      }
    });
  }
  timings.fixedByBound = fixedByBound;
  const mip = await solveMip(
    {
      numCols: m + r,
      numRows,
      maximize: true,
      colCost: Float64Array.from({ length: m + r }, (_, c) => (c < m ? 0 : patternWeight[c - m]!)),
      colLower,
      colUpper,
      rowLower: Float64Array.from({ length: numRows }, (_, k) =>
        k < r ? -INFINITY : k === r ? p : floorRows[k - r - 1]!.lower,
      ),
      rowUpper: Float64Array.from({ length: numRows }, (_, k) =>
        k < r ? 0 : k === r ? p : INFINITY,
      ),
      starts,
      indices: Int32Array.from(indices),
      values: Float64Array.from(values),
      integrality: Int32Array.from({ length: m + r }, (_, c) => (c < m ? 1 : 0)),
    },
    {
      timeLimitS: Math.max(1, timeLimitS - (performance.now() - started) / 1000),
      relGap: maxGap / 2,
      // Whole-number weights: a bound within 1 of the plan proves it.
      ...(integral ? { absGap: 1 - 1e-6 } : {}),
      // The greedy plan as HiGHS's first incumbent (without floors it is always feasible).
      ...(floors ? {} : { start: greedyStart(open, patternSites, m) }),
    },
  );
  if (mip.status === "infeasible")
    throw new BrechaError(
      "BRECHA_INFEASIBLE",
      `no ${p} sites meet every coverage floor together; lower a floor or open more sites`,
    );
  timings.mip = mip.runMs;
  if (mip.x.length === m + r) {
    const candidate = Array.from({ length: m }, (_, j) => j).filter((j) => mip.x[j]! > 0.5);
    const value = coveredWeight(coverage, weights, candidate);
    if (candidate.length === p && (value > covered || floors)) {
      open = candidate;
      covered = value;
    }
  }
  // HiGHS bounds the plans the fixing kept; those it left out are worth at most leftOutAtMost.
  const outside = fixedByBound > 0 ? leftOutAtMost : -Infinity;
  if (Number.isFinite(mip.bound)) bound = Math.min(bound, Math.max(mip.bound, outside));
  if (mip.status === "optimal") bound = Math.min(bound, Math.max(covered, mip.objective, outside));
  settle();
  return done(closed() ? "mip" : "none", r);
}

/** A MIP start from open sites: x_j = 1 for them, z_k = 1 for every pattern one of them covers. */
function greedyStart(open: readonly number[], patternSites: readonly number[][], m: number) {
  const start = new Float64Array(m + patternSites.length);
  for (const j of open) start[j] = 1;
  patternSites.forEach((sites, k) => {
    if (sites.some((j) => start[j] === 1)) start[m + k] = 1;
  });
  return start;
}
