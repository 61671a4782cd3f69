import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { mesh } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import { z } from "zod";
import { gapReport, indicatorTable } from "../src/analytics/index.ts";
import { buildApi } from "../src/api/index.ts";
import { loadConfig } from "../src/config/index.ts";
import { STARTER_DIR } from "../src/sources/index.ts";
import { openStore, sql, type Sql, type Store } from "../src/storage/index.ts";
import { buildWorkspace, type WorkspaceReport } from "../src/tables/index.ts";
import { tempDir } from "./helpers/paths.ts";

// A fresh clone with no data folder and no network: `brecha up` builds the workspace from the
// starter pack in data/starter, so the atlas shows real boundaries, poverty and learning results.

const dir = tempDir();
let store: Store;
let report: WorkspaceReport;

before(async () => {
  store = await openStore(join(dir.path, "brecha.duckdb"));
  report = await buildWorkspace(
    store,
    loadConfig({ overrides: { home: dir.path, mirror: null, offline: true }, env: {} }),
  );
});
after(async () => {
  await store.close();
  dir.cleanup();
});

const count = (query: Sql) =>
  store.query(query, z.object({ n: z.coerce.number() })).then((r) => r[0]!.n);
const official = readFileSync(join(STARTER_DIR, "umc_enla2024_4p_regiones_estratos.csv"), "utf8")
  .trim()
  .split("\n")
  .slice(1)
  .map((line) => line.split(","));

test("with no mirror and no network every starter file is published, and only what no source covers is synthetic", () => {
  const byDataset = new Map(report.sources.map((s) => [s.dataset, s]));
  for (const [dataset, rows] of [
    ["districts", 1891],
    ["poverty_2018", 1874],
    ["district_boundaries", 1891],
    ["province_boundaries", 196],
    ["department_boundaries", 25],
    ["populated_places", 94922],
    ["learning_outcomes_official", 420],
    ["school_trajectory", 1891],
  ] as const) {
    const outcome = byDataset.get(dataset);
    assert.equal(outcome?.origin, "starter", dataset);
    assert.equal(outcome?.rows, rows, dataset);
    assert.equal(outcome?.synthetic, false, dataset);
  }
  // ENLA 2024 (1,639 districts × 2 subjects) then ECE 2016, 2018 and 2019 merged by key.
  const learning = report.sources.filter((s) => s.dataset === "learning_outcomes");
  assert.deepEqual(
    learning.map((s) => [s.origin, s.rows, s.synthetic]),
    [
      ["starter", 3278, false],
      ["starter", 13800, false],
    ],
  );
  const synthetic = report.sources.filter((s) => s.synthetic).map((s) => s.dataset);
  assert.deepEqual(synthetic.sort(), ["household_ict", "school_premises", "schools"]);
  // Mirror-only sources are missing, and say why.
  const census = byDataset.get("household_services")!;
  assert.equal(census.status, "missing");
  assert.match(census.detail ?? "", /no redistribution licence/);
});

test("building again from the starter pack changes nothing", async () => {
  const again = await buildWorkspace(
    store,
    loadConfig({ overrides: { home: dir.path, mirror: null, offline: true }, env: {} }),
  );
  assert.deepEqual([...new Set(again.sources.map((s) => s.status))].sort(), [
    "missing",
    "unchanged",
  ]);
});

test("cells UMC suppresses are missing, never zero", async () => {
  assert.equal(
    await count(
      sql`SELECT count(*) AS n FROM learning_outcomes WHERE anio = 2024 AND suprimido AND pct_satisfactorio IS NULL`,
    ),
    48,
  );
  assert.equal(
    await count(
      sql`SELECT count(*) AS n FROM learning_outcomes WHERE suprimido AND pct_satisfactorio = 0`,
    ),
    0,
  );
});

test("department values of the ENLA indicators are UMC's regional figures; Lima combines its two DREs", async () => {
  const table = await indicatorTable(store, {
    level: "department",
    ids: ["lectura_satisfactorio", "matematica_satisfactorio"],
  });
  assert.deepEqual(table.years.lectura_satisfactorio, {
    year: 2024,
    available: [2016, 2018, 2024],
  });
  const fold = (s: string) =>
    s
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toUpperCase();
  let checked = 0;
  for (const area of table.areas) {
    if (area.code === "15") continue;
    for (const [id, subject] of [
      ["lectura_satisfactorio", "lectura"],
      ["matematica_satisfactorio", "matematica"],
    ] as const) {
      const row = official.find(
        (r) => r[0] === "region" && r[1] === fold(area.name!) && r[2] === subject,
      );
      assert.ok(row, `${area.name} ${subject}`);
      assert.equal(area.values[id], Number(row[6]), `${area.name} ${subject}`);
      assert.equal(area.basis?.[id], "official");
      checked++;
    }
  }
  assert.equal(checked, 48);
  const lima = table.areas.find((a) => a.code === "15")!;
  assert.equal(lima.basis?.lectura_satisfactorio, "official-combined");
  const lm = Number(official.find((r) => r[1] === "LIMA METROPOLITANA" && r[2] === "lectura")![6]);
  const lp = Number(official.find((r) => r[1] === "LIMA PROVINCIAS" && r[2] === "lectura")![6]);
  assert.ok(lima.values.lectura_satisfactorio! > Math.min(lm, lp));
  assert.ok(lima.values.lectura_satisfactorio! < Math.max(lm, lp));
  const nation = await indicatorTable(store, {
    level: "nation",
    ids: ["lectura_satisfactorio", "matematica_satisfactorio"],
  });
  assert.deepEqual(nation.areas[0]!.values, {
    lectura_satisfactorio: 32.8,
    matematica_satisfactorio: 29.5,
  });
});

test("trends run from 2016 to 2024: UMC's series for a department, the district results for a district", async () => {
  const loreto = await gapReport(store, "16");
  const reading = loreto.lines.find((l) => l.indicator === "lectura_satisfactorio")!;
  assert.deepEqual(
    reading.trend!.map((p) => p.year),
    [2016, 2018, 2019, 2022, 2023, 2024],
  );
  assert.equal(reading.trend!.at(-1)!.value, 12.8);
  assert.equal(reading.official, true);
  assert.equal(reading.synthetic, false);
  const iquitos = await gapReport(store, "160101");
  const maths = iquitos.lines.find((l) => l.indicator === "matematica_satisfactorio")!;
  assert.deepEqual(
    maths.trend!.map((p) => p.year),
    [2016, 2018, 2024],
  );
  const schools = iquitos.lines.find((l) => l.indicator === "locales_internet")!;
  assert.equal(schools.synthetic, true);
});

test("neighbouring districts share their borders exactly: every unshared edge is on the outer boundary", async () => {
  const rows = await store.query(
    sql`SELECT ubigeo, geometry FROM district_boundaries`,
    z.object({ ubigeo: z.string(), geometry: z.string() }),
  );
  const key = (a: number[], b: number[]) => {
    const p = `${a[0]},${a[1]}`;
    const q = `${b[0]},${b[1]}`;
    return p < q ? `${p}|${q}` : `${q}|${p}`;
  };
  // Edge → the districts whose rings use it.
  const edges = new Map<string, Set<string>>();
  let repeated = 0;
  const walk = (rings: number[][][], ubigeo: string) => {
    for (const ring of rings)
      for (let k = 1; k < ring.length; k++) {
        const [a, b] = [ring[k - 1]!, ring[k]!];
        if (a[0] === b[0] && a[1] === b[1]) repeated++;
        const e = key(a, b);
        edges.set(e, (edges.get(e) ?? new Set()).add(ubigeo));
      }
  };
  for (const { ubigeo, geometry } of rows) {
    const g = JSON.parse(geometry) as { type: string; coordinates: unknown };
    if (g.type === "Polygon") walk(g.coordinates as number[][][], ubigeo);
    else for (const polygon of g.coordinates as number[][][][]) walk(polygon, ubigeo);
  }
  assert.equal(repeated, 0, "no ring repeats a point");
  const topology = JSON.parse(
    readFileSync(join(STARTER_DIR, "limites_distritos.topo.json"), "utf8"),
  ) as Topology;
  const outline = mesh(topology, topology.objects.limites as GeometryCollection, (a, b) => a === b);
  const outer = new Set<string>();
  for (const line of outline.coordinates)
    for (let k = 1; k < line.length; k++) outer.add(key(line[k - 1]!, line[k]!));
  const unshared = [...edges].filter(([, ids]) => ids.size === 1).map(([e]) => e);
  assert.ok(edges.size > 50_000, `${edges.size} edges`);
  assert.equal([...edges.values()].filter((ids) => ids.size > 2).length, 0);
  assert.deepEqual(
    unshared.filter((e) => !outer.has(e)),
    [],
    "an edge used by one district only is inside the country: a gap or a sliver",
  );
});

test("a workspace with no boundaries answers the map with what is missing, not an internal error", async () => {
  const empty = tempDir();
  const writer = await openStore(join(empty.path, "brecha.duckdb"));
  const config = loadConfig({
    overrides: { home: empty.path, mirror: null, offline: true, starterPack: false },
    env: {},
  });
  await buildWorkspace(writer, config);
  const app = await buildApi({ store: writer, config });
  try {
    const response = await app.inject({ url: "/api/v1/boundaries?level=department" });
    assert.equal(response.statusCode, 404);
    const body = response.json() as { code: string; message: string; details: { missing: string } };
    assert.equal(body.details.missing, "department_boundaries");
    assert.match(body.message, /no tiene límites de departamentos/);
    assert.doesNotMatch(body.message, /Table with name|does not exist/);
  } finally {
    await app.close();
    await writer.close();
    empty.cleanup();
  }
});
