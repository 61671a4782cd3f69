import { writeFileSync } from "node:fs";
import { z } from "zod";
import { UsageError } from "../errors/index.ts";
import { formatNumber } from "../i18n/index.ts";
import { planHubs, type HubPlace } from "../optimise/index.ts";
import type { CommandContext } from "./main.ts";
import { formatTable } from "./progress.ts";
import { openWorkspace } from "./workspace.ts";

const PLACE = z.object({
  code: z.string(),
  name: z.string(),
  ubigeo: z.string(),
  lon: z.number(),
  lat: z.number(),
  urban: z.boolean(),
  population: z.number().nullable(),
  region: z.string().nullable(),
});

function numberOption(
  value: string | undefined,
  name: string,
  fallback: number,
  { integer = false, min = 0 } = {},
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n)))
    throw new UsageError(
      "BRECHA_USAGE",
      `--${name} must be ${integer ? "a whole number" : "a number"} ≥ ${min}, got "${value}"`,
    );
  return n;
}

/** `brecha plan hubs`: community tech-hub locations over the workspace's populated places. */
export async function planHubsCommand(
  ctx: CommandContext,
  options: {
    p?: string;
    radiusKm?: string;
    objective?: string;
    existing?: string;
    candidates?: string;
    maxCandidates?: string;
    department?: string;
    timeLimit?: string;
    out?: string;
  },
): Promise<number> {
  const objective =
    options.objective === undefined
      ? "coverage"
      : z.enum(["coverage", "median"]).parse(options.objective);
  const candidateRule =
    options.candidates === undefined ? "urban" : z.enum(["urban", "all"]).parse(options.candidates);
  const store = await openWorkspace(ctx, { readOnly: true });
  let places: HubPlace[];
  let populationNote = "";
  try {
    const hasBoundaries = (await store.versions("district_boundaries")).some((v) => v.current);
    const hasPlaces = (await store.versions("populated_places")).some((v) => v.current);
    const hasDistricts = (await store.versions("districts")).some((v) => v.current);
    if (!hasPlaces || !hasDistricts)
      throw new UsageError(
        "BRECHA_USAGE",
        "hub planning needs populated_places and districts: run `brecha up --mirror …` with the INEI files",
      );
    const hasMinam = (await store.versions("population_urban_rural")).some((v) => v.current);
    // A place's people: with MINAM's split, the district's urban population shared among its urban
    // places and the rural population among its rural places; otherwise the total shared equally.
    const share = hasMinam
      ? `CASE WHEN n.urban_places > 0 AND n.rural_places > 0 AND m.poblacion_total > 0
              THEN CASE WHEN p.area = 'urbana' THEN CAST(d.poblacion_2025 AS DOUBLE) * m.poblacion_urbana / m.poblacion_total / n.urban_places
                        ELSE CAST(d.poblacion_2025 AS DOUBLE) * m.poblacion_rural / m.poblacion_total / n.rural_places END
              ELSE CAST(d.poblacion_2025 AS DOUBLE) / n.places END`
      : "CAST(d.poblacion_2025 AS DOUBLE) / n.places";
    const rows = await store.query(
      `WITH n AS (SELECT ubigeo, count(*) AS places, sum(CASE WHEN area = 'urbana' THEN 1 ELSE 0 END) AS urban_places,
                         sum(CASE WHEN area = 'urbana' THEN 0 ELSE 1 END) AS rural_places FROM populated_places GROUP BY ubigeo)
       ${hasMinam ? ", m AS (SELECT ubigeo, poblacion_total, poblacion_urbana, poblacion_rural FROM population_urban_rural WHERE anio = (SELECT max(anio) FROM population_urban_rural))" : ""}
       SELECT p.codigo_cp AS code, p.nombre AS name, p.ubigeo, p.longitud AS lon, p.latitud AS lat, p.area = 'urbana' AS urban,
              ${share} AS population, ${hasBoundaries ? "b.region_natural" : "CAST(NULL AS VARCHAR)"} AS region
       FROM populated_places p JOIN n USING (ubigeo) LEFT JOIN districts d USING (ubigeo)
       ${hasMinam ? "LEFT JOIN m USING (ubigeo)" : ""}
       ${hasBoundaries ? "LEFT JOIN district_boundaries b USING (ubigeo)" : ""}
       WHERE p.latitud IS NOT NULL AND p.longitud IS NOT NULL ${options.department ? "AND substr(p.ubigeo, 1, 2) = ?" : ""}
       ORDER BY p.codigo_cp`,
      PLACE,
      options.department ? [options.department] : [],
    );
    places = rows.map((r) => ({ ...r, population: r.population ?? 0 }));
    populationNote = hasMinam
      ? "a place's population: its district's 2025 population split by MINAM's urban/rural shares, each part shared equally among the district's urban or rural places"
      : "a place's population: its district's 2025 population shared equally among the district's places";
  } finally {
    await store.close();
  }
  const plan = await planHubs(places, {
    p: numberOption(options.p, "p", 100, { integer: true, min: 1 }),
    radiusKm: numberOption(options.radiusKm, "radius-km", 10, { min: 0.1 }),
    objective,
    candidateRule,
    maxCandidates: numberOption(options.maxCandidates, "max-candidates", 5000, {
      integer: true,
      min: 1,
    }),
    timeLimitS: numberOption(options.timeLimit, "time-limit", 60, { min: 1 }),
    ...(options.existing ? { existing: options.existing.split(",").map((s) => s.trim()) } : {}),
    populationNote,
  });
  if (options.out !== undefined) {
    if (options.out.endsWith(".csv")) {
      const lines = [
        "code,name,ubigeo,existing,people_served,places_served,reason",
        ...plan.hubs.map((h) =>
          [
            h.code,
            `"${h.name.replace(/"/g, '""')}"`,
            h.ubigeo,
            h.existing,
            h.peopleServed,
            h.placesServed,
            `"${h.reason}"`,
          ].join(","),
        ),
      ];
      writeFileSync(options.out, lines.join("\n") + "\n");
    } else writeFileSync(options.out, JSON.stringify(plan, null, 2));
  }
  if (ctx.json) {
    ctx.out(JSON.stringify(plan));
    return 0;
  }
  const en = ctx.lang === "en";
  ctx.out(
    `${plan.hubs.length} ${en ? "hubs" : "centros"} (${plan.objective}), ${en ? "radius" : "radio"} ${plan.radiusKm} km: ${formatNumber(ctx.lang, plan.shareCovered * 100, 1)}% ${en ? "of" : "de"} ${formatNumber(ctx.lang, plan.totalPopulation)} ${en ? "people covered" : "personas cubiertas"}; ${en ? "gap to the proven bound" : "brecha con la cota probada"} ${formatNumber(ctx.lang, Math.max(0, plan.gap) * 100, 2)}% (${plan.provedBy}); ${plan.demandPoints} ${en ? "places" : "centros poblados"}, ${plan.candidates} ${en ? "candidates" : "candidatos"}`,
  );
  ctx.out(
    formatTable(
      [
        en ? "code" : "código",
        en ? "place" : "lugar",
        "ubigeo",
        en ? "people served" : "personas",
        en ? "places" : "lugares",
      ],
      plan.hubs
        .slice(0, 15)
        .map((h) => [
          h.code,
          h.name,
          h.ubigeo,
          formatNumber(ctx.lang, h.peopleServed),
          String(h.placesServed),
        ]),
    ),
  );
  if (plan.hubs.length > 15) ctx.out(`… ${plan.hubs.length - 15} ${en ? "more" : "más"}`);
  ctx.out(
    `${en ? "Largest places left uncovered" : "Mayores lugares sin cobertura"}: ${plan.largestUncovered
      .slice(0, 5)
      .map(
        (u) =>
          `${u.name} (${u.ubigeo}, ${formatNumber(ctx.lang, u.population)}, ${u.nearestHubKm} km)`,
      )
      .join("; ")}`,
  );
  ctx.out(`${en ? "Assumptions" : "Supuestos"}: ${plan.assumptions.join("; ")}`);
  return 0;
}
