import { z } from "zod";
import { parseUbigeo } from "../../domain/index.ts";
import { NotFoundError, UsageError } from "../../errors/index.ts";
import type { Bilingual } from "../../sources/index.ts";
import type { Store } from "../../storage/index.ts";
import { indicatorTable, type Direction, type Level } from "../indicators/index.ts";

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
    };
  });
  const withTrend = await ruralTrend(store, ubigeo, level);
  const finalLines = lines.map((l) =>
    l.indicator === "ruralidad" && withTrend ? { ...l, trend: withTrend } : l,
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
    "SELECT anio, CAST(sum(poblacion_rural) AS DOUBLE) AS rural, CAST(sum(poblacion_total) AS DOUBLE) AS total FROM population_urban_rural WHERE substr(ubigeo, 1, ?) = ? GROUP BY anio ORDER BY anio",
    TREND_ROW,
    [level === "district" ? 6 : level === "province" ? 4 : 2, ubigeo],
  );
  return rows
    .filter((r) => r.total && r.total > 0)
    .map((r) => ({ year: r.anio, value: (100 * r.rural!) / r.total! }));
}
