import { BrechaError } from "../../errors/index.ts";
import {
  solveCapacitatedCover,
  solveMclp,
  solvePCenter,
  solveSetCover,
} from "../covering/index.ts";
import { solvePMedian } from "../p-median/index.ts";
import type { HubProblem } from "./validate-hubs.ts";

/** The sites a solver opened (candidate positions), with its bound and how it proved it. */
export interface HubSolution {
  readonly open: readonly number[];
  readonly bound: number;
  readonly gap: number;
  /** The method that proved the bound, or "none" when the plan is the best found, unproven. */
  readonly provedBy: string;
  /** p-center: the radius the plan reaches every place within (replaces the asked radius). */
  readonly centerRadiusKm: number | null;
  /** With capacities: the people and places each open site was assigned. */
  readonly assigned: ReadonlyMap<number, { people: number; places: ReadonlySet<number> }> | null;
}

/**
 * Solves a validated hub problem with the model its objective calls for: maximal covering (with
 * department floors), capacitated covering (capacities or a budget), set covering, p-center by
 * bisection over covering, or p-median.
 */
export async function solveHubs(problem: HubProblem): Promise<HubSolution> {
  const { objective } = problem;
  if (objective === "coverage") return solveCoverage(problem);
  if (objective === "set-cover") {
    // The fewest hubs that put every reachable place within the radius; p is ignored.
    const result = await solveSetCover(problem.coverageWithin(problem.radiusKm), {
      fixedOpen: [...problem.fixedOpen],
      timeLimitS: problem.timeLimitS,
    });
    const gap =
      result.open.length === 0 ? 0 : (result.open.length - result.bound) / result.open.length;
    return { ...result, gap, centerRadiusKm: null, assigned: null };
  }
  if (objective === "center") return solveCenter(problem);
  return solveMedian(problem);
}

async function solveCoverage(problem: HubProblem): Promise<HubSolution> {
  const { places, weights, p, candidateIdx, fixedOpen, timeLimitS, floors, budget } = problem;
  const coverage = problem.coverageWithin(problem.radiusKm);
  const capacity = problem.options.capacity;
  if (capacity === undefined && budget === undefined) {
    const result = await solveMclp(coverage, weights, p, {
      fixedOpen: [...fixedOpen],
      timeLimitS,
      maxGap: 0.005,
      ...(floors.length === 0
        ? {}
        : {
            groups: Int32Array.from(places, (place) => Number(place.ubigeo.slice(0, 2))),
            groupFloors: new Map(floors.map(([d, share]) => [Number(d), share])),
            groupName: (g: number) => `department ${String(g).padStart(2, "0")}`,
          }),
    });
    return { ...result, centerRadiusKm: null, assigned: null };
  }
  // Without a seat limit a hub's capacity is everyone: it never binds.
  const result = await solveCapacitatedCover(
    coverage,
    weights,
    Math.min(p, candidateIdx.length),
    capacity ?? Math.max(1, problem.totalPopulation),
    { fixedOpen: [...fixedOpen], timeLimitS, ...(budget ? { budget } : {}) },
  );
  const assigned = new Map<number, { people: number; places: Set<number> }>();
  for (const a of result.assignments) {
    const entry = assigned.get(a.site) ?? { people: 0, places: new Set<number>() };
    entry.people += a.weight;
    entry.places.add(a.demand);
    assigned.set(a.site, entry);
  }
  return {
    open: result.open,
    bound: result.bound,
    gap: result.gap,
    provedBy: result.proven ? result.method : "none",
    centerRadiusKm: null,
    assigned,
  };
}

/** The smallest radius at which p hubs reach every place; the reported radius replaces the asked one. */
async function solveCenter(problem: HubProblem): Promise<HubSolution> {
  const { places, candidateIdx, distance, unit, p } = problem;
  let maxKm = 0;
  let far = 0;
  for (let i = 0; i < places.length; i++) {
    let nearest = Infinity;
    for (let k = 0; k < candidateIdx.length; k++) {
      const d = distance(i, k);
      nearest = Math.min(nearest, d);
      if (Number.isFinite(d)) far = Math.max(far, d);
    }
    maxKm = Math.max(maxKm, nearest);
  }
  if (!Number.isFinite(maxKm))
    throw new BrechaError(
      "BRECHA_INFEASIBLE",
      "some places have no travel time to any candidate: a p-center plan needs every place reachable",
      {
        es: "algunos lugares no tienen tiempo de viaje a ningún candidato: un plan p-centro necesita que todos los lugares sean alcanzables",
      },
    );
  const result = await solvePCenter(problem.coverageWithin, p, {
    maxKm: far + 1,
    fixedOpen: [...problem.fixedOpen],
    timeLimitS: Math.max(5, problem.timeLimitS / 10),
  });
  return {
    open: result.open,
    bound: result.lowerKm,
    gap: result.radiusKm === 0 ? 0 : (result.radiusKm - result.lowerKm) / result.radiusKm,
    provedBy: `bisection to ${(result.radiusKm - result.lowerKm).toFixed(2)} ${unit} (no hub set covers all within ${result.lowerKm.toFixed(1)} ${unit}; the nearest candidate of the farthest place is ${maxKm.toFixed(1)} ${unit} away)`,
    centerRadiusKm: result.radiusKm,
    assigned: null,
  };
}

async function solveMedian(problem: HubProblem): Promise<HubSolution> {
  const { places, candidateIdx, weights, distance, p } = problem;
  const cost = new Float64Array(places.length * candidateIdx.length);
  for (let i = 0; i < places.length; i++)
    for (let k = 0; k < candidateIdx.length; k++)
      // An unreachable pair costs far more than any reachable assignment, but stays finite.
      cost[i * candidateIdx.length + k] = weights[i]! * Math.min(distance(i, k), 1e7);
  const result = await solvePMedian(
    {
      clients: places.length,
      candidates: candidateIdx.length,
      cost,
      p,
      fixedOpen: [...problem.fixedOpen],
    },
    { timeLimitS: problem.timeLimitS },
  );
  return { ...result, centerRadiusKm: null, assigned: null };
}
