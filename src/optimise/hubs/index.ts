export {
  planHubs,
  DEFAULT_TERRAIN_FACTORS,
  type HubPlace,
  type HubPlan,
  type HubPlanOptions,
  type HubChoice,
} from "./plan-hubs.ts";
