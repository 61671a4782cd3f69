import assert from "node:assert/strict";
import { test } from "node:test";
import { BrechaError } from "../../errors/index.ts";
import { DIGITAL_CENTRE_SCREEN, type HostFacility, type HubPlace } from "./hub-inputs.ts";
import { planHubs } from "./plan-hubs.ts";

// Five places on a line along the coast, 0.1° of longitude apart (≈ 11 km at 12°S).
const places: HubPlace[] = [0, 1, 2, 3, 4].map((k) => ({
  code: `15010100${k}0`,
  name: `Lugar ${k}`,
  ubigeo: "150101",
  lon: -77 + k * 0.1,
  lat: -12,
  population: [1000, 50, 50, 50, 900][k]!,
  region: "Costa",
  urban: true,
}));

test("planHubs covers the most people and explains each hub", async () => {
  const plan = await planHubs(places, {
    p: 2,
    radiusKm: 5,
    objective: "coverage",
    candidateRule: "all",
    lang: "en",
  });
  assert.deepEqual(plan.hubs.map((h) => h.code).sort(), [places[0]!.code, places[4]!.code]);
  assert.equal(plan.covered, 1900);
  assert.equal(plan.unit, "km");
  assert.match(
    plan.hubs[0]!.reason,
    /serves 1,000 people in 1 place within 5 km \(terrain-adjusted\)/,
  );
  // Spanish is the default language of the reasons.
  const spanish = await planHubs(places, {
    p: 2,
    radiusKm: 5,
    objective: "coverage",
    candidateRule: "all",
  });
  assert.match(
    spanish.hubs[0]!.reason,
    /atiende a 1,000 personas en 1 centro poblado a menos de 5 km \(ajustados por terreno\)/,
  );
  assert.deepEqual(
    plan.largestUncovered.map((u) => u.population),
    [50, 50, 50],
  );
});

test("planHubs uses a travel-time matrix in minutes when given, pairs absent being unreachable", async () => {
  // A road makes place 2 reachable from place 0 in 20 minutes; everything else is only its own place.
  const travelMinutes = new Map<string, number>(places.map((p) => [`${p.code}>${p.code}`, 0]));
  travelMinutes.set(`${places[2]!.code}>${places[0]!.code}`, 20);
  const plan = await planHubs(places, {
    p: 1,
    radiusKm: 30,
    objective: "coverage",
    candidateRule: "all",
    travelMinutes,
  });
  assert.equal(plan.unit, "min");
  assert.equal(plan.hubs[0]!.code, places[0]!.code);
  assert.equal(plan.covered, 1050);
  assert.match(plan.assumptions[0]!, /tiempo de viaje en minutos/);
});

test("planHubs keeps existing hubs and refuses impossible requests with clear messages", async () => {
  const plan = await planHubs(places, {
    p: 2,
    radiusKm: 5,
    objective: "coverage",
    candidateRule: "all",
    existing: [places[2]!.code],
  });
  assert.ok(plan.hubs.some((h) => h.code === places[2]!.code && h.existing));
  await assert.rejects(
    planHubs(places, { p: 9, radiusKm: 5, objective: "coverage", candidateRule: "all" }),
    (e: unknown) =>
      e instanceof BrechaError && /cannot open 9 hubs: only 5 places pass/.test(e.message),
  );
  await assert.rejects(
    planHubs(places, { p: 1, radiusKm: 5, objective: "coverage", existing: ["999"] }),
    /existing hub 999 is not a known populated place/,
  );
});

test("planHubs applies the digital-centre screen to host facilities and names the host", async () => {
  const facility = (id: string, k: number, extra: Partial<HostFacility>): HostFacility => ({
    id,
    placeCode: places[k]!.code,
    electricity24h: true,
    internet: true,
    freeRoom: true,
    computers: 12,
    ...extra,
  });
  const facilities = [
    facility("L0", 0, { computers: 4 }), // too few PCs: the largest place cannot host
    facility("L1", 1, {}),
    facility("L3", 3, { electricity24h: null }), // unknown: fails the screen
    facility("L4", 4, { computers: 20 }),
  ];
  const plan = await planHubs(places, {
    p: 2,
    radiusKm: 5,
    objective: "coverage",
    candidateRule: "all",
    hosts: { facilities, screen: DIGITAL_CENTRE_SCREEN },
    lang: "en",
  });
  assert.deepEqual(plan.hubs.map((h) => h.code).sort(), [places[1]!.code, places[4]!.code]);
  assert.match(
    plan.hubs.find((h) => h.code === places[4]!.code)!.reason,
    /host L4 \(24 h electricity, internet, a free room, 20 PCs\)/,
  );
  assert.deepEqual(plan.screening, {
    screen: DIGITAL_CENTRE_SCREEN,
    facilities: 4,
    passed: 2,
    failed: { electricity24h: 1, internet: 0, freeRoom: 0, computers: 1 },
    unknown: { electricity24h: 1, internet: 0, freeRoom: 0, computers: 0 },
    placesPassing: 2,
  });
  assert.match(plan.assumptions.join(" "), /host passing the screen \(24 h electricity/);
  await assert.rejects(
    planHubs(places, {
      p: 3,
      radiusKm: 5,
      objective: "coverage",
      candidateRule: "all",
      hosts: { facilities, screen: DIGITAL_CENTRE_SCREEN },
    }),
    /only 2 places have a host that passes the screen \(2 of 4 facilities passed; failed: electricity24h 1 \(1 unknown\), computers 1\)/,
  );
});

test("planHubs with opening costs and a budget: the most people the budget pays for, each cost said", async () => {
  // Place 0 (1,000 people) costs 60,000 at its site; the others 40,000 each. With 100,000 the best
  // is 0 and 4 (1,900 people); with 80,000, 0 alone (1,000) beats 4 and a small place (950).
  const costed = {
    p: 5,
    radiusKm: 5,
    objective: "coverage",
    candidateRule: "all",
    openingCostPen: 40_000,
    siteCostsPen: new Map([[places[0]!.code, 60_000]]),
  } as const;
  const rich = await planHubs(places, { ...costed, budgetPen: 100_000, lang: "en" });
  assert.deepEqual(rich.hubs.map((h) => h.code).sort(), [places[0]!.code, places[4]!.code]);
  assert.equal(rich.covered, 1900);
  assert.deepEqual(rich.costs, { openingCostPen: 40_000, budgetPen: 100_000, spentPen: 100_000 });
  assert.equal(rich.hubs.find((h) => h.code === places[0]!.code)!.costPen, 60_000);
  assert.match(rich.hubs[0]!.reason, /opening it costs PEN 60,000/);
  assert.ok(rich.proven);
  const tight = await planHubs(places, { ...costed, budgetPen: 80_000 });
  assert.equal(tight.covered, 1000);
  assert.deepEqual(
    tight.hubs.map((h) => h.code),
    [places[0]!.code],
  );
  assert.equal(tight.costs!.spentPen, 60_000);
  // With seats too: each hub serves at most 500, so 4 and a small place (550) beat 0 alone (500).
  const seats = await planHubs(places, { ...costed, budgetPen: 80_000, capacity: 500 });
  assert.ok(seats.costs!.spentPen <= 80_000);
  assert.equal(seats.covered, 550);
  // Existing hubs cost nothing more; a budget without costs, or with another objective, is refused.
  // Place 0 is already a hub: its 60,000 is not spent again.
  const kept = await planHubs(places, {
    ...costed,
    existing: [places[0]!.code],
    budgetPen: 40_000,
  });
  assert.equal(kept.covered, 1900);
  assert.equal(kept.costs!.spentPen, 40_000);
  await assert.rejects(
    planHubs(places, { p: 2, radiusKm: 5, objective: "coverage", budgetPen: 1 }),
    /a budget needs what each hub costs/,
  );
  await assert.rejects(
    planHubs(places, { p: 2, radiusKm: 5, objective: "median", openingCostPen: 1, budgetPen: 9 }),
    /coverage objective only/,
  );
});
