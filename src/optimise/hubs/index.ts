export { planHubs, hubPlanSummary } from "./plan-hubs.ts";
export {
  DEFAULT_TERRAIN_FACTORS,
  DIGITAL_CENTRE_SCREEN,
  type HostFacility,
  type HostScreen,
  type HostScreening,
  type HubPlace,
  type HubPlan,
  type HubPlanOptions,
  type HubChoice,
} from "./hub-inputs.ts";
export { validateHubInputs, type HubProblem } from "./validate-hubs.ts";
export { solveHubs, type HubSolution } from "./hub-model.ts";
export { explainHubPlan } from "./explain-hubs.ts";
export { loadHubPlaces, loadConnectedHosts } from "./places-from-store.ts";
