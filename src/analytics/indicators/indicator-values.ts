import { z } from "zod";
import { departmentName } from "../../domain/index.ts";
import { NotFoundError, UsageError } from "../../errors/index.ts";
import { sql, type Sql, type Store } from "../../storage/index.ts";
import { baseTableSql, publishedDatasets, type IndicatorFilters } from "./base-table.ts";
import { INDICATORS, indicatorById, type Indicator, type Series } from "./catalogue.ts";

export type Level = "nation" | "department" | "province" | "district";

export interface AreaValues {
  readonly code: string;
  readonly name: string | null;
  readonly department: string | null;
  readonly province: string | null;
  /** Indicator values by id (null where the inputs are missing). */
  readonly values: Readonly<Record<string, number | null>>;
  /** The denominators: the natural frequency weight of each indicator in this area (1 for sums). */
  readonly weights: Readonly<Record<string, number | null>>;
  /** Values that are the publisher's own figure rather than an aggregate of districts:
   * `official` (UMC's regional or national result), `official-combined` (Lima: its two DREs
   * weighted by population). */
  readonly basis?: Readonly<Record<string, "official" | "official-combined">>;
  /** Ids of this area's values that come from synthetic demo data. */
  readonly synthetic: readonly string[];
}

export interface IndicatorTable {
  readonly level: Level;
  readonly indicators: readonly Indicator[];
  readonly unavailable: ReadonlyArray<{ id: string; missing: string[] }>;
  readonly areas: readonly AreaValues[];
  /** The dataset versions the figures come from: the same versions give the same figures. */
  readonly datasetVersions: Readonly<Record<string, string>>;
  /** Datasets among those used that are synthetic demo data. */
  readonly synthetic: readonly string[];
  /** Indicators whose every value comes from synthetic demo data. */
  readonly syntheticIndicators: readonly string[];
  /** For indicators measured in several years: the year shown and the years available. */
  readonly years: Readonly<Record<string, { year: number | null; available: number[] }>>;
  readonly filters: IndicatorFilters;
}

const KEY: Record<Level, Sql> = {
  nation: sql`'PE'`,
  department: sql`b.ubigeo_departamento`,
  province: sql`b.ubigeo_provincia`,
  district: sql`b.ubigeo`,
};

const NAMES: Record<Level, Sql> = {
  district: sql`max(b.distrito) AS name, max(b.ubigeo_departamento) AS department, max(b.ubigeo_provincia) AS province`,
  province: sql`max(b.provincia) AS name, max(b.ubigeo_departamento) AS department, ${sql.nullOf("text")} AS province`,
  department: sql`max(b.departamento) AS name, ${sql.nullOf("text")} AS department, ${sql.nullOf("text")} AS province`,
  nation: sql`'Perú' AS name, ${sql.nullOf("text")} AS department, ${sql.nullOf("text")} AS province`,
};

/**
 * Computes indicators at a level, as ratios of sums over the districts it contains, from the
 * current dataset versions or from versions pinned by id (`pin: { poverty_2018: "c87bb534" }`).
 *
 * @example await indicatorTable(store, { level: "department", ids: ["pobreza", "locales_internet"] })
 */
export async function indicatorTable(
  store: Store,
  {
    level,
    ids,
    filters = {},
    pin = {},
  }: {
    level: Level;
    ids?: readonly string[];
    filters?: IndicatorFilters;
    pin?: Readonly<Record<string, string>>;
  },
): Promise<IndicatorTable> {
  const requested = (ids ?? INDICATORS.map((i) => i.id)).map((id) => {
    const indicator = indicatorById(id);
    if (!indicator)
      throw new UsageError(
        "BRECHA_USAGE",
        `unknown indicator "${id}"; known: ${INDICATORS.map((i) => i.id).join(", ")}`,
      );
    return indicator;
  });
  const { available, synthetic, versions, shadows } = await publishedDatasets(store, pin);
  if (!available.has("districts") && !available.has("schools")) {
    throw new NotFoundError(
      "BRECHA_NOT_FOUND",
      "the workspace has neither a district list nor schools: run `brecha up` first",
    );
  }
  const usable = requested.filter((i) => i.datasets.every((d) => available.has(d)));
  const unavailable = requested
    .filter((i) => !usable.includes(i))
    .map((i) => ({ id: i.id, missing: i.datasets.filter((d) => !available.has(d)) }));
  const seriesYears = await availableYears(store, available);
  if (filters.year !== undefined) {
    const yearly = requested.filter((i) => i.series !== undefined);
    if (yearly.length > 0 && !yearly.some((i) => seriesYears[i.series!].includes(filters.year!)))
      throw new UsageError(
        "BRECHA_USAGE",
        `no data for ${filters.year}: ${yearly
          .map((i) => `${i.id} has ${seriesYears[i.series!].join(", ") || "no year loaded"}`)
          .join("; ")}`,
      );
  }
  const base = baseTableSql(available, filters, store.dialect);
  const key = KEY[level];
  // The engine's nullable double: a district with no data has a NULL sum. The numerators and
  // denominators are the catalogue's own SQL expressions, constants of the code.
  const double = sql.type("double");
  const measures = usable.flatMap((i, k) => [
    sql`CAST(sum(${sql.trusted(i.numerator)}) AS ${double}) AS ${sql.id(`n${k}`)}`,
    i.denominator === null
      ? sql`CAST(count(*) AS ${double}) AS ${sql.id(`w${k}`)}`
      : sql`CAST(sum(${sql.trusted(i.denominator)}) AS ${double}) AS ${sql.id(`w${k}`)}`,
  ]);
  if (shadows.length > 0 && !store.dialect.supportsCte)
    throw new UsageError(
      "BRECHA_USAGE",
      `pinning dataset versions needs an engine with common table expressions; ${store.engine} here has none`,
    );
  const select = sql`SELECT ${key} AS code, ${NAMES[level]}${measures.length ? sql`, ${sql.join(measures)}` : sql.empty}`;
  const query = store.dialect.supportsCte
    ? sql`WITH ${sql.join(
        shadows.map((s) => sql`${s}, `),
        sql.empty,
      )}b AS (${base}) ${select} FROM b GROUP BY ${key} ORDER BY code`
    : sql`${select} FROM (${base}) AS b GROUP BY ${key} ORDER BY code`;
  const shape = z.record(z.string(), z.union([z.string(), z.number(), z.null()]));
  const syntheticIds = usable
    .filter((i) => i.datasets.some((d) => synthetic.has(d)))
    .map((i) => i.id);
  const rows = await store.query(query, shape);
  const areas = rows.map((row): AreaValues => {
    const values: Record<string, number | null> = {};
    const weights: Record<string, number | null> = {};
    usable.forEach((indicator, k) => {
      const n = row[`n${k}`] as number | null;
      const w = row[`w${k}`] as number | null;
      if (indicator.denominator === null) {
        values[indicator.id] = n;
        weights[indicator.id] = 1;
      } else {
        values[indicator.id] =
          n === null || w === null || w === 0 ? null : (indicator.scale * n) / w;
        weights[indicator.id] = w;
      }
    });
    const code = String(row.code);
    const name =
      row.name === null
        ? level === "department"
          ? (departmentName(code) ?? null)
          : null
        : String(row.name);
    return {
      code,
      name,
      department: row.department === null ? null : String(row.department),
      province: row.province === null ? null : String(row.province),
      values,
      weights,
      synthetic: syntheticIds.filter((id) => values[id] !== null && values[id] !== undefined),
    };
  });
  const used = new Set(
    usable.flatMap((i) => i.datasets).concat(available.has("districts") ? ["districts"] : []),
  );
  const years = Object.fromEntries(
    usable
      .filter((i) => i.series !== undefined)
      .map((i) => {
        const list = seriesYears[i.series!];
        return [i.id, { year: filters.year ?? list.at(-1) ?? null, available: list }];
      }),
  );
  const official = usable.filter((i) => i.official !== undefined);
  const withOfficial =
    (level === "department" || level === "nation") &&
    official.length > 0 &&
    available.has("learning_outcomes_official") &&
    !synthetic.has("learning_outcomes_official")
      ? await officialValues(store, level, official, years, areas)
      : areas;
  if (withOfficial !== areas) used.add("learning_outcomes_official");
  return {
    level,
    indicators: usable,
    unavailable,
    areas: withOfficial,
    datasetVersions: Object.fromEntries(Object.entries(versions).filter(([d]) => used.has(d))),
    synthetic: [...used].filter((d) => synthetic.has(d)).sort(),
    syntheticIndicators: syntheticIds,
    years,
    filters,
  };
}

/** An indicator of the catalogue with what the workspace can say about it now. */
export interface CatalogueEntry extends Indicator {
  readonly available: boolean;
  /** Datasets it needs that have no published version. */
  readonly missing: readonly string[];
  /** Its values come from synthetic demo data. */
  readonly synthetic: boolean;
  /** Years it can be shown for (indicators measured in several years), ascending. */
  readonly years: readonly number[];
}

/** The indicator catalogue with availability, synthetic flags and years in this workspace. */
export async function indicatorCatalogue(store: Store): Promise<CatalogueEntry[]> {
  const { available, synthetic } = await publishedDatasets(store);
  const years = await availableYears(store, available);
  return INDICATORS.map((i) => ({
    ...i,
    available: i.datasets.every((d) => available.has(d)),
    missing: i.datasets.filter((d) => !available.has(d)),
    synthetic: i.datasets.some((d) => synthetic.has(d)),
    years: i.series === undefined ? [] : years[i.series],
  }));
}

const YEAR = z.object({ series: z.string(), anio: z.coerce.number() });

/** The years each series has in the workspace, ascending. */
async function availableYears(
  store: Store,
  available: ReadonlySet<string>,
): Promise<Record<Series, number[]>> {
  const parts: Sql[] = [];
  if (available.has("learning_outcomes"))
    parts.push(
      sql`SELECT DISTINCT CASE WHEN grado = '2S' THEN 'umc_2s' ELSE 'umc_4p' END AS series, anio FROM learning_outcomes WHERE grado IN ('4P', '2S') AND anio IS NOT NULL`,
    );
  if (available.has("population_urban_rural"))
    parts.push(sql`SELECT DISTINCT 'minam' AS series, anio FROM population_urban_rural`);
  const rows = parts.length ? await store.query(sql.join(parts, sql` UNION ALL `), YEAR) : [];
  const out: Record<Series, number[]> = { umc_4p: [], umc_2s: [], minam: [] };
  for (const r of rows) out[r.series as Series].push(r.anio);
  for (const list of Object.values(out)) list.sort((a, b) => a - b);
  return out;
}

const OFFICIAL = z.object({
  ambito: z.string(),
  ubigeo: z.string().nullable(),
  categoria: z.string(),
  area: z.string(),
  anio: z.coerce.number(),
  sat: z.number().nullable(),
  bajo: z.number().nullable(),
});
export type OfficialResult = z.infer<typeof OFFICIAL>;

/** UMC's official 4th-primary results by DRE and stratum, every year: `sat` is % satisfactorio,
 * `bajo` % en inicio or previo (2024 only). */
export async function officialResults(store: Store): Promise<OfficialResult[]> {
  return store.query(
    sql`SELECT ambito, ubigeo, categoria, area, anio, pct_satisfactorio AS sat,
            pct_previo_inicio + pct_en_inicio AS bajo
     FROM learning_outcomes_official WHERE grado = '4P' ORDER BY anio`,
    OFFICIAL,
  );
}

/**
 * Replaces department and national values of UMC indicators with UMC's own regional and national
 * results for the year shown. Lima (15) has two DREs, Lima Metropolitana (province 1501) and Lima
 * Provincias (the rest): its value is their mean weighted by 2025 population. Where UMC gives no
 * figure, the aggregate of districts stays.
 */
async function officialValues(
  store: Store,
  level: "department" | "nation",
  indicators: readonly Indicator[],
  years: Readonly<Record<string, { year: number | null }>>,
  areas: readonly AreaValues[],
): Promise<AreaValues[]> {
  const rows = await officialResults(store);
  const lima = await store.query(
    sql`SELECT sum(CASE WHEN ubigeo_provincia = '1501' THEN poblacion_2025 ELSE 0 END) AS metro,
            sum(CASE WHEN ubigeo_provincia <> '1501' THEN poblacion_2025 ELSE 0 END) AS rest
     FROM districts WHERE ubigeo_departamento = '15'`,
    z.object({ metro: z.coerce.number().nullable(), rest: z.coerce.number().nullable() }),
  );
  const metro = lima[0]?.metro ?? 0;
  const rest = lima[0]?.rest ?? 0;
  const pick = (
    indicator: Indicator,
    where: (r: z.infer<typeof OFFICIAL>) => boolean,
  ): number | null => {
    const year = years[indicator.id]?.year;
    const row = rows.find(
      (r) => r.anio === year && r.area === indicator.official!.area && where(r),
    );
    if (row === undefined) return null;
    return indicator.official!.measure === "satisfactorio" ? row.sat : row.bajo;
  };
  return areas.map((area) => {
    const values = { ...area.values };
    const basis: Record<string, "official" | "official-combined"> = { ...area.basis };
    for (const indicator of indicators) {
      let value: number | null = null;
      let kind: "official" | "official-combined" = "official";
      if (level === "nation") {
        value = pick(indicator, (r) => r.ambito === "estrato" && r.categoria === "nacional");
      } else if (area.code === "15") {
        const lm = pick(indicator, (r) => r.ambito === "lima_metropolitana");
        const lp = pick(indicator, (r) => r.ambito === "lima_provincias");
        if (lm !== null && lp !== null && metro + rest > 0) {
          value = (lm * metro + lp * rest) / (metro + rest);
          kind = "official-combined";
        }
      } else {
        value = pick(indicator, (r) => r.ambito === "departamento" && r.ubigeo === area.code);
      }
      if (value !== null) {
        values[indicator.id] = value;
        basis[indicator.id] = kind;
      }
    }
    return { ...area, values, basis };
  });
}
