import { BrechaError } from "../../errors/index.ts";
import { INFINITY, solveMip } from "../solve-mip.ts";
import type { Coverage } from "./coverage.ts";
import { solveMclp } from "./mclp.ts";

type Assignment = { demand: number; site: number; weight: number };

/** What opening each candidate costs, and the most all new openings may cost together. */
export interface OpeningBudget {
  readonly cost: ArrayLike<number>;
  readonly limit: number;
}

export interface CapacitatedCoverResult {
  readonly open: number[];
  /** Weight served, each site serving at most its capacity. */
  readonly served: number;
  /** served_ij: weight of demand i served by site j (only non-zero pairs). */
  readonly assignments: ReadonlyArray<Assignment>;
  /** A valid upper bound on the weight any p sites can serve: never above the demand within reach
   * of a candidate, p × capacity, or what p uncapacitated sites can cover. */
  readonly bound: number;
  readonly gap: number;
  /** HiGHS's status, or `heuristic` when the plan is the greedy-and-swap one. */
  readonly status: string;
  /** Whether the gap is within the tolerance asked for: a plan to stand behind. */
  readonly proven: boolean;
  /** Where the plan came from. */
  readonly method: "mip" | "heuristic";
}

/**
 * Serves demand from a set of open sites, each up to its capacity: the points that the fewest
 * open sites reach are served first, each by the open site with the most room left. A lower bound
 * on the best assignment (which is a transportation problem), exact when capacities do not bind.
 */
function assign(
  open: readonly number[],
  sitesOf: readonly number[][],
  coveredBy: readonly number[][],
  weights: ArrayLike<number>,
  capacity: number,
): { served: number; assignments: Assignment[] } {
  const isOpen = new Set(open);
  const room = new Map(open.map((j) => [j, capacity]));
  const points = new Set<number>();
  for (const j of open) for (const i of coveredBy[j]!) points.add(i);
  const options = (i: number) => sitesOf[i]!.filter((j) => isOpen.has(j));
  const order = [...points]
    .map((i) => ({ i, reach: options(i) }))
    .sort((a, b) => a.reach.length - b.reach.length || weights[b.i]! - weights[a.i]!);
  let served = 0;
  const assignments: Assignment[] = [];
  for (const { i, reach } of order) {
    let left = weights[i]!;
    for (const j of [...reach].sort((a, b) => room.get(b)! - room.get(a)!)) {
      if (left <= 0) break;
      const take = Math.min(left, room.get(j)!);
      if (take <= 0) continue;
      room.set(j, room.get(j)! - take);
      left -= take;
      served += take;
      assignments.push({ demand: i, site: j, weight: take });
    }
  }
  return { served, assignments };
}

/** The best assignment to a set of open sites: a transportation LP (each point's weight split
 * among the open sites that reach it, each site up to its capacity), solved by HiGHS. */
async function bestAssignment(
  open: readonly number[],
  coverage: Coverage,
  weights: ArrayLike<number>,
  capacity: number,
): Promise<{ served: number; assignments: Assignment[] } | null> {
  const pairs: Array<[number, number]> = [];
  for (const j of open)
    for (let k = coverage.starts[j]!; k < coverage.starts[j + 1]!; k++)
      if (weights[coverage.points[k]!]! > 0) pairs.push([coverage.points[k]!, j]);
  if (pairs.length === 0) return { served: 0, assignments: [] };
  const demandRow = new Map<number, number>();
  for (const [i] of pairs) if (!demandRow.has(i)) demandRow.set(i, demandRow.size);
  const siteRow = new Map(open.map((j, k) => [j, demandRow.size + k]));
  const numRows = demandRow.size + open.length;
  const starts = new Int32Array(pairs.length + 1);
  const indices = new Int32Array(pairs.length * 2);
  pairs.forEach(([i, j], q) => {
    starts[q] = 2 * q;
    indices[2 * q] = demandRow.get(i)!;
    indices[2 * q + 1] = siteRow.get(j)!;
  });
  starts[pairs.length] = 2 * pairs.length;
  const rowUpper = new Float64Array(numRows);
  for (const [i, r] of demandRow) rowUpper[r] = weights[i]!;
  for (const r of siteRow.values()) rowUpper[r] = capacity;
  const lp = await solveMip(
    {
      numCols: pairs.length,
      numRows,
      maximize: true,
      colCost: new Float64Array(pairs.length).fill(1),
      colLower: new Float64Array(pairs.length),
      colUpper: new Float64Array(pairs.length).fill(INFINITY),
      rowLower: new Float64Array(numRows).fill(-INFINITY),
      rowUpper,
      starts,
      indices,
      values: new Float64Array(pairs.length * 2).fill(1),
      integrality: new Int32Array(pairs.length),
    },
    { timeLimitS: 30 },
  );
  if (lp.status !== "optimal" || lp.x.length !== pairs.length) return null;
  const assignments = pairs
    .map(([i, j], q) => ({ demand: i, site: j, weight: lp.x[q]! }))
    .filter((a) => a.weight > 1e-6);
  return { served: assignments.reduce((s, a) => s + a.weight, 0), assignments };
}

/** Greedy opening with capacities, then swaps (close one site, open another) while any serves
 * more, within a time budget. */
function greedyWithSwaps(
  coverage: Coverage,
  weights: ArrayLike<number>,
  p: number,
  capacity: number,
  fixedOpen: readonly number[],
  budgetMs: number,
  budget: OpeningBudget | undefined,
): { open: number[]; served: number; assignments: Assignment[] } {
  const m = coverage.candidates;
  const coveredBy: number[][] = Array.from({ length: m }, (_, j) =>
    Array.from(coverage.points.subarray(coverage.starts[j]!, coverage.starts[j + 1]!)).filter(
      (i) => weights[i]! > 0,
    ),
  );
  const sitesOf: number[][] = Array.from({ length: coverage.demands }, () => []);
  coveredBy.forEach((points, j) => points.forEach((i) => sitesOf[i]!.push(j)));
  const value = (open: readonly number[]) =>
    assign(open, sitesOf, coveredBy, weights, capacity).served;
  const open = [...new Set(fixedOpen)];
  const fixed = new Set(fixedOpen);
  // The caller has already put the sites held open at cost 0.
  const costOf = (j: number) => (budget === undefined ? 0 : budget.cost[j]!);
  let spent = open.reduce((sum, j) => sum + costOf(j), 0);
  let best = value(open);
  while (open.length < p) {
    let pick = -1;
    let pickValue = -1;
    // With opening costs: the most people served per sol among the sites still affordable.
    let pickRate = -1;
    for (let j = 0; j < m; j++) {
      if (open.includes(j) || coveredBy[j]!.length === 0) continue;
      if (budget !== undefined && spent + costOf(j) > budget.limit + 1e-9) continue;
      const v = value([...open, j]);
      const rate = budget === undefined ? v : (v - best) / Math.max(costOf(j), 1e-9);
      if (budget !== undefined ? v > best + 1e-9 && rate > pickRate : v > pickValue) {
        pickValue = v;
        pickRate = rate;
        pick = j;
      }
    }
    if (pick < 0 && budget !== undefined) break; // nothing affordable serves anyone more
    if (pick < 0) {
      // Nothing left to reach: open any candidates so that the plan has p sites.
      for (let j = 0; j < m && open.length < p; j++) if (!open.includes(j)) open.push(j);
      break;
    }
    open.push(pick);
    spent += costOf(pick);
    best = pickValue;
  }
  const deadline = performance.now() + budgetMs;
  let improved = true;
  while (improved && performance.now() < deadline) {
    improved = false;
    for (let a = 0; a < open.length && !improved; a++) {
      if (fixed.has(open[a]!)) continue;
      for (let b = 0; b < m && performance.now() < deadline; b++) {
        if (open.includes(b) || coveredBy[b]!.length === 0) continue;
        if (budget !== undefined && spent - costOf(open[a]!) + costOf(b) > budget.limit + 1e-9)
          continue;
        const trial = open.map((j, k) => (k === a ? b : j));
        const v = value(trial);
        if (v > best + 1e-9) {
          spent += costOf(b) - costOf(open[a]!);
          open.splice(0, open.length, ...trial);
          best = v;
          improved = true;
          break;
        }
      }
    }
  }
  return { open, ...assign(open, sitesOf, coveredBy, weights, capacity) };
}

/**
 * Capacitated maximal covering (Current & Storbeck 1988): open p sites, assign demand within the
 * radius to open sites (a place may be split between hubs), each site serving at most `capacity`
 * weight; maximise the weight served. A greedy plan with capacities, improved by swaps, starts
 * HiGHS's branch and bound (one column per (demand, site) pair within the radius); the better plan
 * is kept. The bound is the least of HiGHS's, p × capacity, the demand within reach and the
 * uncapacitated covering bound, so it is valid even when HiGHS stops early, and `proven` says
 * whether the plan is within `relGap` of it.
 */
export async function solveCapacitatedCover(
  coverage: Coverage,
  weights: ArrayLike<number>,
  p: number,
  capacity: number,
  {
    fixedOpen = [],
    timeLimitS = 60,
    relGap = 0.005,
    budget,
  }: {
    fixedOpen?: readonly number[];
    timeLimitS?: number;
    relGap?: number;
    /** Opening costs and a budget: p is then the most sites, and their costs must fit. */
    budget?: OpeningBudget;
  } = {},
): Promise<CapacitatedCoverResult> {
  if (!(capacity > 0))
    throw new RangeError(`solveCapacitatedCover: capacity must be > 0, got ${capacity}`);
  if (budget !== undefined) {
    if (budget.cost.length !== coverage.candidates || !(budget.limit >= 0))
      throw new RangeError(
        "solveCapacitatedCover: one opening cost per candidate and a budget ≥ 0",
      );
    for (let j = 0; j < coverage.candidates; j++)
      if (!(budget.cost[j]! >= 0))
        throw new RangeError(`solveCapacitatedCover: opening cost of candidate ${j} is not ≥ 0`);
  }
  // Sites already open cost nothing more.
  const fixed = new Set(fixedOpen);
  const costs =
    budget === undefined
      ? undefined
      : Float64Array.from({ length: coverage.candidates }, (_, j) =>
          fixed.has(j) ? 0 : budget.cost[j]!,
        );
  const m = coverage.candidates;
  const pairs: Array<[number, number]> = [];
  for (let j = 0; j < m; j++)
    for (let k = coverage.starts[j]!; k < coverage.starts[j + 1]!; k++)
      if (weights[coverage.points[k]!]! > 0) pairs.push([coverage.points[k]!, j]);
  if (pairs.length > 400_000)
    throw new BrechaError(
      "BRECHA_USAGE",
      `${pairs.length} place-site pairs within the radius are too many for a capacitated plan here: restrict to a department or shrink the radius`,
    );
  const started = performance.now();
  const heuristic = greedyWithSwaps(
    coverage,
    weights,
    p,
    capacity,
    fixedOpen,
    Math.min(2_000, timeLimitS * 100),
    costs === undefined ? undefined : { cost: costs, limit: budget!.limit },
  );
  // The heuristic's sites with their best assignment, not just the greedy one.
  const exact = await bestAssignment(heuristic.open, coverage, weights, capacity);
  if (exact && exact.served > heuristic.served) Object.assign(heuristic, exact);
  // Bounds that hold whatever HiGHS does: no more than the reachable demand, than p full sites, or
  // than p sites could cover with no capacity at all.
  let reachable = 0;
  const reached = new Uint8Array(coverage.demands);
  for (const [i] of pairs)
    if (!reached[i]) {
      reached[i] = 1;
      reachable += weights[i]!;
    }
  const uncapacitated = await solveMclp(coverage, weights, p, {
    fixedOpen,
    maxGap: relGap / 2,
    timeLimitS: Math.max(1, timeLimitS / 4),
  });
  // With a budget: no more sites than the cheapest ones it pays for (plus those already open).
  let affordable = p;
  if (costs !== undefined) {
    const sorted = Array.from(costs).sort((a, b) => a - b);
    let left = budget!.limit;
    affordable = 0;
    for (const c of sorted) {
      if (c > left + 1e-9 || affordable === p) break;
      left -= c;
      affordable++;
    }
  }
  const safeBound = Math.min(reachable, affordable * capacity, uncapacitated.bound);
  const done = (
    plan: { open: number[]; served: number; assignments: Assignment[] },
    bound: number,
    status: string,
    method: "mip" | "heuristic",
  ): CapacitatedCoverResult => {
    const gap = bound > 0 ? Math.max(0, (bound - plan.served) / bound) : 0;
    return {
      open: [...plan.open].sort((a, b) => a - b),
      served: plan.served,
      assignments: plan.assignments,
      bound,
      gap,
      status,
      proven: gap <= relGap + 1e-9,
      method,
    };
  };
  if (safeBound - heuristic.served <= relGap * safeBound)
    return done(heuristic, safeBound, "optimal", "heuristic");
  // Columns: x_j (m, binary), then a_ij in [0, 1] per pair (share of place i served by j).
  // Rows: Σ_j a_ij ≤ 1 per place; Σ_i w_i a_ij − C x_j ≤ 0 per site; a_ij − x_j ≤ 0 per pair;
  // Σ x = p (Σ x ≤ p with a budget, and then Σ c_j x_j ≤ budget).
  const demandRow = new Map<number, number>();
  for (const [i] of pairs) if (!demandRow.has(i)) demandRow.set(i, demandRow.size);
  const nd = demandRow.size;
  const siteRow = (j: number) => nd + j;
  const pairRow = (q: number) => nd + m + q;
  const pRow = nd + m + pairs.length;
  const budgetRow = pRow + 1;
  const numRows = costs === undefined ? pRow + 1 : pRow + 2;
  const numCols = m + pairs.length;
  const columns: Array<Array<[number, number]>> = Array.from({ length: numCols }, () => []);
  for (let j = 0; j < m; j++) {
    columns[j]!.push([siteRow(j), -capacity], [pRow, 1]);
    if (costs !== undefined && costs[j]! > 0) columns[j]!.push([budgetRow, costs[j]!]);
  }
  pairs.forEach(([i, j], q) => {
    columns[m + q]!.push([demandRow.get(i)!, 1], [siteRow(j), weights[i]!], [pairRow(q), 1]);
    columns[j]!.push([pairRow(q), -1]);
  });
  const starts = new Int32Array(numCols + 1);
  const indices: number[] = [];
  const values: number[] = [];
  columns.forEach((list, c) => {
    starts[c] = indices.length;
    list.sort((a, b) => a[0] - b[0]);
    for (const [r, v] of list) {
      indices.push(r);
      values.push(v);
    }
  });
  starts[numCols] = indices.length;
  const colLower = new Float64Array(numCols);
  for (const j of fixedOpen) colLower[j] = 1;
  // The heuristic plan as HiGHS's first incumbent.
  const start = new Float64Array(numCols);
  for (const j of heuristic.open) start[j] = 1;
  const pairIndex = new Map(pairs.map(([i, j], q) => [i * m + j, q]));
  for (const a of heuristic.assignments) {
    const q = pairIndex.get(a.demand * m + a.site);
    if (q !== undefined) start[m + q] = a.weight / weights[a.demand]!;
  }
  const result = await solveMip(
    {
      numCols,
      numRows,
      maximize: true,
      colCost: Float64Array.from({ length: numCols }, (_, c) =>
        c < m ? 0 : weights[pairs[c - m]![0]]!,
      ),
      colLower,
      colUpper: new Float64Array(numCols).fill(1),
      rowLower: Float64Array.from({ length: numRows }, (_, r) =>
        r === pRow && costs === undefined ? p : -INFINITY,
      ),
      rowUpper: Float64Array.from({ length: numRows }, (_, r) =>
        r < nd ? 1 : r === pRow ? p : r === budgetRow ? budget!.limit : 0,
      ),
      starts,
      indices: Int32Array.from(indices),
      values: Float64Array.from(values),
      integrality: Int32Array.from({ length: numCols }, (_, c) => (c < m ? 1 : 0)),
    },
    {
      timeLimitS: Math.max(1, timeLimitS - (performance.now() - started) / 1000),
      relGap,
      start,
    },
  );
  if (result.status === "infeasible")
    throw new BrechaError(
      "BRECHA_INFEASIBLE",
      costs === undefined
        ? `no ${p} sites can be opened (fewer candidates than hubs?)`
        : "the sites that must stay open and the budget cannot both hold",
    );
  const bound = Math.min(safeBound, Number.isFinite(result.bound) ? result.bound : Infinity);
  if (result.x.length !== numCols) return done(heuristic, bound, result.status, "heuristic");
  const open = Array.from({ length: m }, (_, j) => j).filter((j) => result.x[j]! > 0.5);
  const assignments = pairs
    .map(([i, j], q) => ({ demand: i, site: j, weight: result.x[m + q]! * weights[i]! }))
    .filter((a) => a.weight > 1e-6);
  const served = assignments.reduce((s, a) => s + a.weight, 0);
  if (served + 1e-9 < heuristic.served) return done(heuristic, bound, result.status, "heuristic");
  return done({ open, served, assignments }, bound, result.status, "mip");
}
