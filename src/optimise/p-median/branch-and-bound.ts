import { fillRho, fillSubgradient, type SortedCosts } from "./lagrangian.ts";
import type { PMedianProblem } from "./problem.ts";

/**
 * Lagrangian branch and bound on sites for the p-median (Beasley 1985's tree search, simplified):
 * each node fixes some sites open and some closed; its bound is the Lagrangian relaxation under
 * those fixings (subgradient warm-started from the parent's multipliers); nodes whose bound cannot
 * beat the incumbent by 1 (integer costs) or by a relative 1e-9 are pruned. Branching opens or
 * closes the relaxation's chosen free site with the most negative ρ. Depth-first, open branch first.
 * Returns the best solution found and the smallest bound of the nodes left unexplored (the proven
 * lower bound), or the incumbent's value when the tree is exhausted.
 */
export function lagrangianBranchAndBound(
  problem: PMedianProblem,
  incumbent: { open: number[]; objective: number },
  startMultipliers: Float64Array,
  {
    deadline,
    integerCosts,
    iterationsPerNode = 40,
    sorted,
  }: {
    deadline: number;
    integerCosts: boolean;
    iterationsPerNode?: number;
    sorted?: SortedCosts | undefined;
  },
): { open: number[]; objective: number; bound: number; nodes: number; exhausted: boolean } {
  const { clients, candidates, cost, p } = problem;
  let best = { open: [...incumbent.open], objective: incumbent.objective };
  const cutoff = () => (integerCosts ? best.objective - 1 + 1e-9 : best.objective * (1 - 1e-9));
  const rho = new Float64Array(candidates);
  const order = Array.from({ length: candidates }, (_, j) => j);
  const gradient = new Float64Array(clients);
  const isChosen = new Uint8Array(candidates);
  const evaluate = (open: readonly number[]) => {
    let total = 0;
    for (let i = 0; i < clients; i++) {
      let m = Infinity;
      for (const j of open) m = Math.min(m, cost[i * candidates + j]!);
      total += m;
    }
    return total;
  };
  // Bound of a node: returns the best bound, its chosen set and multipliers.
  const nodeBound = (state: Int8Array, lambda0: Float64Array) => {
    const lambda = lambda0.slice();
    let bestBound = -Infinity;
    let bestChosen: number[] = [];
    // One copy per node, refreshed in place (the children start from it).
    const bestLambda = lambda.slice();
    let f = 1;
    let since = 0;
    const fixedOpen = order.filter((j) => state[j] === 1);
    if (fixedOpen.length > p) return { bound: Infinity, chosen: [], lambda };
    for (let it = 0; it < iterationsPerNode; it++) {
      fillRho(problem, lambda, rho, sorted);
      const free = smallestFree(rho, state, p - fixedOpen.length);
      if (free === undefined) return { bound: Infinity, chosen: [], lambda };
      const chosen = [...fixedOpen, ...free];
      let bound = 0;
      for (let i = 0; i < clients; i++) bound += lambda[i]!;
      for (const j of chosen) bound += rho[j]!;
      if (bound > bestBound + 1e-9) {
        bestBound = bound;
        bestChosen = chosen;
        bestLambda.set(lambda);
        since = 0;
        if (bestBound > cutoff()) break;
      } else if (++since >= 10) {
        f /= 2;
        since = 0;
      }
      isChosen.fill(0);
      for (const j of chosen) isChosen[j] = 1;
      const norm = fillSubgradient(problem, lambda, isChosen, gradient, sorted, chosen);
      if (norm === 0) break;
      const step = (f * (best.objective - bound)) / norm;
      for (let i = 0; i < clients; i++) lambda[i] = lambda[i]! + step * gradient[i]!;
    }
    return { bound: bestBound, chosen: bestChosen, lambda: bestLambda };
  };
  const stack: Array<{ state: Int8Array; lambda: Float64Array; parentBound: number }> = [
    { state: new Int8Array(candidates), lambda: startMultipliers, parentBound: -Infinity },
  ];
  let nodes = 0;
  let openBound = Infinity; // smallest bound among nodes abandoned at the deadline
  while (stack.length > 0) {
    if (performance.now() > deadline) {
      for (const node of stack) openBound = Math.min(openBound, node.parentBound);
      return { ...best, bound: Math.min(openBound, best.objective), nodes, exhausted: false };
    }
    const node = stack.pop()!;
    if (node.parentBound > cutoff()) continue;
    nodes++;
    const { bound, chosen, lambda } = nodeBound(node.state, node.lambda);
    if (bound > cutoff()) continue;
    // The relaxation's chosen sites are a feasible solution: keep it if better.
    const value = evaluate(chosen);
    if (value < best.objective) best = { open: [...chosen], objective: value };
    if (bound > cutoff()) continue;
    const branch = chosen.filter((j) => node.state[j] === 0).sort((a, b) => rho[a]! - rho[b]!)[0];
    if (branch === undefined) continue; // every chosen site fixed: the node is solved
    const closed = node.state.slice();
    closed[branch] = -1;
    const opened = node.state.slice();
    opened[branch] = 1;
    stack.push(
      { state: closed, lambda, parentBound: bound },
      { state: opened, lambda, parentBound: bound },
    );
  }
  return { ...best, bound: best.objective, nodes, exhausted: true };
}

/**
 * The k free sites (state 0) with the smallest ρ, in ascending ρ, or undefined when fewer than k
 * sites are free. One pass with a small sorted buffer: k is at most p ≤ 20, far cheaper than sorting
 * every site at every subgradient iteration.
 */
function smallestFree(rho: Float64Array, state: Int8Array, k: number): number[] | undefined {
  const picked: number[] = [];
  if (k <= 0) return picked;
  for (let j = 0; j < rho.length; j++) {
    if (state[j] !== 0) continue;
    const r = rho[j]!;
    if (picked.length === k && r >= rho[picked[k - 1]!]!) continue;
    let at = picked.length === k ? k - 1 : picked.length;
    while (at > 0 && rho[picked[at - 1]!]! > r) {
      picked[at] = picked[at - 1]!;
      at--;
    }
    picked[at] = j;
  }
  return picked.length === k ? picked : undefined;
}
