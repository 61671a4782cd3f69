export {
  planInfrastructure,
  DEFAULT_INTERVENTIONS,
  type InfraSite,
  type InfraPlan,
  type InfraPlanOptions,
  type InfraChoice,
  type InterventionSpec,
  type InterventionKind,
} from "./plan-infrastructure.ts";
