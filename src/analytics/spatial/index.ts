export {
  weightsFromNeighbors,
  rowStandardize,
  parseGal,
  spatialLag,
  alignWeights,
  type SpatialWeights,
} from "./weights.ts";
export { contiguityWeights, type PolygonGeometry } from "./contiguity.ts";
export { knnWeights, haversineKm, attachIslands } from "./knn.ts";
export { moran, type MoranResult } from "./moran.ts";
export { erfc, twoSidedNormalP } from "./normal.ts";
export { localMoran, type LocalMoranResult, type LisaClass } from "./local-moran.ts";
export { getisOrdGiStar, type GetisOrdResult } from "./getis-ord.ts";
export { benjaminiHochberg } from "./fdr.ts";
