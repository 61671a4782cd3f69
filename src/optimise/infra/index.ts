export {
  planInfrastructure,
  infraPlanSummary,
  DEFAULT_INTERVENTIONS,
  DEFAULT_NEED_WEIGHTS,
  needOf,
  type NeedWeights,
  type InfraSite,
  type InfraPlan,
  type InfraPlanOptions,
  type InfraChoice,
  type InterventionSpec,
  type InterventionKind,
} from "./plan-infrastructure.ts";
export { loadInfraSites, MAX_INFRA_SITES, type LocatedInfraSite } from "./sites-from-store.ts";
