import assert from "node:assert/strict";
import { test } from "node:test";
import { createRandom, normal } from "../../domain/index.ts";
import { kMeans, pca, silhouette, standardize, symmetricEigen, typology } from "./index.ts";

test("symmetricEigen finds the eigenpairs of a known matrix", () => {
  // [[2,1],[1,2]] has eigenvalues 3 and 1 with eigenvectors (1,1)/√2 and (1,−1)/√2.
  const { values, vectors } = symmetricEigen([
    [2, 1],
    [1, 2],
  ]);
  assert.ok(Math.abs(values[0]! - 3) < 1e-12 && Math.abs(values[1]! - 1) < 1e-12);
  assert.ok(Math.abs(Math.abs(vectors[0]![0]!) - Math.SQRT1_2) < 1e-12);
  // A·v = λ·v for a 4×4 matrix.
  const m = [
    [4, 1, 2, 0.5],
    [1, 3, 0, 1],
    [2, 0, 5, 1],
    [0.5, 1, 1, 2],
  ];
  const e = symmetricEigen(m);
  for (let c = 0; c < 4; c++)
    for (let i = 0; i < 4; i++) {
      const av = m[i]!.reduce((s, mij, j) => s + mij * e.vectors[j]![c]!, 0);
      assert.ok(Math.abs(av - e.values[c]! * e.vectors[i]![c]!) < 1e-10);
    }
});

test("pca of perfectly correlated columns puts all variance in the first component", () => {
  const { z } = standardize([
    [1, 2, 3, 4, 5],
    [2, 4, 6, 8, 10],
    [5, 4, 3, 2, 1],
  ]);
  const result = pca(z);
  assert.ok(Math.abs(result.explained[0]! - 1) < 1e-12);
  assert.ok(result.loadings[0]![0]! > 0, "oriented so that the first column loads positively");
  assert.ok(result.loadings[2]![0]! < 0);
});

function blobs(seed: number) {
  const random = createRandom(seed);
  const points: Float64Array[] = [];
  for (let i = 0; i < 60; i++)
    points.push(Float64Array.of(normal(random, i < 30 ? -3 : 3, 0.5), normal(random, 0, 0.5)));
  return points;
}

test("kMeans separates two clear groups, silhouette picks k = 2, and runs are deterministic", () => {
  const points = blobs(5);
  const two = kMeans(points, 2, { seed: 1 });
  const first = two.labels[0]!;
  assert.ok(Array.from(two.labels.slice(0, 30)).every((l) => l === first));
  assert.ok(Array.from(two.labels.slice(30)).every((l) => l !== first));
  assert.ok(silhouette(points, two.labels, 2) > 0.8);
  assert.ok(
    silhouette(points, kMeans(points, 4, { seed: 1 }).labels, 4) <
      silhouette(points, two.labels, 2),
  );
  assert.deepEqual(
    Array.from(kMeans(points, 3, { seed: 9 }).labels),
    Array.from(kMeans(points, 3, { seed: 9 }).labels),
  );
});

test("typology describes clusters in plain Spanish and English", () => {
  // Two groups apart on both indicators (after standardising, noise alone would look like structure).
  const points = blobs(11).map((p) => Float64Array.of(p[0]!, p[0]! + p[1]! * 0.3));
  const result = typology(
    {
      ids: points.map((_, i) => String(i)),
      columns: [points.map((p) => p[0]!), points.map((p) => p[1]!)],
      indicators: [
        {
          id: "pobreza",
          name: { es: "Pobreza", en: "Poverty" },
          direction: "higher-worse",
          trait: { es: "pobreza", en: "poverty", gender: "f" },
        },
        {
          id: "ruido",
          name: { es: "Ruido", en: "Noise" },
          direction: "neutral",
          trait: { es: "ruido", en: "noise", gender: "m" },
        },
      ],
    },
    { kMin: 2, kMax: 5 },
  );
  assert.equal(result.k, 2);
  const descriptions = result.clusters.map((c) => c.description.es).sort();
  assert.deepEqual(descriptions, [
    "Distritos con pobreza alta y ruido alto",
    "Distritos con pobreza baja y ruido bajo",
  ]);
  assert.ok(
    result.clusters.every((c) =>
      /^Districts with (high|low) poverty and (high|low) noise$/.test(c.description.en),
    ),
  );
  assert.ok(result.composite.explained > 0.5);
});
