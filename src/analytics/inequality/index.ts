export { gini } from "./gini.ts";
export {
  theil,
  theilDecomposition,
  type TheilKind,
  type TheilDecomposition,
  type GroupPart,
} from "./theil.ts";
export { atkinson } from "./atkinson.ts";
export { coefficientOfVariation, quantileRatio, shareRatio } from "./dispersion.ts";
export { concentrationIndex } from "./concentration-index.ts";
export { betweenShareTest, type BetweenShareTest } from "./permutation-test.ts";
export { weightedQuantile, weightedQuantiles, type Values } from "./weighted.ts";
