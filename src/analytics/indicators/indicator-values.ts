import { z } from "zod";
import { departmentName } from "../../domain/index.ts";
import { NotFoundError, UsageError } from "../../errors/index.ts";
import type { Store } from "../../storage/index.ts";
import { baseTableSql, publishedDatasets, type IndicatorFilters } from "./base-table.ts";
import { INDICATORS, indicatorById, type Indicator } from "./catalogue.ts";

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
  readonly filters: IndicatorFilters;
}

const KEY: Record<Level, string> = {
  nation: "'PE'",
  department: "b.ubigeo_departamento",
  province: "b.ubigeo_provincia",
  district: "b.ubigeo",
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
  const { sql: base, params } = baseTableSql(available, filters, store.dialect);
  const text = `CAST(NULL AS ${store.dialect.columnType("text")})`;
  const key = KEY[level];
  const names =
    level === "district"
      ? "max(b.distrito) AS name, max(b.ubigeo_departamento) AS department, max(b.ubigeo_provincia) AS province"
      : level === "province"
        ? `max(b.provincia) AS name, max(b.ubigeo_departamento) AS department, ${text} AS province`
        : level === "department"
          ? `max(b.departamento) AS name, ${text} AS department, ${text} AS province`
          : `'Perú' AS name, ${text} AS department, ${text} AS province`;
  // The engine's nullable double: a district with no data has a NULL sum.
  const double = store.dialect.columnType("double");
  const measures = usable.flatMap((i, k) => [
    `CAST(sum(${i.numerator}) AS ${double}) AS n${k}`,
    i.denominator === null
      ? `CAST(count(*) AS ${double}) AS w${k}`
      : `CAST(sum(${i.denominator}) AS ${double}) AS w${k}`,
  ]);
  if (shadows.length > 0 && !store.dialect.supportsCte)
    throw new UsageError(
      "BRECHA_USAGE",
      `pinning dataset versions needs an engine with common table expressions; ${store.engine} here has none`,
    );
  const select = `SELECT ${key} AS code, ${names}${measures.length ? `, ${measures.join(", ")}` : ""}`;
  const sql = store.dialect.supportsCte
    ? `WITH ${shadows.map((s) => `${s}, `).join("")}b AS (${base}) ${select} FROM b GROUP BY ${key} ORDER BY code`
    : `${select} FROM (${base}) AS b GROUP BY ${key} ORDER BY code`;
  const shape = z.record(z.string(), z.union([z.string(), z.number(), z.null()]));
  const rows = await store.query(sql, shape, params);
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
    };
  });
  const used = new Set(
    usable.flatMap((i) => i.datasets).concat(available.has("districts") ? ["districts"] : []),
  );
  return {
    level,
    indicators: usable,
    unavailable,
    areas,
    datasetVersions: Object.fromEntries(Object.entries(versions).filter(([d]) => used.has(d))),
    synthetic: [...used].filter((d) => synthetic.has(d)).sort(),
    filters,
  };
}
