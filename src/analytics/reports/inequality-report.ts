import type { Store } from "../../storage/index.ts";
import {
  atkinson,
  betweenShareTest,
  coefficientOfVariation,
  concentrationIndex,
  gini,
  quantileRatio,
  shareRatio,
  theilDecomposition,
  type TheilDecomposition,
} from "../inequality/index.ts";
import {
  indicatorById,
  indicatorTable,
  type IndicatorFilters,
  type Level,
} from "../indicators/index.ts";
import { UsageError } from "../../errors/index.ts";

export interface InequalityReport {
  readonly indicator: string;
  readonly level: Level;
  readonly groupBy: "department" | "province";
  readonly units: number;
  readonly excluded: number;
  readonly mean: number;
  readonly gini: number;
  readonly theilT: TheilDecomposition;
  /** Null when some value is 0 (Theil L and Atkinson ε ≥ 1 need positive values). */
  readonly theilL: TheilDecomposition | null;
  readonly atkinson: Readonly<Record<"0.5" | "1" | "2", number | null>>;
  readonly coefficientOfVariation: number;
  readonly p90p10: number | null;
  readonly s80s20: number | null;
  /** Against the ranking indicator (poverty by default), when both are available. */
  readonly concentration: { readonly rankBy: string; readonly index: number } | null;
  readonly betweenShareTest: { readonly permutations: number; readonly pValue: number };
  readonly conventions: string;
  readonly datasetVersions: Readonly<Record<string, string>>;
  readonly synthetic: readonly string[];
}

const orNull = (f: () => number): number | null => {
  try {
    return f();
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
};

/**
 * Every inequality index of one indicator across the units of a level (districts by default),
 * each unit weighted by the indicator's own denominator (population for poverty, premises for the
 * internet share…), decomposed between and within departments (or provinces).
 */
export async function inequalityReport(
  store: Store,
  {
    indicator,
    level = "district",
    groupBy = "department",
    rankBy = "pobreza",
    permutations = 999,
    seed = 1,
    filters = {},
    pin = {},
  }: {
    indicator: string;
    level?: Level;
    groupBy?: "department" | "province";
    rankBy?: string;
    permutations?: number;
    seed?: number;
    filters?: IndicatorFilters;
    pin?: Readonly<Record<string, string>>;
  },
): Promise<InequalityReport> {
  if (level === "nation")
    throw new UsageError(
      "BRECHA_USAGE",
      "inequality needs several units: use --level district, province or department",
    );
  if (groupBy === "province" && level !== "district")
    throw new UsageError("BRECHA_USAGE", "grouping by province needs district-level units");
  if (groupBy === "department" && level === "department")
    throw new UsageError(
      "BRECHA_USAGE",
      "department-level units cannot be grouped by department; use --level district or province",
    );
  if (!indicatorById(indicator))
    throw new UsageError("BRECHA_USAGE", `unknown indicator "${indicator}"`);
  const ids =
    indicator === rankBy ? [indicator] : [indicator, rankBy].filter((id) => indicatorById(id));
  const table = await indicatorTable(store, { level, ids, filters, pin });
  if (!table.indicators.some((i) => i.id === indicator)) {
    const missing = table.unavailable.find((u) => u.id === indicator)?.missing ?? [];
    throw new UsageError(
      "BRECHA_USAGE",
      `indicator "${indicator}" needs datasets that are not published: ${missing.join(", ")}`,
    );
  }
  const rows = table.areas.filter(
    (a) => a.values[indicator] !== null && (a.weights[indicator] ?? 0) > 0,
  );
  const y = rows.map((a) => a.values[indicator]!);
  const w = rows.map((a) => a.weights[indicator]!);
  const groups = rows.map((a) =>
    groupBy === "department" ? a.code.slice(0, 2) : a.code.slice(0, 4),
  );
  const hasRank = table.indicators.some((i) => i.id === rankBy) && rankBy !== indicator;
  const ranked = hasRank
    ? rows.map((a, i) => [y[i]!, w[i]!, a.values[rankBy]] as const).filter((r) => r[2] !== null)
    : [];
  const test = betweenShareTest(y, groups, { weights: w, permutations, seed });
  return {
    indicator,
    level,
    groupBy,
    units: rows.length,
    excluded: table.areas.length - rows.length,
    mean: y.reduce((s, v, i) => s + v * w[i]!, 0) / w.reduce((a, b) => a + b, 0),
    gini: gini(y, w),
    theilT: theilDecomposition(y, groups, { weights: w, kind: "T" }),
    theilL:
      orNull(() => theilDecomposition(y, groups, { weights: w, kind: "L" }).total) === null
        ? null
        : theilDecomposition(y, groups, { weights: w, kind: "L" }),
    atkinson: {
      "0.5": orNull(() => atkinson(y, 0.5, w)),
      "1": orNull(() => atkinson(y, 1, w)),
      "2": orNull(() => atkinson(y, 2, w)),
    },
    coefficientOfVariation: coefficientOfVariation(y, w),
    p90p10: orNull(() => quantileRatio(y, { weights: w })),
    s80s20: orNull(() => shareRatio(y, { weights: w })),
    concentration:
      ranked.length > 1
        ? {
            rankBy,
            index: concentrationIndex(
              ranked.map((r) => r[0]),
              ranked.map((r) => r[2]!),
              ranked.map((r) => r[1]),
            ),
          }
        : null,
    betweenShareTest: { permutations, pValue: test.pValue },
    conventions:
      "frequency weights = the indicator's denominator in each unit; no small-sample correction; Theil T within-group weights are income shares, Theil L's are population shares",
    datasetVersions: table.datasetVersions,
    synthetic: table.synthetic,
  };
}
