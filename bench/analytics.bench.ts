import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import {
  atkinson,
  coefficientOfVariation,
  concentrationIndex,
  contiguityWeights,
  gini,
  localMoran,
  moran,
  quantileRatio,
  rowStandardize,
  shareRatio,
  theilDecomposition,
  type PolygonGeometry,
} from "../src/analytics/index.ts";
import { createRandom } from "../src/domain/index.ts";
import { normalizeTable, readRawTable, sourceById } from "../src/sources/index.ts";
import { generatePadronRows } from "../test/helpers/generate-padron.ts";
import { squareGrid } from "../test/helpers/grid.ts";
import { REAL_DATA_DIR, REAL_DATA_MISSING } from "../test/helpers/paths.ts";

export interface AnalyticsFigure {
  readonly name: string;
  readonly ms: number;
  readonly baseline: string;
  readonly baselineMs: number | null;
  readonly target: string;
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function time(runs: number, task: () => void): number {
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const started = performance.now();
    task();
    times.push(performance.now() - started);
  }
  return median(times);
}

/** District altitude over the 1,891 real boundaries, or a 44 × 43 grid when the files are absent. */
function districtsForLisa(): {
  label: string;
  ids: string[];
  geometries: PolygonGeometry[];
  values: number[];
} {
  if (REAL_DATA_MISSING) {
    const { ids, geometries } = squareGrid(44, 43);
    const random = createRandom(3);
    const values = ids.map(
      (id) => id.split(",").reduce((sum, v) => sum + Number(v), 0) + random() * 10,
    );
    return { label: "1,892-cell grid (real boundaries absent)", ids, geometries, values };
  }
  const read = (id: string, file: string) =>
    normalizeTable(sourceById(id)!, readRawTable(file, readFileSync(join(REAL_DATA_DIR, file))), {
      file,
    });
  const boundaries = read("limites-distritos", "peru_distritos_1891_mapsperu.geojson");
  const districts = read("inei-distritos", "inei_distritos_2025_poblacion_proyectada.csv");
  const col = (t: ReturnType<typeof read>, name: string) =>
    t.columns.findIndex((c) => c.name === name);
  const altitude = new Map(
    districts.rows.map((r) => [
      r[col(districts, "ubigeo")] as string,
      r[col(districts, "altitud_m")] as number,
    ]),
  );
  const ids = boundaries.rows.map((r) => r[col(boundaries, "ubigeo")] as string);
  return {
    label: "1,891 districts, altitude, queen contiguity",
    ids,
    geometries: boundaries.rows.map(
      (r) => JSON.parse(r[col(boundaries, "geometry")] as string) as PolygonGeometry,
    ),
    values: ids.map((id) => altitude.get(id) ?? 0),
  };
}

export async function benchAnalytics({ runs }: { runs: number }): Promise<AnalyticsFigure[]> {
  const figures: AnalyticsFigure[] = [];
  const lisaInput = districtsForLisa();
  const w = rowStandardize(contiguityWeights(lisaInput.ids, lisaInput.geometries));
  const lisaMs = time(runs, () => localMoran(lisaInput.values, w, { permutations: 999, seed: 1 }));
  const globalMs = time(runs, () => moran(lisaInput.values, w, { permutations: 999, seed: 1 }));
  figures.push({
    name: `LISA, 999 conditional permutations, ${lisaInput.label}`,
    ms: lisaMs,
    baseline: "global Moran, 999 permutations",
    baselineMs: globalMs,
    target: "< 2 s",
  });
  const weightsMs = time(runs, () => contiguityWeights(lisaInput.ids, lisaInput.geometries));
  figures.push({
    name: "Queen contiguity weights from the boundaries",
    ms: weightsMs,
    baseline: "-",
    baselineMs: null,
    target: "-",
  });

  // Students of 180,000 schools, grouped by department, ranked by a random "poverty".
  const rows = generatePadronRows(180_000, 11);
  const students = rows.map((r) => Math.max(1, Number(r[14])));
  const groups = rows.map((r) => r[8]!.slice(0, 2));
  const random = createRandom(5);
  const rank = students.map(() => random());
  const indicesMs = time(runs, () => {
    gini(students);
    theilDecomposition(students, groups, { kind: "T" });
    theilDecomposition(students, groups, { kind: "L" });
    for (const e of [0.5, 1, 2]) atkinson(students, e);
    coefficientOfVariation(students);
    quantileRatio(students);
    shareRatio(students);
    concentrationIndex(students, rank);
  });
  // Baseline: DuckDB computing Gini (by ranks) and the Theil T decomposition in SQL on the same values.
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  await connection.run("CREATE TABLE s (y DOUBLE, g VARCHAR)");
  const appender = await connection.createAppender("s");
  students.forEach((y, i) => {
    appender.appendDouble(y);
    appender.appendVarchar(groups[i]!);
    appender.endRow();
  });
  appender.closeSync();
  const sql = `WITH m AS (SELECT avg(y) AS mu, count(*) AS n FROM s),
    gi AS (SELECT sum((2 * rn - n - 1) * y) / (n * n * mu) AS gini FROM (SELECT y, row_number() OVER (ORDER BY y) AS rn FROM s), m GROUP BY n, mu),
    grp AS (SELECT g, count(*) AS ng, avg(y) AS mug FROM s GROUP BY g)
    SELECT (SELECT gini FROM gi) AS gini,
           (SELECT avg((y / mu) * ln(y / mu)) FROM s, m) AS theil,
           (SELECT sum(ng / n * (mug / mu) * ln(mug / mu)) FROM grp, m) AS between_t`;
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const started = performance.now();
    await connection.runAndReadAll(sql);
    times.push(performance.now() - started);
  }
  connection.closeSync();
  instance.closeSync();
  figures.push({
    name: "All inequality indices over 180,000 schools (Gini, Theil T and L decomposed by 25 groups, Atkinson x3, CV, P90/P10, S80/S20, concentration)",
    ms: indicesMs,
    baseline: "DuckDB SQL: Gini + Theil T + between-group T only",
    baselineMs: median(times),
    target: "< 200 ms",
  });
  return figures;
}
