import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { z } from "zod";
import { loadConfig } from "../src/config/index.ts";
import { openStore, sql, type Sql, type Store } from "../src/storage/index.ts";
import { buildWorkspace, type WorkspaceReport } from "../src/tables/index.ts";
import { REAL_DATA_DIR, REAL_DATA_MISSING, tempDir } from "./helpers/paths.ts";

// Ingests every real public file in the mirror (../shared/data/peru) through `buildWorkspace`, as
// `brecha up --mirror` does, and checks the figures their publishers state (see the mirror's
// MANIFEST.md and INEI's 2018 national poverty rate of 20.5%).

const skip = REAL_DATA_MISSING;
let store: Store;
let report: WorkspaceReport;
const dir = tempDir();

before(async () => {
  if (skip) return;
  const config = loadConfig({
    overrides: { home: dir.path, mirror: REAL_DATA_DIR, offline: true, synthetic: "auto" },
    env: {},
  });
  store = await openStore(join(dir.path, "brecha.duckdb"));
  report = await buildWorkspace(store, config);
});

after(async () => {
  await store?.close();
  dir.cleanup();
});

const number = (query: Sql) =>
  store.query(query, z.object({ v: z.number() })).then((rows) => rows[0]!.v);

test("every catalogued real file ingests from the mirror", { skip }, () => {
  const real = report.sources.filter((s) => !s.synthetic);
  assert.deepEqual(
    real.map((s) => [s.sourceId, s.status, s.origin]),
    [
      ["inei-distritos", "published", "mirror"],
      ["ubigeo-distrito", "published", "mirror"],
      ["ubigeo-provincia", "published", "mirror"],
      ["ubigeo-departamento", "published", "mirror"],
      ["inei-pobreza-2018", "published", "mirror"],
      ["minam-poblacion", "published", "mirror"],
      ["centros-poblados", "published", "mirror"],
      ["limites-distritos", "published", "mirror"],
      ["limites-provincias", "published", "mirror"],
      ["limites-departamentos", "published", "mirror"],
      ["umc-resultados", "published", "mirror"],
      ["umc-resultados", "published", "mirror"],
      ["umc-regiones", "published", "mirror"],
      ["escale-trayectoria", "published", "mirror"],
      ["censo-2017-servicios", "published", "mirror"],
    ],
  );
  // The two UMC files make one dataset: the last line is the merged version.
  const rows = Object.fromEntries(real.map((s) => [s.dataset, [s.rows, s.rejected, s.cleared]]));
  assert.deepEqual(rows, {
    districts: [1891, 0, 0],
    // one row has no INEI ubigeo (SAN ANTONIO, RENIEC 170107): quarantined
    district_attributes: [1892, 1, 0],
    province_attributes: [196, 0, 0],
    department_attributes: [25, 0, 0],
    poverty_2018: [1874, 0, 0],
    // REG_NAT holds a department name instead of the natural region in 1,990 rows: cleared
    population_urban_rural: [9419, 0, 1990],
    populated_places: [94922, 0, 0],
    district_boundaries: [1891, 0, 0],
    province_boundaries: [196, 0, 0],
    department_boundaries: [25, 0, 0],
    // ENLA 2024 (1,639 districts × 2) merged with ECE 2016, 2018 and 2019 by district
    learning_outcomes: [13800, 0, 0],
    learning_outcomes_official: [420, 0, 0],
    // 160405 is not in the 2025 list but in ESCALE's; 130112 is empty and left out
    school_trajectory: [1891, 0, 0],
    // 20 of 1,894 objects have no census figure (districts created after 2017): left out
    household_services: [1874, 0, 0],
  });
});

test(
  "the district hierarchy has 25 departments, 196 provinces and 1,891 districts",
  { skip },
  async () => {
    assert.equal(
      await number(sql`SELECT count(DISTINCT ubigeo_departamento) AS v FROM districts`),
      25,
    );
    assert.equal(
      await number(sql`SELECT count(DISTINCT ubigeo_provincia) AS v FROM districts`),
      196,
    );
    assert.equal(await number(sql`SELECT count(*) AS v FROM districts`), 1891);
    assert.equal(await number(sql`SELECT sum(poblacion_2025) AS v FROM districts`), 34_350_244);
  },
);

test(
  "MINAM's lost leading zeros are restored and its totals match the publication",
  { skip },
  async () => {
    const minam = report.sources.find((s) => s.dataset === "population_urban_rural")!;
    assert.equal(minam.status, "published");
    const versions = await store.versions("population_urban_rural");
    assert.deepEqual(versions[0]!.provenance.repaired, { UBIGEO: 3656 });
    assert.equal(
      await number(
        sql`SELECT sum(poblacion_total) AS v FROM population_urban_rural WHERE anio = 2019`,
      ),
      32_131_400,
    );
    assert.equal(
      await number(
        sql`SELECT sum(poblacion_total) AS v FROM population_urban_rural WHERE anio = 2023`,
      ),
      33_725_844,
    );
    const urban2023 = await number(
      sql`SELECT sum(poblacion_urbana) / sum(poblacion_total) AS v FROM population_urban_rural WHERE anio = 2023`,
    );
    assert.ok(Math.abs(urban2023 - 0.822) < 0.0005, String(urban2023));
  },
);

test(
  "population-weighted 2018 poverty reproduces INEI's national figure (20.5%)",
  { skip },
  async () => {
    assert.equal(await number(sql`SELECT sum(poblacion_2020) AS v FROM poverty_2018`), 32_625_948);
    const weighted = await number(
      sql`SELECT sum(pct_pobreza * poblacion_2020) / sum(poblacion_2020) AS v FROM poverty_2018`,
    );
    // The map's midpoints give 20.6%; INEI's national survey estimate is 20.5%.
    assert.ok(Math.abs(weighted - 20.5) < 0.15, String(weighted));
  },
);

test(
  "district keys join across files; the 17 districts created after 2018 are reported",
  { skip },
  () => {
    const byDataset = Object.fromEntries(report.joins.map((j) => [j.dataset, j]));
    assert.equal(byDataset.poverty_2018!.unmatched, 0);
    assert.equal(byDataset.poverty_2018!.missing, 17);
    assert.equal(byDataset.populated_places!.missing, 17);
    assert.equal(byDataset.district_boundaries!.missing, 0);
    assert.equal(byDataset.population_urban_rural!.matched, 1891);
    assert.equal(byDataset.province_attributes!.matched, 196);
    assert.equal(byDataset.department_attributes!.matched, 25);
    // ubigeo_distrito.csv (2021) still lists 3 codes INEI has since changed
    assert.equal(byDataset.district_attributes!.unmatched, 3);
  },
);

test(
  "the synthetic demo fills only the datasets with no public copy, over the real districts, labelled",
  { skip },
  async () => {
    const synthetic = report.sources.filter((s) => s.synthetic).map((s) => s.dataset);
    assert.deepEqual(synthetic, ["schools", "school_premises", "household_ict"]);
    assert.equal(await number(sql`SELECT count(*) AS v FROM schools WHERE NOT _synthetic`), 0);
    assert.equal(await number(sql`SELECT count(*) AS v FROM districts WHERE _synthetic`), 0);
    assert.equal(
      await number(
        sql`SELECT count(*) AS v FROM schools s LEFT JOIN districts d USING (ubigeo) WHERE d.ubigeo IS NULL`,
      ),
      0,
    );
    const c = report.calibration!;
    assert.ok(
      Math.abs(c.internetAll! - 0.442) < 0.001 &&
        Math.abs(c.internetUrban! - 0.671) < 0.001 &&
        Math.abs(c.internetRural! - 0.3) < 0.001,
    );
    // Learning results are real: the demo reports no ENLA calibration of its own.
    assert.equal(c.enla_lectura, undefined);
    // Household internet in the demo's ICT table is each district's real Census share.
    assert.ok(
      (await number(
        sql`SELECT max(abs(100.0 * h.hogares_internet / h.hogares - c.pct_internet)) AS v
         FROM household_ict h JOIN household_services c USING (ubigeo) WHERE h.hogares > 1000`,
      )) < 0.05,
    );
  },
);

test("building the workspace again changes nothing", { skip }, async () => {
  const config = loadConfig({
    overrides: { home: dir.path, mirror: REAL_DATA_DIR, offline: true },
    env: {},
  });
  const again = await buildWorkspace(store, config);
  assert.deepEqual([...new Set(again.sources.map((s) => s.status))], ["unchanged"]);
});
