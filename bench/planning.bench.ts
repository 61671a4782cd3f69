import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  buildCoverage,
  greedyCover,
  parseOrlibPmed,
  solveMclp,
  solvePMedian,
} from "../src/optimise/index.ts";
import { normalizeTable, readRawTable, sourceById } from "../src/sources/index.ts";
import {
  REAL_DATA_DIR,
  REAL_DATA_MISSING,
  REFERENCE_DIR,
  REFERENCE_MISSING,
} from "../test/helpers/paths.ts";

export interface PMedianFigure {
  readonly instance: string;
  readonly n: number;
  readonly p: number;
  readonly optimum: number;
  readonly found: number;
  readonly bound: number;
  readonly gapPct: number;
  readonly proven: boolean;
  readonly provedBy: string;
  readonly ms: number;
}

/** OR-Library pmed instances given as "1-40" or "1,5,10" (BENCH_PMED), each with a 30 s limit. */
export async function benchPMedian(
  selection = process.env.BENCH_PMED ?? "1-40",
): Promise<PMedianFigure[]> {
  if (REFERENCE_MISSING) {
    console.log(`  (p-median skipped: ${REFERENCE_MISSING})`);
    return [];
  }
  const optima = new Map(
    readFileSync(join(REFERENCE_DIR, "orlib", "pmedopt.txt"), "utf8")
      .trim()
      .split("\n")
      .map((line) => line.trim().split(/\s+/))
      .filter((cells) => cells.length >= 2 && /\d/.test(cells[cells.length - 1]!))
      .map((cells) => [cells[0]!.replace(/\D/g, ""), Number(cells[cells.length - 1])] as const),
  );
  const ids = selection.split(",").flatMap((part) => {
    const [a, b] = part.split("-").map(Number) as [number, number | undefined];
    return b === undefined ? [a] : Array.from({ length: b - a + 1 }, (_, k) => a + k);
  });
  const figures: PMedianFigure[] = [];
  for (const k of ids) {
    const instance = parseOrlibPmed(
      readFileSync(join(REFERENCE_DIR, "orlib", `pmed${k}.txt`), "utf8"),
    );
    const started = performance.now();
    const result = await solvePMedian(
      { clients: instance.n, candidates: instance.n, cost: instance.distances, p: instance.p },
      { integerCosts: true, timeLimitS: 30 },
    );
    const ms = performance.now() - started;
    const figure = {
      instance: `pmed${k}`,
      n: instance.n,
      p: instance.p,
      optimum: optima.get(String(k)) ?? NaN,
      found: result.objective,
      bound: result.bound,
      gapPct: result.gap * 100,
      proven: result.proven,
      provedBy: result.provedBy,
      ms,
    };
    console.log(
      `  ${figure.instance.padEnd(7)} n=${String(figure.n).padEnd(4)} p=${String(figure.p).padEnd(4)} optimum ${figure.optimum} found ${figure.found}${figure.found === figure.optimum ? " =" : " ≠"} bound ${figure.bound.toFixed(1)} gap ${figure.gapPct.toFixed(3)}% ${figure.proven ? `proven (${figure.provedBy})` : "not proven"} ${(ms / 1000).toFixed(1)} s`,
    );
    figures.push(figure);
  }
  return figures;
}

export interface McLpFigure {
  readonly name: string;
  readonly demand: number;
  readonly candidates: number;
  readonly p: number;
  readonly coveredPct: number;
  readonly gapPct: number;
  readonly provedBy: string;
  readonly ms: number;
  readonly greedyMs: number;
  readonly greedyGapPct: number;
}

/** The national instance: 94,922 populated places, the 5,000 most populous as candidates, p = 100. */
export async function benchNationalMclp(): Promise<McLpFigure[]> {
  if (REAL_DATA_MISSING) {
    console.log(`  (national MCLP skipped: ${REAL_DATA_MISSING})`);
    return [];
  }
  const read = (id: string, file: string) =>
    normalizeTable(sourceById(id)!, readRawTable(file, readFileSync(join(REAL_DATA_DIR, file))), {
      file,
    });
  const places = read("centros-poblados", "ubigeo_centros_poblados.csv");
  const districts = read("inei-distritos", "inei_distritos_2025_poblacion_proyectada.csv");
  const boundaries = read("limites-distritos", "peru_distritos_1891_mapsperu.geojson");
  const col = (t: ReturnType<typeof read>, name: string) =>
    t.columns.findIndex((c) => c.name === name);
  const population = new Map(
    districts.rows.map((r) => [
      r[col(districts, "ubigeo")] as string,
      r[col(districts, "poblacion_2025")] as number,
    ]),
  );
  const region = new Map(
    boundaries.rows.map((r) => [
      r[col(boundaries, "ubigeo")] as string,
      r[col(boundaries, "region_natural")] as string,
    ]),
  );
  const ubigeo = places.rows.map((r) => r[col(places, "ubigeo")] as string);
  const count = new Map<string, number>();
  for (const u of ubigeo) count.set(u, (count.get(u) ?? 0) + 1);
  const demand = places.rows.map(
    (r) => [r[col(places, "longitud")] as number, r[col(places, "latitud")] as number] as const,
  );
  const weights = ubigeo.map((u) => (population.get(u) ?? 0) / count.get(u)!);
  const factors: Record<string, number> = { Costa: 1.2, Sierra: 1.6, Selva: 2.0 };
  const terrainFactor = ubigeo.map((u) => factors[region.get(u) ?? ""] ?? 1.5);
  const sites = weights
    .map((_, i) => i)
    .sort((a, b) => weights[b]! - weights[a]! || a - b)
    .slice(0, 5000)
    .map((i) => demand[i]!);
  const coverage = buildCoverage({ demand, sites, radiusKm: 10, terrainFactor });
  const g0 = performance.now();
  const greedyOpen = greedyCover(coverage, weights, 100);
  const greedyMs = performance.now() - g0;
  const started = performance.now();
  const result = await solveMclp(coverage, weights, 100, { maxGap: 0.005, timeLimitS: 60 });
  const ms = performance.now() - started;
  let greedyCovered = 0;
  const seen = new Uint8Array(demand.length);
  for (const j of greedyOpen)
    for (let k = coverage.starts[j]!; k < coverage.starts[j + 1]!; k++)
      if (!seen[coverage.points[k]!]) {
        seen[coverage.points[k]!] = 1;
        greedyCovered += weights[coverage.points[k]!]!;
      }
  return [
    {
      name: "National MCLP, 10 km terrain-adjusted",
      demand: demand.length,
      candidates: sites.length,
      p: 100,
      coveredPct: (100 * result.covered) / result.totalDemand,
      gapPct: result.gap * 100,
      provedBy: result.provedBy,
      ms,
      greedyMs,
      greedyGapPct: (100 * (result.bound - greedyCovered)) / result.bound,
    },
  ];
}
