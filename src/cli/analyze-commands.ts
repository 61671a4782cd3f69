import { writeFileSync } from "node:fs";
import {
  districtGeometries,
  districtTypology,
  gapReport,
  hotspots,
  indicatorTable,
  inequalityReport,
  INDICATORS,
  type IndicatorFilters,
  type Level,
} from "../analytics/index.ts";
import { departmentName } from "../domain/index.ts";
import { UsageError } from "../errors/index.ts";
import { formatNumber, translate } from "../i18n/index.ts";
import type { Store } from "../storage/index.ts";
import { openWorkspace } from "./workspace.ts";
import type { CommandContext } from "./context.ts";
import { choice, csvCell, numberOption } from "./option-values.ts";
import { formatTable } from "./progress.ts";

const LEVELS = ["nation", "department", "province", "district"] as const;

function levelOption(value: string | undefined, fallback: Level): Level {
  if (value === undefined) return fallback;
  if (!(LEVELS as readonly string[]).includes(value))
    throw new UsageError(
      "BRECHA_USAGE",
      `--level must be one of ${LEVELS.join(", ")}, got "${value}"`,
    );
  return value as Level;
}

/** `--pin poverty_2018@c87bb534,districts@79133a55` → { poverty_2018: "c87bb534", … } */
function pinOption(value: string | undefined): Record<string, string> {
  if (value === undefined) return {};
  return Object.fromEntries(
    value.split(",").map((part) => {
      const [dataset, id] = part.trim().split("@");
      if (!dataset || !id || !/^[0-9a-f]{4,64}$/.test(id))
        throw new UsageError(
          "BRECHA_USAGE",
          `--pin expects dataset@version (hex id or prefix), got "${part}"`,
        );
      return [dataset, id];
    }),
  );
}

const fmt = (ctx: CommandContext, value: number | null | undefined, digits = 2): string =>
  value === null || value === undefined ? "–" : formatNumber(ctx.lang, value, digits);

function syntheticWarning(ctx: CommandContext, synthetic: readonly string[]): void {
  if (synthetic.length > 0 && !ctx.json)
    ctx.err(translate(ctx.lang, "up.syntheticBanner", { datasets: synthetic.join(", ") }));
}

async function withStore<T>(ctx: CommandContext, task: (store: Store) => Promise<T>): Promise<T> {
  const store = await openWorkspace(ctx, { readOnly: true });
  try {
    return await task(store);
  } finally {
    await store.close();
  }
}

export async function indicatorsCommand(
  ctx: CommandContext,
  options: {
    level?: string;
    ids?: string;
    department?: string;
    province?: string;
    area?: string;
    gestion?: string;
    year?: string;
    csv?: boolean;
    pin?: string;
  },
): Promise<number> {
  const level = levelOption(options.level, "department");
  const year =
    options.year === undefined
      ? undefined
      : numberOption(options.year, "year", 0, { integer: true, min: 1990 });
  const filters: IndicatorFilters = {
    ...(options.department ? { department: options.department } : {}),
    ...(options.province ? { province: options.province } : {}),
    ...(options.area ? { area: choice(options.area, ["urbana", "rural"] as const, "area") } : {}),
    ...(options.gestion
      ? { gestion: choice(options.gestion, ["publica", "privada"] as const, "gestion") }
      : {}),
    ...(year === undefined ? {} : { year }),
  };
  const ids = options.ids
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return withStore(ctx, async (store) => {
    const table = await indicatorTable(store, {
      level,
      filters,
      pin: pinOption(options.pin),
      ...(ids ? { ids } : {}),
    });
    if (ctx.json) {
      ctx.out(JSON.stringify(table));
      return 0;
    }
    syntheticWarning(ctx, table.synthetic);
    const en = ctx.lang === "en";
    const yearOf = (id: string) => table.years[id]?.year;
    const header = [
      "ubigeo",
      en ? "name" : "nombre",
      ...table.indicators.map(
        (i) => `${i.id}${yearOf(i.id) ? ` ${yearOf(i.id)}` : ""} (${i.unit})`,
      ),
    ];
    const synthetic = new Set(table.syntheticIndicators);
    const rows = table.areas.map((a) => [
      a.code,
      a.name ?? "",
      ...table.indicators.map((i) => fmt(ctx, a.values[i.id], i.unit === "personas" ? 0 : 2)),
    ]);
    if (options.csv) {
      // Each row says which of its values are synthetic demo data and which are the publisher's
      // official figure rather than an aggregate of districts.
      const marks = table.areas.map((a) => [
        table.indicators
          .filter((i) => synthetic.has(i.id) && a.values[i.id] !== null)
          .map((i) => i.id)
          .join(" "),
        Object.keys(a.basis ?? {}).join(" "),
      ]);
      const csvHeader = [
        ...header,
        en ? "synthetic_values" : "valores_sinteticos",
        en ? "official_values" : "valores_oficiales",
      ];
      ctx.out(
        [csvHeader, ...rows.map((r, k) => [...r, ...marks[k]!])]
          .map((r) => r.map(csvCell).join(","))
          .join("\n"),
      );
    } else {
      ctx.out(formatTable(header, rows));
      for (const u of table.unavailable)
        ctx.err(`  ${u.id}: ${ctx.lang === "en" ? "needs" : "requiere"} ${u.missing.join(", ")}`);
    }
    return 0;
  });
}

export async function inequalityCommand(
  ctx: CommandContext,
  indicator: string,
  options: {
    level?: string;
    by?: string;
    rankBy?: string;
    permutations?: string;
    seed?: string;
    pin?: string;
  },
): Promise<number> {
  const groupBy =
    options.by === undefined
      ? "department"
      : choice(options.by, ["department", "province"] as const, "by");
  return withStore(ctx, async (store) => {
    const report = await inequalityReport(store, {
      indicator,
      level: levelOption(options.level, "district"),
      groupBy,
      ...(options.rankBy ? { rankBy: options.rankBy } : {}),
      permutations: numberOption(options.permutations, "permutations", 999, {
        integer: true,
        min: 0,
      }),
      seed: numberOption(options.seed, "seed", 1, { integer: true, min: 0 }),
      pin: pinOption(options.pin),
    });
    if (ctx.json) {
      ctx.out(JSON.stringify(report));
      return 0;
    }
    syntheticWarning(ctx, report.synthetic);
    const en = ctx.lang === "en";
    const name = INDICATORS.find((i) => i.id === indicator)!.name[ctx.lang];
    const levelWord = {
      nation: en ? "nation" : "país",
      department: en ? "departments" : "departamentos",
      province: en ? "provinces" : "provincias",
      district: en ? "districts" : "distritos",
    }[report.level];
    ctx.out(
      `${name} — ${report.units} ${levelWord} (${report.excluded} ${en ? "without data" : "sin dato"}), ${en ? "weighted mean" : "media ponderada"} ${fmt(ctx, report.mean)}`,
    );
    ctx.out(
      formatTable(
        [en ? "index" : "índice", en ? "value" : "valor"],
        [
          ["Gini", fmt(ctx, report.gini, 4)],
          ["Theil T", fmt(ctx, report.theilT.total, 4)],
          ["Theil L", fmt(ctx, report.theilL?.total, 4)],
          ["Atkinson ε=0.5", fmt(ctx, report.atkinson["0.5"], 4)],
          ["Atkinson ε=1", fmt(ctx, report.atkinson["1"], 4)],
          ["Atkinson ε=2", fmt(ctx, report.atkinson["2"], 4)],
          [
            en ? "Coefficient of variation" : "Coeficiente de variación",
            fmt(ctx, report.coefficientOfVariation, 4),
          ],
          ["P90/P10", fmt(ctx, report.p90p10)],
          ["S80/S20", fmt(ctx, report.s80s20)],
          ...(report.concentration
            ? [
                [
                  `${en ? "Concentration index by" : "Índice de concentración según"} ${report.concentration.rankBy}`,
                  fmt(ctx, report.concentration.index, 4),
                ],
              ]
            : []),
        ],
      ),
    );
    const by =
      groupBy === "department"
        ? en
          ? "department"
          : "departamento"
        : en
          ? "province"
          : "provincia";
    ctx.out(
      `\nTheil T ${en ? "by" : "por"} ${by}: ${en ? "between" : "entre"} ${fmt(ctx, report.theilT.between, 4)} (${fmt(ctx, report.theilT.betweenShare * 100, 1)}%), ${en ? "within" : "dentro"} ${fmt(ctx, report.theilT.within, 4)}; ${en ? "permutation test" : "prueba de permutación"} p = ${fmt(ctx, report.betweenShareTest.pValue, 3)} (${report.betweenShareTest.permutations})`,
    );
    ctx.out(
      formatTable(
        [by, en ? "weight" : "peso", en ? "mean" : "media", "T", en ? "contribution" : "aporte"],
        [...report.theilT.groups]
          .sort((a, b) => b.contribution - a.contribution)
          .map((g) => [
            groupBy === "department" ? `${g.group} ${departmentName(g.group) ?? ""}` : g.group,
            fmt(ctx, g.weight, 0),
            fmt(ctx, g.mean),
            fmt(ctx, g.index, 4),
            fmt(ctx, g.contribution, 4),
          ]),
      ),
    );
    ctx.out(
      `\n${en ? "Conventions" : "Convenciones"}: ${report.conventions}. ${en ? "Versions" : "Versiones"}: ${Object.entries(
        report.datasetVersions,
      )
        .map(([d, v]) => `${d}@${v.slice(0, 12)}`)
        .join(", ")}`,
    );
    return 0;
  });
}

const LISA_ES: Record<string, string> = {
  "high-high": "alto-alto",
  "low-high": "bajo-alto",
  "low-low": "bajo-bajo",
  "high-low": "alto-bajo",
  "not-significant": "no significativo",
  island: "isla",
};
const LEVEL_NAMES = {
  es: { nation: "país", department: "departamento", province: "provincia", district: "distrito" },
  en: { nation: "nation", department: "department", province: "province", district: "district" },
} as const;

export async function hotspotsCommand(
  ctx: CommandContext,
  indicator: string,
  options: {
    weights?: string;
    k?: string;
    permutations?: string;
    seed?: string;
    alpha?: string;
    out?: string;
    islands?: string;
  },
): Promise<number> {
  const weights =
    options.weights === undefined
      ? "queen"
      : choice(options.weights, ["queen", "rook", "knn", "knn-symmetric"] as const, "weights");
  const alpha = options.alpha === undefined ? 0.05 : Number(options.alpha);
  if (!(alpha > 0 && alpha < 1))
    throw new UsageError("BRECHA_USAGE", `--alpha must be between 0 and 1, got "${options.alpha}"`);
  return withStore(ctx, async (store) => {
    const report = await hotspots(store, {
      indicator,
      weights,
      k: numberOption(options.k, "k", 6, { integer: true, min: 1 }),
      permutations: numberOption(options.permutations, "permutations", 999, {
        integer: true,
        min: 0,
      }),
      seed: numberOption(options.seed, "seed", 1, { integer: true, min: 0 }),
      alpha,
      islands:
        options.islands === undefined
          ? "keep"
          : choice(options.islands, ["keep", "nearest"] as const, "islands"),
    });
    if (options.out !== undefined) {
      const geometries = await districtGeometries(store);
      const features = report.districts.map(
        (d) =>
          `{"type":"Feature","properties":${JSON.stringify(d)},"geometry":${geometries.get(d.ubigeo) ?? "null"}}`,
      );
      writeFileSync(options.out, `{"type":"FeatureCollection","features":[${features.join(",")}]}`);
    }
    if (ctx.json) {
      ctx.out(JSON.stringify(report));
      return 0;
    }
    syntheticWarning(ctx, report.synthetic);
    const en = ctx.lang === "en";
    const m = report.moran;
    ctx.out(
      `Moran's I = ${fmt(ctx, m.I, 4)} (E[I] = ${fmt(ctx, m.expected, 4)}, z = ${fmt(ctx, m.zNormal, 2)}, p_sim = ${fmt(ctx, m.pPermutation, 3)}, ${m.permutations} ${en ? "permutations" : "permutaciones"}; ${en ? "weights" : "pesos"} ${report.weights})`,
    );
    ctx.out(
      `LISA (FDR ${alpha}): ${Object.entries(report.counts)
        .map(([c, n]) => `${en ? c : LISA_ES[c]} ${n}`)
        .join(", ")}`,
    );
    if (report.islands.length)
      ctx.out(
        `${en ? "Islands (no contiguous neighbour)" : "Islas (sin vecino contiguo)"}: ${report.islands.join(", ")}`,
      );
    if (report.islandLinks.length)
      ctx.out(
        `${en ? "linked to their nearest district" : "unidas a su distrito más cercano"}: ${report.islandLinks.map(([a, b]) => `${a}→${b}`).join(", ")}`,
      );
    if (report.excluded.length)
      ctx.out(`${en ? "Without data" : "Sin dato"}: ${report.excluded.length}`);
    if (options.out && !ctx.json)
      ctx.err(
        translate(ctx.lang, "export.done", {
          rows: formatNumber(ctx.lang, report.districts.length),
          out: options.out,
        }),
      );
    return 0;
  });
}

export async function typologyCommand(
  ctx: CommandContext,
  options: { indicators?: string; kMin?: string; kMax?: string; seed?: string; pin?: string },
): Promise<number> {
  return withStore(ctx, async (store) => {
    const result = await districtTypology(store, {
      ...(options.indicators
        ? { indicators: options.indicators.split(",").map((s) => s.trim()) }
        : {}),
      kMin: numberOption(options.kMin, "k-min", 2, { integer: true, min: 2 }),
      kMax: numberOption(options.kMax, "k-max", 8, { integer: true, min: 2 }),
      seed: numberOption(options.seed, "seed", 1, { integer: true, min: 0 }),
      pin: pinOption(options.pin),
    });
    if (ctx.json) {
      ctx.out(JSON.stringify(result));
      return 0;
    }
    syntheticWarning(ctx, result.synthetic);
    const en = ctx.lang === "en";
    ctx.out(
      `${en ? "Indicators" : "Indicadores"}: ${result.indicators.join(", ")}; ${result.districts.length} ${en ? "districts" : "distritos"} (${result.excluded} ${en ? "without complete data" : "sin datos completos"})`,
    );
    ctx.out(
      `${en ? "Silhouette by k" : "Silueta por k"}: ${result.silhouettes.map((s) => `k=${s.k} ${fmt(ctx, s.silhouette, 3)}`).join(", ")} → k = ${result.k}`,
    );
    ctx.out(
      `${en ? "Composite index (1st component" : "Índice compuesto (1.er componente"}, ${fmt(ctx, result.explained * 100, 1)}%): ${Object.entries(
        result.loadings,
      )
        .map(([id, l]) => `${id} ${fmt(ctx, l, 2)}`)
        .join(", ")}`,
    );
    for (const c of result.clusters)
      ctx.out(`  ${c.cluster + 1}. (${c.size}) ${c.description[ctx.lang]}`);
    return 0;
  });
}

export async function gapCommand(
  ctx: CommandContext,
  code: string,
  options: { pin?: string },
): Promise<number> {
  return withStore(ctx, async (store) => {
    const report = await gapReport(store, code, { pin: pinOption(options.pin) });
    if (ctx.json) {
      ctx.out(JSON.stringify(report));
      return 0;
    }
    syntheticWarning(ctx, report.synthetic);
    const en = ctx.lang === "en";
    ctx.out(
      `${report.name ?? report.code} (${report.code}, ${LEVEL_NAMES[ctx.lang][report.level]})`,
    );
    ctx.out(
      formatTable(
        [
          en ? "indicator" : "indicador",
          en ? "value" : "valor",
          en ? "department" : "departamento",
          en ? "nation" : "país",
          en ? "rank" : "puesto",
          en ? "in dept." : "en dpto.",
          en ? "gap (sd)" : "brecha (de)",
        ],
        report.lines.map((l) => [
          `${l.name[ctx.lang]} (${l.unit})`,
          fmt(ctx, l.value, l.unit === "personas" ? 0 : 2),
          fmt(ctx, l.department, l.unit === "personas" ? 0 : 2),
          fmt(ctx, l.nation, l.unit === "personas" ? 0 : 2),
          l.rankNational === null ? "–" : `${l.rankNational}/${l.peers}`,
          l.rankInDepartment === null ? "–" : String(l.rankInDepartment),
          fmt(ctx, l.gapZ),
        ]),
      ),
    );
    const trend = report.lines.find((l) => l.trend)?.trend;
    if (trend)
      ctx.out(
        `${en ? "Rural population trend" : "Tendencia de la población rural"}: ${trend.map((t) => `${t.year} ${fmt(ctx, t.value, 1)}%`).join(", ")}`,
      );
    if (report.largestGaps.length)
      ctx.out(`${en ? "Largest gaps" : "Mayores brechas"}: ${report.largestGaps.join(", ")}`);
    return 0;
  });
}
