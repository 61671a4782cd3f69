import { z } from "zod";
import { parseUbigeo } from "../../domain/index.ts";
import { NotFoundError, UsageError } from "../../errors/index.ts";
import type { Bilingual } from "../../sources/index.ts";
import { sql, type Store } from "../../storage/index.ts";
import {
  indicatorTable,
  officialResults,
  type Direction,
  type IndicatorTable,
  type Level,
} from "../indicators/index.ts";

export interface GapLine {
  readonly indicator: string;
  readonly name: Bilingual;
  readonly unit: string;
  readonly direction: Direction;
  readonly value: number | null;
  readonly department: number | null;
  readonly nation: number | null;
  /** 1 = best among the areas of its level nationally (by the indicator's direction). */
  readonly rankNational: number | null;
  readonly rankInDepartment: number | null;
  readonly peers: number;
  /** Standardised gap to the nation, signed so that positive is worse. */
  readonly gapZ: number | null;
  readonly trend: ReadonlyArray<{ year: number; value: number }> | null;
  /** The year of the value, for indicators measured in several years. */
  readonly year: number | null;
  /** The value comes from synthetic demo data. */
  readonly synthetic: boolean;
  /** The value is the publisher's own figure (UMC's regional result), not an aggregate. */
  readonly official: boolean;
}

export interface GapReport {
  readonly code: string;
  readonly level: Level;
  readonly name: string | null;
  readonly lines: readonly GapLine[];
  /** Indicators where the area is furthest behind the nation, worst first. */
  readonly largestGaps: readonly string[];
  readonly datasetVersions: Readonly<Record<string, string>>;
  readonly synthetic: readonly string[];
}

const TREND_ROW = z.object({
  anio: z.number(),
  rural: z.number().nullable(),
  total: z.number().nullable(),
});

/**
 * Where an area (department, province or district) stands on every available indicator against its
 * department and the nation: its value, its rank among peers of its level, the gap in standard
 * deviations of its level, and the trend where the sources have years (rural share 2019-2023).
 */
export async function gapReport(
  store: Store,
  code: string,
  { pin = {} }: { pin?: Readonly<Record<string, string>> } = {},
): Promise<GapReport> {
  const parsed = parseUbigeo(code);
  if (!parsed.ok)
    throw new UsageError("BRECHA_USAGE", `"${code}" is not a ubigeo: ${parsed.expected}`);
  const { ubigeo, level } = parsed.value;
  const [own, department, nation] = await Promise.all([
    indicatorTable(store, { level, pin }),
    indicatorTable(store, { level: "department", pin }),
    indicatorTable(store, { level: "nation", pin }),
  ]);
  const area = own.areas.find((a) => a.code === ubigeo);
  if (!area)
    throw new NotFoundError(
      "BRECHA_NOT_FOUND",
      `no ${level} with ubigeo ${ubigeo} in the workspace`,
    );
  const depCode = ubigeo.slice(0, 2);
  const dep = department.areas.find((a) => a.code === depCode);
  const peersInDepartment = own.areas.filter((a) => a.code.startsWith(depCode));
  const lines = own.indicators.map((indicator): GapLine => {
    const id = indicator.id;
    const value = area.values[id] ?? null;
    const known = own.areas.map((a) => a.values[id]).filter((v): v is number => v !== null);
    const sign =
      indicator.direction === "higher-worse" ? 1 : indicator.direction === "higher-better" ? -1 : 0;
    const rank = (pool: readonly (number | null)[]) =>
      value === null || sign === 0
        ? null
        : 1 +
          pool
            .filter((v): v is number => v !== null)
            .filter((v) => (sign > 0 ? v < value : v > value)).length;
    const mean = known.reduce((a, b) => a + b, 0) / Math.max(1, known.length);
    const sd = Math.sqrt(
      known.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, known.length),
    );
    const nationValue = nation.areas[0]?.values[id] ?? null;
    return {
      indicator: id,
      name: indicator.name,
      unit: indicator.unit,
      direction: indicator.direction,
      value,
      department: level === "department" ? null : (dep?.values[id] ?? null),
      nation: nationValue,
      rankNational: rank(own.areas.map((a) => a.values[id] ?? null)),
      rankInDepartment:
        level === "department" ? null : rank(peersInDepartment.map((a) => a.values[id] ?? null)),
      peers: known.length,
      gapZ:
        value === null || nationValue === null || sd === 0 || sign === 0
          ? null
          : (sign * (value - nationValue)) / sd,
      trend: null,
      year: own.years[id]?.year ?? null,
      synthetic: own.syntheticIndicators.includes(id),
      official: area.basis?.[id] !== undefined,
    };
  });
  const withTrend = await ruralTrend(store, ubigeo, level);
  const learning = await learningTrends(store, own, ubigeo, level, pin);
  const finalLines = lines.map((l) =>
    l.indicator === "ruralidad" && withTrend
      ? { ...l, trend: withTrend }
      : learning.has(l.indicator)
        ? { ...l, trend: learning.get(l.indicator)! }
        : l,
  );
  const largestGaps = finalLines
    .filter((l) => l.gapZ !== null && l.gapZ > 0)
    .sort((a, b) => b.gapZ! - a.gapZ!)
    .slice(0, 5)
    .map((l) => l.indicator);
  return {
    code: ubigeo,
    level,
    name: area.name,
    lines: finalLines,
    largestGaps,
    datasetVersions: own.datasetVersions,
    synthetic: own.synthetic,
  };
}

async function ruralTrend(
  store: Store,
  ubigeo: string,
  level: Level,
): Promise<Array<{ year: number; value: number }> | null> {
  if (!(await store.versions("population_urban_rural")).some((v) => v.current)) return null;
  const rows = await store.query(
    sql`SELECT anio, CAST(sum(poblacion_rural) AS DOUBLE) AS rural, CAST(sum(poblacion_total) AS DOUBLE) AS total FROM population_urban_rural
        WHERE substr(ubigeo, 1, ${sql.value(level === "district" ? 6 : level === "province" ? 4 : 2)}) = ${sql.value(ubigeo)} GROUP BY anio ORDER BY anio`,
    TREND_ROW,
  );
  return rows
    .filter((r) => r.total && r.total > 0)
    .map((r) => ({ year: r.anio, value: (100 * r.rural!) / r.total! }));
}

/**
 * Trends of the UMC indicators: the value of the area in every assessed year. Districts and
 * provinces take the district results of each year (4th primary: 2016, 2018, 2024); departments
 * and the nation take UMC's official regional series, which also has 2019, 2022 and 2023.
 */
async function learningTrends(
  store: Store,
  own: IndicatorTable,
  ubigeo: string,
  level: Level,
  pin: Readonly<Record<string, string>>,
): Promise<Map<string, Array<{ year: number; value: number }>>> {
  const out = new Map<string, Array<{ year: number; value: number }>>();
  const yearly = own.indicators.filter(
    (i) =>
      i.series !== undefined &&
      i.series !== "minam" &&
      (own.years[i.id]?.available.length ?? 0) > 1,
  );
  if (yearly.length === 0) return out;
  const years = [...new Set(yearly.flatMap((i) => own.years[i.id]!.available))].sort();
  const scope =
    level === "district" || level === "province" ? { department: ubigeo.slice(0, 2) } : {};
  for (const year of years) {
    const ids = yearly.filter((i) => own.years[i.id]!.available.includes(year)).map((i) => i.id);
    const table = await indicatorTable(store, {
      level,
      ids,
      filters: { ...scope, year },
      pin,
    });
    const area = table.areas.find((a) => a.code === ubigeo);
    for (const id of ids) {
      const value = area?.values[id];
      if (value === null || value === undefined) continue;
      out.set(id, [...(out.get(id) ?? []), { year, value }]);
    }
  }
  // Departments and the nation: UMC's own series, every year it published.
  const official = yearly.filter((i) => i.official?.measure === "satisfactorio");
  if (
    (level === "department" || level === "nation") &&
    official.length > 0 &&
    !("learning_outcomes_official" in pin)
  ) {
    const present = (await store.versions("learning_outcomes_official")).some((v) => v.current);
    if (present) {
      const rows = await officialResults(store);
      const mine = rows.filter(
        (r) =>
          r.sat !== null &&
          (level === "nation"
            ? r.ambito === "estrato" && r.categoria === "nacional"
            : r.ambito === "departamento" && r.ubigeo === ubigeo),
      );
      for (const indicator of official) {
        const series = mine
          .filter((r) => r.area === indicator.official!.area)
          .map((r) => ({ year: r.anio, value: r.sat! }));
        if (series.length === 0) continue;
        // Years UMC did not publish for this region keep the computed value (Lima: its two DREs).
        const known = new Set(series.map((p) => p.year));
        const merged = [
          ...series,
          ...(out.get(indicator.id) ?? []).filter((p) => !known.has(p.year)),
        ];
        out.set(
          indicator.id,
          merged.sort((a, b) => a.year - b.year),
        );
      }
    }
  }
  return out;
}
