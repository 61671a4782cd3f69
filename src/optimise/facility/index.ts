export {
  parseOrlibCap,
  solveCapacitatedFacilityLocation,
  type CflpProblem,
  type CflpResult,
} from "./cflp.ts";
export {
  parseOrlibPmedcap,
  solveCapacitatedPMedian,
  type CpmpProblem,
  type CpmpResult,
} from "./cpmp.ts";
