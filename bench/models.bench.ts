import { createRandom } from "../src/domain/index.ts";
import {
  crossValidate,
  predictGbt,
  predictLinear,
  trainGbt,
  trainLinear,
  type FeatureMatrix,
} from "../src/models/index.ts";

export interface ModelFigure {
  readonly rows: number;
  readonly features: number;
  readonly gbtTrainMs: number;
  readonly gbtPredictMs: number;
  readonly linearTrainMs: number;
  readonly linearPredictMs: number;
  readonly gbtCvAccuracy: number;
  readonly linearCvAccuracy: number;
  readonly gbtCvAuc: number;
  readonly linearCvAuc: number;
}

/**
 * A 100,000 × 30 classification table with non-linear signal in 8 features, interactions, 5%
 * missing values and 25 spatial blocks (for blocked CV), seeded.
 */
function table(rows: number, cols: number, seed: number) {
  const random = createRandom(seed);
  const data = new Float64Array(rows * cols);
  const y = new Float64Array(rows);
  const groups: string[] = [];
  for (let i = 0; i < rows; i++) {
    const block = Math.floor(random() * 25);
    groups.push(String(block));
    for (let f = 0; f < cols; f++)
      data[i * cols + f] = random() < 0.05 ? NaN : random() * 2 - 1 + (f === 0 ? block / 50 : 0);
    const v = (f: number) => (Number.isNaN(data[i * cols + f]!) ? 0 : data[i * cols + f]!);
    const logit =
      2 * Math.sin(3 * v(0)) +
      1.5 * v(1) * v(2) +
      (v(3) > 0.3 ? 1.2 : -0.4) +
      v(4) -
      v(5) ** 2 +
      0.5 * v(6) * v(7);
    y[i] = random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  const x: FeatureMatrix = {
    rows,
    cols,
    names: Array.from({ length: cols }, (_, f) => `f${f}`),
    data,
  };
  return { x, y, groups };
}

export async function benchModels(runs: number): Promise<ModelFigure> {
  const { x, y, groups } = table(100_000, 30, 7);
  const shape = { rounds: 100, maxLeaves: 31, learningRate: 0.1 };
  const params = { objective: "binary" as const, ...shape };
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const time = (f: () => void) => {
    const started = performance.now();
    f();
    return performance.now() - started;
  };
  let gbt = trainGbt(x, y, params);
  const gbtTrain: number[] = [];
  const gbtPredict: number[] = [];
  const linearTrain: number[] = [];
  const linearPredict: number[] = [];
  let linear = trainLinear(x, y, { objective: "binary" });
  for (let r = 0; r < runs; r++) {
    gbtTrain.push(time(() => (gbt = trainGbt(x, y, params))));
    gbtPredict.push(time(() => predictGbt(gbt, x)));
    linearTrain.push(time(() => (linear = trainLinear(x, y, { objective: "binary" }))));
    linearPredict.push(time(() => predictLinear(linear, x)));
  }
  const cv = (kind: "gbt" | "linear") =>
    crossValidate({
      objective: "binary",
      x,
      y,
      groups,
      grid: [{ kind, params: kind === "gbt" ? shape : { lambda: 1 } }],
      k: 5,
    });
  const gbtCv = await cv("gbt");
  const linearCv = await cv("linear");
  return {
    rows: x.rows,
    features: x.cols,
    gbtTrainMs: median(gbtTrain),
    gbtPredictMs: median(gbtPredict),
    linearTrainMs: median(linearTrain),
    linearPredictMs: median(linearPredict),
    gbtCvAccuracy: gbtCv.overall.accuracy!,
    linearCvAccuracy: linearCv.overall.accuracy!,
    gbtCvAuc: gbtCv.overall.rocAuc!,
    linearCvAuc: linearCv.overall.rocAuc!,
  };
}
