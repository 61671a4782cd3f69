import { createRandom } from "../../domain/index.ts";
import { BrechaError, UsageError } from "../../errors/index.ts";
import { solvePMedian } from "../p-median/index.ts";
import { solveMip } from "../solve-mip.ts";
import { capacitatedAssignmentModel } from "./assignment-model.ts";
import { lagrangianApplies, lagrangianBound, wholeDemands } from "./cpmp-lagrangian.ts";
import type { CpmpProblem } from "./cpmp-problem.ts";

export type { CpmpProblem };

export interface CpmpResult {
  readonly medians: number[];
  /** The median of each point. */
  readonly assignment: Int32Array;
  readonly cost: number;
  readonly bound: number;
  readonly gap: number;
  readonly status: string;
  readonly proven: boolean;
  readonly method: "mip" | "heuristic";
}

/**
 * Reads an OR-Library capacitated p-median problem (pmedcap, Osman & Christofides): line 1
 * `number optimum`, line 2 `n p capacity`, then `id x y demand` per point; distances are Euclidean
 * rounded down, as the published optima assume.
 */
export function parseOrlibPmedcap(text: string): CpmpProblem & { optimum: number } {
  const lines = text.trim().split("\n");
  const [, optimum] = lines[0]!.trim().split(/\s+/).map(Number);
  const [n, p, capacity] = lines[1]!.trim().split(/\s+/).map(Number) as [number, number, number];
  if (!(n > 0 && p > 0 && capacity > 0) || lines.length < n + 2)
    throw new UsageError("BRECHA_USAGE", "capacitated p-median file: bad header or too few points");
  const xy = lines.slice(2, 2 + n).map((l) => l.trim().split(/\s+/).map(Number));
  const demand = Float64Array.from(xy, (r) => r[3]!);
  const distance = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      distance[i * n + j] = Math.floor(
        Math.hypot(xy[i]![1]! - xy[j]![1]!, xy[i]![2]! - xy[j]![2]!),
      );
  return { n, p, capacity, demand, distance, optimum: optimum ?? NaN };
}

/**
 * Capacitated p-median in three steps. (1) A local search from the uncapacitated medians: swap
 * descent and variable-neighbourhood shakes over the median set, each set assigned by regret with
 * shift, swap and exact two-median splits. (2) With whole-number demands, a Lagrangian relaxation
 * (cpmp-lagrangian.ts) raises a lower bound while its median sets feed the search; when the bound
 * meets the best plan the plan is proven and returned. (3) Otherwise the MIP for HiGHS (binary
 * medians and assignments, x_ij ≤ y_j links), started from the best plan, for the time left; the
 * bound is the higher of HiGHS's and the Lagrangian one. When HiGHS ends without a plan the best
 * heuristic one is returned, marked unproven unless its bound closes the gap.
 */
export async function solveCapacitatedPMedian(
  problem: CpmpProblem,
  { timeLimitS = 30, relGap = 1e-6 }: { timeLimitS?: number; relGap?: number } = {},
): Promise<CpmpResult> {
  const { n, p, capacity, demand, distance } = problem;
  const total = demand.reduce((a, b) => a + b, 0);
  if (p * capacity < total)
    throw new BrechaError(
      "BRECHA_INFEASIBLE",
      `${p} medians of capacity ${capacity} cannot serve a demand of ${total}`,
    );
  const began = performance.now();
  const numCols = n + n * n;
  // A first incumbent for HiGHS: the uncapacitated medians (solved exactly, fast), each point in
  // decreasing demand to the nearest of them with room. Skipped when that runs out of room.
  const uncapacitated = await solvePMedian(
    { clients: n, candidates: n, cost: distance, p },
    { timeLimitS: Math.max(1, timeLimitS / 10), integerCosts: true },
  );
  const model = () =>
    capacitatedAssignmentModel({
      facilities: n,
      customers: n,
      capacity: new Float64Array(n).fill(capacity),
      demand,
      openCost: new Float64Array(n),
      serveCost: distance,
      // Exactly p medians.
      openings: { coefficient: new Float64Array(n).fill(1), lower: p, upper: p },
      integralShares: true,
    });
  const startOf = (medians: readonly number[], assignment: Int32Array) => {
    const x = new Float64Array(numCols);
    for (const j of medians) x[j] = 1;
    assignment.forEach((j, i) => (x[n + i * n + j] = 1));
    return x;
  };
  // A local search (alternate assignment and relocation, then variable-neighbourhood median
  // swaps) finds a good plan in a fraction of the time.
  const budget = timeLimitS * 1000;
  let incumbent = localSearch(problem, uncapacitated.open, Math.min(1_000, budget * 0.04));
  // The Lagrangian relaxation then raises a lower bound and proposes median sets along the way
  // (its knapsacks know the capacities, where the uncapacitated medians do not); each becomes a
  // plan by assignment and relocation. With whole-number distances a bound within one of the
  // best plan proves it optimal, and the MIP is not needed.
  const integral = distance.every(Number.isInteger);
  const closes = (bound: number) =>
    incumbent !== null &&
    (integral
      ? Math.ceil(bound - 1e-6) >= incumbent.cost
      : incumbent.cost - bound <= relGap * incumbent.cost);
  let lagrangian = -Infinity;
  if (lagrangianApplies(problem)) {
    const seen = new Set<string>();
    const outcome = lagrangianBound(
      problem,
      () => incumbent?.cost ?? distance.reduce((a, b) => Math.max(a, b), 0) * n,
      (medians) => {
        const key = [...medians].sort((a, b) => a - b).join(",");
        if (seen.has(key)) return;
        seen.add(key);
        const plan = assignAndRelocate(medians, problem);
        if (plan && (incumbent === null || plan.cost < incumbent.cost - 1e-9)) {
          // A new best plan is polished by a short search from it.
          incumbent = localSearch(problem, plan.medians, Math.min(300, budget * 0.01)) ?? plan;
        }
      },
      { budgetMs: budget * 0.4 - (performance.now() - began), stopAt: closes },
    );
    lagrangian = outcome.bound;
  }
  const best = incumbent as { medians: number[]; assignment: Int32Array; cost: number } | null;
  if (best && closes(lagrangian)) {
    const bound = integral ? Math.ceil(lagrangian - 1e-6) : lagrangian;
    return {
      medians: [...best.medians].sort((a, b) => a - b),
      assignment: best.assignment,
      cost: best.cost,
      bound,
      gap: best.cost > 0 ? Math.max(0, (best.cost - bound) / best.cost) : 0,
      status: "optimal",
      proven: true,
      method: "heuristic",
    };
  }
  const greedy = best ? null : greedyAssignment(uncapacitated.open, problem);
  const start = best
    ? startOf(best.medians, best.assignment)
    : greedy && startOf(uncapacitated.open, greedy);
  // The MIP from the best plan: HiGHS's bound, or the Lagrangian one if higher, and perhaps a
  // better plan.
  const result = await solveMip(model(), {
    timeLimitS: Math.max(1, timeLimitS - (performance.now() - began) / 1000),
    relGap,
    // Whole-number distances: a bound within 1 of the plan proves it.
    ...(integral ? { absGap: 1 - 1e-6 } : {}),
    ...(start ? { start } : {}),
  });
  const raw = Math.max(Number.isFinite(result.bound) ? result.bound : 0, lagrangian);
  // With whole-number distances the optimum is whole: the bound rounds up.
  const bound = integral ? Math.ceil(raw - 1e-6) : raw;
  const finish = (medians: number[], assignment: Int32Array, method: "mip" | "heuristic") => {
    const cost = distanceOf(assignment, problem);
    const gap = cost > 0 ? Math.max(0, (cost - bound) / cost) : 0;
    return {
      medians,
      assignment,
      cost,
      bound,
      gap,
      status: result.status,
      proven: gap <= Math.max(relGap, 1e-9) + 1e-12,
      method,
    };
  };
  const plan = planOf(result.x, problem);
  if (plan) return finish(plan.medians, plan.assignment, "mip");
  if (result.status === "infeasible")
    // Total room suffices (checked above) but the points do not pack: each goes whole to one median.
    throw new BrechaError(
      "BRECHA_INFEASIBLE",
      `no way to give each point, whole, to one of ${p} medians of capacity ${capacity}: the demands do not pack`,
    );
  if (start) {
    // The whole model ended without a plan (a time limit): the restricted model's is kept.
    const kept = planOf(start, problem);
    if (kept) return finish(kept.medians, kept.assignment, "heuristic");
  }
  // No plan from HiGHS: the uncapacitated medians with the greedy assignment, else the p heaviest
  // points as medians.
  const heaviest = Array.from({ length: n }, (_, j) => j)
    .sort((a, b) => demand[b]! - demand[a]!)
    .slice(0, p);
  for (const medians of [uncapacitated.open, heaviest]) {
    const assignment = greedyAssignment(medians, problem);
    if (assignment)
      return finish(
        [...medians].sort((a, b) => a - b),
        assignment,
        "heuristic",
      );
  }
  throw new BrechaError("BRECHA_SOLVER", "HiGHS found no plan and the greedy one ran out of room");
}

/**
 * The plan in a MIP solution, or null when the point is not one (a time limit can leave HiGHS
 * with a relaxed point, or none): p medians, every point on one of them, capacities kept.
 */
function planOf(
  x: Float64Array,
  { n, p, capacity, demand }: CpmpProblem,
): { medians: number[]; assignment: Int32Array } | null {
  if (x.length !== n + n * n) return null;
  const medians = Array.from({ length: n }, (_, j) => j).filter((j) => x[j]! > 0.5);
  if (medians.length !== p) return null;
  const assignment = new Int32Array(n);
  const load = new Map(medians.map((j) => [j, 0]));
  for (let i = 0; i < n; i++) {
    let best = medians[0]!;
    for (const j of medians) if (x[n + i * n + j]! > x[n + i * n + best]!) best = j;
    if (!(x[n + i * n + best]! > 0.5)) return null;
    assignment[i] = best;
    load.set(best, load.get(best)! + demand[i]!);
  }
  return [...load.values()].every((l) => l <= capacity + 1e-9) ? { medians, assignment } : null;
}

/** Points in decreasing demand, each to the nearest median with room; null when one finds none. */
function greedyAssignment(medians: readonly number[], problem: CpmpProblem): Int32Array | null {
  const { n, capacity, demand, distance } = problem;
  const room = new Map(medians.map((j) => [j, capacity]));
  const assignment = new Int32Array(n).fill(-1);
  for (const i of Array.from({ length: n }, (_, k) => k).sort((a, b) => demand[b]! - demand[a]!)) {
    let best = -1;
    for (const j of medians)
      if (
        room.get(j)! >= demand[i]! &&
        (best < 0 || distance[i * n + j]! < distance[i * n + best]!)
      )
        best = j;
    if (best < 0) return null;
    assignment[i] = best;
    room.set(best, room.get(best)! - demand[i]!);
  }
  return assignment;
}

/**
 * Regret assignment of every point to a median with room: the point whose best and second-best
 * medians differ most goes first; then shift and swap moves between medians while they save
 * distance. Null when some point finds no median with room.
 */
function assignByRegret(medians: readonly number[], problem: CpmpProblem): Int32Array | null {
  const { n, capacity, demand, distance } = problem;
  const p = medians.length;
  const room = new Float64Array(p).fill(capacity);
  const slot = new Int32Array(n).fill(-1);
  for (let step = 0; step < n; step++) {
    let pick = -1;
    let pickSlot = -1;
    let pickRegret = -Infinity;
    for (let i = 0; i < n; i++) {
      if (slot[i]! >= 0) continue;
      let best = -1;
      let first = Infinity;
      let second = Infinity;
      for (let s = 0; s < p; s++) {
        if (room[s]! < demand[i]!) continue;
        const d = distance[i * n + medians[s]!]!;
        if (d < first) {
          second = first;
          first = d;
          best = s;
        } else if (d < second) second = d;
      }
      if (best < 0) return null;
      const regret = second - first;
      if (regret > pickRegret) {
        pickRegret = regret;
        pick = i;
        pickSlot = best;
      }
    }
    slot[pick] = pickSlot;
    room[pickSlot] = room[pickSlot]! - demand[pick]!;
  }
  // Shifts and swaps until neither saves anything.
  const cost = (i: number, s: number) => distance[i * n + medians[s]!]!;
  for (let improved = true; improved;) {
    improved = false;
    for (let i = 0; i < n; i++) {
      const a = slot[i]!;
      for (let s = 0; s < p; s++)
        if (s !== a && room[s]! >= demand[i]! && cost(i, s) < cost(i, a)) {
          room[a] = room[a]! + demand[i]!;
          room[s] = room[s]! - demand[i]!;
          slot[i] = s;
          improved = true;
          break;
        }
    }
    for (let i = 0; i < n; i++)
      for (let k = i + 1; k < n; k++) {
        const a = slot[i]!;
        const b = slot[k]!;
        if (a === b) continue;
        const delta = cost(i, b) + cost(k, a) - cost(i, a) - cost(k, b);
        if (delta >= 0) continue;
        if (room[b]! + demand[k]! < demand[i]! || room[a]! + demand[i]! < demand[k]!) continue;
        room[a] = room[a]! + demand[i]! - demand[k]!;
        room[b] = room[b]! + demand[k]! - demand[i]!;
        slot[i] = b;
        slot[k] = a;
        improved = true;
      }
    if (!improved && wholeDemands(problem))
      for (let a = 0; a < p && !improved; a++)
        for (let b = a + 1; b < p && !improved; b++)
          improved = splitPairExactly(a, b, medians, slot, room, problem);
  }
  return Int32Array.from(slot, (s) => medians[s]!);
}

/**
 * Re-divides the points of two medians between them at least distance, exactly: a knapsack over
 * the load of the first (the rest goes to the second, both within capacity), by dynamic
 * programming over whole-number loads. Returns whether it saved anything (and then applies it).
 */
function splitPairExactly(
  a: number,
  b: number,
  medians: readonly number[],
  slot: Int32Array,
  room: Float64Array,
  { n, capacity, demand, distance }: CpmpProblem,
): boolean {
  const members: number[] = [];
  for (let i = 0; i < n; i++) if (slot[i] === a || slot[i] === b) members.push(i);
  let load = 0;
  let current = 0;
  for (const i of members) {
    load += demand[i]!;
    current += distance[i * n + medians[slot[i]!]!]!;
  }
  // All to b costs `base`; moving i to a adds delta_i. Choose the set for a with load in
  // [load − capacity, capacity].
  let base = 0;
  for (const i of members) base += distance[i * n + medians[b]!]!;
  const top = Math.min(capacity, load);
  const best = new Float64Array(top + 1).fill(Infinity);
  best[0] = 0;
  const took = new Uint8Array(members.length * (top + 1));
  members.forEach((i, k) => {
    const w = demand[i]!;
    const delta = distance[i * n + medians[a]!]! - distance[i * n + medians[b]!]!;
    for (let c = top; c >= w; c--)
      if (best[c - w]! + delta < best[c]!) {
        best[c] = best[c - w]! + delta;
        took[k * (top + 1) + c] = 1;
      }
  });
  let at = -1;
  for (let c = Math.max(0, load - capacity); c <= top; c++)
    if (best[c]! < Infinity && (at < 0 || best[c]! < best[at]!)) at = c;
  if (at < 0 || base + best[at]! >= current - 1e-9) return false;
  for (const i of members) slot[i] = b;
  for (let k = members.length - 1, c = at; k >= 0 && c > 0; k--)
    if (took[k * (top + 1) + c] === 1) {
      slot[members[k]!] = a;
      c -= demand[members[k]!]!;
    }
  room[a] = capacity - at;
  room[b] = capacity - (load - at);
  return true;
}

/** Total distance of an assignment. */
function distanceOf(assignment: Int32Array, { n, distance }: CpmpProblem): number {
  let total = 0;
  for (let i = 0; i < n; i++) total += distance[i * n + assignment[i]!]!;
  return total;
}

/**
 * Alternates assignment and relocation (each cluster's median moves to the member nearest to
 * all the others, which keeps its load) until the distance stops falling.
 */
function assignAndRelocate(
  initial: readonly number[],
  problem: CpmpProblem,
): { medians: number[]; assignment: Int32Array; cost: number } | null {
  const { n, distance } = problem;
  let medians = [...initial];
  let best: { medians: number[]; assignment: Int32Array; cost: number } | null = null;
  for (let round = 0; round < 20; round++) {
    const assignment = assignByRegret(medians, problem);
    if (!assignment) return best;
    const cost = distanceOf(assignment, problem);
    if (best && cost >= best.cost - 1e-9) return best;
    best = { medians, assignment, cost };
    const next: number[] = [];
    for (const j of medians) {
      const members: number[] = [];
      for (let i = 0; i < n; i++) if (assignment[i] === j) members.push(i);
      let centre = j;
      let centreCost = Infinity;
      for (const c of members) {
        let sum = 0;
        for (const i of members) sum += distance[i * n + c]!;
        if (sum < centreCost) {
          centreCost = sum;
          centre = c;
        }
      }
      next.push(centre);
    }
    medians = next;
  }
  return best;
}

type Plan = { medians: number[]; assignment: Int32Array; cost: number };

/**
 * Swap descent: for each median, try its nearest non-medians in its place (assignment by regret
 * and exact pairwise splits), take the first swap that saves distance, and start again; ends at a
 * plan no single swap improves, or at the deadline.
 */
function swapDescent(plan: Plan, problem: CpmpProblem, deadline: number): Plan {
  const { n, distance } = problem;
  const tries = Math.min(n, 30);
  let best = plan;
  for (let improved = true; improved && performance.now() < deadline;) {
    improved = false;
    for (let at = 0; at < best.medians.length && !improved; at++) {
      const out = best.medians[at]!;
      const taken = new Set(best.medians);
      const near = Array.from({ length: n }, (_, c) => c)
        .filter((c) => !taken.has(c))
        .sort((a, b) => distance[out * n + a]! - distance[out * n + b]!)
        .slice(0, tries);
      for (const c of near) {
        const medians = [...best.medians];
        medians[at] = c;
        const assignment = assignByRegret(medians, problem);
        if (!assignment) continue;
        const cost = distanceOf(assignment, problem);
        if (cost < best.cost - 1e-9) {
          best = { medians, assignment, cost };
          improved = true;
          break;
        }
      }
      if (performance.now() >= deadline) break;
    }
  }
  return best;
}

/**
 * Variable-neighbourhood search over the median set: from a swap-descent optimum, swap k medians
 * for random other points (k = 1, 2, …), descend again, keep any improvement and go back to
 * k = 1. Seeded, and bounded by `budgetMs`.
 */
function localSearch(
  problem: CpmpProblem,
  initial: readonly number[],
  budgetMs: number,
): Plan | null {
  const { n, p } = problem;
  const random = createRandom(17);
  const deadline = performance.now() + budgetMs;
  const first = assignAndRelocate(initial, problem);
  if (!first) return null;
  let best = swapDescent(first, problem, deadline);
  let k = 1;
  while (performance.now() < deadline) {
    const medians = [...best.medians];
    const taken = new Set(medians);
    for (let swap = 0; swap < k; swap++) {
      let other = Math.floor(random() * n);
      while (taken.has(other)) other = (other + 1) % n;
      const at = Math.floor(random() * p);
      taken.delete(medians[at]!);
      medians[at] = other;
      taken.add(other);
    }
    const shaken = assignAndRelocate(medians, problem);
    const tried = shaken && swapDescent(shaken, problem, deadline);
    if (tried && tried.cost < best.cost - 1e-9) {
      best = tried;
      k = 1;
    } else k = k >= Math.min(p, 4) ? 1 : k + 1;
  }
  return best;
}
