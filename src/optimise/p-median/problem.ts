/**
 * A p-median problem: clients with weights, candidate sites, a client × candidate cost matrix
 * (row-major), and p. Sites in `fixedOpen` are open in every solution (existing hubs).
 */
export interface PMedianProblem {
  readonly clients: number;
  readonly candidates: number;
  /** cost[i * candidates + j]: weighted cost of serving client i from candidate j. */
  readonly cost: Float64Array;
  readonly p: number;
  readonly fixedOpen?: readonly number[];
}

export interface PMedianSolution {
  readonly open: number[];
  readonly objective: number;
}

/** Objective of a set of open sites: Σ_i min_{j open} cost_ij. */
export function evaluate(problem: PMedianProblem, open: readonly number[]): number {
  const { clients, candidates, cost } = problem;
  let total = 0;
  for (let i = 0; i < clients; i++) {
    let best = Infinity;
    const row = i * candidates;
    for (const j of open) if (cost[row + j]! < best) best = cost[row + j]!;
    total += best;
  }
  return total;
}
