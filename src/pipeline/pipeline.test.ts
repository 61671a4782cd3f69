import assert from "node:assert/strict";
import { test } from "node:test";
import { nextRun, parseCron } from "./cron.ts";
import { downstreamOf, parsePipeline } from "./definition.ts";

const at = (iso: string) => new Date(iso);
const next = (cron: string, after: string) => nextRun(parseCron(cron), at(after)).toISOString();

test("cron: the next matching minute, in UTC", () => {
  assert.equal(next("0 8 * * 1", "2026-11-26T01:00:00Z"), "2026-11-30T08:00:00.000Z"); // a Monday
  assert.equal(next("*/15 * * * *", "2026-11-26T01:07:30Z"), "2026-11-26T01:15:00.000Z");
  assert.equal(next("0 0 1 * *", "2026-12-15T00:00:00Z"), "2027-01-01T00:00:00.000Z");
  assert.equal(next("30 2 29 2 *", "2026-03-01T00:00:00Z"), "2028-02-29T02:30:00.000Z");
  // Sunday is 0 or 7; with both day fields restricted either matches (classic cron).
  assert.equal(next("0 12 * * 7", "2026-11-26T00:00:00Z"), "2026-11-29T12:00:00.000Z");
  assert.equal(next("0 12 1 * 0", "2026-11-26T00:00:00Z"), "2026-11-29T12:00:00.000Z");
  assert.equal(next("5-10/5 * * * *", "2026-11-26T01:06:00Z"), "2026-11-26T01:10:00.000Z");
  assert.equal(next("0 9 * * 1-5", "2026-11-28T10:00:00Z"), "2026-11-30T09:00:00.000Z");
  // Strictly after: a run at the matching minute schedules the next one.
  assert.equal(next("0 8 * * *", "2026-11-26T08:00:00Z"), "2026-11-27T08:00:00.000Z");
  assert.throws(() => parseCron("0 8 * *"), /must have 5 fields/);
  assert.throws(() => parseCron("61 * * * *"), /minute field "61" is out of range/);
  assert.throws(() => parseCron("0 8 * * mon"), /day of week field "mon" is not understood/);
  assert.throws(() => nextRun(parseCron("0 0 31 2 *"), at("2026-01-01T00:00:00Z")), /never/);
});

const stage = (id: string, needs: string[] = [], action = "validate", params = {}) => ({
  id,
  action,
  needs,
  params,
});

test("pipeline definitions: dependency order, and clear errors for cycles, unknown stages and bad parameters", () => {
  const p = parsePipeline(
    {
      name: "demo",
      schedule: "0 8 * * 1",
      stages: [
        stage("predict", ["train"], "predict", { task: "poverty" }),
        stage("ingest", [], "ingest"),
        stage("train", ["ingest"], "train", { task: "poverty", learner: "linear" }),
      ],
    },
    "demo.json",
  );
  assert.deepEqual(
    p.stages.map((s) => s.id),
    ["ingest", "train", "predict"],
  );
  assert.equal(p.stages[1]!.params.folds, 5, "parameter defaults filled in");
  assert.equal(p.schedule!.expression, "0 8 * * 1");
  assert.deepEqual([...downstreamOf(p, "train")].sort(), ["predict", "train"]);
  const bad =
    (stages: unknown[], extra = {}) =>
    () =>
      parsePipeline({ name: "demo", stages, ...extra }, "demo.json");
  assert.throws(
    bad([stage("a", ["b"]), stage("b", ["a"])]),
    /demo.json: the stages a, b depend on each other in a cycle/,
  );
  assert.throws(bad([stage("a", ["nope"])]), /stage "a" needs "nope", which is not a stage/);
  assert.throws(bad([stage("a"), stage("a")]), /stage id "a" is used twice/);
  assert.throws(
    bad([stage("t", [], "train", { task: "weather" })]),
    /demo.json: stages.0 \(t, train\): params.task: /,
  );
  assert.throws(bad([stage("x", [], "compile")]), /demo.json: stages.0.action/);
  assert.throws(bad([stage("a")], { schedule: "every monday" }), /must have 5 fields/);
  assert.throws(bad([stage("a")], { retries: -1 }), /demo.json: retries/);
});
