import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { createRandom } from "../domain/index.ts";
import { columnStats, standardised } from "./linear.ts";
import type { FeatureMatrix } from "./matrix.ts";

/**
 * A multilayer perceptron trained with TensorFlow.js on its WebAssembly backend (tfjs-node cannot
 * be installed from the npm registry alone). Inputs are standardised with the training mean and
 * deviation (a missing value becomes the mean); a regression target is standardised too. Two
 * ReLU hidden layers, L2 on the kernels, Adam, mini-batches shuffled by a seeded permutation,
 * early stopping on a seeded 10% validation split (the best epoch's weights are kept).
 * Prediction runs in plain TypeScript from the saved weights, so it needs no backend.
 */
export interface MlpParams {
  readonly objective: "regression" | "binary";
  readonly hidden1: number;
  readonly hidden2: number;
  readonly learningRate: number;
  readonly l2: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly patience: number;
  readonly seed: number;
}

export const DEFAULT_MLP_PARAMS: MlpParams = {
  objective: "regression",
  hidden1: 32,
  hidden2: 16,
  learningRate: 0.005,
  l2: 1e-4,
  epochs: 200,
  batchSize: 64,
  patience: 15,
  seed: 1,
};

export interface DenseLayer {
  readonly inputs: number;
  readonly units: number;
  /** Row-major [inputs × units]. */
  readonly kernel: Float64Array;
  readonly bias: Float64Array;
  readonly activation: "relu" | "linear";
}

export interface MlpModel {
  readonly kind: "mlp";
  readonly params: MlpParams;
  readonly features: readonly string[];
  readonly mean: Float64Array;
  readonly scale: Float64Array;
  /** Regression: the network predicts (y − targetMean) / targetScale. */
  readonly targetMean: number;
  readonly targetScale: number;
  readonly layers: readonly DenseLayer[];
  readonly epochsRun: number;
  readonly bestEpoch: number;
}

let backend: Promise<void> | undefined;
/** Selects the wasm backend once per process. */
export function tensorflowReady(): Promise<void> {
  backend ??= (async () => {
    if (!(await tf.setBackend("wasm"))) throw new Error("TensorFlow.js: the wasm backend failed");
    await tf.ready();
  })();
  return backend;
}

export async function trainMlp(
  x: FeatureMatrix,
  y: Float64Array,
  params: Partial<MlpParams> = {},
): Promise<MlpModel> {
  const p: MlpParams = { ...DEFAULT_MLP_PARAMS, ...params };
  const { rows, cols } = x;
  if (y.length !== rows) throw new RangeError(`trainMlp: ${y.length} targets for ${rows} rows`);
  if (rows < 10) throw new RangeError("trainMlp: fewer than 10 rows");
  await tensorflowReady();
  const { mean, scale } = columnStats(x);
  const z = standardised(x, mean, scale);
  const binary = p.objective === "binary";
  let targetMean = 0;
  let targetScale = 1;
  if (!binary) {
    for (let i = 0; i < rows; i++) targetMean += y[i]!;
    targetMean /= rows;
    let ss = 0;
    for (let i = 0; i < rows; i++) ss += (y[i]! - targetMean) ** 2;
    targetScale = Math.sqrt(ss / Math.max(1, rows - 1)) || 1;
  }
  const t = Float32Array.from(y, (v) => (binary ? v : (v - targetMean) / targetScale));
  // Seeded split: 10% for early stopping.
  const random = createRandom(p.seed);
  const order = Array.from({ length: rows }, (_, i) => i);
  for (let i = rows - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const nValid = Math.max(1, Math.floor(rows * 0.1));
  const validIdx = order.slice(0, nValid);
  const trainIdx = order.slice(nValid);
  const pick = (idx: number[]) => {
    const xs = new Float32Array(idx.length * cols);
    const ys = new Float32Array(idx.length);
    idx.forEach((i, k) => {
      for (let f = 0; f < cols; f++) xs[k * cols + f] = z[i * cols + f]!;
      ys[k] = t[i]!;
    });
    return [tf.tensor2d(xs, [idx.length, cols]), tf.tensor2d(ys, [idx.length, 1])] as const;
  };
  const [xTrain, yTrain] = pick(trainIdx);
  const [xValid, yValid] = pick(validIdx);
  const init = (k: number) => tf.initializers.glorotUniform({ seed: p.seed * 101 + k });
  const regularizer = p.l2 > 0 ? tf.regularizers.l2({ l2: p.l2 }) : undefined;
  const net = tf.sequential();
  net.add(
    tf.layers.dense({
      inputShape: [cols],
      units: p.hidden1,
      activation: "relu",
      kernelInitializer: init(1),
      ...(regularizer ? { kernelRegularizer: regularizer } : {}),
    }),
  );
  net.add(
    tf.layers.dense({
      units: p.hidden2,
      activation: "relu",
      kernelInitializer: init(2),
      ...(regularizer ? { kernelRegularizer: regularizer } : {}),
    }),
  );
  net.add(
    tf.layers.dense({
      units: 1,
      activation: binary ? "sigmoid" : "linear",
      kernelInitializer: init(3),
    }),
  );
  net.compile({
    optimizer: tf.train.adam(p.learningRate),
    loss: binary ? "binaryCrossentropy" : "meanSquaredError",
  });
  let best = Infinity;
  let bestEpoch = 0;
  let bestWeights: Float32Array[] = [];
  let epoch = 0;
  const trainOrder = Int32Array.from({ length: trainIdx.length }, (_, i) => i);
  try {
    for (; epoch < p.epochs; epoch++) {
      for (let i = trainOrder.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [trainOrder[i], trainOrder[j]] = [trainOrder[j]!, trainOrder[i]!];
      }
      const indices = tf.tensor1d(trainOrder, "int32");
      const xs = tf.gather(xTrain, indices);
      const ys = tf.gather(yTrain, indices);
      await net.fit(xs, ys, { epochs: 1, batchSize: p.batchSize, shuffle: false, verbose: 0 });
      tf.dispose([indices, xs, ys]);
      const loss = tf.tidy(() => {
        const out = net.evaluate(xValid, yValid, { verbose: 0 }) as tf.Scalar;
        return out.dataSync()[0]!;
      });
      if (loss < best - 1e-7) {
        best = loss;
        bestEpoch = epoch;
        bestWeights = net.getWeights().map((w) => w.dataSync().slice() as Float32Array);
      } else if (epoch - bestEpoch >= p.patience) break;
    }
  } finally {
    tf.dispose([xTrain, yTrain, xValid, yValid]);
  }
  const kernels = net.layers.map((layer) => layer.getWeights());
  const shapes = kernels.map((w) => w[0]!.shape as [number, number]);
  net.dispose();
  const activations: Array<DenseLayer["activation"]> = ["relu", "relu", "linear"];
  const layers: DenseLayer[] = shapes.map(([inputs, units], k) => ({
    inputs,
    units,
    kernel: Float64Array.from(bestWeights[2 * k]!),
    bias: Float64Array.from(bestWeights[2 * k + 1]!),
    activation: activations[k]!,
  }));
  return {
    kind: "mlp",
    params: p,
    features: x.names,
    mean,
    scale,
    targetMean,
    targetScale,
    layers,
    epochsRun: epoch,
    bestEpoch,
  };
}

/** Forward pass in float64 from the saved weights: the raw output (log-odds for binary). */
export function predictMlpRaw(model: MlpModel, x: FeatureMatrix): Float64Array {
  const { rows, cols, data } = x;
  const out = new Float64Array(rows);
  const widest = Math.max(cols, ...model.layers.map((l) => l.units));
  let input = new Float64Array(widest);
  let output = new Float64Array(widest);
  for (let i = 0; i < rows; i++) {
    for (let f = 0; f < cols; f++) {
      const v = data[i * cols + f]!;
      input[f] = Number.isNaN(v) ? 0 : (v - model.mean[f]!) / model.scale[f]!;
    }
    for (const layer of model.layers) {
      for (let u = 0; u < layer.units; u++) {
        let s = layer.bias[u]!;
        for (let k = 0; k < layer.inputs; k++) s += input[k]! * layer.kernel[k * layer.units + u]!;
        output[u] = layer.activation === "relu" && s < 0 ? 0 : s;
      }
      [input, output] = [output, input];
    }
    out[i] = input[0]!;
  }
  if (model.params.objective === "regression")
    for (let i = 0; i < rows; i++) out[i] = out[i]! * model.targetScale + model.targetMean;
  return out;
}

export function predictMlp(model: MlpModel, x: FeatureMatrix): Float64Array {
  const raw = predictMlpRaw(model, x);
  if (model.params.objective === "binary")
    for (let i = 0; i < raw.length; i++) raw[i] = 1 / (1 + Math.exp(-raw[i]!));
  return raw;
}
