export {
  planInfrastructure,
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
