import { hubWords } from "../reasons.ts";
import {
  DEFAULT_TERRAIN_FACTORS,
  type HostFacility,
  type HostScreen,
  type HubPlan,
} from "./hub-inputs.ts";
import type { HubSolution } from "./hub-model.ts";
import type { HubProblem } from "./validate-hubs.ts";

/**
 * The plan in words and figures: hubs in order of the people each serves (its nearest places
 * within the radius, or what the plan assigned it under capacities), with the reason for each,
 * the largest places left beyond every hub, costs, and the assumptions.
 */
export function explainHubPlan(
  problem: HubProblem,
  solution: HubSolution,
  startedMs: number,
): HubPlan {
  const {
    places,
    candidateIdx,
    existingIdx,
    weights,
    distance,
    radiusKm,
    unit,
    hostOf,
    screening,
  } = problem;
  const { siteCost, hasCosts, totalPopulation, objective } = problem;
  const {
    lang = "es",
    travelMinutes,
    terrainFactors = DEFAULT_TERRAIN_FACTORS,
    populationNote,
  } = problem.options;
  const { openingCostPen, siteCostsPen, budgetPen, candidateRule = "urban" } = problem.options;
  const { open } = solution;
  const p = problem.p;
  const words = hubWords(lang);
  const describeHost = (f: HostFacility) =>
    words.host(f.id, {
      power: f.electricity24h === true,
      internet: f.internet === true,
      room: f.freeRoom === true,
      pcs: f.computers,
    });
  // Explain: hubs in order of the people each adds, with the people it serves (nearest hub).
  const serviceKm = solution.centerRadiusKm ?? radiusKm;
  const served = new Float64Array(open.length);
  const count = new Int32Array(open.length);
  const nearestKm = new Float64Array(places.length).fill(Infinity);
  const nearestHub = new Int32Array(places.length).fill(-1);
  open.forEach((k, h) => {
    for (let i = 0; i < places.length; i++) {
      const km = distance(i, k);
      if (km < nearestKm[i]!) {
        nearestKm[i] = km;
        nearestHub[i] = h;
      }
    }
  });
  let covered = 0;
  if (solution.assigned !== null) {
    // With capacities, each hub serves what the plan assigned to it, not everyone nearby.
    open.forEach((k, h) => {
      const entry = solution.assigned!.get(k);
      served[h] = entry?.people ?? 0;
      count[h] = entry?.places.size ?? 0;
      covered += served[h]!;
    });
  } else {
    for (let i = 0; i < places.length; i++) {
      if (nearestKm[i]! <= serviceKm + 1e-9) {
        served[nearestHub[i]!]! += weights[i]!;
        count[nearestHub[i]!]!++;
        covered += weights[i]!;
      }
    }
  }
  const hubs = open
    .map((k, h) => {
      const place = places[candidateIdx[k]!]!;
      const isExisting = existingIdx.includes(candidateIdx[k]!);
      return {
        code: place.code,
        name: place.name,
        ubigeo: place.ubigeo,
        existing: isExisting,
        peopleServed: Math.round(served[h]!),
        placesServed: count[h]!,
        ...(hasCosts ? { costPen: siteCost[k]! } : {}),
        reason: isExisting
          ? words.existing
          : `${words.serves(served[h]!, count[h]!, serviceKm, unit)}${hostOf.has(candidateIdx[k]!) ? `; ${describeHost(hostOf.get(candidateIdx[k]!)!)}` : ""}${hasCosts && !Number.isNaN(siteCost[k]!) ? `; ${words.costs(siteCost[k]!)}` : ""}`,
      };
    })
    .sort((a, b) => b.peopleServed - a.peopleServed);
  const largestUncovered = places
    .map((place, i) => ({ place, i }))
    .filter(({ i }) => nearestKm[i]! > serviceKm + 1e-9)
    .sort((a, b) => b.place.population - a.place.population)
    .slice(0, 20)
    .map(({ place, i }) => ({
      code: place.code,
      name: place.name,
      ubigeo: place.ubigeo,
      population: Math.round(place.population),
      nearestHubKm: Math.round(nearestKm[i]! * 10) / 10,
    }));
  return {
    objective,
    p: open.length,
    radiusKm: serviceKm,
    unit,
    hubs,
    covered,
    totalPopulation,
    shareCovered: totalPopulation === 0 ? 0 : covered / totalPopulation,
    bound: solution.bound,
    gap: Math.max(0, solution.gap),
    provedBy: solution.provedBy,
    proven: solution.provedBy !== "none",
    candidates: candidateIdx.length,
    demandPoints: places.length,
    largestUncovered,
    ...(screening ? { screening } : {}),
    ...(hasCosts || budgetPen !== undefined
      ? {
          costs: {
            openingCostPen: openingCostPen ?? null,
            budgetPen: budgetPen ?? null,
            spentPen: open.reduce(
              (sum, k) => sum + (Number.isNaN(siteCost[k]!) ? 0 : siteCost[k]!),
              0,
            ),
          },
        }
      : {}),
    assumptions: assumptionsOf(words, {
      travelTimes: travelMinutes !== undefined,
      terrainFactors,
      populationNote: populationNote?.[lang],
      budget: budgetPen === undefined ? null : { budgetPen, p, openingCostPen, siteCostsPen },
      candidateRule,
      screen: screening?.screen ?? null,
      candidates: candidateIdx.length,
    }),
    timingsMs: { total: performance.now() - startedMs },
  };
}

/** What a hub plan assumes, in the plan's words. */
function assumptionsOf(
  words: ReturnType<typeof hubWords>,
  plan: {
    travelTimes: boolean;
    terrainFactors: Readonly<Record<string, number>>;
    populationNote: string | undefined;
    budget: {
      budgetPen: number;
      p: number;
      openingCostPen: number | undefined;
      siteCostsPen: ReadonlyMap<string, number> | undefined;
    } | null;
    candidateRule: string;
    screen: HostScreen | null;
    candidates: number;
  },
): string[] {
  const said = words.assumptions;
  const { budget, screen } = plan;
  return [
    plan.travelTimes
      ? said.travelTime
      : said.terrainKm(
          Object.entries(plan.terrainFactors)
            .map(([r, f]) => `${r} ${f}`)
            .join(", "),
        ),
    plan.populationNote ?? said.populationAsGiven,
    ...(budget
      ? [
          said.budget(
            budget.budgetPen,
            budget.p,
            budget.openingCostPen ?? null,
            budget.siteCostsPen?.size ?? 0,
          ),
        ]
      : []),
    said.candidates(
      plan.candidateRule === "urban" ? "urban" : "all",
      screen
        ? said.screen({
            power: screen.electricity24h === true,
            internet: screen.internet === true,
            room: screen.freeRoom === true,
            pcs: screen.minComputers ?? null,
          })
        : null,
      plan.candidates,
    ),
  ];
}
