import assert from "node:assert/strict";
import { test } from "node:test";
import { createRandom } from "../../domain/index.ts";
import { solveByPrice, type PricedOption } from "./price-solver.ts";

const GROUPS = ["internet", "electricidad", "agua", "dispositivos"] as const;

/** A random small instance: a few premises, each lacking some services. */
function instance(seed: number) {
  const random = createRandom(seed);
  const sites = 2 + Math.floor(random() * 3);
  const electricity = Array.from({ length: sites }, () => random() < 0.5);
  const options: PricedOption[] = [];
  for (let s = 0; s < sites; s++)
    for (const group of GROUPS) {
      if (group === "electricidad" && electricity[s]) continue;
      const count =
        group === "internet" || group === "electricidad" ? 1 + Math.floor(random() * 2) : 1;
      for (let k = 0; k < count && options.length < 14; k++)
        options.push({
          site: s,
          group,
          cost: 1 + Math.floor(random() * 20),
          benefit: Math.round(random() * 50),
          forced: false,
          banned: random() < 0.05,
        });
    }
  const total = options.reduce((a, o) => a + o.cost, 0);
  return { sites, electricity, options, budget: Math.floor(total * (0.2 + 0.5 * random())) };
}

/** Whether a choice respects every rule: budget, one option per service, internet with power. */
function feasible(
  options: readonly PricedOption[],
  electricity: readonly boolean[],
  budget: number,
  picked: ArrayLike<number>,
): boolean {
  let spent = 0;
  const taken = new Map<string, number>();
  options.forEach((o, c) => {
    if (!picked[c]) return;
    spent += o.cost;
    const k = `${o.site}|${o.group}`;
    taken.set(k, (taken.get(k) ?? 0) + 1);
  });
  if (spent > budget) return false;
  if ([...taken.values()].some((n) => n > 1)) return false;
  return options.every(
    (o, c) =>
      !picked[c] ||
      (!o.banned &&
        (o.group !== "internet" || electricity[o.site] || taken.has(`${o.site}|electricidad`))),
  );
}

/** The best plan by trying every subset. */
function optimum(
  options: readonly PricedOption[],
  electricity: readonly boolean[],
  budget: number,
) {
  let best = 0;
  const picked = new Uint8Array(options.length);
  for (let mask = 0; mask < 1 << options.length; mask++) {
    for (let c = 0; c < options.length; c++) picked[c] = (mask >> c) & 1;
    if (!feasible(options, electricity, budget, picked)) continue;
    best = Math.max(
      best,
      options.reduce((a, o, c) => a + (picked[c] ? o.benefit : 0), 0),
    );
  }
  return best;
}

test("pricing the budget: every plan is feasible, its bound holds and it is close to the optimum", () => {
  let sumGap = 0;
  for (let seed = 1; seed <= 60; seed++) {
    const { sites, electricity, options, budget } = instance(seed);
    const solution = solveByPrice(options, sites, (s) => electricity[s]!, budget);
    assert.ok(feasible(options, electricity, budget, solution.picked), `seed ${seed}: infeasible`);
    const best = optimum(options, electricity, budget);
    assert.ok(solution.benefit <= best + 1e-9, `seed ${seed}: beats the optimum`);
    assert.ok(
      solution.bound >= best - 1e-6,
      `seed ${seed}: bound ${solution.bound} below the optimum ${best}`,
    );
    sumGap += best > 0 ? (best - solution.benefit) / best : 0;
  }
  // Tiny instances are the hard case for a price (a few items decide everything); still close.
  assert.ok(sumGap / 60 < 0.1, `mean gap to the optimum ${sumGap / 60}`);
});

test("pricing the budget: must-do options are kept, internet brings its power", () => {
  const options: PricedOption[] = [
    { site: 0, group: "internet", cost: 10, benefit: 1, forced: true, banned: false },
    { site: 0, group: "electricidad", cost: 30, benefit: 1, forced: false, banned: false },
    { site: 1, group: "agua", cost: 5, benefit: 100, forced: false, banned: false },
  ];
  const solution = solveByPrice(options, 2, () => false, 45);
  assert.deepEqual([...solution.picked], [1, 1, 1]);
  const tight = solveByPrice(options, 2, () => false, 40);
  assert.deepEqual([...tight.picked], [1, 1, 0]);
  assert.throws(
    () => solveByPrice(options, 2, () => false, 39),
    (e: Error & { code?: string }) => e.code === "BRECHA_INFEASIBLE",
  );
});

test("pricing the budget: many premises end within 0.1% of the bound", () => {
  const random = createRandom(7);
  const options: PricedOption[] = [];
  const electricity: boolean[] = [];
  for (let s = 0; s < 5000; s++) {
    electricity.push(random() < 0.7);
    for (const group of GROUPS) {
      if (random() < 0.4 || (group === "electricidad" && electricity[s])) continue;
      options.push({
        site: s,
        group,
        cost: 1000 + Math.floor(random() * 40_000),
        benefit: Math.round(random() * 500),
        forced: false,
        banned: false,
      });
    }
  }
  const budget = options.reduce((a, o) => a + o.cost, 0) / 5;
  const solution = solveByPrice(options, 5000, (s) => electricity[s]!, budget);
  assert.ok(feasible(options, electricity, budget, solution.picked));
  assert.ok(solution.gap < 1e-3, `gap ${solution.gap}`);
  assert.ok(solution.spent <= budget);
});
