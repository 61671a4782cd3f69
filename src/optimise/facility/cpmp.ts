import { BrechaError, UsageError } from "../../errors/index.ts";
import { solvePMedian } from "../p-median/index.ts";
import { solveMip } from "../solve-mip.ts";
import { capacitatedAssignmentModel } from "./assignment-model.ts";

/** Capacitated p-median with single sourcing: p medians among the points, every point assigned
 * to one median, each median serving at most `capacity` demand; least total distance. */
export interface CpmpProblem {
  readonly n: number;
  readonly p: number;
  readonly capacity: number;
  readonly demand: Float64Array;
  /** distance[i × n + j] between points i and j. */
  readonly distance: Float64Array;
}

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
 * Capacitated p-median as a MIP for HiGHS (binary medians and assignments, x_ij ≤ y_j links, the
 * total-capacity row p × Q ≥ Σ d). When HiGHS ends without a plan, a greedy one (points by
 * decreasing demand to the nearest median with room, medians chosen as the p heaviest points) is
 * returned, marked unproven.
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
  const numCols = n + n * n;
  // A first incumbent for HiGHS: the uncapacitated medians (solved exactly, fast), each point in
  // decreasing demand to the nearest of them with room. Skipped when that runs out of room.
  const uncapacitated = await solvePMedian(
    { clients: n, candidates: n, cost: distance, p },
    { timeLimitS: Math.max(1, timeLimitS / 10), integerCosts: true },
  );
  const start = greedyAssignment(uncapacitated.open, problem);
  const result = await solveMip(
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
    }),
    {
      timeLimitS,
      relGap,
      ...(start === null
        ? {}
        : {
            start: (() => {
              const x = new Float64Array(numCols);
              for (const j of uncapacitated.open) x[j] = 1;
              start.forEach((j, i) => (x[n + i * n + j] = 1));
              return x;
            })(),
          }),
    },
  );
  const bound = Number.isFinite(result.bound) ? result.bound : 0;
  const finish = (medians: number[], assignment: Int32Array, method: "mip" | "heuristic") => {
    let cost = 0;
    for (let i = 0; i < n; i++) cost += distance[i * n + assignment[i]!]!;
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
  if (result.x.length === numCols) {
    const medians = Array.from({ length: n }, (_, j) => j).filter((j) => result.x[j]! > 0.5);
    const assignment = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let best = medians[0]!;
      for (const j of medians) if (result.x[n + i * n + j]! > result.x[n + i * n + best]!) best = j;
      assignment[i] = best;
    }
    // A time limit can leave HiGHS with a relaxed (not integer) point: kept only if it is a plan.
    const load = new Map(medians.map((j) => [j, 0]));
    let valid = medians.length === p;
    for (let i = 0; i < n && valid; i++) {
      const j = assignment[i]!;
      valid = result.x[n + i * n + j]! > 0.5 && load.has(j);
      if (valid) load.set(j, load.get(j)! + demand[i]!);
    }
    if (valid && [...load.values()].every((l) => l <= capacity + 1e-9))
      return finish(medians, assignment, "mip");
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
