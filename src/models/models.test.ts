import assert from "node:assert/strict";
import { test } from "node:test";
import { createRandom } from "../domain/index.ts";
import { helperCounts, predictGbt, predictGbtRaw, trainGbt, type Tree } from "./gbt.ts";
import { linearContributions, predictLinear, trainLinear } from "./linear.ts";
import { baselineShapley, explainRow, predict } from "./learner.ts";
import type { FeatureMatrix } from "./matrix.ts";
import { predictMlp, trainMlp } from "./mlp.ts";
import { deserialiseModel, serialiseModel } from "./model-file.ts";
import { expectedValue, treeShap } from "./tree-shap.ts";

function synthetic(n: number, cols: number, seed: number, target: (row: Float64Array) => number) {
  const random = createRandom(seed);
  const data = new Float64Array(n * cols);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < cols; f++) data[i * cols + f] = random() * 2 - 1;
    y[i] = target(data.subarray(i * cols, (i + 1) * cols));
  }
  const x: FeatureMatrix = {
    rows: n,
    cols,
    names: Array.from({ length: cols }, (_, f) => `x${f}`),
    data,
  };
  return { x, y, random };
}

/** E[tree(x) | features in `set` fixed to x's values], others integrated out by cover. */
function conditional(tree: Tree, row: Float64Array, set: number, node = 0): number {
  const f = tree.feature[node]!;
  if (f < 0) return tree.value[node]!;
  const l = tree.left[node]!;
  const r = tree.right[node]!;
  if (set & (1 << f)) {
    const v = row[f]!;
    const left = Number.isNaN(v) ? tree.missingLeft[node] === 1 : v <= tree.threshold[node]!;
    return conditional(tree, row, set, left ? l : r);
  }
  return (
    (tree.cover[l]! * conditional(tree, row, set, l) +
      tree.cover[r]! * conditional(tree, row, set, r)) /
    tree.cover[node]!
  );
}

/** Shapley values by enumerating every coalition (2^M): the definition TreeSHAP must match. */
function bruteForceShapley(tree: Tree, row: Float64Array, m: number): Float64Array {
  const phi = new Float64Array(m);
  const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
  for (let i = 0; i < m; i++)
    for (let set = 0; set < 1 << m; set++) {
      if (set & (1 << i)) continue;
      let size = 0;
      for (let b = 0; b < m; b++) if (set & (1 << b)) size++;
      const weight = (factorial(size) * factorial(m - size - 1)) / factorial(m);
      phi[i] =
        phi[i]! + weight * (conditional(tree, row, set | (1 << i)) - conditional(tree, row, set));
    }
  return phi;
}

test("TreeSHAP equals brute-force Shapley values and sums to the prediction", () => {
  const { x, y } = synthetic(600, 5, 11, (r) => r[0]! * r[1]! + (r[2]! > 0.2 ? 1 : 0) + r[3]!);
  // Some missing values so the missing-value directions are exercised too.
  for (let i = 0; i < x.rows; i += 7) x.data[i * x.cols + 2] = NaN;
  const model = trainGbt(x, y, { rounds: 6, maxLeaves: 12, maxDepth: 5, minSamplesLeaf: 5 });
  const raw = predictGbtRaw(model, x);
  for (const i of [0, 7, 123, 599]) {
    const row = x.data.subarray(i * x.cols, (i + 1) * x.cols);
    const phi = new Float64Array(x.cols);
    let expected = model.base;
    for (const tree of model.trees) {
      const one = new Float64Array(x.cols);
      treeShap(tree, x.data, i * x.cols, one);
      const brute = bruteForceShapley(tree, row, x.cols);
      for (let f = 0; f < x.cols; f++)
        assert.ok(
          Math.abs(one[f]! - brute[f]!) < 1e-9,
          `row ${i} feature ${f}: ${one[f]} vs ${brute[f]}`,
        );
      for (let f = 0; f < x.cols; f++) phi[f] = phi[f]! + one[f]!;
      expected += expectedValue(tree);
    }
    const total = phi.reduce((a, b) => a + b, expected);
    assert.ok(Math.abs(total - raw[i]!) < 1e-9, `local accuracy: ${total} vs ${raw[i]}`);
    assert.equal(phi[4], 0, "a feature the model never uses gets nothing");
  }
});

test("gradient boosting fits a non-linear function and generalises", () => {
  const f = (r: Float64Array) => Math.sin(3 * r[0]!) + r[1]! * r[2]! + (r[3]! > 0 ? 1 : 0);
  const train = synthetic(4000, 8, 1, f);
  const test_ = synthetic(2000, 8, 2, f);
  const model = trainGbt(train.x, train.y, { rounds: 150 });
  const p = predictGbt(model, test_.x);
  const mean = test_.y.reduce((a, b) => a + b, 0) / test_.y.length;
  let sse = 0;
  let sst = 0;
  for (let i = 0; i < p.length; i++) {
    sse += (p[i]! - test_.y[i]!) ** 2;
    sst += (test_.y[i]! - mean) ** 2;
  }
  assert.ok(1 - sse / sst > 0.95, `held-out R² ${1 - sse / sst}`);
  // The four informative features carry almost all the gain.
  const gain = Array.from(model.gain);
  const informative = gain.slice(0, 4).reduce((a, b) => a + b, 0);
  assert.ok(informative / gain.reduce((a, b) => a + b, 0) > 0.97);
  // Same seed, same model.
  const again = trainGbt(train.x, train.y, { rounds: 150 });
  assert.deepEqual(predictGbt(again, test_.x), p);
});

test("gradient boosting learns where missing values go, and binary probabilities", () => {
  // y = 1 when x0 > 0.5 or x0 is missing.
  const { x, y } = synthetic(3000, 3, 5, () => 0);
  for (let i = 0; i < x.rows; i++) {
    if (i % 4 === 0) x.data[i * 3] = NaN;
    const v = x.data[i * 3]!;
    y[i] = Number.isNaN(v) || v > 0.5 ? 1 : 0;
  }
  const model = trainGbt(x, y, { objective: "binary", rounds: 60 });
  const probe: FeatureMatrix = {
    rows: 3,
    cols: 3,
    names: x.names,
    data: Float64Array.from([NaN, 0, 0, 0.9, 0, 0, 0.1, 0, 0]),
  };
  const [missing, high, low] = predictGbt(model, probe);
  assert.ok(missing! > 0.95 && high! > 0.95 && low! < 0.05, `${missing} ${high} ${low}`);
});

test("ridge recovers exact linear coefficients; logistic regression recovers the log-odds", () => {
  const { x, y } = synthetic(500, 3, 9, (r) => 1 + 2 * r[0]! - 3 * r[1]!);
  const model = trainLinear(x, y, { lambda: 1e-9 });
  const p = predictLinear(model, x);
  for (let i = 0; i < x.rows; i++) assert.ok(Math.abs(p[i]! - y[i]!) < 1e-6);
  assert.ok(Math.abs(model.coef[0]! / model.scale[0]! - 2) < 1e-6);
  assert.ok(Math.abs(model.coef[2]!) < 1e-6);
  const contributions = linearContributions(model, x, 3);
  assert.ok(Math.abs(contributions.reduce((a, b) => a + b, model.intercept) - p[3]!) < 1e-9);
  // Logistic: y ~ Bernoulli(σ(0.5 + 1.5 x0)); with 20,000 rows the estimate is within 0.1.
  const random = createRandom(4);
  const n = 20_000;
  const data = new Float64Array(n);
  const labels = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    data[i] = random() * 4 - 2;
    labels[i] = random() < 1 / (1 + Math.exp(-(0.5 + 1.5 * data[i]!))) ? 1 : 0;
  }
  const logistic = trainLinear({ rows: n, cols: 1, names: ["x"], data }, labels, {
    objective: "binary",
    lambda: 1e-6,
  });
  const slope = logistic.coef[0]! / logistic.scale[0]!;
  const intercept = logistic.intercept - slope * logistic.mean[0]!;
  assert.ok(
    Math.abs(slope - 1.5) < 0.1 && Math.abs(intercept - 0.5) < 0.1,
    `${slope} ${intercept}`,
  );
});

test("the network learns a non-linear function, reproducibly, and saves exactly", async () => {
  const f = (r: Float64Array) => Math.sin(2 * r[0]!) + r[1]! * r[2]!;
  const train = synthetic(2000, 4, 21, f);
  const held = synthetic(500, 4, 22, f);
  const model = await trainMlp(train.x, train.y, { epochs: 150, seed: 3 });
  const p = predictMlp(model, held.x);
  const mean = held.y.reduce((a, b) => a + b, 0) / held.y.length;
  let sse = 0;
  let sst = 0;
  for (let i = 0; i < p.length; i++) {
    sse += (p[i]! - held.y[i]!) ** 2;
    sst += (held.y[i]! - mean) ** 2;
  }
  assert.ok(1 - sse / sst > 0.9, `held-out R² ${1 - sse / sst}`);
  const again = await trainMlp(train.x, train.y, { epochs: 150, seed: 3 });
  assert.deepEqual(predictMlp(again, held.x), p, "same seed, same network");
  const restored = deserialiseModel(JSON.parse(JSON.stringify(serialiseModel(model))));
  assert.deepEqual(predict(restored, held.x), p);
  // Shapley values against the training means add up to f(x) − f(mean) exactly.
  const { base, contributions, raw } = explainRow(model, held.x, 7);
  assert.ok(Math.abs(contributions.reduce((a, b) => a + b, base) - raw) < 1e-9);
  assert.ok(Math.abs(raw - p[7]!) < 1e-9);
  assert.ok(
    Math.abs(contributions[3]!) < Math.abs(contributions[0]!) + Math.abs(contributions[1]!),
  );
});

test("baseline Shapley values of a linear function are coefficient × (x − reference)", () => {
  const x: FeatureMatrix = {
    rows: 1,
    cols: 3,
    names: ["a", "b", "c"],
    data: Float64Array.from([2, -1, 5]),
  };
  const rawPredict = (m: FeatureMatrix) =>
    Float64Array.from(
      { length: m.rows },
      (_, i) =>
        3 * m.data[i * 3]! - 2 * m.data[i * 3 + 1]! + 0.5 * m.data[i * 3 + 2]! * m.data[i * 3]!,
    );
  const reference = Float64Array.from([0, 0, 1]);
  const { contributions, base, raw } = baselineShapley(rawPredict, x, 0, reference);
  // f(x) − f(ref) = 13. b: −2 × (−1 − 0) = 2. The term 0.5·a·c: a adds ½(1 − 0) + ½(5 − 0) = 3
  // on top of its 3 × 2 = 6, and c adds ½(0 − 0) + ½(5 − 1) = 2.
  assert.equal(base, 0);
  assert.equal(raw, 13);
  assert.deepEqual(Array.from(contributions), [9, 2, 2]);
});

test("large batches use the second core and predict exactly as one thread does", () => {
  const { x, y } = synthetic(2_000, 6, 5, (r) => r[0]! - r[1]! * r[2]! + (r[3]! > 0 ? 0.5 : 0));
  const model = trainGbt(x, y, { rounds: 20, maxLeaves: 15, maxDepth: 6, minSamplesLeaf: 5 });
  // 60,000 rows (above the threshold for the helper thread), with missing values.
  const rows = 60_000;
  const data = new Float64Array(rows * x.cols);
  for (let i = 0; i < data.length; i++) data[i] = i % 97 === 0 ? NaN : x.data[i % x.data.length]!;
  const big = { rows, cols: x.cols, names: x.names, data };
  const together = predictGbtRaw(model, big);
  // The same rows in two batches below the threshold, each on this thread alone.
  const half = rows / 2;
  const part = (from: number) => ({
    rows: half,
    cols: x.cols,
    names: x.names,
    data: data.slice(from * x.cols, (from + half) * x.cols),
  });
  const apart = [...predictGbtRaw(model, part(0)), ...predictGbtRaw(model, part(half))];
  assert.deepEqual([...together], apart);
  assert.ok(!(together.buffer instanceof SharedArrayBuffer), "callers get an ordinary array");
});

test("training on two threads grows exactly the trees one thread grows", () => {
  // 40,000 × 30 with missing values, row and column sampling: the helper thread fills half of
  // every large histogram; each bin's sums are still added in the same order.
  const { x, y } = synthetic(40_000, 30, 9, (r) => Math.sin(3 * r[0]!) + r[1]! * r[2]!);
  for (let i = 0; i < x.data.length; i += 53) x.data[i] = NaN;
  const params = { rounds: 15, maxLeaves: 31, subsample: 0.8, colsample: 0.8, seed: 4 };
  const one = trainGbt(x, y, params, { threads: 1 });
  const before = { ...helperCounts };
  const two = trainGbt(x, y, params, { threads: 2 });
  assert.ok(helperCounts.handedOver - before.handedOver >= 15, "every root histogram is shared");
  assert.equal(helperCounts.failed, before.failed);
  assert.equal(two.trees.length, 15);
  assert.deepEqual(two.trees, one.trees);
  assert.deepEqual(two.gain, one.gain);
});
