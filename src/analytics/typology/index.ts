export { standardize, symmetricEigen, pca, type PcaResult, type Standardized } from "./pca.ts";
export { kMeans, silhouette, type KMeansResult, type Points } from "./kmeans.ts";
export {
  typology,
  type TypologyInput,
  type TypologyResult,
  type TypologyCluster,
} from "./typology.ts";
