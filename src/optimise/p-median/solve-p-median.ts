import { createRandom } from "../../domain/index.ts";
import { INFINITY, solveMip, type MipModel } from "../solve-mip.ts";
import { lagrangianBranchAndBound } from "./branch-and-bound.ts";
import { greedy, interchange } from "./heuristics.ts";
import { lagrangianBound, sortCosts, type LagrangianBound } from "./lagrangian.ts";
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
  readonly provedBy: "lagrangian" | "branch-and-bound" | "mip" | "none";
  readonly timingsMs: Readonly<Record<string, number>>;
  /** Nodes of the Lagrangian branch and bound, when it ran. */
  readonly nodes?: number;
  /** Size of the reduced MIP when one was needed. */
  readonly reduced?: { readonly sites: number; readonly pairs: number };
}

/**
 * Solves a p-median problem to proven optimality when it can within the time limit:
 * 1. greedy + fast interchange for an upper bound (UB);
 * 2. Lagrangian relaxation for a lower bound (LB), and interchange again from the sites the
 *    relaxation opens (Beasley 1993's Lagrangian heuristic);
 * 3. with p ≤ 20, a Lagrangian branch and bound on sites (branch-and-bound.ts) until the tree is
 *    exhausted or the time runs out;
 * 4. otherwise Lagrangian reduction — every site and assignment whose forced use would
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
  if (problem.p < fixed.length)
    throw new RangeError(
      `solvePMedian: p = ${problem.p} is less than the ${fixed.length} sites fixed open`,
    );
  if (problem.p > problem.candidates)
    throw new RangeError(
      `solvePMedian: p = ${problem.p} exceeds the ${problem.candidates} candidates`,
    );
  let best = interchange(problem, greedy(problem));
  const t1 = performance.now();
  // Solutions worth looking for must beat the incumbent: by 1 with integer costs.
  const target = () => (integerCosts ? best.objective - 1 : best.objective * (1 - 1e-9));
  const closed = (bound: number) =>
    integerCosts ? Math.ceil(bound - 1e-6) >= best.objective : bound >= best.objective * (1 - 1e-9);
  const sorted = sortCosts(problem);
  let lagrangian: LagrangianBound = lagrangianBound(problem, best.objective, {
    stopAt: target() + 1e-9,
    sorted,
  });
  const fromRelaxation = interchange(problem, {
    open: Array.from(lagrangian.chosen.keys()).filter((j) => lagrangian.chosen[j]),
    objective: Infinity,
  });
  if (fromRelaxation.objective < best.objective) {
    best = fromRelaxation;
    if (!closed(lagrangian.bound))
      lagrangian = lagrangianBound(problem, best.objective, { stopAt: target() + 1e-9, sorted });
  }
  if (!closed(lagrangian.bound) && problem.p > 20) {
    // Random restarts of the interchange (seeded): cheap, and they find better incumbents where
    // the greedy start is in a poor basin. With p ≤ 20 the branch and bound below finds them itself.
    const random = createRandom(17);
    const free = Array.from({ length: problem.candidates }, (_, j) => j).filter(
      (j) => !fixed.includes(j),
    );
    for (
      let restart = 0;
      restart < 25 && (performance.now() - started) / 1000 < timeLimitS / 6;
      restart++
    ) {
      for (let k = free.length - 1; k > 0; k--) {
        const r = Math.floor(random() * (k + 1));
        [free[k], free[r]] = [free[r]!, free[k]!];
      }
      const start = [...fixed, ...free.slice(0, problem.p - fixed.length)];
      const candidate = interchange(problem, { open: start, objective: Infinity });
      if (candidate.objective < best.objective) best = candidate;
    }
  }
  const t2 = performance.now();
  const timings: Record<string, number> = { heuristic: t1 - started, lagrangian: t2 - t1 };
  const result = (
    bound: number,
    provedBy: PMedianResult["provedBy"],
    extra: Partial<PMedianResult> = {},
  ): PMedianResult => {
    const proven = provedBy !== "none";
    const lb = proven ? best.objective : bound;
    return {
      open: [...best.open].sort((a, b) => a - b),
      objective: best.objective,
      bound: lb,
      gap: best.objective === 0 ? 0 : (best.objective - lb) / best.objective,
      proven,
      provedBy,
      timingsMs: { ...timings, total: performance.now() - started },
      ...extra,
    };
  };
  if (closed(lagrangian.bound)) return result(lagrangian.bound, "lagrangian");

  // Few sites: a Lagrangian branch and bound on sites closes the gap far faster than the MIP
  // (pmed16, 22, 26, 31, 35: 2-10 s against > 30 s), since each node's bound is cheap and tight.
  if (problem.p <= 20) {
    const tree = lagrangianBranchAndBound(problem, best, lagrangian.multipliers, {
      deadline: started + timeLimitS * 1000,
      integerCosts,
      sorted,
    });
    timings.branchAndBound = performance.now() - t2;
    if (tree.objective < best.objective) best = { open: tree.open, objective: tree.objective };
    const bound = Math.max(lagrangian.bound, tree.bound);
    return result(bound, tree.exhausted || closed(bound) ? "branch-and-bound" : "none", {
      nodes: tree.nodes,
    });
  }

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
  const model = levelFormulation(problem, sites, siteState, pairs);
  const remaining = Math.max(1, timeLimitS - (performance.now() - started) / 1000);
  const mip = await solveMip(model, { timeLimitS: remaining, relGap: 0, cutoff: limit + 1e-6 });
  timings.mip = mip.runMs;
  if (mip.status === "infeasible") return result(L, "mip", { reduced });
  if (mip.x.length === model.numCols && Number.isFinite(mip.objective)) {
    const open = sites.filter((_, k) => mip.x[k]! > 0.5);
    const objective = evaluate(problem, open);
    if (open.length === p && objective < best.objective) best = { open, objective };
  }
  if (mip.status === "optimal") return result(L, "mip", { reduced });
  // Time limit: the reduced MIP's bound holds for solutions better than the incumbent only.
  const bound = Math.max(L, Math.min(best.objective, Number.isFinite(mip.bound) ? mip.bound : L));
  return result(bound, closed(bound) ? "mip" : "none", { reduced });
}

/**
 * The reduced problem in Elloumi's (2010, "A tighter formulation of the p-median problem", J. Comb.
 * Optim. 19) level form: for client i with distinct remaining costs D_i^1 < … < D_i^K, z_i^k = 1
 * when i is not served at cost ≤ D_i^k; cost = Σ_i D_i^1 + Σ_k (D_i^(k+1) − D_i^k) z_i^k, with
 * z_i^1 ≥ 1 − Σ_{c_ij = D^1} y_j, z_i^k ≥ z_i^(k−1) − Σ_{c_ij = D^k} y_j and Σ_{c_ij ≤ D^K} y_j ≥ 1.
 * Ties in shortest-path costs make it far smaller than one x per pair, with the same LP bound.
 */
function levelFormulation(
  problem: PMedianProblem,
  sites: readonly number[],
  siteState: Int8Array,
  pairs: ReadonlyArray<readonly [number, number]>,
): MipModel {
  const { clients, candidates, cost, p } = problem;
  const siteColumn = new Int32Array(candidates).fill(-1);
  sites.forEach((j, k) => (siteColumn[j] = k));
  const byClient: number[][] = Array.from({ length: clients }, () => []);
  for (const [i, j] of pairs) byClient[i]!.push(j);
  const columns: Array<{
    cost: number;
    lower: number;
    integer: boolean;
    entries: Array<[number, number]>;
  }> = sites.map((j) => ({
    cost: 0,
    lower: siteState[j] === 1 ? 1 : 0,
    integer: true,
    entries: [],
  }));
  const rowLower: number[] = [];
  const rowUpper: number[] = [];
  let offset = 0;
  for (let i = 0; i < clients; i++) {
    const list = byClient[i]!.sort((a, b) => cost[i * candidates + a]! - cost[i * candidates + b]!);
    const levels: number[][] = [];
    const distances: number[] = [];
    for (const j of list) {
      const c = cost[i * candidates + j]!;
      if (distances.length === 0 || c > distances[distances.length - 1]!) {
        distances.push(c);
        levels.push([]);
      }
      levels[levels.length - 1]!.push(j);
    }
    offset += distances[0]!;
    let previousZ = -1;
    for (let k = 0; k < levels.length; k++) {
      const row = rowLower.length;
      const last = k === levels.length - 1;
      // Non-last levels: z_k + Σ y (this level) − z_(k−1) ≥ 0 (≥ 1 at the first level).
      // Last level: Σ y (this level) − z_(k−1) ≥ 0 (≥ 1 with a single level): i is served somewhere.
      rowLower.push(k === 0 ? 1 : 0);
      rowUpper.push(INFINITY);
      for (const j of levels[k]!) columns[siteColumn[j]!]!.entries.push([row, 1]);
      if (previousZ >= 0) columns[previousZ]!.entries.push([row, -1]);
      if (!last) {
        columns.push({
          cost: distances[k + 1]! - distances[k]!,
          lower: 0,
          integer: false,
          entries: [[row, 1]],
        });
        previousZ = columns.length - 1;
      }
    }
  }
  const pRow = rowLower.length;
  rowLower.push(p);
  rowUpper.push(p);
  sites.forEach((_, k) => columns[k]!.entries.push([pRow, 1]));
  const starts = new Int32Array(columns.length + 1);
  const indices: number[] = [];
  const values: number[] = [];
  columns.forEach((column, c) => {
    starts[c] = indices.length;
    for (const [row, value] of column.entries) {
      indices.push(row);
      values.push(value);
    }
  });
  starts[columns.length] = indices.length;
  return {
    numCols: columns.length,
    numRows: rowLower.length,
    colCost: Float64Array.from(columns, (c) => c.cost),
    colLower: Float64Array.from(columns, (c) => c.lower),
    colUpper: Float64Array.from(columns, () => 1),
    rowLower: Float64Array.from(rowLower),
    rowUpper: Float64Array.from(rowUpper),
    starts,
    indices: Int32Array.from(indices),
    values: Float64Array.from(values),
    integrality: Int32Array.from(columns, (c) => (c.integer ? 1 : 0)),
    offset,
  };
}
