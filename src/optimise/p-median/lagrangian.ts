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

/**
 * Each client's sites in ascending cost (row-major like the cost matrix). The relaxation only needs,
 * per client, the sites cheaper than λ_i — a short prefix of this order once λ settles near the
 * cost of the client's assignment — so ρ and the subgradient cost O(Σ prefix) instead of O(n·m).
 */
export interface SortedCosts {
  readonly site: Int32Array;
  readonly cost: Float64Array;
}

/** Largest matrix sorted for the relaxation (12 bytes per pair). */
const MAX_SORTED_PAIRS = 16_000_000;

export function sortCosts(problem: PMedianProblem): SortedCosts | undefined {
  const { clients, candidates, cost } = problem;
  if (clients * candidates > MAX_SORTED_PAIRS) return undefined;
  const site = new Int32Array(clients * candidates);
  const sorted = new Float64Array(clients * candidates);
  const order = new Int32Array(candidates);
  for (let i = 0; i < clients; i++) {
    const row = i * candidates;
    for (let j = 0; j < candidates; j++) order[j] = j;
    order.sort((a, b) => cost[row + a]! - cost[row + b]!);
    for (let k = 0; k < candidates; k++) {
      site[row + k] = order[k]!;
      sorted[row + k] = cost[row + order[k]!]!;
    }
  }
  return { site, cost: sorted };
}

/** ρ_j = Σ_i min(0, cost_ij − λ_i): what opening site j is worth under multipliers λ. */
export function fillRho(
  problem: PMedianProblem,
  lambda: Float64Array,
  rho: Float64Array,
  sorted?: SortedCosts,
): void {
  const { clients, candidates, cost } = problem;
  rho.fill(0);
  const sortedCost = sorted?.cost;
  const sortedSite = sorted?.site;
  for (let i = 0; i < clients; i++) {
    const l = lambda[i]!;
    const row = i * candidates;
    if (sortedCost && sortedSite) {
      for (let k = row, end = row + candidates; k < end; k++) {
        const r = sortedCost[k]! - l;
        if (r >= 0) break;
        rho[sortedSite[k]!]! += r;
      }
    } else {
      for (let j = 0; j < candidates; j++) {
        const r = cost[row + j]! - l;
        if (r < 0) rho[j]! += r;
      }
    }
  }
}

/**
 * Subgradient of the relaxation — 1 − (number of chosen sites j with cost_ij < λ_i) per client —
 * and its squared norm.
 */
export function fillSubgradient(
  problem: PMedianProblem,
  lambda: Float64Array,
  isChosen: Uint8Array,
  gradient: Float64Array,
  sorted?: SortedCosts,
  /** The chosen sites, when few: each client then looks up just their costs. */
  chosen?: readonly number[],
): number {
  const { clients, candidates, cost } = problem;
  let norm = 0;
  // A client's sorted row is walked as far as λ_i reaches (tens of sites on pmed36); with a
  // handful of chosen sites, looking each up costs less.
  const direct = chosen !== undefined && chosen.length <= 16;
  for (let i = 0; i < clients; i++) {
    const l = lambda[i]!;
    const row = i * candidates;
    let covered = 0;
    if (direct) {
      for (const j of chosen) if (cost[row + j]! < l) covered++;
    } else if (sorted) {
      for (let k = row, end = row + candidates; k < end && sorted.cost[k]! < l; k++)
        covered += isChosen[sorted.site[k]!]!;
    } else {
      for (let j = 0; j < candidates; j++) if (isChosen[j] && cost[row + j]! < l) covered++;
    }
    gradient[i] = 1 - covered;
    norm += gradient[i]! * gradient[i]!;
  }
  return norm;
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
    sorted,
  }: {
    maxIterations?: number;
    patience?: number;
    stopAt?: number;
    sorted?: SortedCosts | undefined;
  } = {},
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
  const gradient = new Float64Array(clients);
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
    fillRho(problem, lambda, rho, sorted);
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
    const norm = fillSubgradient(problem, lambda, chosen, gradient, sorted);
    if (norm === 0) break; // the relaxed solution is feasible: the bound equals its cost
    const step = (f * (upperBound - bound)) / norm;
    for (let i = 0; i < clients; i++) lambda[i] = lambda[i]! + step * gradient[i]!;
  }
  return { ...best, iterations: iteration };
}
