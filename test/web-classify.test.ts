import assert from "node:assert/strict";
import { test } from "node:test";
import { classOf, paletteFor, PALETTE, quantileBreaks } from "../web/src/classify.ts";

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
