import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { squareGrid } from "../../../test/helpers/grid.ts";
import { REFERENCE_DIR, REFERENCE_MISSING } from "../../../test/helpers/paths.ts";
import {
  alignWeights,
  benjaminiHochberg,
  contiguityWeights,
  getisOrdGiStar,
  knnWeights,
  localMoran,
  moran,
  parseGal,
  rowStandardize,
  twoSidedNormalP,
} from "./index.ts";

const reference = (file: string) =>
  readFileSync(join(REFERENCE_DIR, "reference-spatial", file), "utf8");

function csvColumn(text: string, id: string, column: string): Map<string, number> {
  const [header, ...lines] = text.trim().split("\n");
  const names = header!.split(",");
  return new Map(
    lines
      .map((l) => l.split(","))
      .map((cells) => [cells[names.indexOf(id)]!, Number(cells[names.indexOf(column)])]),
  );
}

test(
  "moran reproduces PySAL's St Louis homicide rate example: I = 0.24365582621771659",
  { skip: REFERENCE_MISSING },
  () => {
    // esda.Moran(HR8893, stl.gal, transformation "r"); the GAL ids are the CSV's `id` column.
    const w = rowStandardize(parseGal(reference("stl.gal")));
    const rates = csvColumn(reference("stl_hom.csv"), "id", "HR8893");
    const result = moran(
      w.ids.map((id) => rates.get(id)!),
      w,
      { permutations: 99 },
    );
    assert.ok(Math.abs(result.I - 0.24365582621771659) < 1e-9, String(result.I));
    assert.ok(result.pPermutation < 0.05);
  },
);

test(
  "moran reproduces PySAL's North Carolina SIDS example: I = 0.24772519320480135",
  { skip: REFERENCE_MISSING },
  () => {
    const w = rowStandardize(parseGal(reference("sids2.gal")));
    const rates = csvColumn(reference("sids2.csv"), "FIPSNO", "SIDR74");
    const result = moran(
      w.ids.map((id) => rates.get(id)!),
      w,
      { permutations: 0 },
    );
    assert.ok(Math.abs(result.I - 0.24772519320480135) < 1e-9, String(result.I));
    assert.equal(result.expected, -1 / 99);
    assert.ok(result.zNormal > 3 && result.pNormal < 0.01);
  },
);

test("contiguityWeights: queen links corners, rook only edges; islands are listed", () => {
  const { ids, geometries } = squareGrid(3, 3);
  const withIsland = {
    ids: [...ids, "far"],
    geometries: [
      ...geometries,
      {
        type: "Polygon" as const,
        coordinates: [
          [
            [10, 10],
            [11, 10],
            [11, 11],
            [10, 10],
          ],
        ],
      },
    ],
  };
  const queen = contiguityWeights(withIsland.ids, withIsland.geometries, { kind: "queen" });
  const rook = contiguityWeights(withIsland.ids, withIsland.geometries, { kind: "rook" });
  const count = (w: typeof queen, id: string) => w.neighbors[w.ids.indexOf(id)]!.length;
  assert.equal(count(queen, "1,1"), 8);
  assert.equal(count(rook, "1,1"), 4);
  assert.equal(count(queen, "0,0"), 3);
  assert.equal(count(rook, "0,0"), 2);
  assert.deepEqual(queen.islands, [9]);
  assert.deepEqual(rook.islands, [9]);
});

test("moran is negative for a checkerboard and positive for a gradient; LISA finds the clusters", () => {
  const { ids, geometries } = squareGrid(8, 8);
  const w = rowStandardize(contiguityWeights(ids, geometries, { kind: "rook" }));
  const checker = ids.map((id) =>
    id.split(",").reduce((s, v) => s + Number(v), 0) % 2 === 0 ? 1 : 0,
  );
  assert.ok(moran(checker, w, { permutations: 99 }).I < -0.9);
  const gradient = ids.map((id) => Number(id.split(",")[1]));
  const global = moran(gradient, w, { permutations: 99 });
  assert.ok(global.I > 0.7 && global.pPermutation === 0.01);
  const lisa = localMoran(gradient, w, { permutations: 499, seed: 7 });
  // With row-standardised weights and no islands, the mean of the local I is the global I.
  const meanLocal = lisa.Is.reduce((a, b) => a + b, 0) / lisa.Is.length;
  assert.ok(Math.abs(meanLocal - global.I) < 1e-12);
  assert.equal(lisa.classes[ids.indexOf("3,0")], "low-low");
  assert.equal(lisa.classes[ids.indexOf("3,7")], "high-high");
  assert.ok(lisa.classes.every((c) => c !== "high-low" && c !== "low-high"));
  const again = localMoran(gradient, w, { permutations: 499, seed: 7 });
  assert.deepEqual(Array.from(again.pValues), Array.from(lisa.pValues));
});

test("getisOrdGiStar marks a block of high values as a hot spot", () => {
  const { ids, geometries } = squareGrid(7, 7);
  const w = contiguityWeights(ids, geometries, { kind: "queen" });
  const values = ids.map((id) => {
    const [r, c] = id.split(",").map(Number) as [number, number];
    return Math.abs(r - 3) <= 1 && Math.abs(c - 3) <= 1 ? 10 : 1;
  });
  const g = getisOrdGiStar(values, w);
  assert.ok(g.z[ids.indexOf("3,3")]! > 3);
  assert.ok(g.pValues[ids.indexOf("3,3")]! < 0.01);
  assert.ok(g.z[ids.indexOf("0,0")]! < 0);
});

test("knnWeights gives every unit at least k neighbours and no islands", () => {
  const ids = ["a", "b", "c", "d", "e"];
  const points: Array<[number, number]> = [
    [-77, -12],
    [-77.01, -12],
    [-77.02, -12],
    [-71, -13.5],
    [-71.01, -13.5],
  ];
  const w = knnWeights(ids, points, 2);
  assert.equal(w.islands.length, 0);
  assert.ok(w.neighbors.every((n) => n.length >= 2));
  assert.ok(Array.from(w.neighbors[0]!).includes(1));
});

test("alignWeights reorders rows to a table's order", () => {
  const w = parseGal("3\na 1\nb\nb 2\na c\nc 1\nb\n");
  const aligned = alignWeights(w, ["c", "b", "a"]);
  assert.deepEqual(Array.from(aligned.neighbors[1]!).sort(), [0, 2]);
  assert.deepEqual(Array.from(aligned.neighbors[0]!), [1]);
});

test("benjaminiHochberg and twoSidedNormalP follow their definitions", () => {
  // Sorted: 0.01 ≤ 1·0.05/4 passes; 0.03 > 2·0.05/4, 0.04 > 3·0.05/4, 0.2 > 0.05 fail.
  assert.deepEqual(benjaminiHochberg([0.01, 0.04, 0.03, 0.2], 0.05), [true, false, false, false]);
  // Step-up: 0.02 misses its own threshold (0.0125), but 0.024 ≤ 2·0.05/4 makes both significant.
  assert.deepEqual(benjaminiHochberg([0.02, 0.024, 0.9, 0.8], 0.05), [true, true, false, false]);
  assert.ok(Math.abs(twoSidedNormalP(1.959964) - 0.05) < 1e-6);
  assert.ok(Math.abs(twoSidedNormalP(0) - 1) < 1e-7);
  assert.ok(Math.abs(twoSidedNormalP(3) - 0.0026998) < 1e-6);
});
