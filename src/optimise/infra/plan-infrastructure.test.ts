import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { BrechaError } from "../../errors/index.ts";
import { DEFAULT_INTERVENTIONS, needOf, type InfraSite } from "./infra-inputs.ts";
import { planInfrastructure } from "./plan-infrastructure.ts";

function sites(seed: number, n: number): InfraSite[] {
  let s = seed;
  const random = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: n }, (_, i) => ({
    codigoLocal: String(100000 + i),
    ubigeo: i % 2 === 0 ? "160101" : "230101",
    students: 5 + Math.floor(random() * 300),
    rural: random() < 0.6,
    povertyPct: Math.round(random() * 600) / 10,
    hasInternet: random() < 0.3,
    hasElectricity: random() < 0.6,
    hasWater: random() < 0.5,
    ugel: i % 4 === 1 ? "230002" : i % 2 === 1 ? "230001" : "160001",
  }));
}

test("planInfrastructure never exceeds the budget or breaks a rule (property)", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 1e6 }),
      fc.integer({ min: 0, max: 400_000 }),
      async (seed, budgetPen) => {
        const list = sites(seed, 12);
        const plan = await planInfrastructure(list, {
          budgetPen,
          departmentCapsPen: { "23": budgetPen / 2 },
          ugelCapsPen: { "230002": budgetPen / 5 },
        });
        const spent = plan.chosen.reduce((a, c) => a + c.costPen, 0);
        const perGroup = new Map<string, number>();
        for (const c of plan.chosen) {
          const group = DEFAULT_INTERVENTIONS.find((i) => i.kind === c.kind)!.group;
          perGroup.set(
            `${c.codigoLocal}|${group}`,
            (perGroup.get(`${c.codigoLocal}|${group}`) ?? 0) + 1,
          );
        }
        const powered = (code: string) =>
          list.find((s) => s.codigoLocal === code)!.hasElectricity ||
          plan.chosen.some((c) => c.codigoLocal === code && c.kind.startsWith("electricidad"));
        const tacna = plan.chosen
          .filter((c) => c.ubigeo.startsWith("23"))
          .reduce((a, c) => a + c.costPen, 0);
        const ugel230002 = plan.chosen
          .filter((c) => list.find((s) => s.codigoLocal === c.codigoLocal)!.ugel === "230002")
          .reduce((a, c) => a + c.costPen, 0);
        return (
          ugel230002 <= budgetPen / 5 + 1e-6 &&
          spent <= budgetPen + 1e-6 &&
          Math.abs(spent - plan.spentPen) < 1e-6 &&
          [...perGroup.values()].every((n) => n === 1) &&
          plan.chosen
            .filter((c) => c.kind.startsWith("internet"))
            .every((c) => powered(c.codigoLocal)) &&
          tacna <= budgetPen / 2 + 1e-6
        );
      },
    ),
    { seed: 5, numRuns: 15 },
  );
});

test("planInfrastructure honours must-do, must-not and floors, and explains what it leaves out", async () => {
  const list = sites(42, 10);
  const target = list.find((s) => !s.hasWater)!;
  const banned = list.find((s) => !s.hasInternet && s.codigoLocal !== target.codigoLocal)!;
  const plan = await planInfrastructure(list, {
    budgetPen: 150_000,
    mustDo: [`${target.codigoLocal}:agua`],
    mustNot: [`${banned.codigoLocal}:internet_movil`],
    departmentFloorsPen: { "23": 30_000 },
    lang: "en",
  });
  assert.ok(plan.chosen.some((c) => c.codigoLocal === target.codigoLocal && c.kind === "agua"));
  assert.ok(
    !plan.chosen.some((c) => c.codigoLocal === banned.codigoLocal && c.kind === "internet_movil"),
  );
  assert.ok(plan.byDepartment.find((d) => d.department === "23")!.spentPen >= 30_000);
  assert.ok(plan.chosen.every((c) => /students/.test(c.reason)));
  const spanish = await planInfrastructure(list, { budgetPen: 150_000 });
  assert.ok(spanish.chosen.every((c) => /estudiantes ponderados por necesidad/.test(c.reason)));
  assert.ok(plan.leftOut.length > 0 && plan.leftOut.every((l) => l.why.length > 0));
  assert.ok(plan.marginalBenefitPer1000Pen !== null && plan.marginalBenefitPer1000Pen >= 0);
});

test("planInfrastructure names the constraint that cannot be met", async () => {
  const list = sites(3, 6);
  await assert.rejects(
    planInfrastructure(list, {
      budgetPen: 10_000,
      departmentFloorsPen: { "16": 8_000, "23": 8_000 },
    }),
    (e: unknown) =>
      e instanceof BrechaError &&
      e.code === "BRECHA_INFEASIBLE" &&
      /department floors add up to 16,000 PEN, more than the budget of 10,000 PEN/.test(e.message),
  );
  await assert.rejects(
    planInfrastructure(list, {
      budgetPen: 1_000,
      mustDo: [`${list.find((s) => !s.hasWater)!.codigoLocal}:agua`],
    }),
    /the must-do list costs .* more than the budget/,
  );
  await assert.rejects(
    planInfrastructure(list, { budgetPen: 1_000, mustDo: ["999999:agua"] }),
    /"999999:agua" is not an intervention any premises needs/,
  );
});

test("planInfrastructure's max-min objective raises the worst-served department", async () => {
  const list = sites(77, 14);
  const byBenefit = await planInfrastructure(list, { budgetPen: 120_000 });
  const fair = await planInfrastructure(list, { budgetPen: 120_000, objective: "maxmin" });
  const lowest = (plan: typeof fair) =>
    Math.min(...plan.byDepartment.map((d) => d.shareOfPotential));
  assert.ok(lowest(fair) >= lowest(byBenefit) - 1e-9, `${lowest(fair)} vs ${lowest(byBenefit)}`);
  assert.ok(
    byBenefit.benefit >= fair.benefit - 1e-6,
    "the benefit objective is never beaten on benefit",
  );
  assert.ok(fair.spentPen <= 120_000);
});

test("planInfrastructure funds UGEL floors and names an impossible UGEL floor", async () => {
  const list = sites(42, 16);
  const plan = await planInfrastructure(list, {
    budgetPen: 120_000,
    ugelFloorsPen: { "230002": 40_000 },
  });
  const row = plan.byUgel.find((u) => u.ugel === "230002")!;
  assert.ok(row.spentPen >= 40_000 && row.floorPen === 40_000, JSON.stringify(row));
  await assert.rejects(
    planInfrastructure(list, { budgetPen: 1e9, ugelFloorsPen: { "230002": 5e8 } }),
    (e: unknown) =>
      e instanceof BrechaError &&
      e.code === "BRECHA_INFEASIBLE" &&
      /UGEL 230002's floor of 500,000,000 PEN exceeds everything it could fund/.test(e.message),
  );
  await assert.rejects(
    planInfrastructure(list, { budgetPen: 1e5, ugelCapsPen: { "999999": 1 } }),
    /UGEL 999999 has a floor or cap but no premises in this plan/,
  );
});

test("need weights: EIB, VRAEM, border and 'en inicio' raise a site's priority", async () => {
  const base = {
    codigoLocal: "A",
    ubigeo: "050101",
    students: 100,
    rural: true,
    povertyPct: 40,
    hasInternet: true,
    hasElectricity: true,
    hasWater: false,
  };
  assert.equal(needOf(base), 1 + 0.4 + 0.25);
  assert.equal(
    needOf({ ...base, eib: true, vraem: true, border: true, pctEnInicio: 50 }),
    1 + 0.4 + 0.25 + 0.25 + 0.25 + 0.15 + 0.25,
  );
  // Two identical premises but one in the VRAEM with an EIB school: with money for one water
  // connection, it goes there, and the reason says why.
  const list: InfraSite[] = [
    { ...base, codigoLocal: "000001" },
    { ...base, codigoLocal: "000002", eib: true, vraem: true },
  ];
  const plan = await planInfrastructure(list, { budgetPen: 35_000 });
  assert.deepEqual(
    plan.chosen.map((c) => c.codigoLocal),
    ["000002"],
  );
  assert.match(plan.chosen[0]!.reason, /EIB, VRAEM/);
  // With the flags weighted 0 the tie is broken by the solver, not by the flags.
  const flat = await planInfrastructure(list, {
    budgetPen: 35_000,
    needWeights: { eib: 0, vraem: 0 },
  });
  assert.equal(flat.chosen.length, 1);
  assert.equal(flat.chosen[0]!.benefit, plan.chosen[0]!.benefit - 100 * 0.6 * 0.5);
  await assert.rejects(
    planInfrastructure(list, { budgetPen: 1, needWeights: { rural: -1 } }),
    /need weight "rural" must be a number ≥ 0/,
  );
});

test("benefit from a model's predicted gain replaces the need weights", async () => {
  const list: InfraSite[] = sites(9, 6).map((s, i) => ({
    ...s,
    hasWater: false,
    predictedGain: i === 3 ? 5 : 0.1,
  }));
  const plan = await planInfrastructure(list, {
    budgetPen: 35_000,
    benefitFrom: "model",
    interventions: DEFAULT_INTERVENTIONS.filter((i) => i.kind === "agua"),
    lang: "en",
  });
  assert.deepEqual(
    plan.chosen.map((c) => c.codigoLocal),
    [list[3]!.codigoLocal],
  );
  assert.match(plan.chosen[0]!.reason, /predicted gain 5\.000/);
  assert.match(plan.assumptions[0]!, /predicted gain/);
  await assert.rejects(
    planInfrastructure(
      list.map((s, i) => (i === 2 ? { ...s, predictedGain: null } : s)),
      { budgetPen: 1, benefitFrom: "model" },
    ),
    new RegExp(`1 have none \\(first: ${list[2]!.codigoLocal}\\)`),
  );
});
