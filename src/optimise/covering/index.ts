export {
  buildCoverage,
  buildPlanarCoverage,
  type Coverage,
  type CoverageInput,
} from "./coverage.ts";
export { greedyCover, lagrangianCoverBound, solveMclp, type McLpResult } from "./mclp.ts";
