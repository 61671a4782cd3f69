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
