import { join } from "node:path";
import { z } from "zod";
import { openClickHouseStore, openStore, sql, type Sql, type Store } from "../src/storage/index.ts";
import { CLICKHOUSE_MISSING, startClickHouse } from "../test/helpers/clickhouse-server.ts";

export interface ScaleFigure {
  readonly query: string;
  readonly rows: number;
  readonly groups: number;
  readonly duckdbMs: number;
  readonly clickhouseMs: number;
  readonly same: boolean;
}

// A school-year table: one row per school and year, generated in each engine by the same formula
// (1,874 district codes, years 2015-2024, students, teachers, rural), so both hold identical data.
const COLUMNS = (
  n: string,
): string => `substr(CAST(1000000 + 10101 + (${n} % 1874) * 7 AS VARCHAR), 2, 6) AS ubigeo,
  2015 + (${n} % 10) AS anio,
  (${n} * 7919) % 300 AS alumnos,
  1 + (${n} * 104729) % 20 AS docentes,
  (${n} * 31) % 100 < 30 AS rural`;

// The district aggregations, written once and sent unchanged to both stores.
const QUERIES = [
  {
    name: "district totals, one year",
    sql: sql`SELECT ubigeo, count(*) AS services, sum(alumnos) AS students, sum(docentes) AS teachers,
            sum(CASE WHEN rural THEN alumnos ELSE 0 END) AS rural_students
          FROM school_year WHERE anio = ${sql.value(2024)} GROUP BY ubigeo ORDER BY ubigeo`,
  },
  {
    name: "district × year, all years",
    sql: sql`SELECT ubigeo, anio, count(*) AS services, sum(alumnos) AS students, sum(docentes) AS teachers,
            sum(CASE WHEN rural THEN alumnos ELSE 0 END) AS rural_students
          FROM school_year GROUP BY ubigeo, anio ORDER BY ubigeo, anio`,
  },
];
const ROW = z.object({
  ubigeo: z.string(),
  anio: z.number().optional(),
  services: z.number(),
  students: z.number(),
  teachers: z.number(),
  rural_students: z.number(),
});

async function time(store: Store, query: Sql, runs: number) {
  let best = Infinity;
  let rows: Array<z.infer<typeof ROW>> = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    rows = await store.query(query, ROW);
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: best, rows };
}

/**
 * The same district aggregation over a `rows`-row school-year table on embedded DuckDB and on a
 * two-shard ClickHouse cluster (two server processes on loopback, a Distributed table over a
 * MergeTree table on each), through the Store interface; best of `runs`.
 */
export async function benchScale(
  dir: string,
  rows = 20_000_000,
  runs = 3,
): Promise<{
  figures: ScaleFigure[];
  loadMs: { duckdb: number; clickhouse: number };
} | null> {
  if (CLICKHOUSE_MISSING) return null;
  const duck = await openStore(join(dir, "scale.duckdb"));
  let t0 = performance.now();
  // The generating formula is the bench's own constant text.
  await duck.query(
    sql.trusted(`CREATE TABLE school_year AS SELECT ${COLUMNS("n")} FROM range(${rows}) t(n)`),
    z.unknown(),
  );
  const duckLoad = performance.now() - t0;
  const cluster = await startClickHouse(2);
  try {
    const run = async (url: string, sql: string) => {
      const r = await fetch(url, { method: "POST", body: sql });
      if (!r.ok) throw new Error(`${url}: ${await r.text()}`);
    };
    const columns = "ubigeo String, anio Int64, alumnos Int64, docentes Int64, rural UInt8";
    t0 = performance.now();
    for (const [shard, url] of cluster.urls.entries()) {
      await run(
        url,
        `CREATE TABLE school_year_local (${columns}) ENGINE = MergeTree() ORDER BY (ubigeo, anio)`,
      );
      await run(
        url,
        `CREATE TABLE school_year (${columns}) ENGINE = Distributed(${cluster.cluster}, default, school_year_local, rand())`,
      );
      // Each shard generates its half (rows with number % 2 = shard) in place.
      await run(
        url,
        `INSERT INTO school_year_local SELECT ${COLUMNS("number").replace("AS VARCHAR", "AS String")} FROM numbers(${rows}) WHERE number % 2 = ${shard}`,
      );
    }
    const clickLoad = performance.now() - t0;
    const click = await openClickHouseStore({
      urls: cluster.urls,
      cluster: cluster.cluster,
      readOnly: true,
    });
    const figures: ScaleFigure[] = [];
    try {
      for (const q of QUERIES) {
        const d = await time(duck, q.sql, runs);
        const c = await time(click, q.sql, runs);
        figures.push({
          query: q.name,
          rows,
          groups: d.rows.length,
          duckdbMs: d.ms,
          clickhouseMs: c.ms,
          same: JSON.stringify(d.rows) === JSON.stringify(c.rows),
        });
      }
    } finally {
      await click.close();
    }
    return { figures, loadMs: { duckdb: duckLoad, clickhouse: clickLoad } };
  } finally {
    await duck.close();
    await cluster.stop();
  }
}
