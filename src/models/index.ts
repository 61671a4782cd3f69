export {
  trainGbt,
  predictGbt,
  predictGbtRaw,
  DEFAULT_GBT_PARAMS,
  type GbtModel,
  type GbtParams,
  type Tree,
} from "./gbt.ts";
export { trainLinear, predictLinear, type LinearModel } from "./linear.ts";
export { trainMlp, predictMlp, DEFAULT_MLP_PARAMS, type MlpModel, type MlpParams } from "./mlp.ts";
export { treeShap, expectedValue } from "./tree-shap.ts";
export { featureMatrix, type FeatureMatrix } from "./matrix.ts";
export {
  metricsFor,
  rocAuc,
  brier,
  reliability,
  higherIsBetter,
  type Objective,
} from "./metrics.ts";
export {
  fit,
  predict,
  explainRow,
  defaultGrid,
  type LearnerKind,
  type LearnerSpec,
  type TrainedModel,
} from "./learner.ts";
export { groupFolds, crossValidate, type CrossValidation } from "./validation.ts";
export { permutationImportance } from "./importance.ts";
export {
  profileFeatures,
  driftReport,
  ksStatistic,
  type DriftReport,
  type FeatureProfile,
} from "./drift.ts";
export {
  deserialiseModel,
  alignFeatures,
  alignMatrix,
  parseRecord,
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  recordId,
  type ModelRecord,
} from "./model-file.ts";
export {
  foldAssignmentHash,
  primaryMetric,
  promotion,
  readModelFolder,
  type ModelAliases,
  type ModelFile,
  type Promotion,
} from "./registry.ts";
export { TASKS, taskById, buildTaskTable, type TaskId, type TaskTable } from "./tasks.ts";
export { trainTask, predictTable, explainInWords, type Prediction } from "./train.ts";
