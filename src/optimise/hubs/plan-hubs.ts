import { whileSolving } from "../progress.ts";
import { explainHubPlan } from "./explain-hubs.ts";
import type { HubPlace, HubPlan, HubPlanOptions } from "./hub-inputs.ts";
import { solveHubs } from "./hub-model.ts";
import { validateHubInputs } from "./validate-hubs.ts";

/**
 * Chooses community tech-hub sites among populated places: maximal covering (most people within the
 * radius, the default), p-median (least total people × terrain-adjusted distance), set covering or
 * p-center. Three steps: validate the inputs into a problem (`validateHubInputs`), solve it with
 * the objective's model (`solveHubs`), explain the result (`explainHubPlan`: every hub with the
 * people it serves and why; the largest places left uncovered).
 */
export async function planHubs(
  places: readonly HubPlace[],
  options: HubPlanOptions,
): Promise<HubPlan> {
  const started = performance.now();
  options.onProgress?.({ phase: "building", percent: 5 });
  const problem = validateHubInputs(places, options);
  const solution = await whileSolving(options.onProgress, problem.timeLimitS, () =>
    solveHubs(problem),
  );
  options.onProgress?.({ phase: "explaining", percent: 80 });
  return explainHubPlan(problem, solution, started);
}

/** The headline figures of a hub plan, as scenarios keep them. */
export function hubPlanSummary(plan: HubPlan): Record<string, number> {
  return {
    hubs: plan.hubs.length,
    coveredPct: Math.round(plan.shareCovered * 10_000) / 100,
    people: Math.round(plan.covered),
    gapPct: Math.round(plan.gap * 10_000) / 100,
    ...(plan.costs ? { spentPen: Math.round(plan.costs.spentPen) } : {}),
  };
}
