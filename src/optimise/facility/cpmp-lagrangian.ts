import type { CpmpProblem } from "./cpmp-problem.ts";

/**
 * Lagrangian relaxation of the capacitated p-median, on the "every point assigned once" rows with
 * a multiplier u_i per point: for given u, each candidate median j solves a 0/1 knapsack (take the
 * points with u_i − d_ij > 0, weights their demands, within the capacity); the p medians with the
 * most negative knapsack values make L(u) = Σ u_i + Σ ρ_j, a valid lower bound on the optimum.
 * Subgradient steps on u raise it. Each step also proposes its p medians, which `propose` turns
 * into plans (an upper bound); a step size from the gap keeps the two moving together.
 *
 * Needs whole-number demands and capacity (the knapsacks are solved exactly by dynamic
 * programming over the capacity); `lagrangianApplies` says when.
 */
export function lagrangianApplies(problem: CpmpProblem): boolean {
  return wholeDemands(problem) && problem.capacity * problem.n <= 5_000_000;
}

const whole = new WeakMap<CpmpProblem, boolean>();
/** Whether capacity and demands are whole numbers (knapsacks by dynamic programming then
 * apply); asked often by the local search, so kept per problem. */
export function wholeDemands(problem: CpmpProblem): boolean {
  let known = whole.get(problem);
  if (known === undefined) {
    known = Number.isInteger(problem.capacity) && problem.demand.every(Number.isInteger);
    whole.set(problem, known);
  }
  return known;
}

export interface LagrangianOutcome {
  /** The best lower bound found (Σ u_i + Σ ρ_j at the best u). */
  readonly bound: number;
  readonly iterations: number;
  /** Each candidate's knapsack value ρ_j at the best multipliers (lower: a more promising median). */
  readonly rho: Float64Array;
}

export function lagrangianBound(
  problem: CpmpProblem,
  /** The best plan's distance so far (an upper bound): it sets the step size. */
  upper: () => number,
  /** Called with the medians of some steps; returns the distance of the plan made from them. */
  propose: (medians: number[]) => void,
  { budgetMs, stopAt }: { budgetMs: number; stopAt: (bound: number) => boolean },
): LagrangianOutcome {
  const { n, p, capacity: Q, demand, distance } = problem;
  const u = new Float64Array(n);
  // Start: each point's distance to its nearest other point (what serving it costs at least,
  // unless it is a median itself).
  for (let i = 0; i < n; i++) {
    let nearest = Infinity;
    for (let j = 0; j < n; j++) if (j !== i) nearest = Math.min(nearest, distance[i * n + j]!);
    u[i] = Number.isFinite(nearest) ? nearest : 0;
  }
  const rho = new Float64Array(n);
  const value = new Float64Array(Q + 1);
  const items = new Int32Array(n);
  const keep = new Uint8Array(n * (Q + 1));
  const served = new Float64Array(n);
  const order = Int32Array.from({ length: n }, (_, j) => j);
  let best = -Infinity;
  const bestRho = new Float64Array(n);
  let theta = 2;
  let sinceBetter = 0;
  const began = performance.now();
  let iteration = 0;
  /** Max Σ (u_i − d_ij) x_i over points, Σ q_i x_i ≤ Q; marks the chosen points when asked. */
  const knapsack = (j: number, mark: boolean): number => {
    let count = 0;
    for (let i = 0; i < n; i++) if (u[i]! - distance[i * n + j]! > 1e-12) items[count++] = i;
    value.fill(0);
    for (let k = 0; k < count; k++) {
      const i = items[k]!;
      const w = demand[i]!;
      const gain = u[i]! - distance[i * n + j]!;
      const row = k * (Q + 1);
      for (let c = Q; c >= w; c--) {
        const withIt = value[c - w]! + gain;
        if (withIt > value[c]!) {
          value[c] = withIt;
          if (mark) keep[row + c] = 1;
        } else if (mark) keep[row + c] = 0;
      }
      if (mark) for (let c = Math.min(w, Q + 1) - 1; c >= 0; c--) keep[row + c] = 0;
    }
    if (mark) {
      let c = Q;
      for (let k = count - 1; k >= 0; k--)
        if (keep[k * (Q + 1) + c] === 1) {
          const i = items[k]!;
          served[i] = served[i]! + 1;
          c -= demand[i]!;
        }
    }
    return value[Q]!;
  };
  while (performance.now() - began < budgetMs && theta > 1e-4) {
    iteration++;
    let total = 0;
    for (let i = 0; i < n; i++) total += u[i]!;
    for (let j = 0; j < n; j++) rho[j] = -knapsack(j, false);
    order.sort((a, b) => rho[a]! - rho[b]!);
    const medians = Array.from(order.subarray(0, p));
    let lower = total;
    for (const j of medians) lower += rho[j]!;
    if (lower > best + 1e-9) {
      best = lower;
      bestRho.set(rho);
      sinceBetter = 0;
    } else if (++sinceBetter >= 20) {
      theta /= 2;
      sinceBetter = 0;
    }
    if (stopAt(best)) break;
    if (iteration % 5 === 1) propose(medians);
    served.fill(0);
    for (const j of medians) knapsack(j, true);
    let norm = 0;
    for (let i = 0; i < n; i++) norm += (1 - served[i]!) ** 2;
    if (norm === 0) break; // the relaxation's choice is a plan: the bound is the optimum
    const step = (theta * Math.max(upper() - lower, 1e-6)) / norm;
    for (let i = 0; i < n; i++) u[i] = u[i]! + step * (1 - served[i]!);
  }
  return { bound: best, iterations: iteration, rho: bestRho };
}
