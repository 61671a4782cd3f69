export {
  buildCoverage,
  buildPlanarCoverage,
  parseSjc,
  type Coverage,
  type CoverageInput,
} from "./coverage.ts";
export { greedyCover, lagrangianCoverBound, solveMclp, type McLpResult } from "./mclp.ts";
export {
  solveSetCover,
  solvePCenter,
  type SetCoverResult,
  type PCenterResult,
} from "./set-cover.ts";
export { solveCapacitatedCover, type CapacitatedCoverResult } from "./capacitated.ts";
