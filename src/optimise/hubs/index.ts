export {
  planHubs,
  hubPlanSummary,
  DEFAULT_TERRAIN_FACTORS,
  DIGITAL_CENTRE_SCREEN,
  type HostFacility,
  type HostScreen,
  type HostScreening,
  type HubPlace,
  type HubPlan,
  type HubPlanOptions,
  type HubChoice,
} from "./plan-hubs.ts";
export { loadHubPlaces, loadConnectedHosts } from "./places-from-store.ts";
