import assert from "node:assert/strict";
import { test } from "node:test";
import { createRandom } from "./random.ts";
import { brokenBorders, key, ringsOf, validRings } from "../../test/helpers/borders.ts";
import { simplifyTopology, type PolygonGeometry, type Position } from "./simplify-topology.ts";

/** A 5 × 5 grid of cells whose shared edges are jagged random walks, as real borders are. */
function jaggedGrid(seed: number): PolygonGeometry[] {
  const random = createRandom(seed);
  const n = 5;
  const steps = 40;
  // Each interior edge is drawn once and used by both cells beside it.
  const edge = new Map<string, Position[]>();
  const line = (a: Position, b: Position, straight: boolean): Position[] => {
    const id = `${key(a)}|${key(b)}`;
    const back = edge.get(`${key(b)}|${key(a)}`);
    if (back) return [...back].reverse();
    const out: Position[] = [a];
    for (let s = 1; s < steps; s++) {
      const t = s / steps;
      const wobble = straight ? 0 : (random() - 0.5) * 0.08;
      const x = a[0] + (b[0] - a[0]) * t + (a[0] === b[0] ? wobble : 0);
      const y = a[1] + (b[1] - a[1]) * t + (a[1] === b[1] ? wobble : 0);
      out.push([Math.round(x * 1e6) / 1e6, Math.round(y * 1e6) / 1e6]);
    }
    out.push(b);
    edge.set(id, out);
    return out;
  };
  const cells: PolygonGeometry[] = [];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const corners: Position[] = [
        [i, j],
        [i + 1, j],
        [i + 1, j + 1],
        [i, j + 1],
      ];
      const ring: Position[] = [];
      for (let c = 0; c < 4; c++) {
        const a = corners[c]!;
        const b = corners[(c + 1) % 4]!;
        const outer =
          (a[0] === b[0] && (a[0] === 0 || a[0] === n)) ||
          (a[1] === b[1] && (a[1] === 0 || a[1] === n));
        ring.push(...line(a, b, outer).slice(c === 0 ? 0 : 1));
      }
      cells.push({ type: "Polygon", coordinates: [ring] });
    }
  return cells;
}

test("neighbours keep sharing their borders; simplifying each polygon alone would open gaps", () => {
  for (const seed of [1, 2, 3]) {
    const cells = jaggedGrid(seed);
    const together = simplifyTopology(cells, 0.02, 6);
    assert.equal(brokenBorders(cells, together), 0, `seed ${seed}`);
    assert.ok(validRings(together));
    // Each cell on its own (the per-request simplification this replaces): borders break.
    const alone = cells.map((c) => simplifyTopology([c], 0.02, 6)[0]!);
    assert.ok(brokenBorders(cells, alone) > 20, `seed ${seed}: ${brokenBorders(cells, alone)}`);
    // And it does simplify: far fewer vertices than the 40 per edge drawn.
    const count = (gs: PolygonGeometry[]) =>
      gs.reduce((a, g) => a + ringsOf(g).reduce((b, r) => b + r.length, 0), 0);
    assert.ok(count(together) < count(cells) / 2, `${count(together)} of ${count(cells)}`);
  }
});

test("an enclave (a polygon inside another's hole) and a tiny island keep valid rings", () => {
  const square = (x: number, y: number, s: number): Position[] => [
    [x, y],
    [x + s, y],
    [x + s, y + s],
    [x, y + s],
    [x, y],
  ];
  const hole = square(2, 2, 1);
  const outer: PolygonGeometry = {
    type: "Polygon",
    coordinates: [square(0, 0, 5), [...hole].reverse()],
  };
  const enclave: PolygonGeometry = { type: "Polygon", coordinates: [hole] };
  const island: PolygonGeometry = {
    type: "MultiPolygon",
    coordinates: [[square(10, 10, 0.001)], [square(12, 12, 2)]],
  };
  const out = simplifyTopology([outer, enclave, island], 0.5, 6);
  assert.ok(validRings(out));
  assert.equal(brokenBorders([outer, enclave, island], out), 0);
  assert.equal(ringsOf(out[2]!).length, 2, "the tiny island is kept, not dropped");
});
