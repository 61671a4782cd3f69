import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { loadConfig } from "../src/config/index.ts";
import { BrechaError } from "../src/errors/index.ts";
import {
  alignFeatures,
  buildTaskTable,
  deserialiseModel,
  driftReport,
  explainInWords,
  parseRecord,
  predict,
  trainTask,
  type TaskTable,
} from "../src/models/index.ts";
import { openOperations } from "../src/operations/index.ts";
import { openStore, type Store } from "../src/storage/index.ts";
import { buildWorkspace } from "../src/tables/index.ts";
import { REAL_MIRROR, tempDir } from "./helpers/paths.ts";

// Models on the real district data (../shared/data/peru) as `brecha up --mirror` loads it.

const dir = tempDir();
let store: Store;
let poverty: TaskTable;

before(async () => {
  const config = loadConfig({
    overrides: { home: dir.path, mirror: REAL_MIRROR, offline: true },
    env: {},
  });
  const writer = await openStore(join(dir.path, "brecha.duckdb"));
  await buildWorkspace(writer, config);
  await writer.close();
  store = await openStore(join(dir.path, "brecha.duckdb"), { readOnly: true });
  poverty = await buildTaskTable(store, "poverty");
});
after(async () => {
  await store?.close();
  dir.cleanup();
});

test("2018 district poverty from altitude, density, HDI and rurality: blocked-CV R² and RMSE", async () => {
  assert.equal(poverty.x.rows, 1891);
  assert.deepEqual(poverty.synthetic, []);
  const linear = await trainTask(poverty, { learner: "linear", k: 5 });
  const gbt = await trainTask(poverty, { learner: "gbt", k: 5 });
  for (const { record } of [linear, gbt]) {
    assert.equal(record.rows, 1874, "17 districts have no 2018 poverty figure");
    // Departments held out: real signal, far from perfect (R² 0.56-0.60, RMSE 10.7-11.2 pp).
    assert.ok(record.metrics.overall.r2! > 0.5 && record.metrics.overall.r2! < 0.7);
    assert.ok(record.metrics.overall.rmse! > 9 && record.metrics.overall.rmse! < 13);
    const [low, high] = record.metrics.intervals.r2!;
    assert.ok(low < record.metrics.overall.r2! && record.metrics.overall.r2! < high);
    assert.equal(record.importance[0]!.feature, "idh", "HDI matters most");
    // The baseline is the linear model on the same folds.
    assert.equal(record.metrics.baseline.rmse, linear.record.metrics.overall.rmse);
  }
  assert.equal(gbt.record.folds.assignment, linear.record.folds.assignment);
  // The network on the same folds, one grid point to keep the test short.
  const mlp = await trainTask(poverty, {
    learner: "mlp",
    k: 5,
    grid: [{ kind: "mlp", params: { hidden1: 16, hidden2: 8, l2: 1e-3, epochs: 80 } }],
  });
  assert.equal(mlp.record.folds.assignment, linear.record.folds.assignment);
  assert.ok(mlp.record.metrics.overall.r2! > 0.45, `MLP R² ${mlp.record.metrics.overall.r2}`);
  assert.equal(mlp.record.importance[0]!.feature, "idh");
  // Same seed, same model: the content hash differs only through the training time.
  const again = await trainTask(poverty, { learner: "gbt", k: 5 });
  assert.deepEqual(again.record.metrics, gbt.record.metrics);
});

test("registry (the embedded operational store): saves, promotes only a better model on the same folds, and rejects altered or foreign files", async () => {
  const registry = await openOperations({
    home: dir.path,
    operations: { url: null, connections: 1 },
  });
  after(() => registry.close());
  const actor = { caller: "cli:test", address: null };
  const linear = await trainTask(poverty, { learner: "linear", k: 5 });
  const gbt = await trainTask(poverty, { learner: "gbt", k: 5 });
  await registry.saveCandidate(linear.record, actor);
  await registry.saveCandidate(gbt.record, actor);
  const better =
    linear.record.metrics.overall.rmse! < gbt.record.metrics.overall.rmse! ? linear : gbt;
  const worse = better === linear ? gbt : linear;
  assert.equal(
    (await registry.promoteModel(worse.record.id, {}, actor)).reason,
    "first production model of the task",
  );
  assert.match(
    (await registry.promoteModel(better.record.id, {}, actor)).reason,
    /rmse .* on the same folds/,
  );
  await assert.rejects(
    registry.promoteModel(worse.record.id, {}, actor),
    (e: unknown) =>
      e instanceof BrechaError &&
      e.code === "BRECHA_MODEL_MISMATCH" &&
      /does not beat production/.test(e.message),
  );
  assert.equal((await registry.model("poverty:production")).id, better.record.id);
  // A stored model predicts exactly as the trained one.
  const loaded = deserialiseModel((await registry.model(gbt.record.id.slice(0, 8))).model);
  assert.deepEqual(predict(loaded, poverty.x), predict(gbt.model, poverty.x));
  // Altered content, another format version, another schema.
  const text = JSON.stringify(gbt.record);
  assert.throws(
    () => parseRecord(text.replace('"rows":1874', '"rows":1875'), "m.json"),
    /does not match its id/,
  );
  assert.throws(
    () => parseRecord(text.replace('"formatVersion":1', '"formatVersion":9'), "m.json"),
    /model format version 9; this Brecha reads version 1: retrain/,
  );
  assert.throws(() => parseRecord("{}", "x.json"), /x.json is not a Brecha model file/);
  // Rurality (MINAM) is a feature when a mirror provides it.
  const names = poverty.x.names;
  assert.deepEqual(names.slice(0, 3), ["altitud", "densidad", "idh"]);
  assert.throws(
    () => alignFeatures(gbt.record, ["altitud", "densidad"], [[1, 2]]),
    new RegExp(`expects features ${names.join(", ")}; the data lack ${names.slice(2).join(", ")}`),
  );
  assert.throws(
    () =>
      alignFeatures(gbt.record, [...names], [names.map((_, k) => (k === 2 ? "0.5" : k) as number)]),
    /row 1, feature idh: expected a number, got "0.5"/,
  );
});

test("explanations add up, in words; drift flags a shifted feature", async () => {
  const { record, model } = await trainTask(poverty, { learner: "gbt", k: 5 });
  const row = poverty.keys.indexOf("080101");
  const explained = explainInWords(record, model, poverty.x, row, "es");
  const total = explained.contributions.reduce((a, c) => a + c.effect, explained.base);
  assert.ok(Math.abs(total - predict(model, poverty.x)[row]!) < 1e-9);
  assert.match(
    explained.text,
    /^Promedio del modelo [\d.]+; idh = 0\.\d+ (sube|baja) la predicción en/,
  );
  assert.ok(driftReport(record.profile, poverty.x).every((d) => d.level === "stable"));
  const shifted = { ...poverty.x, data: poverty.x.data.slice() };
  const f = shifted.names.indexOf("altitud");
  for (let i = 0; i < shifted.rows; i++)
    shifted.data[i * shifted.cols + f] = shifted.data[i * shifted.cols + f]! + 1500;
  const drift = driftReport(record.profile, shifted);
  assert.equal(drift.find((d) => d.feature === "altitud")!.level, "drift");
  assert.equal(drift.find((d) => d.feature === "idh")!.level, "stable");
});

test("connectivity imputation on the (synthetic) premises: calibrated, balanced metrics beside the baseline", async () => {
  const full = await buildTaskTable(store, "connectivity");
  // Every 8th premises keeps the test quick; all departments stay in.
  const rows = Array.from({ length: full.x.rows }, (_, i) => i).filter((i) => i % 8 === 0);
  const table: TaskTable = {
    ...full,
    keys: rows.map((i) => full.keys[i]!),
    labels: rows.map((i) => full.labels[i]!),
    groups: rows.map((i) => full.groups[i]!),
    x: {
      ...full.x,
      rows: rows.length,
      data: Float64Array.from(
        rows.flatMap((i) =>
          Array.from(full.x.data.subarray(i * full.x.cols, (i + 1) * full.x.cols)),
        ),
      ),
    },
    y: Float64Array.from(rows, (i) => full.y[i]!),
  };
  assert.ok(table.synthetic.includes("school_premises"), "the premises are labelled synthetic");
  const { record } = await trainTask(table, { learner: "gbt", k: 5 });
  const m = record.metrics.overall;
  for (const name of ["rocAuc", "brier", "balancedAccuracy", "f1", "logLoss"])
    assert.ok(Number.isFinite(m[name]), name);
  assert.ok(m.rocAuc! > 0.6, `AUC ${m.rocAuc}`);
  assert.ok(Number.isFinite(record.metrics.baseline.rocAuc));
  // Calibration: out-of-fold predicted rates track the observed rates bin by bin.
  const curve = record.metrics.reliability!;
  const binned = curve.reduce((a, b) => a + b.count, 0);
  assert.equal(binned, record.rows);
  const weightedGap =
    curve.reduce((a, b) => a + b.count * Math.abs(b.meanPredicted - b.observed), 0) / binned;
  assert.ok(weightedGap < 0.08, `mean calibration gap ${weightedGap}`);
});

test("device need: households without a computer by district, with a blocked conformal interval", async () => {
  const table = await buildTaskTable(store, "devices");
  assert.ok(table.synthetic.includes("household_ict"), "the household table is labelled synthetic");
  const { record } = await trainTask(table, { learner: "linear", k: 5 });
  const interval = record.metrics.interval!;
  assert.equal(interval.level, 0.8);
  assert.ok(interval.halfWidth > 0 && interval.halfWidth < 30, `± ${interval.halfWidth}`);
  // Held-out departments see close to the nominal 80% coverage.
  assert.ok(
    interval.blockedCoverage > 0.7 && interval.blockedCoverage < 0.9,
    `coverage ${interval.blockedCoverage}`,
  );
});
