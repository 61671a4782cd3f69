import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { readSourceFile, sourceById } from "../src/sources/index.ts";
import { openStore } from "../src/storage/index.ts";
import { ingestFile } from "../src/tables/index.ts";
import { generatePadronRows, toCp850Dbf, toLatin1Csv } from "../test/helpers/generate-padron.ts";
import { REAL_DATA_DIR, REAL_DATA_MISSING } from "../test/helpers/paths.ts";

export interface IngestFigure {
  readonly name: string;
  readonly rows: number;
  readonly megabytes: number;
  readonly brechaMs: number;
  readonly duckdbMs: number | null;
  readonly target: string;
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Brecha's full ingest (read, validate, quarantine, hash, publish) into a fresh store. */
async function timeIngest(
  dir: string,
  sourceId: string,
  path: string,
): Promise<{ ms: number; rows: number }> {
  const home = join(dir, `ws-${Math.random().toString(36).slice(2)}`);
  mkdirSync(home, { recursive: true });
  const store = await openStore(join(home, "brecha.duckdb"));
  try {
    const started = performance.now();
    const file = readSourceFile(path);
    const report = await ingestFile(store, sourceById(sourceId)!, file, { maxBadRowShare: 0.05 });
    return { ms: performance.now() - started, rows: report.provenance.rowsPublished };
  } finally {
    await store.close();
    rmSync(home, { recursive: true, force: true });
  }
}

/** The baseline: DuckDB's own CSV reader loading the same file into a table of the same engine,
 * in this process. The only file outside storage/ that uses DuckDB directly, because it measures
 * DuckDB itself. */
async function timeDuckdbReadCsv(dir: string, path: string, options: string): Promise<number> {
  const dbPath = join(dir, `baseline-${Math.random().toString(36).slice(2)}.duckdb`);
  const instance = await DuckDBInstance.create(dbPath);
  const connection = await instance.connect();
  try {
    const started = performance.now();
    await connection.run(
      `CREATE TABLE t AS SELECT * FROM read_csv('${path.replace(/'/g, "''")}', header = true${options})`,
    );
    return performance.now() - started;
  } finally {
    connection.closeSync();
    instance.closeSync();
    rmSync(dbPath, { force: true });
    rmSync(`${dbPath}.wal`, { force: true });
  }
}

async function measure(
  dir: string,
  name: string,
  sourceId: string,
  path: string,
  target: string,
  duckdbOptions: string | null,
  runs: number,
): Promise<IngestFigure> {
  const brecha: number[] = [];
  const duck: number[] = [];
  let rows = 0;
  for (let k = 0; k < runs; k++) {
    // Alternate the two so that both see the same machine state.
    const run = await timeIngest(dir, sourceId, path);
    brecha.push(run.ms);
    rows = run.rows;
    if (duckdbOptions !== null) duck.push(await timeDuckdbReadCsv(dir, path, duckdbOptions));
  }
  return {
    name,
    rows,
    megabytes: statSync(path).size / 1e6,
    brechaMs: median(brecha),
    duckdbMs: duck.length ? median(duck) : null,
    target,
  };
}

export async function benchIngest({
  dir,
  runs,
}: {
  dir: string;
  runs: number;
}): Promise<IngestFigure[]> {
  const figures: IngestFigure[] = [];
  if (REAL_DATA_MISSING) {
    console.log(`  (real files skipped: ${REAL_DATA_MISSING})`);
  } else {
    const real = (file: string) => join(REAL_DATA_DIR, file);
    figures.push(
      await measure(
        dir,
        "INEI districts 2025 (CSV ;, BOM)",
        "inei-distritos",
        real("inei_distritos_2025_poblacion_proyectada.csv"),
        "-",
        "",
        runs,
      ),
    );
    figures.push(
      await measure(
        dir,
        "MINAM urban/rural 2019-2023 (CSV ;, 5-digit ubigeos)",
        "minam-poblacion",
        real("minam_poblacion_urbana_rural_residuos_distrital_2019_2023.csv"),
        "-",
        "",
        runs,
      ),
    );
    figures.push(
      await measure(
        dir,
        "Populated places (94,922 rows)",
        "centros-poblados",
        real("ubigeo_centros_poblados.csv"),
        "< 1 s",
        "",
        runs,
      ),
    );
    figures.push(
      await measure(
        dir,
        "District boundaries (GeoJSON, 5.9 MB)",
        "limites-distritos",
        real("peru_distritos_1891_mapsperu.geojson"),
        "-",
        null,
        runs,
      ),
    );
  }
  const rows = generatePadronRows(180_000);
  const csv = join(dir, "padron_180k_latin1.csv");
  const dbf = join(dir, "padron_180k_cp850.dbf");
  writeFileSync(csv, toLatin1Csv(rows));
  writeFileSync(dbf, toCp850Dbf(rows));
  figures.push(
    await measure(
      dir,
      "Padrón 180,000 x 45, Latin-1 CSV",
      "padron",
      csv,
      "< 3 s, <= 2x DuckDB",
      ", encoding = 'latin-1'",
      runs,
    ),
  );
  figures.push(
    await measure(dir, "Padrón 180,000 x 45, CP850 DBF", "padron", dbf, "-", null, runs),
  );
  return figures;
}
