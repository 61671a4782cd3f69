export { planInfrastructure, infraPlanSummary } from "./plan-infrastructure.ts";
export {
  DEFAULT_INTERVENTIONS,
  DEFAULT_NEED_WEIGHTS,
  PRICE_SOLVER_FROM,
  needOf,
  type NeedWeights,
  type InfraSite,
  type InfraPlan,
  type InfraPlanOptions,
  type InfraChoice,
  type InterventionSpec,
  type InterventionKind,
} from "./infra-inputs.ts";
export { validateInfraInputs, type InfraProblem, type InfraOption } from "./validate-infra.ts";
export { buildInfraModel, solveInfra } from "./infra-model.ts";
export { explainInfraPlan } from "./explain-infra.ts";
export { loadInfraSites, MAX_INFRA_SITES, type LocatedInfraSite } from "./sites-from-store.ts";
export { withApprovedServices, type ObservedServiceDemand } from "./approved-services.ts";
