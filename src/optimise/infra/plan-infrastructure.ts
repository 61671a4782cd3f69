import { BrechaError } from "../../errors/index.ts";
import { whileSolving } from "../progress.ts";
import type { MipResult } from "../solve-mip.ts";
import { explainInfraPlan } from "./explain-infra.ts";
import type { InfraPlan, InfraPlanOptions, InfraSite } from "./infra-inputs.ts";
import { solveInfra } from "./infra-model.ts";
import { validateInfraInputs, type InfraProblem } from "./validate-infra.ts";

/**
 * Chooses (premises, intervention) pairs that maximise need-weighted students reached within the
 * budget, in three steps: validate the inputs into a problem (`validateInfraInputs`), build and
 * solve the model (`buildInfraModel`: one technology per service per site, internet only where
 * there is or will be electricity, floors and caps by department and UGEL, must-do and must-not
 * lists), and explain the result (`explainInfraPlan`: every choice and every notable omission).
 */
export async function planInfrastructure(
  sites: readonly InfraSite[],
  options: InfraPlanOptions,
): Promise<InfraPlan> {
  const { onProgress } = options;
  const problem = validateInfraInputs(sites, options);
  const result = await whileSolving(onProgress, problem.timeLimitS, (progress) =>
    solveInfra(problem, problem.budgetPen, progress),
  );
  onProgress?.({ phase: "explaining", percent: 80, bound: result.bound, gap: result.gap });
  if (result.status === "infeasible")
    throw new BrechaError(
      "BRECHA_INFEASIBLE",
      "the floors, caps, must-do list and dependencies cannot all be met together (each holds on its own; e.g. a must-do internet connection at premises whose electricity is on the must-not list, or UGEL floors above their department's cap)",
      {
        es: "los pisos, los topes, la lista obligatoria y las dependencias no se pueden cumplir a la vez (cada uno se cumple por separado; p. ej. una conexión a internet obligatoria en un local cuya electricidad está en la lista de exclusión, o pisos de UGEL por encima del tope de su departamento)",
      },
    );
  if (result.x.length < problem.options.length)
    throw new BrechaError("BRECHA_SOLVER", `HiGHS ended with status ${result.status} and no plan`, {
      es: `HiGHS terminó con el estado ${result.status} y sin plan`,
    });
  return explainInfraPlan(problem, result, await marginalBenefit(problem, result));
}

/** Benefit gained per extra 1,000 PEN, estimated by solving again with 5% more budget (only for
 * a plan proven optimal, or priced: the difference of two unproven plans says nothing). */
async function marginalBenefit(problem: InfraProblem, result: MipResult): Promise<number | null> {
  const { budgetPen, options } = problem;
  if (!(budgetPen > 0 && (result.status === "optimal" || problem.method === "price"))) return null;
  const benefitOf = (x: Float64Array) =>
    options.reduce((a, o, c) => a + (x[c]! > 0.5 ? o.benefit : 0), 0);
  const more = await solveInfra(problem, budgetPen * 1.05);
  if (more.x.length < options.length) return null;
  return ((benefitOf(more.x) - benefitOf(result.x)) / (budgetPen * 0.05)) * 1000;
}

/** A plan's headline figures, as saved with a scenario and compared side by side. */
export function infraPlanSummary(plan: InfraPlan): Record<string, number> {
  return {
    interventions: plan.chosen.length,
    spentPen: plan.spentPen,
    benefit: Math.round(plan.benefit),
    marginalPer1000Pen: Math.round((plan.marginalBenefitPer1000Pen ?? 0) * 100) / 100,
    lowestDepartmentSharePct:
      Math.round(Math.min(...plan.byDepartment.map((d) => d.shareOfPotential), 1) * 10_000) / 100,
  };
}
