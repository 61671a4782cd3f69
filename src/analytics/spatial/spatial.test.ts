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
  erfc,
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
  "moran reproduces PySAL's St Louis homicide rate example: I = 0.2436558262177166",
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
    assert.ok(Math.abs(result.I - 0.2436558262177166) < 1e-9, String(result.I));
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

test("erfc and the normal tail match 40-digit values to 2e-15 relative", () => {
  // Reference values from mpmath at 40 digits.
  const erfcs: Array<[number, number]> = [
    [0.1, 0.8875370839817152],
    [0.3, 0.6713732405408726],
    [0.5, 0.4795001221869535],
    [0.7, 0.3221988061625815],
    [1, 0.15729920705028513],
    [1.5, 0.033894853524689274],
    [2, 0.004677734981047266],
    [3, 2.209049699858544e-5],
    [4, 1.541725790028002e-8],
    [5, 1.537459794428035e-12],
    [6, 2.151973671249891e-17],
    [8, 1.122429717298293e-29],
    [10, 2.088487583762545e-45],
    [15, 7.212994172451207e-100],
    [20, 5.395865611607901e-176],
    [26, 5.663192408856143e-296],
    [-0.5, 1.5204998778130465],
    [-1, 1.842700792949715],
    [-3, 1.9999779095030015],
  ];
  for (const [x, expected] of erfcs) {
    const relative = Math.abs(erfc(x) - expected) / expected;
    assert.ok(relative < 2e-15, `erfc(${x}): relative error ${relative}`);
  }
  assert.equal(erfc(0), 1);
  assert.equal(erfc(30), 0);
  const tails: Array<[number, number]> = [
    [1.959963984540054, 0.05000000000000003],
    [2.5758293035489004, 0.01000000000000001],
    [3.5, 0.0004652581580710501],
    [6, 1.973175290075396e-9],
    [10, 1.523970604832105e-23],
  ];
  for (const [z, expected] of tails) {
    assert.ok(Math.abs(twoSidedNormalP(z) - expected) / expected < 1e-12, `P(|Z| ≥ ${z})`);
    assert.equal(twoSidedNormalP(-z), twoSidedNormalP(z));
  }
});

// 40 points over Peru and a value per point; the reference figures come from an independent
// implementation (numpy for I and z under normality, mpmath for the tail).
const KNN_POINTS: Array<[number, number]> = [
  [-78.8088, -10.9648],
  [-74.8818, -5.96],
  [-78.9736, -14.874],
  [-73.9897, -10.2082],
  [-72.1663, -10.3306],
  [-72.6946, -7.2464],
  [-72.4897, -9.7887],
  [-77.6007, -9.4011],
  [-78.8926, -6.5653],
  [-75.5035, -6.5933],
  [-73.1482, -8.4886],
  [-77.8978, -14.4788],
  [-70.2009, -4.9896],
  [-71.9486, -4.0048],
  [-74.8641, -16.9315],
  [-76.5961, -10.1957],
  [-77.0788, -11.5957],
  [-71.2353, -8.1443],
  [-74.2258, -17.6536],
  [-72.8914, -12.9104],
  [-75.7778, -12.4172],
  [-74.1428, -11.0216],
  [-78.8355, -10.911],
  [-72.4985, -9.5977],
  [-75.0897, -5.1654],
  [-77.4136, -12.1205],
  [-70.7377, -11.2913],
  [-74.8201, -17.6447],
  [-77.7548, -16.194],
  [-79.5111, -8.1347],
  [-71.1318, -16.5639],
  [-73.7769, -11.4194],
  [-75.1789, -14.795],
  [-71.1408, -9.2266],
  [-75.432, -11.4283],
  [-70.7054, -4.1788],
  [-74.5437, -10.1629],
  [-73.3025, -13.6932],
  [-72.002, -10.9734],
  [-75.2111, -5.6177],
];
const KNN_VALUES = [
  11.201, 15.512, 6.471, 9.957, 12.948, 15.74, 12.502, 13.213, 15.882, 18.014, 12.812, 7.949,
  17.567, 20.126, 7.108, 12.593, 12.941, 16.013, 3.93, 11.674, 8.075, 12.425, 13.014, 12.978,
  17.099, 12.706, 13.545, 6.567, 6.202, 12.187, 4.768, 11.073, 5.688, 14.511, 10.628, 18.068, 9.907,
  6.308, 11.93, 19.043,
];

test("Moran's I with k-nearest-neighbour weights: directed by default, as PySAL and spdep", () => {
  const ids = KNN_POINTS.map((_, i) => String(i));
  const directed = knnWeights(ids, KNN_POINTS, 4);
  assert.ok(
    directed.neighbors.every((n) => n.length === 4),
    "exactly k per row",
  );
  const result = moran(KNN_VALUES, rowStandardize(directed), { permutations: 0 });
  assert.ok(Math.abs(result.I - 0.7837002999126453) < 1e-12, `I = ${result.I}`);
  assert.ok(Math.abs(result.zNormal - 8.474832556465136) < 1e-11, `z = ${result.zNormal}`);
  assert.ok(Math.abs(result.pNormal - 2.354178979608072e-17) / 2.354178979608072e-17 < 1e-12);
  const symmetric = moran(
    KNN_VALUES,
    rowStandardize(knnWeights(ids, KNN_POINTS, 4, { symmetric: true })),
    { permutations: 0 },
  );
  assert.ok(Math.abs(symmetric.I - 0.83787115791485) < 1e-12, `I = ${symmetric.I}`);
  assert.ok(Math.abs(symmetric.zNormal - 9.402858696478724) < 1e-11);
  assert.ok(Math.abs(symmetric.pNormal - 5.310037146173737e-21) / 5.310037146173737e-21 < 1e-12);
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
