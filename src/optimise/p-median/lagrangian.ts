import type { PMedianProblem } from "./problem.ts";

export interface LagrangianBound {
  readonly bound: number;
  readonly multipliers: Float64Array;
  /** ρ_j = Σ_i min(0, cost_ij − λ_i) at the best multipliers. */
  readonly rho: Float64Array;
  /** The p sites the relaxation opens at the best multipliers. */
  readonly chosen: Uint8Array;
  readonly iterations: number;
}

/** ρ_j = Σ_i min(0, cost_ij − λ_i): what opening site j is worth under multipliers λ. */
export function fillRho(problem: PMedianProblem, lambda: Float64Array, rho: Float64Array): void {
  const { clients, candidates, cost } = problem;
  rho.fill(0);
  for (let i = 0; i < clients; i++) {
    const l = lambda[i]!;
    const row = i * candidates;
    for (let j = 0; j < candidates; j++) {
      const r = cost[row + j]! - l;
      if (r < 0) rho[j]! += r;
    }
  }
}

/**
 * Lagrangian relaxation of the assignment constraints with subgradient optimisation (Beasley 1993,
 * "Lagrangean heuristics for location problems", EJOR 65): L(λ) = Σ λ_i + Σ of the p most negative
 * ρ_j. Any λ gives a lower bound; the step is f (UB − L)/‖g‖², f halved after `patience` iterations
 * without improvement.
 */
export function lagrangianBound(
  problem: PMedianProblem,
  upperBound: number,
  {
    maxIterations = 3000,
    patience = 30,
    stopAt = -Infinity,
  }: { maxIterations?: number; patience?: number; stopAt?: number } = {},
): LagrangianBound {
  const { clients, candidates, cost, p } = problem;
  const fixed = new Set(problem.fixedOpen ?? []);
  const lambda = new Float64Array(clients);
  // Start from each client's second-cheapest cost, a common choice that is usually near the optimum.
  for (let i = 0; i < clients; i++) {
    let a = Infinity;
    let b = Infinity;
    for (let j = 0; j < candidates; j++) {
      const c = cost[i * candidates + j]!;
      if (c < a) {
        b = a;
        a = c;
      } else if (c < b) b = c;
    }
    lambda[i] = Number.isFinite(b) ? b : a;
  }
  const rho = new Float64Array(candidates);
  const chosen = new Uint8Array(candidates);
  const order = Array.from({ length: candidates }, (_, j) => j);
  const covered = new Int32Array(clients);
  let best: LagrangianBound = {
    bound: -Infinity,
    multipliers: lambda.slice(),
    rho: rho.slice(),
    chosen: chosen.slice(),
    iterations: 0,
  };
  let f = 2;
  let sinceImprovement = 0;
  let iteration = 0;
  for (; iteration < maxIterations && f > 1e-4; iteration++) {
    fillRho(problem, lambda, rho);
    // Fixed sites are always open; the rest are the most negative ρ.
    order.sort((a, b) => (fixed.has(b) ? 1 : 0) - (fixed.has(a) ? 1 : 0) || rho[a]! - rho[b]!);
    chosen.fill(0);
    let bound = 0;
    for (let i = 0; i < clients; i++) bound += lambda[i]!;
    for (let k = 0; k < p; k++) {
      chosen[order[k]!] = 1;
      bound += rho[order[k]!]!;
    }
    if (bound > best.bound + 1e-9) {
      best = {
        bound,
        multipliers: lambda.slice(),
        rho: rho.slice(),
        chosen: chosen.slice(),
        iterations: iteration,
      };
      sinceImprovement = 0;
      if (bound >= stopAt) break;
    } else if (++sinceImprovement >= patience) {
      f /= 2;
      sinceImprovement = 0;
    }
    covered.fill(0);
    for (let i = 0; i < clients; i++) {
      const row = i * candidates;
      const l = lambda[i]!;
      for (let j = 0; j < candidates; j++) if (chosen[j] && cost[row + j]! - l < 0) covered[i]!++;
    }
    let norm = 0;
    for (let i = 0; i < clients; i++) norm += (1 - covered[i]!) ** 2;
    if (norm === 0) break; // the relaxed solution is feasible: the bound equals its cost
    const step = (f * (upperBound - bound)) / norm;
    for (let i = 0; i < clients; i++) lambda[i] = lambda[i]! + step * (1 - covered[i]!);
  }
  return { ...best, iterations: iteration };
}
