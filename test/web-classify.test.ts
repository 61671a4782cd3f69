import assert from "node:assert/strict";
import { test } from "node:test";
import { classOf, jenksBreaks, paletteFor, PALETTE, quantileBreaks } from "../web/src/classify.ts";

test("dashboard classes: quantile breaks merge ties, colours stay ordered with the worst darkest", () => {
  const values = Array.from({ length: 100 }, (_, i) => i);
  assert.deepEqual(quantileBreaks(values), [20, 40, 60, 80]);
  assert.deepEqual(
    [0, 19, 20, 79, 80, 99].map((v) => classOf(v, [20, 40, 60, 80])),
    [0, 0, 1, 3, 4, 4],
  );
  // Eight provinces with ties: no repeated break, so no empty class in the legend.
  const breaks = quantileBreaks([21.7, 35.8, 41.9, 43.8, 43.8, 44.2, 44.8, 47.8]);
  assert.deepEqual(breaks, [35.8, 43.8, 44.8]);
  assert.ok(breaks.every((b, k) => k === 0 || b > breaks[k - 1]!));
  assert.deepEqual(quantileBreaks([5, 5, 5]), []);
  // Higher-worse indicators put the darkest colour last (the highest class).
  assert.equal(paletteFor("higher-worse").at(-1), PALETTE[0]);
  assert.equal(paletteFor("higher-better").at(-1), PALETTE.at(-1));
  const three = paletteFor("higher-worse", 3);
  assert.deepEqual(three, [PALETTE[4], PALETTE[2], PALETTE[0]]);
  assert.equal(paletteFor("higher-worse", 1).length, 1);
});

test("Jenks natural breaks find the gaps between clusters, and are optimal", () => {
  assert.deepEqual(jenksBreaks([1, 2, 3, 10, 11, 12, 20, 21, 22], 3), [10, 20]);
  assert.deepEqual(
    jenksBreaks([22, 1, 11, 3, 20, 2, 12, 10, 21], 3),
    [10, 20],
    "order does not matter",
  );
  assert.deepEqual(jenksBreaks([4, 4, 4], 5), []);
  assert.deepEqual(jenksBreaks([1, 1, 9], 5), [9], "no more classes than distinct values");
  // Against brute force over every way to cut 12 values into 4 classes.
  const values = [3, 7, 8, 15, 16, 18, 30, 31, 45, 46, 47, 60];
  const sse = (run: number[]) => {
    const m = run.reduce((a, b) => a + b, 0) / run.length;
    return run.reduce((a, v) => a + (v - m) ** 2, 0);
  };
  const costOf = (breaks: number[]) => {
    let total = 0;
    for (let c = 0; c <= breaks.length; c++)
      total += sse(values.filter((v) => classOf(v, breaks) === c));
    return total;
  };
  let best = Infinity;
  for (let a = 1; a < values.length; a++)
    for (let b = a + 1; b < values.length; b++)
      for (let c = b + 1; c < values.length; c++)
        best = Math.min(best, costOf([values[a]!, values[b]!, values[c]!]));
  const found = jenksBreaks(values, 4);
  assert.equal(found.length, 3);
  assert.ok(Math.abs(costOf(found) - best) < 1e-9, `${costOf(found)} vs ${best}`);
});
