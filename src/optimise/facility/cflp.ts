import { BrechaError, UsageError } from "../../errors/index.ts";
import { INFINITY, solveMip } from "../solve-mip.ts";
import { capacitatedAssignmentModel } from "./assignment-model.ts";

/** Capacitated facility location: which facilities to open (a fixed cost each, a capacity each)
 * and how to split every customer's demand among the open ones. */
export interface CflpProblem {
  readonly facilities: number;
  readonly customers: number;
  readonly capacity: Float64Array;
  readonly fixedCost: Float64Array;
  readonly demand: Float64Array;
  /** cost[i × facilities + j]: serving all of customer i's demand from facility j. */
  readonly cost: Float64Array;
}

export interface CflpResult {
  readonly open: number[];
  /** Share of each customer's demand served by each facility (only non-zero pairs). */
  readonly assignments: ReadonlyArray<{ customer: number; facility: number; share: number }>;
  readonly cost: number;
  /** A proven lower bound on the cost of any plan. */
  readonly bound: number;
  readonly gap: number;
  readonly status: string;
  /** Whether the gap is within the tolerance asked for. */
  readonly proven: boolean;
  readonly method: "mip" | "heuristic";
}

/**
 * Reads an OR-Library capacitated warehouse location file (cap41 … cap134): `m n`, m lines
 * `capacity fixed-cost`, then per customer its demand and the m costs of serving all of it.
 */
export function parseOrlibCap(text: string): CflpProblem {
  const tokens = text.trim().split(/\s+/).map(Number);
  let at = 0;
  const next = () => {
    const v = tokens[at++];
    if (v === undefined || Number.isNaN(v))
      throw new UsageError("BRECHA_USAGE", `capacitated location file: bad number at token ${at}`);
    return v;
  };
  const facilities = next();
  const customers = next();
  const capacity = new Float64Array(facilities);
  const fixedCost = new Float64Array(facilities);
  for (let j = 0; j < facilities; j++) {
    capacity[j] = next();
    fixedCost[j] = next();
  }
  const demand = new Float64Array(customers);
  const cost = new Float64Array(customers * facilities);
  for (let i = 0; i < customers; i++) {
    demand[i] = next();
    for (let j = 0; j < facilities; j++) cost[i * facilities + j] = next();
  }
  return { facilities, customers, capacity, fixedCost, demand, cost };
}

/**
 * Capacitated facility location with splittable demand, as a MIP for HiGHS: minimise fixed costs
 * plus service costs, each customer fully served, each open facility within its capacity. The
 * linking rows x_ij ≤ y_j and the total-capacity row Σ s_j y_j ≥ Σ d_i tighten the relaxation.
 * When HiGHS ends without a plan, every facility opens and the assignment is the cheapest one
 * (a valid plan, marked unproven).
 */
export async function solveCapacitatedFacilityLocation(
  problem: CflpProblem,
  { timeLimitS = 30, relGap = 1e-6 }: { timeLimitS?: number; relGap?: number } = {},
): Promise<CflpResult> {
  const { facilities: m, customers: n, capacity, fixedCost, demand, cost } = problem;
  const totalDemand = demand.reduce((a, b) => a + b, 0);
  if (capacity.reduce((a, b) => a + b, 0) < totalDemand)
    throw new BrechaError(
      "BRECHA_INFEASIBLE",
      `the facilities' capacities add up to less than the demand (${totalDemand})`,
    );
  const numCols = m + n * m;
  const result = await solveMip(
    capacitatedAssignmentModel({
      facilities: m,
      customers: n,
      capacity,
      demand,
      openCost: fixedCost,
      serveCost: cost,
      // Σ s_j y_j ≥ Σ d_i: enough capacity opened.
      openings: { coefficient: capacity, lower: totalDemand, upper: INFINITY },
      integralShares: false,
    }),
    { timeLimitS, relGap },
  );
  const bound = Number.isFinite(result.bound) ? result.bound : -Infinity;
  /** Whether HiGHS's point is a plan: integral openings, every customer served in full, every
   * facility within its capacity and serving only when open (a time limit can leave a relaxed one). */
  const isPlan = (x: Float64Array) => {
    for (let j = 0; j < m; j++) if (Math.abs(x[j]! - Math.round(x[j]!)) > 1e-6) return false;
    const load = new Float64Array(m);
    for (let i = 0; i < n; i++) {
      let served = 0;
      for (let j = 0; j < m; j++) {
        const share = x[m + i * m + j]!;
        if (share > 1e-9 && x[j]! < 0.5) return false;
        served += share;
        load[j]! += share * demand[i]!;
      }
      if (Math.abs(served - 1) > 1e-6) return false;
    }
    return load.every((l, j) => l <= capacity[j]! * (1 + 1e-9) + 1e-6);
  };
  const planFrom = (x: Float64Array, method: "mip" | "heuristic", status: string): CflpResult => {
    const open = Array.from({ length: m }, (_, j) => j).filter((j) => x[j]! > 0.5);
    const assignments: Array<{ customer: number; facility: number; share: number }> = [];
    let total = open.reduce((a, j) => a + fixedCost[j]!, 0);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < m; j++) {
        const share = x[m + i * m + j]!;
        if (share > 1e-9) {
          assignments.push({ customer: i, facility: j, share });
          total += share * cost[i * m + j]!;
        }
      }
    const gap = Number.isFinite(bound) && total > 0 ? Math.max(0, (total - bound) / total) : 1;
    return {
      open,
      assignments,
      cost: total,
      bound,
      gap,
      status,
      proven: gap <= Math.max(relGap, 1e-9) + 1e-12,
      method,
    };
  };
  if (result.x.length === numCols && isPlan(result.x))
    return planFrom(result.x, "mip", result.status);
  // No plan from HiGHS: every facility open, each customer to its cheapest facilities with room.
  const x = new Float64Array(numCols);
  x.fill(1, 0, m);
  const room = Float64Array.from(capacity);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => demand[b]! - demand[a]!);
  for (const i of order) {
    let left = 1;
    const byCost = Array.from({ length: m }, (_, j) => j).sort(
      (a, b) => cost[i * m + a]! - cost[i * m + b]!,
    );
    for (const j of byCost) {
      if (left <= 1e-12) break;
      const share = Math.min(left, demand[i]! > 0 ? room[j]! / demand[i]! : left);
      if (share <= 0) continue;
      x[m + i * m + j] = share;
      room[j]! -= share * demand[i]!;
      left -= share;
    }
  }
  return planFrom(x, "heuristic", result.status);
}
