import { evaluate, type PMedianProblem, type PMedianSolution } from "./problem.ts";

/** Greedy addition (Kuehn & Hamburger 1963): open, one at a time, the site that most reduces cost. */
export function greedy(problem: PMedianProblem): PMedianSolution {
  const { clients, candidates, cost, p } = problem;
  const open = [...(problem.fixedOpen ?? [])];
  const isOpen = new Uint8Array(candidates);
  for (const j of open) isOpen[j] = 1;
  const nearest = new Float64Array(clients).fill(Infinity);
  for (const j of open)
    for (let i = 0; i < clients; i++) nearest[i] = Math.min(nearest[i]!, cost[i * candidates + j]!);
  while (open.length < p) {
    let bestJ = -1;
    let bestTotal = Infinity;
    for (let j = 0; j < candidates; j++) {
      if (isOpen[j]) continue;
      let total = 0;
      for (let i = 0; i < clients; i++) {
        const c = cost[i * candidates + j]!;
        total += c < nearest[i]! ? c : nearest[i]!;
      }
      if (total < bestTotal) {
        bestTotal = total;
        bestJ = j;
      }
    }
    open.push(bestJ);
    isOpen[bestJ] = 1;
    for (let i = 0; i < clients; i++)
      nearest[i] = Math.min(nearest[i]!, cost[i * candidates + bestJ]!);
  }
  return { open, objective: evaluate(problem, open) };
}

/**
 * Vertex substitution (Teitz & Bart 1968) with Whitaker's (1983) fast interchange evaluation: for
 * each closed site, the gain of opening it and the best site to close are found in one pass over
 * the clients using each client's nearest and second-nearest open sites. Best-improvement moves
 * until no swap improves. Fixed sites are never closed.
 */
export function interchange(problem: PMedianProblem, start: PMedianSolution): PMedianSolution {
  const { clients, candidates, cost } = problem;
  const open = [...start.open];
  const fixed = new Set(problem.fixedOpen ?? []);
  const position = new Int32Array(candidates).fill(-1);
  open.forEach((j, k) => (position[j] = k));
  const d1 = new Float64Array(clients);
  const d2 = new Float64Array(clients);
  const c1 = new Int32Array(clients);
  const refresh = () => {
    for (let i = 0; i < clients; i++) {
      let a = Infinity;
      let b = Infinity;
      let ja = -1;
      const row = i * candidates;
      for (const j of open) {
        const c = cost[row + j]!;
        if (c < a) {
          b = a;
          a = c;
          ja = j;
        } else if (c < b) b = c;
      }
      d1[i] = a;
      d2[i] = b;
      c1[i] = ja;
    }
  };
  refresh();
  const loss = new Float64Array(open.length);
  for (let iteration = 0; iteration < 10_000; iteration++) {
    let bestProfit = 1e-9;
    let bestIn = -1;
    let bestOut = -1;
    for (let j = 0; j < candidates; j++) {
      if (position[j]! >= 0) continue;
      let gain = 0;
      loss.fill(0);
      for (let i = 0; i < clients; i++) {
        const c = cost[i * candidates + j]!;
        const near = d1[i]!;
        if (c < near) gain += near - c;
        else loss[position[c1[i]!]!]! += (c < d2[i]! ? c : d2[i]!) - near;
      }
      for (let k = 0; k < open.length; k++) {
        if (fixed.has(open[k]!)) continue;
        const profit = gain - loss[k]!;
        if (profit > bestProfit) {
          bestProfit = profit;
          bestIn = j;
          bestOut = k;
        }
      }
    }
    if (bestIn < 0) break;
    position[open[bestOut]!] = -1;
    open[bestOut] = bestIn;
    position[bestIn] = bestOut;
    refresh();
  }
  return { open, objective: evaluate(problem, open) };
}
