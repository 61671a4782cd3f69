import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { REFERENCE_DIR, REFERENCE_MISSING } from "../../../test/helpers/paths.ts";
import {
  parseOrlibCap,
  parseOrlibPmedcap,
  solveCapacitatedFacilityLocation,
  solveCapacitatedPMedian,
} from "./index.ts";
import { lagrangianBound } from "./cpmp-lagrangian.ts";
import { createRandom } from "../../domain/index.ts";

const orlib = (...parts: string[]) => readFileSync(join(REFERENCE_DIR, "orlib", ...parts), "utf8");

test("capacitated facility location on a small case: capacities bind, demand is split", async () => {
  // Two facilities of capacity 10; three customers of demand 6. The cheap facility cannot take all.
  const problem = parseOrlibCap("2 3\n10 5\n10 50\n6 6 60\n6 6 60\n6 6 60\n".replace(/\n/g, " "));
  const r = await solveCapacitatedFacilityLocation(problem);
  assert.deepEqual(r.open, [0, 1]);
  const load = [0, 0];
  for (const a of r.assignments) load[a.facility]! += a.share * 6;
  assert.ok(load.every((l) => l <= 10 + 1e-9));
  // 10 units at 1 per unit from facility 0, 8 units at 10 per unit from facility 1, plus 55 fixed.
  assert.ok(Math.abs(r.cost - (55 + 10 + 80)) < 1e-6, String(r.cost));
  assert.ok(r.proven && r.bound <= r.cost + 1e-6);
  assert.throws(() => parseOrlibCap("2 3 10 5"), /bad number/);
});

test(
  "OR-Library capacitated warehouse location: published optima (cap41, cap71, cap131)",
  { skip: REFERENCE_MISSING },
  async () => {
    for (const [name, optimum] of [
      ["cap41", 1040444.375],
      ["cap71", 932615.75],
      ["cap131", 793439.562],
    ] as const) {
      const r = await solveCapacitatedFacilityLocation(parseOrlibCap(orlib("cflp", `${name}.txt`)));
      assert.ok(Math.abs(r.cost - optimum) / optimum < 1e-8, `${name}: ${r.cost}`);
      assert.ok(r.proven && r.bound <= r.cost + 1e-6);
    }
  },
);

test(
  "capacitated p-median: pmedcap01's published optimum, and an unproven plan is valid and says so",
  { skip: REFERENCE_MISSING },
  async () => {
    const problem = parseOrlibPmedcap(orlib("pmedcap", "pmedcap01.txt"));
    assert.equal(problem.optimum, 713);
    const r = await solveCapacitatedPMedian(problem, { timeLimitS: 30 });
    assert.equal(r.cost, 713);
    assert.ok(r.proven);
    // With almost no time the plan may be HiGHS's first or the greedy one: still a plan, never
    // above capacity, and never claimed as proven unless its bound says so.
    const large = parseOrlibPmedcap(orlib("pmedcap", "pmedcap11.txt"));
    const hurried = await solveCapacitatedPMedian(large, { timeLimitS: 0.05 });
    const load = new Map<number, number>();
    hurried.assignment.forEach((j, i) => load.set(j, (load.get(j) ?? 0) + large.demand[i]!));
    assert.ok([...load.values()].every((l) => l <= large.capacity));
    assert.ok([...load.keys()].every((j) => hurried.medians.includes(j)));
    assert.equal(hurried.medians.length, 10);
    assert.ok(hurried.bound <= hurried.cost + 1e-6);
    assert.equal(hurried.proven, hurried.gap <= 1e-6 + 1e-12);
  },
);

test("capacitated p-median on random small cases: the optimum by enumeration, and the Lagrangian bound below it", async () => {
  const random = createRandom(31);
  let infeasible = 0;
  for (let t = 0; t < 12; t++) {
    const n = 6 + (t % 2);
    const p = 2 + (t % 3 === 0 ? 1 : 0);
    const xy = Array.from({ length: n }, () => [
      Math.floor(random() * 50),
      Math.floor(random() * 50),
    ]);
    const demand = Float64Array.from({ length: n }, () => 1 + Math.floor(random() * 9));
    const total = demand.reduce((a, b) => a + b, 0);
    // Tight capacities: room for about 10% more than the demand.
    const capacity = Math.max(Math.ceil((total / p) * 1.1), ...demand);
    const distance = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        distance[i * n + j] = Math.floor(
          Math.hypot(xy[i]![0]! - xy[j]![0]!, xy[i]![1]! - xy[j]![1]!),
        );
    const problem = { n, p, capacity, demand, distance };
    // Enumeration: every assignment of points to points that uses exactly p medians.
    let optimum = Infinity;
    const slot = new Int32Array(n);
    const visit = (i: number) => {
      if (i === n) {
        const used = new Set(slot);
        if (used.size !== p) return;
        const load = new Map<number, number>();
        let cost = 0;
        for (let k = 0; k < n; k++) {
          load.set(slot[k]!, (load.get(slot[k]!) ?? 0) + demand[k]!);
          cost += distance[k * n + slot[k]!]!;
        }
        if ([...load.values()].every((l) => l <= capacity)) optimum = Math.min(optimum, cost);
        return;
      }
      for (let j = 0; j < n; j++) {
        slot[i] = j;
        visit(i + 1);
      }
    };
    visit(0);
    if (optimum === Infinity) {
      // The demands fit in total but do not pack whole into p medians: said so, not a plan.
      await assert.rejects(solveCapacitatedPMedian(problem, { timeLimitS: 10 }), {
        code: "BRECHA_INFEASIBLE",
        message: /do not pack/,
      });
      infeasible++;
      continue;
    }
    const bound = lagrangianBound(
      problem,
      () => optimum,
      () => undefined,
      {
        budgetMs: 200,
        stopAt: () => false,
      },
    ).bound;
    assert.ok(bound <= optimum + 1e-6, `case ${t}: bound ${bound} above the optimum ${optimum}`);
    const r = await solveCapacitatedPMedian(problem, { timeLimitS: 10 });
    assert.equal(r.cost, optimum, `case ${t}`);
    assert.ok(r.proven && r.bound <= optimum + 1e-6);
  }
  assert.ok(infeasible < 6, "most cases have plans");
});

test(
  "capacitated p-median: pmedcap02 proven by the local search and the Lagrangian bound, without the MIP",
  { skip: REFERENCE_MISSING },
  async () => {
    const problem = parseOrlibPmedcap(orlib("pmedcap", "pmedcap02.txt"));
    const r = await solveCapacitatedPMedian(problem, { timeLimitS: 30 });
    assert.equal(r.cost, problem.optimum);
    assert.equal(r.method, "heuristic");
    assert.ok(r.proven && r.bound === problem.optimum);
  },
);
