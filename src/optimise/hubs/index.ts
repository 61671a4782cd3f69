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
export {
  districtCentre,
  loadConnectedHosts,
  loadHubPlaces,
  nearestPlace,
  placesByCode,
  type PlaceSpot,
} from "./places-from-store.ts";
export {
  ACCESS_SPEEDS_KMH,
  WALK_KMH,
  WALKABLE_KM,
  accessAssumptions,
  accessFrom,
  type Access,
  type AccessOrigin,
} from "./access.ts";
export {
  knownHubs,
  nearestHubs,
  type HubResource,
  type KnownHub,
  type Origin,
  type SavedHubPlan,
} from "./nearest-hubs.ts";
