import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRandom, normal } from "../src/domain/index.ts";
import {
  crossValidate,
  predictGbt,
  predictLinear,
  predictMlp,
  trainGbt,
  trainLinear,
  trainMlp,
  type FeatureMatrix,
} from "../src/models/index.ts";
import { take, takeRows } from "../src/models/matrix.ts";
import { r2 } from "../src/models/metrics.ts";

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
  const train = subset(x, y, (i) => test[i] === 0);
  const held = subset(x, y, (i) => test[i] === 1);
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
  const recorded = recordedPeer<PeerFigure["recorded"]>("histgb");
  const figure = {
    brechaTrainMs: times[Math.floor(times.length / 2)]!,
    brechaAccuracy: right / held.x.rows,
    recorded,
  };
  const out = runPeer("histgb.py", { "x.f64": x.data, "y.f64": y, "test.u8": test }, [
    x.rows,
    x.cols,
    runs,
  ]) as { trainSeconds: number; accuracy: number } | null;
  if (!out) return { ...figure, peerTrainMs: null, peerAccuracy: null };
  return { ...figure, peerTrainMs: out.trainSeconds * 1000, peerAccuracy: out.accuracy };
}

/** The last peer figures measured, for machines without python3-sklearn. */
export function recordedPeer<T>(name: string): T {
  const all = JSON.parse(
    readFileSync(join(import.meta.dirname, "peers", "recorded.json"), "utf8"),
  ) as Record<string, T>;
  return all[name]!;
}

/**
 * Runs a peer script from bench/peers with Debian's python3 (where python3-sklearn installs;
 * another python3 may come first on PATH) on one thread, after writing its input files to a
 * temporary folder; returns the JSON of its last line, or null when it could not run.
 */
function runPeer(
  script: string,
  files: Record<string, Float64Array | Uint8Array>,
  args: readonly number[],
): unknown {
  const dir = mkdtempSync(join(tmpdir(), "brecha-peer-"));
  try {
    for (const [name, data] of Object.entries(files))
      writeFileSync(join(dir, name), new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    const python = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
    const peer = spawnSync(
      python,
      [join(import.meta.dirname, "peers", script), dir, ...args.map(String)],
      { encoding: "utf8", env: { ...process.env, OMP_NUM_THREADS: "1" } },
    );
    const line = peer.status === 0 ? peer.stdout.trim().split("\n").at(-1) : undefined;
    return line ? JSON.parse(line) : null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface RegressionPeerFigure {
  readonly gbtMs: number;
  readonly gbtR2: number;
  readonly mlpMs: number;
  readonly mlpR2: number;
  /** scikit-learn's figures from the same run, or null without python3-sklearn. */
  readonly peer: { gbtMs: number; gbtR2: number; mlpMs: number; mlpR2: number } | null;
  readonly recorded: {
    gbtSeconds: number;
    gbtR2: number;
    mlpSeconds: number;
    mlpR2: number;
    measured: string;
  };
}

/**
 * A 10,000 × 12 regression table (non-linear signal, interactions, noise; R² ceiling about 0.75),
 * seeded; row i is in fold i mod 5.
 */
function regressionTable(rows: number, cols: number, seed: number) {
  const random = createRandom(seed);
  const data = new Float64Array(rows * cols);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let f = 0; f < cols; f++) data[i * cols + f] = random() * 2 - 1;
    const v = (f: number) => data[i * cols + f]!;
    const signal =
      2 * Math.sin(3 * v(0)) + 1.5 * v(1) * v(2) + (v(3) > 0.3 ? 1.2 : -0.4) + v(4) - v(5) ** 2;
    y[i] = signal + normal(random, 0, 0.9);
  }
  const x: FeatureMatrix = {
    rows,
    cols,
    names: Array.from({ length: cols }, (_, f) => `f${f}`),
    data,
  };
  return { x, y, fold: Uint8Array.from({ length: rows }, (_, i) => i % 5) };
}

/** The rows `keep` accepts, with their targets (the learners' own row selection). */
function subset(x: FeatureMatrix, y: Float64Array, keep: (i: number) => boolean) {
  const rows: number[] = [];
  for (let i = 0; i < x.rows; i++) if (keep(i)) rows.push(i);
  return { rows, x: takeRows(x, rows), y: take(y, rows) };
}

/**
 * 10,000 rows, regression: Brecha's GBT with its default parameters on an 80/20 split beside
 * HistGradientBoostingRegressor with its defaults; Brecha's network over five folds beside
 * scikit-learn's MLPRegressor with matched settings (bench/peers/regression.py).
 */
export async function benchPeerRegression(): Promise<RegressionPeerFigure> {
  const { x, y, fold } = regressionTable(10_000, 12, 11);
  const train = subset(x, y, (i) => fold[i] !== 0);
  const held = subset(x, y, (i) => fold[i] === 0);
  let started = performance.now();
  const gbt = trainGbt(train.x, train.y);
  const gbtMs = performance.now() - started;
  const gbtR2 = r2(held.y, predictGbt(gbt, held.x));
  const predicted = new Float64Array(x.rows);
  started = performance.now();
  for (let k = 0; k < 5; k++) {
    const fit = subset(x, y, (i) => fold[i] !== k);
    const out = subset(x, y, (i) => fold[i] === k);
    const net = await trainMlp(fit.x, fit.y, { hidden1: 32, hidden2: 16, l2: 1e-4 });
    const p = predictMlp(net, out.x);
    out.rows.forEach((r, j) => (predicted[r] = p[j]!));
  }
  const mlpMs = performance.now() - started;
  const out = runPeer("regression.py", { "x.f64": x.data, "y.f64": y, "fold.u8": fold }, [
    x.rows,
    x.cols,
  ]) as { gbtSeconds: number; gbtR2: number; mlpSeconds: number; mlpR2: number } | null;
  return {
    gbtMs,
    gbtR2,
    mlpMs,
    mlpR2: r2(y, predicted),
    peer: out && {
      gbtMs: out.gbtSeconds * 1000,
      gbtR2: out.gbtR2,
      mlpMs: out.mlpSeconds * 1000,
      mlpR2: out.mlpR2,
    },
    recorded: recordedPeer<RegressionPeerFigure["recorded"]>("regression"),
  };
}
