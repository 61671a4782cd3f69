import assert from "node:assert/strict";
import { test } from "node:test";
import { STARTER_RESOURCES, type Resource } from "./resources.ts";
import {
  fitOf,
  ndcgAt,
  qualityOf,
  recommend,
  type FeedbackSummary,
  type LearnerProfile,
} from "./recommend.ts";

const base: LearnerProfile = {
  language: "es",
  level: "primaria",
  connectivity: "good",
  device: "tablet",
};
const ids = (profile: LearnerProfile, feedback: FeedbackSummary[] = []) =>
  recommend(STARTER_RESOURCES, profile, feedback, 20).map((r) => r.resource.id);

test("no connection: only what works offline, offline packs and broadcasts first", () => {
  const ranked = recommend(STARTER_RESOURCES, { ...base, connectivity: "none" }, [], 20);
  assert.ok(ranked.length > 0);
  for (const r of ranked) assert.ok(r.resource.worksOffline, r.resource.id);
  assert.ok(!ids({ ...base, connectivity: "none" }).includes("khan-academy-es"));
  assert.ok(ranked[0]!.reasons.some((w) => w.es === "funciona sin internet"));
});

test("no digital device: radio and television programmes (and paper), nothing that needs a screen", () => {
  const ranked = ids({ ...base, device: "none" });
  assert.deepEqual(new Set(ranked), new Set(["aprendo-en-casa-radio", "aprendo-en-casa-tv"]));
  assert.deepEqual(ids({ ...base, device: "radio" }), ["aprendo-en-casa-radio"]);
});

test("the learner's language first: Quechua and Asháninka speakers get resources in their language ahead", () => {
  const quechua = recommend(
    STARTER_RESOURCES,
    { ...base, language: "qu", level: "secundaria" },
    [],
  );
  const inQuechua = quechua
    .filter((r) => r.resource.languages.includes("qu"))
    .map((r) => r.resource.id);
  assert.deepEqual(
    quechua.slice(0, inQuechua.length).map((r) => r.resource.id),
    inQuechua,
  );
  assert.ok(inQuechua.includes("wikipedia-quechua"));
  const ashaninka = recommend(STARTER_RESOURCES, { ...base, language: "cni", device: "none" }, []);
  assert.equal(ashaninka[0]!.resource.id, "aprendo-en-casa-radio");
  assert.ok(ashaninka[0]!.reasons.some((w) => w.es === "en asháninka"));
  // Castellano counts, less, as a second language.
  const a = fitOf(
    STARTER_RESOURCES.find((r) => r.id === "perueduca")!,
    { ...base, language: "qu" },
  ).fit;
  const b = fitOf(
    STARTER_RESOURCES.find((r) => r.id === "perueduca")!,
    base,
  ).fit;
  assert.ok(a > 0 && a < b);
});

test("feedback is shrunk: one enthusiastic vote does not beat fifty good ones", () => {
  const one: FeedbackSummary = {
    resourceId: "a",
    ratings: 1,
    ratingSum: 5,
    usefulVotes: 1,
    useful: 1,
  };
  const fifty: FeedbackSummary = {
    resourceId: "b",
    ratings: 50,
    ratingSum: 220,
    usefulVotes: 50,
    useful: 45,
  };
  const poor: FeedbackSummary = {
    resourceId: "c",
    ratings: 30,
    ratingSum: 60,
    usefulVotes: 30,
    useful: 5,
  };
  const all = [one, fifty, poor];
  const q = (s: FeedbackSummary) => qualityOf(s, all).quality;
  assert.ok(q(fifty) > q(one), `${q(fifty)} > ${q(one)}`);
  assert.ok(q(one) > q(poor));
  // With no votes anywhere, every resource sits at the same prior.
  assert.equal(qualityOf(undefined, []).quality, qualityOf(undefined, []).quality);
});

test("a vote reorders resources that fit alike, and only them", () => {
  const twins: Resource[] = ["uno", "dos"].map((id) => ({
    ...STARTER_RESOURCES[4]!,
    id,
    title: `Recurso ${id}`,
  }));
  const before = recommend(twins, base, []).map((r) => r.resource.id);
  assert.deepEqual(
    before,
    ["dos", "uno"].sort((a, b) => `Recurso ${a}`.localeCompare(`Recurso ${b}`, "es")),
  );
  const voted = [{ resourceId: before[1]!, ratings: 1, ratingSum: 5, usefulVotes: 1, useful: 1 }];
  assert.deepEqual(
    recommend(twins, base, voted).map((r) => r.resource.id),
    [before[1], before[0]],
  );
  // A resource that cannot be used stays out however it is rated.
  const offline = ids({ ...base, connectivity: "none" }, [
    { resourceId: "khan-academy-es", ratings: 100, ratingSum: 500, usefulVotes: 100, useful: 100 },
  ]);
  assert.ok(!offline.includes("khan-academy-es"));
});

test("NDCG@k: 1 for the ideal order, lower for a worse one, 0 with nothing relevant", () => {
  const relevance = new Map([
    ["a", 3],
    ["b", 2],
    ["c", 0],
  ]);
  assert.equal(ndcgAt(10, ["a", "b", "c"], relevance), 1);
  assert.ok(ndcgAt(10, ["c", "b", "a"], relevance) < 1);
  assert.equal(ndcgAt(10, ["x"], new Map([["x", 0]])), 0);
});
