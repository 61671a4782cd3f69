import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { createRandom } from "../domain/index.ts";
import { addTreeScores } from "./gbt-kernel.mjs";
import type { FeatureMatrix } from "./matrix.ts";

/**
 * Histogram-based gradient-boosted trees (the LightGBM/XGBoost-hist family): features are cut into
 * at most 255 quantile bins once, plus bin 0 for missing values; each tree grows leaf-wise (the
 * leaf with the largest gain splits next) from gradient/hessian histograms, with the histogram
 * subtraction trick (the larger child's histogram is the parent's minus the smaller child's), and
 * each split learns which side missing values go to.
 */
export interface GbtParams {
  readonly objective: "regression" | "binary";
  readonly rounds: number;
  readonly learningRate: number;
  readonly maxLeaves: number;
  readonly maxDepth: number;
  readonly minSamplesLeaf: number;
  /** L2 penalty on leaf values. */
  readonly lambda: number;
  readonly maxBins: number;
  /** Share of rows each tree sees (without replacement). */
  readonly subsample: number;
  /** Share of features each tree may split on. */
  readonly colsample: number;
  readonly seed: number;
}

export const DEFAULT_GBT_PARAMS: GbtParams = {
  objective: "regression",
  rounds: 200,
  learningRate: 0.1,
  maxLeaves: 31,
  maxDepth: 8,
  minSamplesLeaf: 20,
  lambda: 1,
  maxBins: 255,
  subsample: 1,
  colsample: 1,
  seed: 1,
};

/** One tree in flat arrays; a leaf has feature −1. Thresholds are raw values: x ≤ t goes left. */
export interface Tree {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly missingLeft: Uint8Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Leaf output (already scaled by the learning rate); 0 for internal nodes. */
  readonly value: Float64Array;
  /** Training rows through the node (TreeSHAP weighs paths by it). */
  readonly cover: Float64Array;
}

export interface GbtModel {
  readonly kind: "gbt";
  readonly params: GbtParams;
  readonly features: readonly string[];
  /** Raw score every prediction starts from (mean, or log-odds of the base rate). */
  readonly base: number;
  readonly trees: readonly Tree[];
  /** Total split gain per feature. */
  readonly gain: Float64Array;
}

const BINS = 256;

/** Upper bin edges per feature: v ≤ edges[k] falls in bin k + 1; above the last edge, the last bin. */
export function binEdges(x: FeatureMatrix, maxBins: number, sample = 50_000): Float64Array[] {
  const { rows, cols, data } = x;
  const step = Math.max(1, Math.floor(rows / sample));
  const edges: Float64Array[] = [];
  for (let f = 0; f < cols; f++) {
    const values: number[] = [];
    for (let i = 0; i < rows; i += step) {
      const v = data[i * cols + f]!;
      if (!Number.isNaN(v)) values.push(v);
    }
    const sorted = Float64Array.from(values).sort();
    const distinct: number[] = [];
    for (const v of sorted)
      if (distinct.length === 0 || v > distinct[distinct.length - 1]!) distinct.push(v);
    const cuts: number[] = [];
    const limit = Math.min(maxBins, BINS - 1);
    if (distinct.length <= limit) {
      for (let k = 0; k + 1 < distinct.length; k++)
        cuts.push((distinct[k]! + distinct[k + 1]!) / 2);
    } else {
      for (let b = 1; b < limit; b++) {
        const v = sorted[Math.floor((b * sorted.length) / limit)]!;
        // Cut just below a quantile value; skip repeats so every bin holds something.
        const at = lowerBound(distinct, v);
        if (at === 0) continue;
        const cut = (distinct[at - 1]! + distinct[at]!) / 2;
        if (cuts.length === 0 || cut > cuts[cuts.length - 1]!) cuts.push(cut);
      }
    }
    edges.push(Float64Array.from(cuts));
  }
  return edges;
}

function lowerBound(sorted: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Row-major bin codes: bins[i * cols + f]; 0 = missing. */
function binMatrix(x: FeatureMatrix, edges: readonly Float64Array[]): Uint8Array {
  const { rows, cols, data } = x;
  const bins = new Uint8Array(rows * cols);
  for (let f = 0; f < cols; f++) {
    const e = edges[f]!;
    for (let i = 0; i < rows; i++) {
      const v = data[i * cols + f]!;
      bins[i * cols + f] = Number.isNaN(v) ? 0 : lowerBound(e, v) + 1;
    }
  }
  return bins;
}

interface Split {
  gain: number;
  feature: number;
  bin: number;
  missingLeft: boolean;
}

interface Leaf {
  node: number;
  start: number;
  end: number;
  depth: number;
  g: number;
  h: number;
  hist: Float64Array;
  split: Split | null;
}

/** Trains a gradient-boosted tree ensemble on a feature matrix and targets (0/1 for binary). */
export function trainGbt(
  x: FeatureMatrix,
  y: Float64Array,
  params: Partial<GbtParams> = {},
): GbtModel {
  const p: GbtParams = { ...DEFAULT_GBT_PARAMS, ...params };
  const { rows: n, cols } = x;
  if (y.length !== n) throw new RangeError(`trainGbt: ${y.length} targets for ${n} rows`);
  if (n === 0) throw new RangeError("trainGbt: no rows");
  const edges = binEdges(x, p.maxBins);
  const bins = binMatrix(x, edges);
  const binary = p.objective === "binary";
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i]!;
  mean /= n;
  const base = binary ? Math.log(Math.max(mean, 1e-6) / Math.max(1 - mean, 1e-6)) : mean;
  const score = new Float64Array(n).fill(base);
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const random = createRandom(p.seed);
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const indices = new Int32Array(n);
  const scratch = new Int32Array(n);
  const gain = new Float64Array(cols);
  const trees: Tree[] = [];
  const allowed = new Uint8Array(cols);
  for (let round = 0; round < p.rounds; round++) {
    for (let i = 0; i < n; i++) {
      if (binary) {
        const q = 1 / (1 + Math.exp(-score[i]!));
        grad[i] = q - y[i]!;
        hess[i] = Math.max(q * (1 - q), 1e-12);
      } else {
        grad[i] = score[i]! - y[i]!;
        hess[i] = 1;
      }
    }
    let m = n;
    if (p.subsample < 1) {
      // Bernoulli sample keeps the indices sorted (better memory locality when building histograms).
      m = 0;
      for (let i = 0; i < n; i++) if (random() < p.subsample) indices[m++] = i;
      if (m === 0) indices[m++] = Math.floor(random() * n);
    } else indices.set(all);
    allowed.fill(p.colsample < 1 ? 0 : 1);
    if (p.colsample < 1) {
      const k = Math.max(1, Math.round(cols * p.colsample));
      const order = Array.from({ length: cols }, (_, f) => f);
      for (let a = 0; a < k; a++) {
        const b = a + Math.floor(random() * (cols - a));
        [order[a], order[b]] = [order[b]!, order[a]!];
        allowed[order[a]!] = 1;
      }
    }
    const tree = growTree(bins, cols, edges, grad, hess, indices, m, scratch, allowed, p, gain);
    trees.push(tree);
    // Update every row's score, sampled or not, by walking the tree on the bin codes.
    for (let i = 0; i < n; i++) {
      let node = 0;
      while (tree.feature[node]! >= 0) {
        const b = bins[i * cols + tree.feature[node]!]!;
        const goLeft = b === 0 ? tree.missingLeft[node] === 1 : b <= binOfThreshold(tree, node);
        node = goLeft ? tree.left[node]! : tree.right[node]!;
      }
      score[i] = score[i]! + tree.value[node]!;
    }
  }
  return { kind: "gbt", params: p, features: x.names, base, trees, gain };
}

// During training the bin index of each split is kept beside the tree (not serialised).
const splitBins = new WeakMap<Tree, Int32Array>();
function binOfThreshold(tree: Tree, node: number): number {
  return splitBins.get(tree)![node]!;
}

function growTree(
  bins: Uint8Array,
  cols: number,
  edges: readonly Float64Array[],
  grad: Float64Array,
  hess: Float64Array,
  indices: Int32Array,
  m: number,
  scratch: Int32Array,
  allowed: Uint8Array,
  p: GbtParams,
  gainByFeature: Float64Array,
): Tree {
  const feature: number[] = [];
  const threshold: number[] = [];
  const missingLeft: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const cover: number[] = [];
  const splitBin: number[] = [];
  const newNode = (c: number) => {
    feature.push(-1);
    threshold.push(0);
    missingLeft.push(0);
    left.push(-1);
    right.push(-1);
    value.push(0);
    cover.push(c);
    splitBin.push(0);
    return feature.length - 1;
  };
  const histogram = (start: number, end: number): Float64Array => {
    // Per feature and bin: gradient sum, hessian sum, count.
    // Row by row: one row's bin codes are contiguous, and the whole histogram stays in cache.
    const hist = new Float64Array(cols * BINS * 3);
    for (let k = start; k < end; k++) {
      const i = indices[k]!;
      const g = grad[i]!;
      const h = hess[i]!;
      const row = i * cols;
      for (let f = 0, off = 0; f < cols; f++, off += BINS * 3) {
        const at = off + bins[row + f]! * 3;
        hist[at] = hist[at]! + g;
        hist[at + 1] = hist[at + 1]! + h;
        hist[at + 2] = hist[at + 2]! + 1;
      }
    }
    return hist;
  };
  const score = (g: number, h: number) => (g * g) / (h + p.lambda);
  const bestSplit = (leaf: Leaf): Split | null => {
    if (leaf.depth >= p.maxDepth || leaf.end - leaf.start < 2 * p.minSamplesLeaf) return null;
    const count = leaf.end - leaf.start;
    const parent = score(leaf.g, leaf.h);
    let best: Split | null = null;
    const hist = leaf.hist;
    for (let f = 0; f < cols; f++) {
      if (!allowed[f]) continue;
      const off = f * BINS * 3;
      const last = edges[f]!.length + 1; // bins 1..last hold values
      const g0 = hist[off]!;
      const h0 = hist[off + 1]!;
      const c0 = hist[off + 2]!;
      let gl = 0;
      let hl = 0;
      let cl = 0;
      for (let b = 1; b < last; b++) {
        const at = off + b * 3;
        gl += hist[at]!;
        hl += hist[at + 1]!;
        cl += hist[at + 2]!;
        if (hist[at + 2] === 0) continue; // the same split as the previous bin
        for (let side = 0; side < 2; side++) {
          // side 0: missing go right; side 1: missing go left.
          const GL = side ? gl + g0 : gl;
          const HL = side ? hl + h0 : hl;
          const CL = side ? cl + c0 : cl;
          const CR = count - CL;
          if (CL < p.minSamplesLeaf || CR < p.minSamplesLeaf) continue;
          const HR = leaf.h - HL;
          if (HL < 1e-9 || HR < 1e-9) continue;
          const gain = score(GL, HL) + score(leaf.g - GL, HR) - parent;
          if (gain > 1e-12 && (best === null || gain > best.gain))
            best = { gain, feature: f, bin: b, missingLeft: side === 1 };
          if (c0 === 0) break; // no missing values: both sides are the same split
        }
      }
    }
    return best;
  };
  const root = newNode(m);
  let g = 0;
  let h = 0;
  for (let k = 0; k < m; k++) {
    g += grad[indices[k]!]!;
    h += hess[indices[k]!]!;
  }
  const first: Leaf = {
    node: root,
    start: 0,
    end: m,
    depth: 0,
    g,
    h,
    hist: histogram(0, m),
    split: null,
  };
  first.split = bestSplit(first);
  const leaves: Leaf[] = [first];
  let leafCount = 1;
  while (leafCount < p.maxLeaves) {
    let pick = -1;
    for (let k = 0; k < leaves.length; k++)
      if (leaves[k]!.split && (pick < 0 || leaves[k]!.split!.gain > leaves[pick]!.split!.gain))
        pick = k;
    if (pick < 0) break;
    const leaf = leaves[pick]!;
    const split = leaf.split!;
    // Stable partition of the leaf's rows: left rows first, both halves keep ascending order.
    const sf = split.feature;
    let l = leaf.start;
    let r = 0;
    for (let k = leaf.start; k < leaf.end; k++) {
      const i = indices[k]!;
      const b = bins[i * cols + sf]!;
      const goLeft = b === 0 ? split.missingLeft : b <= split.bin;
      if (goLeft) indices[l++] = i;
      else scratch[r++] = i;
    }
    indices.set(scratch.subarray(0, r), l);
    const mid = l;
    const sums = (start: number, end: number) => {
      let gs = 0;
      let hs = 0;
      for (let k = start; k < end; k++) {
        gs += grad[indices[k]!]!;
        hs += hess[indices[k]!]!;
      }
      return [gs, hs] as const;
    };
    const leftFirst = mid - leaf.start <= leaf.end - mid;
    const small = leftFirst ? histogram(leaf.start, mid) : histogram(mid, leaf.end);
    const large = leaf.hist;
    for (let k = 0; k < large.length; k++) large[k] = large[k]! - small[k]!;
    const [gL, hL] = sums(leaf.start, mid);
    const leftNode = newNode(mid - leaf.start);
    const rightNode = newNode(leaf.end - mid);
    const node = leaf.node;
    feature[node] = split.feature;
    splitBin[node] = split.bin;
    threshold[node] = edges[split.feature]![split.bin - 1]!;
    missingLeft[node] = split.missingLeft ? 1 : 0;
    left[node] = leftNode;
    right[node] = rightNode;
    gainByFeature[split.feature] = gainByFeature[split.feature]! + split.gain;
    const a: Leaf = {
      node: leftNode,
      start: leaf.start,
      end: mid,
      depth: leaf.depth + 1,
      g: gL,
      h: hL,
      hist: leftFirst ? small : large,
      split: null,
    };
    const b: Leaf = {
      node: rightNode,
      start: mid,
      end: leaf.end,
      depth: leaf.depth + 1,
      g: leaf.g - gL,
      h: leaf.h - hL,
      hist: leftFirst ? large : small,
      split: null,
    };
    a.split = bestSplit(a);
    b.split = bestSplit(b);
    leaves.splice(pick, 1, a, b);
    leafCount++;
  }
  for (const leaf of leaves) value[leaf.node] = (-leaf.g / (leaf.h + p.lambda)) * p.learningRate;
  const tree: Tree = {
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    missingLeft: Uint8Array.from(missingLeft),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    value: Float64Array.from(value),
    cover: Float64Array.from(cover),
  };
  splitBins.set(tree, Int32Array.from(splitBin));
  return tree;
}

/** The leaf a row reaches in a tree (raw feature values; NaN = missing). */
export function leafOf(tree: Tree, data: Float64Array, offset: number): number {
  let node = 0;
  while (tree.feature[node]! >= 0) {
    const v = data[offset + tree.feature[node]!]!;
    const goLeft = Number.isNaN(v) ? tree.missingLeft[node] === 1 : v <= tree.threshold[node]!;
    node = goLeft ? tree.left[node]! : tree.right[node]!;
  }
  return node;
}

/** A tree laid out for prediction: children side by side, so one lookup picks the branch. */
interface CompactTree {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  /** NaN goes right: 1, left: 0. */
  readonly missingRight: Uint8Array;
  /** children[2 node] left, children[2 node + 1] right. */
  readonly children: Int32Array;
  readonly value: Float64Array;
}

const compactForm = new WeakMap<Tree, CompactTree>();
function compact(tree: Tree): CompactTree {
  let c = compactForm.get(tree);
  if (c === undefined) {
    const n = tree.feature.length;
    const children = new Int32Array(2 * n);
    for (let k = 0; k < n; k++) {
      children[2 * k] = tree.left[k]!;
      children[2 * k + 1] = tree.right[k]!;
    }
    c = {
      feature: tree.feature,
      threshold: tree.threshold,
      missingRight: Uint8Array.from(tree.missingLeft, (m) => 1 - m),
      children,
      value: tree.value,
    };
    compactForm.set(tree, c);
  }
  return c;
}

/** Batches at least this large are split with a helper thread (the second core). */
const PARALLEL_ROWS = 50_000;
let helper: Worker | null | undefined;

/** The helper thread, started on first use and left idle (unref'd) between batches. */
function predictionHelper(): Worker | null {
  if (helper === undefined) {
    try {
      helper = new Worker(new URL("./gbt-predict-worker.mjs", import.meta.url));
      helper.unref();
      helper.on("error", () => (helper = null));
    } catch {
      helper = null;
    }
  }
  return helper;
}

/** Raw scores (before the logistic link for binary models). */
export function predictGbtRaw(model: GbtModel, x: FeatureMatrix): Float64Array {
  const { rows, cols, data } = x;
  const trees = model.trees.map(compact);
  const worker = rows >= PARALLEL_ROWS && availableParallelism() > 1 ? predictionHelper() : null;
  if (!worker) {
    const out = new Float64Array(rows).fill(model.base);
    addTreeScores(trees, data, cols, 0, rows, out);
    return out;
  }
  // The helper takes the second half from shared memory while this thread does the first; this
  // thread then waits for it, so prediction stays synchronous for its callers.
  const shared = new Float64Array(new SharedArrayBuffer(data.byteLength));
  shared.set(data);
  const out = new Float64Array(new SharedArrayBuffer(rows * 8)).fill(model.base);
  const done = new Int32Array(new SharedArrayBuffer(4));
  const half = Math.floor(rows / 2);
  worker.postMessage({
    trees,
    data: shared.buffer,
    cols,
    from: half,
    to: rows,
    out: out.buffer,
    done: done.buffer,
  });
  addTreeScores(trees, shared, cols, 0, half, out);
  // A helper that fails or hangs does not lose the batch: this thread computes its half itself.
  if (Atomics.wait(done, 0, 0, 30_000) === "timed-out" || done[0] !== 1) {
    helper = null;
    void worker.terminate();
    out.fill(model.base, half);
    addTreeScores(trees, shared, cols, half, rows, out);
  }
  return Float64Array.from(out);
}

/** Predictions: values for regression, probabilities for binary. */
export function predictGbt(model: GbtModel, x: FeatureMatrix): Float64Array {
  const raw = predictGbtRaw(model, x);
  if (model.params.objective === "binary")
    for (let i = 0; i < raw.length; i++) raw[i] = 1 / (1 + Math.exp(-raw[i]!));
  return raw;
}
