export { solveMip, INFINITY, type MipModel, type MipResult } from "./solve-mip.ts";
export {
  parseOrlibPmed,
  allPairsShortestPaths,
  evaluate,
  greedy,
  interchange,
  lagrangianBound,
  solvePMedian,
  type PMedianInstance,
  type PMedianProblem,
  type PMedianSolution,
  type LagrangianBound,
  type PMedianResult,
} from "./p-median/index.ts";
export {
  buildCoverage,
  buildPlanarCoverage,
  greedyCover,
  lagrangianCoverBound,
  solveMclp,
  solveSetCover,
  solvePCenter,
  solveCapacitatedCover,
  type CapacitatedCoverResult,
  type SetCoverResult,
  type PCenterResult,
  type Coverage,
  type CoverageInput,
  type McLpResult,
} from "./covering/index.ts";
export {
  planHubs,
  DEFAULT_TERRAIN_FACTORS,
  type HubPlace,
  type HubPlan,
  type HubPlanOptions,
  type HubChoice,
} from "./hubs/index.ts";
export {
  planInfrastructure,
  DEFAULT_INTERVENTIONS,
  type InfraSite,
  type InfraPlan,
  type InfraPlanOptions,
  type InfraChoice,
  type InterventionSpec,
  type InterventionKind,
} from "./infra/index.ts";
export {
  planDevices,
  type DeviceSchool,
  type StockPoint,
  type DevicePlan,
  type DevicePlanOptions,
  type DeviceShipment,
} from "./devices/index.ts";
