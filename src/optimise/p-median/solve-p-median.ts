import { INFINITY, solveMip } from "../solve-mip.ts";
import { greedy, interchange } from "./heuristics.ts";
import { lagrangianBound, type LagrangianBound } from "./lagrangian.ts";
import { evaluate, type PMedianProblem } from "./problem.ts";

export interface PMedianResult {
  readonly open: number[];
  readonly objective: number;
  /** Best proven lower bound. */
  readonly bound: number;
  /** (objective − bound) / objective. */
  readonly gap: number;
  readonly proven: boolean;
  /** Which step closed the gap: "lagrangian", "mip" or "none". */
  readonly provedBy: "lagrangian" | "mip" | "none";
  readonly timingsMs: Readonly<Record<string, number>>;
  /** Size of the reduced MIP when one was needed. */
  readonly reduced?: { readonly sites: number; readonly pairs: number };
}

/**
 * Solves a p-median problem to proven optimality when it can within the time limit:
 * 1. greedy + fast interchange for an upper bound (UB);
 * 2. Lagrangian relaxation for a lower bound (LB), and interchange again from the sites the
 *    relaxation opens (Beasley 1993's Lagrangian heuristic);
 * 3. if the gap is open, Lagrangian reduction — every site and assignment whose forced use would
 *    push the bound past the best solution worth finding is removed (Beasley 1985; the tests are
 *    exact consequences of weak duality) — and the small remaining MIP goes to HiGHS. An infeasible
 *    reduced MIP proves UB optimal.
 * With integer costs a solution is optimal once ⌈LB⌉ ≥ UB.
 */
export async function solvePMedian(
  problem: PMedianProblem,
  { timeLimitS = 30, integerCosts = false }: { timeLimitS?: number; integerCosts?: boolean } = {},
): Promise<PMedianResult> {
  const started = performance.now();
  const fixed = problem.fixedOpen ?? [];
  if (problem.p < fixed.length) throw new RangeError(`solvePMedian: p = ${problem.p} is less than the ${fixed.length} sites fixed open`);
  if (problem.p > problem.candidates) throw new RangeError(`solvePMedian: p = ${problem.p} exceeds the ${problem.candidates} candidates`);
  let best = interchange(problem, greedy(problem));
  const t1 = performance.now();
  // Solutions worth looking for must beat the incumbent: by 1 with integer costs.
  const target = () => (integerCosts ? best.objective - 1 : best.objective * (1 - 1e-9));
  const closed = (bound: number) => (integerCosts ? Math.ceil(bound - 1e-6) >= best.objective : bound >= best.objective * (1 - 1e-9));
  let lagrangian: LagrangianBound = lagrangianBound(problem, best.objective, { stopAt: target() + 1e-9 });
  const fromRelaxation = interchange(problem, { open: Array.from(lagrangian.chosen.keys()).filter((j) => lagrangian.chosen[j]), objective: Infinity });
  if (fromRelaxation.objective < best.objective) {
    best = fromRelaxation;
    if (!closed(lagrangian.bound)) lagrangian = lagrangianBound(problem, best.objective, { stopAt: target() + 1e-9 });
  }
  const t2 = performance.now();
  const timings: Record<string, number> = { heuristic: t1 - started, lagrangian: t2 - t1 };
  const result = (bound: number, provedBy: PMedianResult["provedBy"], extra: Partial<PMedianResult> = {}): PMedianResult => {
    const proven = provedBy !== "none";
    const lb = proven ? best.objective : bound;
    return { open: [...best.open].sort((a, b) => a - b), objective: best.objective, bound: lb, gap: best.objective === 0 ? 0 : (best.objective - lb) / best.objective, proven, provedBy, timingsMs: { ...timings, total: performance.now() - started }, ...extra };
  };
  if (closed(lagrangian.bound)) return result(lagrangian.bound, "lagrangian");

  // Lagrangian reduction.
  const { clients, candidates, cost, p } = problem;
  const { bound: L, multipliers: lambda, rho, chosen } = lagrangian;
  let worstChosen = -Infinity;
  let bestUnchosen = Infinity;
  for (let j = 0; j < candidates; j++) {
    if (chosen[j]) worstChosen = Math.max(worstChosen, rho[j]!);
    else bestUnchosen = Math.min(bestUnchosen, rho[j]!);
  }
  const limit = target();
  const isFixed = new Uint8Array(candidates);
  for (const j of fixed) isFixed[j] = 1;
  const siteState = new Int8Array(candidates); // 0 free, -1 closed, 1 open
  for (let j = 0; j < candidates; j++) {
    if (isFixed[j]) siteState[j] = 1;
    else if (!chosen[j] && L + rho[j]! - worstChosen > limit + 1e-9) siteState[j] = -1;
    else if (chosen[j] && L + bestUnchosen - rho[j]! > limit + 1e-9) siteState[j] = 1;
  }
  const pairs: Array<[number, number]> = [];
  const perClient = new Int32Array(clients);
  for (let i = 0; i < clients; i++) {
    const row = i * candidates;
    for (let j = 0; j < candidates; j++) {
      if (siteState[j] === -1) continue;
      const delta = Math.max(0, cost[row + j]! - lambda[i]!);
      const forced = L + delta + (chosen[j] ? 0 : rho[j]! - worstChosen);
      if (forced > limit + 1e-9) continue;
      pairs.push([i, j]);
      perClient[i]!++;
    }
  }
  const sites = Array.from({ length: candidates }, (_, j) => j).filter((j) => siteState[j] !== -1);
  const reduced = { sites: sites.length, pairs: pairs.length };
  if (perClient.some((n) => n === 0) || sites.length < p) return result(L, "mip", { reduced }); // no better solution exists
  // Columns: one y per remaining site, then one x per remaining pair.
  const siteColumn = new Int32Array(candidates).fill(-1);
  sites.forEach((j, k) => (siteColumn[j] = k));
  const numCols = sites.length + pairs.length;
  const numRows = clients + pairs.length + 1; // assignment rows, linking rows, the p row
  const colCost = new Float64Array(numCols);
  const colLower = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols).fill(1);
  const integrality = new Int32Array(numCols);
  const starts = new Int32Array(numCols + 1);
  const indices: number[] = [];
  const values: number[] = [];
  // y columns: −1 in each of their linking rows, +1 in the p row.
  const linksOfSite: number[][] = sites.map(() => []);
  pairs.forEach(([, j], k) => linksOfSite[siteColumn[j]!]!.push(clients + k));
  sites.forEach((j, k) => {
    starts[k] = indices.length;
    integrality[k] = 1;
    if (siteState[j] === 1) colLower[k] = 1;
    for (const row of linksOfSite[k]!) {
      indices.push(row);
      values.push(-1);
    }
    indices.push(numRows - 1);
    values.push(1);
  });
  pairs.forEach(([i, j], k) => {
    const col = sites.length + k;
    starts[col] = indices.length;
    colCost[col] = cost[i * candidates + j]!;
    indices.push(i, clients + k);
    values.push(1, 1);
  });
  starts[numCols] = indices.length;
  const rowLower = new Float64Array(numRows);
  const rowUpper = new Float64Array(numRows);
  for (let i = 0; i < clients; i++) rowLower[i] = rowUpper[i] = 1;
  for (let k = 0; k < pairs.length; k++) {
    rowLower[clients + k] = -INFINITY;
    rowUpper[clients + k] = 0;
  }
  rowLower[numRows - 1] = rowUpper[numRows - 1] = p;
  const remaining = Math.max(1, timeLimitS - (performance.now() - started) / 1000);
  const mip = await solveMip(
    { numCols, numRows, colCost, colLower, colUpper, rowLower, rowUpper, starts, indices: Int32Array.from(indices), values: Float64Array.from(values), integrality },
    { timeLimitS: remaining, relGap: 0 },
  );
  timings.mip = mip.runMs;
  if (mip.status === "infeasible") return result(L, "mip", { reduced });
  if (mip.x.length === numCols && Number.isFinite(mip.objective)) {
    const open = sites.filter((_, k) => mip.x[k]! > 0.5);
    const objective = evaluate(problem, open);
    if (open.length === p && objective < best.objective) best = { open, objective };
  }
  if (mip.status === "optimal") return result(L, "mip", { reduced });
  // Time limit: the reduced MIP's bound holds for solutions better than the incumbent only.
  const bound = Math.max(L, Math.min(best.objective, Number.isFinite(mip.bound) ? mip.bound : L));
  return result(bound, closed(bound) ? "mip" : "none", { reduced });
}
