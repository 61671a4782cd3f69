import assert from "node:assert/strict";
import { test } from "node:test";
import { createRandom, haversineKm } from "../../domain/index.ts";
import { DEFAULT_TERRAIN_FACTORS, type HubPlace, type HubPlanOptions } from "./hub-inputs.ts";
import { solveHubs } from "./hub-model.ts";
import { validateHubInputs } from "./validate-hubs.ts";

// The models against brute force: on small plans every set of sites is tried, with distances
// computed here again (straight line × the place's terrain factor), and the best is compared with
// what each objective's solver finds.

const REGIONS = ["Costa", "Sierra", "Selva"] as const;

function towns(seed: number, n = 8): HubPlace[] {
  const random = createRandom(seed);
  return Array.from({ length: n }, (_, i) => ({
    code: String(1_000_000_000 + i),
    name: `Lugar ${i}`,
    ubigeo: i < n / 2 ? "010101" : "020101",
    lon: -75 + random() * 0.6,
    lat: -10 + random() * 0.6,
    population: 100 + Math.floor(random() * 5000),
    region: REGIONS[Math.floor(random() * 3)]!,
    urban: true,
  }));
}

const km = (places: readonly HubPlace[], i: number, j: number) =>
  DEFAULT_TERRAIN_FACTORS[places[i]!.region!]! *
  haversineKm([places[i]!.lon, places[i]!.lat], [places[j]!.lon, places[j]!.lat]);

function* subsets(n: number, most: number, from = 0, chosen: number[] = []): Generator<number[]> {
  if (chosen.length > 0) yield chosen;
  if (chosen.length === most) return;
  for (let j = from; j < n; j++) yield* subsets(n, most, j + 1, [...chosen, j]);
}

const nearest = (places: readonly HubPlace[], open: readonly number[], i: number) =>
  Math.min(...open.map((j) => km(places, i, j)));
const coveredBy = (places: readonly HubPlace[], open: readonly number[], radius: number) =>
  places.reduce(
    (a, place, i) => a + (nearest(places, open, i) <= radius + 1e-9 ? place.population : 0),
    0,
  );

async function solve(places: HubPlace[], options: Omit<HubPlanOptions, "candidateRule">) {
  const problem = validateHubInputs(places, { ...options, candidateRule: "all" });
  const solution = await solveHubs(problem);
  // Candidate positions back to place indices.
  return { ...solution, sites: solution.open.map((k) => problem.candidateIdx[k]!) };
}

test("maximal covering, with and without department floors and with a budget, reaches the brute-force best", async () => {
  for (let seed = 1; seed <= 8; seed++) {
    const places = towns(seed);
    const radius = 12;
    const all = [...subsets(places.length, 2)].filter((s) => s.length === 2);
    const best = Math.max(...all.map((s) => coveredBy(places, s, radius)));
    const plain = await solve(places, { p: 2, radiusKm: radius, objective: "coverage" });
    const got = coveredBy(places, plain.sites, radius);
    assert.ok(
      got >= best * 0.995 - 1e-6 && got <= best + 1e-6,
      `seed ${seed}: ${got} against ${best}`,
    );

    // Each department at least 30% covered.
    const share = (s: number[], d: string) => {
      const inD = places.map((p, i) => ({ p, i })).filter(({ p }) => p.ubigeo.startsWith(d));
      const total = inD.reduce((a, { p }) => a + p.population, 0);
      return (
        inD.reduce(
          (a, { p, i }) => a + (nearest(places, s, i) <= radius + 1e-9 ? p.population : 0),
          0,
        ) / total
      );
    };
    const fair = all.filter((s) => share(s, "01") >= 0.3 && share(s, "02") >= 0.3);
    if (fair.length > 0) {
      const bestFair = Math.max(...fair.map((s) => coveredBy(places, s, radius)));
      const floored = await solve(places, {
        p: 2,
        radiusKm: radius,
        objective: "coverage",
        departmentFloors: { "01": 0.3, "02": 0.3 },
      });
      assert.ok(
        share(floored.sites, "01") >= 0.3 - 1e-9 && share(floored.sites, "02") >= 0.3 - 1e-9,
      );
      const gotFair = coveredBy(places, floored.sites, radius);
      assert.ok(
        gotFair >= bestFair * 0.995 - 1e-6,
        `seed ${seed}: floors ${gotFair} against ${bestFair}`,
      );
    }

    // At most 3 hubs under a budget, each site with its own cost.
    const cost = new Map(places.map((p, i) => [p.code, 100 + ((i * 37) % 5) * 50]));
    const affordable = [...subsets(places.length, 3)].filter(
      (s) => s.reduce((a, i) => a + cost.get(places[i]!.code)!, 0) <= 400,
    );
    const bestBudget = Math.max(...affordable.map((s) => coveredBy(places, s, radius)));
    const budgeted = await solve(places, {
      p: 3,
      radiusKm: radius,
      objective: "coverage",
      siteCostsPen: cost,
      budgetPen: 400,
    });
    assert.ok(budgeted.sites.reduce((a, i) => a + cost.get(places[i]!.code)!, 0) <= 400);
    const gotBudget = coveredBy(places, budgeted.sites, radius);
    assert.ok(
      gotBudget >= bestBudget * 0.995 - 1e-6,
      `seed ${seed}: budget ${gotBudget} against ${bestBudget}`,
    );
  }
});

test("p-median, p-center and set covering reach the brute-force optimum", async () => {
  for (let seed = 1; seed <= 8; seed++) {
    const places = towns(seed);
    const triples = [...subsets(places.length, 3)].filter((s) => s.length === 3);
    const weighted = (s: number[]) =>
      places.reduce((a, p, i) => a + p.population * nearest(places, s, i), 0);
    const farthest = (s: number[]) => Math.max(...places.map((_, i) => nearest(places, s, i)));

    const median = await solve(places, { p: 3, radiusKm: 10, objective: "median" });
    const bestMedian = Math.min(...triples.map(weighted));
    assert.ok(
      Math.abs(weighted(median.sites) - bestMedian) <= 1e-6 * bestMedian,
      `seed ${seed}: p-median`,
    );

    const center = await solve(places, { p: 3, radiusKm: 10, objective: "center" });
    const bestCenter = Math.min(...triples.map(farthest));
    assert.ok(
      farthest(center.sites) <= bestCenter * 1.01 + 0.05,
      `seed ${seed}: p-center ${farthest(center.sites)} against ${bestCenter}`,
    );
    assert.ok(center.centerRadiusKm! >= bestCenter - 0.05);

    const radius = 15;
    const reachable = places.filter((_, i) =>
      places.some((_, j) => km(places, i, j) <= radius),
    ).length;
    const covers = (s: number[]) =>
      places.every(
        (_, i) =>
          nearest(places, s, i) <= radius + 1e-9 ||
          !places.some((_, j) => km(places, i, j) <= radius),
      );
    const fewest = Math.min(
      ...[...subsets(places.length, places.length)].filter(covers).map((s) => s.length),
    );
    const cover = await solve(places, { p: 1, radiusKm: radius, objective: "set-cover" });
    assert.equal(reachable, places.length);
    assert.ok(covers(cover.sites), `seed ${seed}: every place within the radius`);
    assert.equal(cover.sites.length, fewest, `seed ${seed}: the fewest hubs`);
  }
});
