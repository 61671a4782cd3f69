import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { z } from "zod";
import {
  districtTypology,
  gapReport,
  hotspots,
  indicatorTable,
  inequalityReport,
} from "../src/analytics/index.ts";
import { loadConfig } from "../src/config/index.ts";
import { openStore, sql, type Store } from "../src/storage/index.ts";
import { buildWorkspace } from "../src/tables/index.ts";
import { REAL_MIRROR, REPO_ROOT, tempDir } from "./helpers/paths.ts";

// Analytics on the real district data (../shared/data/peru) plus the labelled synthetic school
// datasets, as `brecha up --mirror` builds them.

const dir = tempDir();
let store: Store;

before(async () => {
  const config = loadConfig({
    overrides: { home: dir.path, mirror: REAL_MIRROR, offline: true },
    env: {},
  });
  const writer = await openStore(join(dir.path, "brecha.duckdb"));
  await buildWorkspace(writer, config);
  await writer.close();
  store = await openStore(join(dir.path, "brecha.duckdb"), { readOnly: true });
});
after(async () => {
  await store?.close();
  dir.cleanup();
});

test("indicatorTable reproduces INEI's national 2018 poverty and aggregates as ratios of sums", async () => {
  const nation = await indicatorTable(store, { level: "nation" });
  const pe = nation.areas[0]!;
  assert.ok(Math.abs(pe.values.pobreza! - 20.5) < 0.15, String(pe.values.pobreza));
  assert.equal(pe.values.poblacion, 34_350_244);
  const departments = await indicatorTable(store, {
    level: "department",
    ids: ["poblacion", "locales_internet"],
  });
  assert.equal(departments.areas.length, 25);
  assert.equal(
    departments.areas.reduce((s, a) => s + a.values.poblacion!, 0),
    34_350_244,
  );
  // The national internet share is Σ with / Σ premises, not the mean of department shares.
  const direct = await store.query(
    sql`SELECT 100.0 * sum(CASE WHEN tiene_internet THEN 1 ELSE 0 END) / count(*) AS v FROM school_premises`,
    z.object({ v: z.number() }),
  );
  assert.ok(Math.abs(pe.values.locales_internet! - direct[0]!.v) < 1e-9);
  const meanOfShares = departments.areas.reduce((s, a) => s + a.values.locales_internet!, 0) / 25;
  assert.ok(
    Math.abs(meanOfShares - pe.values.locales_internet!) > 0.1,
    "a mean of ratios would differ",
  );
  assert.equal(
    (await indicatorTable(store, { level: "province", ids: ["pobreza"] })).areas.length,
    196,
  );
  // Learning results are real (UMC); only what no public source covers is synthetic.
  assert.deepEqual(nation.synthetic, ["household_ict", "school_premises", "schools"]);
  assert.ok(nation.datasetVersions.poverty_2018?.match(/^[0-9a-f]{64}$/));
});

test("indicatorTable filters: rural schools only, one department only", async () => {
  const rural = await indicatorTable(store, {
    level: "nation",
    ids: ["locales_internet"],
    filters: { area: "rural" },
  });
  assert.ok(Math.abs(rural.areas[0]!.values.locales_internet! - 30) < 0.2);
  const loreto = await indicatorTable(store, {
    level: "district",
    ids: ["pobreza"],
    filters: { department: "16" },
  });
  assert.ok(loreto.areas.length > 40 && loreto.areas.every((a) => a.code.startsWith("16")));
});

test("inequalityReport decomposes district poverty by department and is reproducible", async () => {
  const report = await inequalityReport(store, { indicator: "pobreza", permutations: 99 });
  assert.equal(report.units, 1874);
  assert.equal(report.excluded, 17);
  assert.ok(Math.abs(report.theilT.between + report.theilT.within - report.theilT.total) < 1e-12);
  assert.ok(report.theilT.betweenShare > 0.3 && report.betweenShareTest.pValue <= 0.01);
  assert.ok(report.gini > 0.3 && report.gini < 0.5);
  const again = await inequalityReport(store, { indicator: "pobreza", permutations: 99 });
  assert.deepEqual(again, report);
  const internet = await inequalityReport(store, {
    indicator: "locales_internet",
    permutations: 0,
  });
  assert.ok(
    internet.concentration !== null && internet.concentration.index < 0,
    "connectivity concentrates in less poor districts",
  );
});

test("hotspots finds poverty clusters, lists the four contiguity islands and classifies every district", async () => {
  const report = await hotspots(store, { indicator: "pobreza", permutations: 199 });
  assert.ok(report.moran.I > 0.5 && report.moran.pPermutation <= 0.005);
  assert.deepEqual(report.islands, ["070105", "210103", "211302", "211305"]);
  assert.equal(
    Object.values(report.counts).reduce((a, b) => a + b, 0),
    1874,
  );
  assert.equal(report.counts.island, 4);
  assert.ok(report.counts["high-high"] > 50 && report.counts["low-low"] > 50);
  const linked = await hotspots(store, {
    indicator: "pobreza",
    permutations: 0,
    islands: "nearest",
  });
  assert.equal(linked.counts.island, 0);
  assert.equal(linked.islandLinks.length, 4);
});

test("districtTypology and gapReport describe districts in plain language", async () => {
  const typology = await districtTypology(store, { kMax: 5 });
  assert.equal(typology.districts.length + typology.excluded, 1891);
  assert.ok(
    typology.clusters.every(
      (c) =>
        c.description.es.startsWith("Distritos con") &&
        c.description.en.startsWith("Districts with"),
    ),
  );
  assert.ok(typology.loadings.pobreza! > 0, "the composite index grows with deprivation");
  const gap = await gapReport(store, "160101");
  assert.equal(gap.name, "Iquitos");
  const poverty = gap.lines.find((l) => l.indicator === "pobreza")!;
  assert.equal(poverty.rankInDepartment, 1);
  const trend = (id: string) => gap.lines.find((l) => l.indicator === id)?.trend?.length;
  // MINAM's rural share 2019-2023 is mirror-only; UMC's results 2016, 2018, 2024 ship with Brecha.
  if (REAL_MIRROR) assert.equal(trend("ruralidad"), 5);
  assert.equal(trend("lectura_satisfactorio"), 3);
  assert.ok(gap.largestGaps.length > 0);
  await assert.rejects(gapReport(store, "999999"), /not a ubigeo/);
  await assert.rejects(gapReport(store, "259999"), /no district with ubigeo 259999/);
});

test("brecha analyze prints the Theil decomposition and writes the LISA map", () => {
  const cli = (args: string[]) =>
    spawnSync(process.execPath, [join(REPO_ROOT, "bin/brecha.js"), "--home", dir.path, ...args], {
      encoding: "utf8",
      env: { ...process.env, BRECHA_LANG: "es" },
    });
  const inequality = cli(["analyze", "inequality", "pobreza", "--permutations", "99"]);
  assert.equal(inequality.status, 0, inequality.stderr);
  assert.match(
    inequality.stdout,
    /Theil T por departamento: entre 0\.\d+ \(\d+\.\d%\), dentro 0\.\d+/,
  );
  assert.match(inequality.stdout, /15 Lima/);
  const out = join(dir.path, "lisa.geojson");
  const hot = cli(["analyze", "hotspots", "pobreza", "--permutations", "99", "--out", out]);
  assert.equal(hot.status, 0, hot.stderr);
  assert.match(hot.stdout, /LISA \(FDR 0\.05\): alto-alto \d+/);
  const bad = cli(["analyze", "inequality", "no_such"]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown indicator "no_such"/);
});

test("figures are reproducible from pinned dataset versions", async () => {
  const versions = await store.versions("poverty_2018");
  const id = versions[0]!.versionId;
  const pinned = await inequalityReport(store, {
    indicator: "pobreza",
    permutations: 0,
    pin: { poverty_2018: id.slice(0, 12) },
  });
  const current = await inequalityReport(store, { indicator: "pobreza", permutations: 0 });
  assert.equal(pinned.datasetVersions.poverty_2018, id);
  assert.equal(pinned.gini, current.gini);
  await assert.rejects(
    indicatorTable(store, { level: "nation", pin: { poverty_2018: "ffffffff" } }),
    /no version of poverty_2018 starts with "ffffffff"/,
  );
});
