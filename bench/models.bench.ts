import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRandom } from "../src/domain/index.ts";
import {
  crossValidate,
  predictGbt,
  predictLinear,
  trainGbt,
  trainLinear,
  type FeatureMatrix,
} from "../src/models/index.ts";

/** Brecha's GBT and scikit-learn's HistGradientBoosting (one thread) on the same split. */
export interface PeerFigure {
  readonly brechaTrainMs: number;
  readonly brechaAccuracy: number;
  /** null when the peer could not run here; `recorded` then holds the last figure measured. */
  readonly peerTrainMs: number | null;
  readonly peerAccuracy: number | null;
  readonly recorded: {
    trainSeconds: number | null;
    accuracy: number | null;
    measured: string | null;
  };
}

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

/**
 * The same 100,000 × 30 table, 80% to train and 20% held out (every fifth row), trained by
 * Brecha's GBT and by scikit-learn's HistGradientBoostingClassifier on one thread with the same
 * shape (100 rounds, 31 leaves, learning rate 0.1), when Debian's python3-sklearn is installed.
 */
export async function benchPeerGbt(runs: number): Promise<PeerFigure> {
  const { x, y } = table(100_000, 30, 7);
  const test = Uint8Array.from({ length: x.rows }, (_, i) => (i % 5 === 0 ? 1 : 0));
  const pick = (held: boolean) => {
    const rows: number[] = [];
    for (let i = 0; i < x.rows; i++) if ((test[i] === 1) === held) rows.push(i);
    const data = new Float64Array(rows.length * x.cols);
    rows.forEach((r, k) => data.set(x.data.subarray(r * x.cols, (r + 1) * x.cols), k * x.cols));
    return {
      x: { rows: rows.length, cols: x.cols, names: x.names, data } as FeatureMatrix,
      y: Float64Array.from(rows, (r) => y[r]!),
    };
  };
  const train = pick(false);
  const held = pick(true);
  const params = { objective: "binary" as const, rounds: 100, maxLeaves: 31, learningRate: 0.1 };
  const times: number[] = [];
  let model = trainGbt(train.x, train.y, params);
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    model = trainGbt(train.x, train.y, params);
    times.push(performance.now() - started);
  }
  const predicted = predictGbt(model, held.x);
  let right = 0;
  for (let i = 0; i < held.x.rows; i++) if ((predicted[i]! >= 0.5 ? 1 : 0) === held.y[i]) right++;
  times.sort((a, b) => a - b);
  const recorded = (
    JSON.parse(readFileSync(join(import.meta.dirname, "peers", "recorded.json"), "utf8")) as {
      histgb: PeerFigure["recorded"];
    }
  ).histgb;
  const figure = {
    brechaTrainMs: times[Math.floor(times.length / 2)]!,
    brechaAccuracy: right / held.x.rows,
    recorded,
  };
  const dir = mkdtempSync(join(tmpdir(), "brecha-peer-"));
  try {
    writeFileSync(
      join(dir, "x.f64"),
      new Uint8Array(x.data.buffer, x.data.byteOffset, x.data.byteLength),
    );
    writeFileSync(join(dir, "y.f64"), new Uint8Array(y.buffer, y.byteOffset, y.byteLength));
    writeFileSync(join(dir, "test.u8"), test);
    // Debian's interpreter, where python3-sklearn installs (another python3 may come first on PATH).
    const python = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
    const peer = spawnSync(
      python,
      [
        join(import.meta.dirname, "peers", "histgb.py"),
        dir,
        String(x.rows),
        String(x.cols),
        String(runs),
      ],
      { encoding: "utf8", env: { ...process.env, OMP_NUM_THREADS: "1" } },
    );
    const line = peer.status === 0 ? peer.stdout.trim().split("\n").at(-1) : undefined;
    if (!line) return { ...figure, peerTrainMs: null, peerAccuracy: null };
    const out = JSON.parse(line) as { trainSeconds: number; accuracy: number };
    return { ...figure, peerTrainMs: out.trainSeconds * 1000, peerAccuracy: out.accuracy };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
