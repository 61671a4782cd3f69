import { createRandom } from "../domain/index.ts";
import { columnStats, standardised } from "./linear.ts";
import type { FeatureMatrix } from "./matrix.ts";

/**
 * A multilayer perceptron in plain TypeScript. Inputs are standardised with the training mean and
 * deviation (a missing value becomes the mean); a regression target is standardised too. Two
 * ReLU hidden layers, L2 on their kernels, Adam, mini-batches shuffled by a seeded permutation,
 * early stopping on a seeded 10% validation split (the best epoch's weights are kept).
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

/** Parameter offsets of the three dense layers in one flat vector (kernels row-major [in × out]). */
interface Shape {
  readonly sizes: readonly [number, number, number, number];
  readonly kernel: readonly [number, number, number];
  readonly bias: readonly [number, number, number];
  readonly total: number;
}

function shapeOf(cols: number, hidden1: number, hidden2: number): Shape {
  const sizes = [cols, hidden1, hidden2, 1] as const;
  const kernel: number[] = [];
  const bias: number[] = [];
  let at = 0;
  for (let l = 0; l < 3; l++) {
    kernel.push(at);
    at += sizes[l]! * sizes[l + 1]!;
    bias.push(at);
    at += sizes[l + 1]!;
  }
  return {
    sizes,
    kernel: kernel as unknown as Shape["kernel"],
    bias: bias as unknown as Shape["bias"],
    total: at,
  };
}

/**
 * Forward and backward passes over one mini-batch, in float64 typed arrays with the inner loops
 * over contiguous memory. A network this small (tens of units) is dominated by per-call overhead
 * in a tensor library; plain loops train it several times faster.
 */
class Network {
  readonly h1: Float64Array;
  readonly h2: Float64Array;
  readonly out: Float64Array;
  readonly d1: Float64Array;
  readonly d2: Float64Array;
  readonly dOut: Float64Array;

  constructor(
    readonly shape: Shape,
    readonly w: Float64Array,
    capacity: number,
  ) {
    const [, n1, n2] = shape.sizes;
    this.h1 = new Float64Array(capacity * n1);
    this.h2 = new Float64Array(capacity * n2);
    this.out = new Float64Array(capacity);
    this.d1 = new Float64Array(capacity * n1);
    this.d2 = new Float64Array(capacity * n2);
    this.dOut = new Float64Array(capacity);
  }

  /** Raw outputs of rows `rows[from..to)` of the standardised matrix `z` (stride `cols`). */
  forward(z: Float64Array, rows: Int32Array, from: number, to: number): void {
    const { w, h1, h2, out } = this;
    const [n0, n1, n2] = this.shape.sizes;
    const [k1, k2, k3] = this.shape.kernel;
    const [b1, b2, b3] = this.shape.bias;
    for (let r = from; r < to; r++) {
      const i = r - from;
      const x = rows[r]! * n0;
      const a1 = i * n1;
      for (let u = 0; u < n1; u++) h1[a1 + u] = w[b1 + u]!;
      for (let k = 0; k < n0; k++) {
        const v = z[x + k]!;
        if (v === 0) continue;
        const row = k1 + k * n1;
        axpy(h1, a1, w, row, v, n1);
      }
      for (let u = 0; u < n1; u++) if (h1[a1 + u]! < 0) h1[a1 + u] = 0;
      const a2 = i * n2;
      for (let u = 0; u < n2; u++) h2[a2 + u] = w[b2 + u]!;
      for (let k = 0; k < n1; k++) {
        const v = h1[a1 + k]!;
        if (v === 0) continue;
        const row = k2 + k * n2;
        axpy(h2, a2, w, row, v, n2);
      }
      let s = w[b3]!;
      for (let u = 0; u < n2; u++) {
        if (h2[a2 + u]! < 0) h2[a2 + u] = 0;
        s += h2[a2 + u]! * w[k3 + u]!;
      }
      out[i] = s;
    }
  }

  /** Accumulates into `grad` the gradient of Σ dOut·output over the batch last run forward. */
  backward(z: Float64Array, rows: Int32Array, from: number, to: number, grad: Float64Array): void {
    const { w, h1, h2, d1, d2, dOut } = this;
    const [n0, n1, n2] = this.shape.sizes;
    const [k1, k2, k3] = this.shape.kernel;
    const [b1, b2, b3] = this.shape.bias;
    for (let r = from; r < to; r++) {
      const i = r - from;
      const g = dOut[i]!;
      const a1 = i * n1;
      const a2 = i * n2;
      grad[b3] = grad[b3]! + g;
      for (let u = 0; u < n2; u++) {
        grad[k3 + u] = grad[k3 + u]! + g * h2[a2 + u]!;
        d2[a2 + u] = h2[a2 + u]! > 0 ? g * w[k3 + u]! : 0;
      }
      for (let u = 0; u < n2; u++) grad[b2 + u] = grad[b2 + u]! + d2[a2 + u]!;
      for (let k = 0; k < n1; k++) {
        const row = k2 + k * n2;
        const v = h1[a1 + k]!;
        let back = 0;
        for (let u = 0; u < n2; u++) {
          const d = d2[a2 + u]!;
          grad[row + u] = grad[row + u]! + v * d;
          back += d * w[row + u]!;
        }
        d1[a1 + k] = v > 0 ? back : 0;
      }
      for (let u = 0; u < n1; u++) grad[b1 + u] = grad[b1 + u]! + d1[a1 + u]!;
      const x = rows[r]! * n0;
      for (let k = 0; k < n0; k++) {
        const v = z[x + k]!;
        if (v === 0) continue;
        const row = k1 + k * n1;
        axpy(grad, row, d1, a1, v, n1);
      }
    }
  }
}

/** y[yAt..yAt+n) += a × x[xAt..xAt+n), four at a time (the hot loop of both passes). */
function axpy(y: Float64Array, yAt: number, x: Float64Array, xAt: number, a: number, n: number) {
  let u = 0;
  for (; u + 3 < n; u += 4) {
    y[yAt + u] = y[yAt + u]! + a * x[xAt + u]!;
    y[yAt + u + 1] = y[yAt + u + 1]! + a * x[xAt + u + 1]!;
    y[yAt + u + 2] = y[yAt + u + 2]! + a * x[xAt + u + 2]!;
    y[yAt + u + 3] = y[yAt + u + 3]! + a * x[xAt + u + 3]!;
  }
  for (; u < n; u++) y[yAt + u] = y[yAt + u]! + a * x[xAt + u]!;
}

/** Mean loss of the network on `rows` (squared error, or cross-entropy on the log-odds). */
function meanLoss(
  net: Network,
  z: Float64Array,
  t: Float64Array,
  rows: Int32Array,
  binary: boolean,
  batch: number,
): number {
  let sum = 0;
  for (let from = 0; from < rows.length; from += batch) {
    const to = Math.min(rows.length, from + batch);
    net.forward(z, rows, from, to);
    for (let r = from; r < to; r++) {
      const o = net.out[r - from]!;
      const y = t[rows[r]!]!;
      // log(1 + e^o) − y·o, computed without overflow.
      sum += binary ? Math.max(o, 0) - y * o + Math.log1p(Math.exp(-Math.abs(o))) : (o - y) ** 2;
    }
  }
  return sum / rows.length;
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
  const t = Float64Array.from(y, (v) => (binary ? v : (v - targetMean) / targetScale));
  // Seeded split: 10% for early stopping.
  const random = createRandom(p.seed);
  const order = Int32Array.from({ length: rows }, (_, i) => i);
  shuffle(order, random);
  const nValid = Math.max(1, Math.floor(rows * 0.1));
  const validRows = order.slice(0, nValid);
  const trainRows = order.slice(nValid);

  const shape = shapeOf(cols, p.hidden1, p.hidden2);
  const w = new Float64Array(shape.total);
  // Glorot-uniform kernels (seeded), zero biases.
  const init = createRandom(p.seed * 101 + 1);
  for (let l = 0; l < 3; l++) {
    const fanIn = shape.sizes[l]!;
    const fanOut = shape.sizes[l + 1]!;
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    for (let k = 0; k < fanIn * fanOut; k++) w[shape.kernel[l]! + k] = (init() * 2 - 1) * limit;
  }
  const isKernel = new Uint8Array(shape.total);
  for (let l = 0; l < 3; l++)
    isKernel.fill(
      l < 2 ? 1 : 0, // L2 on the hidden kernels, as the network has always been regularised
      shape.kernel[l]!,
      shape.kernel[l]! + shape.sizes[l]! * shape.sizes[l + 1]!,
    );
  const batch = Math.max(1, Math.min(p.batchSize, trainRows.length));
  const net = new Network(shape, w, batch);
  const grad = new Float64Array(shape.total);
  // Adam (β1 0.9, β2 0.999, ε 1e-8) on the mean batch loss plus l2·Σ kernel².
  const m1 = new Float64Array(shape.total);
  const m2 = new Float64Array(shape.total);
  const beta1 = 0.9;
  const beta2 = 0.999;
  let step = 0;

  let best = Infinity;
  let bestEpoch = 0;
  let bestWeights = w.slice();
  let epoch = 0;
  for (; epoch < p.epochs; epoch++) {
    shuffle(trainRows, random);
    for (let from = 0; from < trainRows.length; from += batch) {
      const to = Math.min(trainRows.length, from + batch);
      const n = to - from;
      net.forward(z, trainRows, from, to);
      for (let r = from; r < to; r++) {
        const o = net.out[r - from]!;
        const target = t[trainRows[r]!]!;
        // d(mean loss)/d(output): 2(o − y)/n for squared error, (σ(o) − y)/n for cross-entropy.
        net.dOut[r - from] = binary
          ? (1 / (1 + Math.exp(-o)) - target) / n
          : (2 * (o - target)) / n;
      }
      grad.fill(0);
      net.backward(z, trainRows, from, to, grad);
      step++;
      const lr = (p.learningRate * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step);
      for (let k = 0; k < shape.total; k++) {
        const g = isKernel[k] === 1 ? grad[k]! + 2 * p.l2 * w[k]! : grad[k]!;
        m1[k] = beta1 * m1[k]! + (1 - beta1) * g;
        m2[k] = beta2 * m2[k]! + (1 - beta2) * g * g;
        w[k] = w[k]! - (lr * m1[k]!) / (Math.sqrt(m2[k]!) + 1e-8);
      }
    }
    const loss = meanLoss(net, z, t, validRows, binary, batch);
    if (loss < best - 1e-7) {
      best = loss;
      bestEpoch = epoch;
      bestWeights = w.slice();
    } else if (epoch - bestEpoch >= p.patience) break;
    // A long training yields the event loop now and then (a server stays responsive).
    if (epoch % 20 === 19) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  const activations: Array<DenseLayer["activation"]> = ["relu", "relu", "linear"];
  const layers: DenseLayer[] = activations.map((activation, l) => {
    const inputs = shape.sizes[l]!;
    const units = shape.sizes[l + 1]!;
    return {
      inputs,
      units,
      kernel: bestWeights.slice(shape.kernel[l]!, shape.kernel[l]! + inputs * units),
      bias: bestWeights.slice(shape.bias[l]!, shape.bias[l]! + units),
      activation,
    };
  });
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

function shuffle(values: Int32Array, random: () => number): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const v = values[i]!;
    values[i] = values[j]!;
    values[j] = v;
  }
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
