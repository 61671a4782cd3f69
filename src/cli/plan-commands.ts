import { writeFileSync } from "node:fs";
import { z } from "zod";
import { UsageError } from "../errors/index.ts";
import { formatNumber } from "../i18n/index.ts";
import { planHubs, planInfrastructure, type HubPlace, type InfraSite } from "../optimise/index.ts";
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

const PREMISES = z.object({
  codigoLocal: z.string(),
  ubigeo: z.string(),
  students: z.number(),
  rural: z.boolean(),
  povertyPct: z.number().nullable(),
  hasInternet: z.boolean(),
  hasElectricity: z.boolean(),
  hasWater: z.boolean(),
});

/** "16:1000000,23:500000" → { "16": 1000000, "23": 500000 } */
function amountsByDepartment(value: string | undefined, name: string): Record<string, number> {
  if (value === undefined) return {};
  return Object.fromEntries(
    value.split(",").map((part) => {
      const [code, amount] = part.split(":");
      if (!code || !/^\d{2}$/.test(code) || !(Number(amount) >= 0))
        throw new UsageError(
          "BRECHA_USAGE",
          `--${name} expects department:soles pairs such as 16:1000000, got "${part}"`,
        );
      return [code, Number(amount)];
    }),
  );
}

/** `brecha plan infra`: infrastructure improvements under a budget. */
export async function planInfraCommand(
  ctx: CommandContext,
  options: {
    budget?: string;
    department?: string;
    floors?: string;
    caps?: string;
    mustDo?: string;
    mustNot?: string;
    timeLimit?: string;
    out?: string;
  },
): Promise<number> {
  if (options.budget === undefined)
    throw new UsageError("BRECHA_USAGE", "--budget <soles> is required");
  const budgetPen = numberOption(options.budget, "budget", 0);
  const store = await openWorkspace(ctx, { readOnly: true });
  let sites: InfraSite[];
  let synthetic: string[];
  try {
    const current = (await store.versions()).filter((v) => v.current);
    const have = new Set(current.map((v) => v.dataset));
    if (!have.has("school_premises") || !have.has("schools"))
      throw new UsageError(
        "BRECHA_USAGE",
        "infrastructure planning needs school_premises and schools: run `brecha up` or ingest the padrón and the Censo Educativo",
      );
    synthetic = current
      .filter(
        (v) =>
          v.provenance.synthetic &&
          ["school_premises", "schools", "poverty_2018"].includes(v.dataset),
      )
      .map((v) => v.dataset);
    sites = await store.query(
      `WITH s AS (SELECT codigo_local, sum(coalesce(alumnos, 0)) AS students, max(CASE WHEN area = 'rural' THEN 1 ELSE 0 END) = 1 AS rural FROM schools GROUP BY codigo_local)
       SELECT l.codigo_local AS "codigoLocal", l.ubigeo, CAST(coalesce(s.students, 0) AS DOUBLE) AS students, coalesce(s.rural, false) AS rural,
              ${have.has("poverty_2018") ? "p.pct_pobreza" : "CAST(NULL AS DOUBLE)"} AS "povertyPct",
              coalesce(l.tiene_internet, false) AS "hasInternet", coalesce(l.tiene_electricidad, false) AS "hasElectricity", coalesce(l.tiene_agua_red, false) AS "hasWater"
       FROM school_premises l LEFT JOIN s USING (codigo_local) ${have.has("poverty_2018") ? "LEFT JOIN poverty_2018 p USING (ubigeo)" : ""}
       WHERE l.anio = (SELECT max(anio) FROM school_premises) AND l.ubigeo IS NOT NULL ${options.department ? "AND substr(l.ubigeo, 1, 2) = ?" : ""}
       ORDER BY l.codigo_local`,
      PREMISES,
      options.department ? [options.department] : [],
    );
  } finally {
    await store.close();
  }
  if (sites.length > 15_000)
    throw new UsageError(
      "BRECHA_USAGE",
      `${sites.length} premises is too many for one plan here: choose a department with --department`,
    );
  const plan = await planInfrastructure(sites, {
    budgetPen,
    departmentFloorsPen: amountsByDepartment(options.floors, "floors"),
    departmentCapsPen: amountsByDepartment(options.caps, "caps"),
    mustDo: options.mustDo?.split(",").map((s) => s.trim()) ?? [],
    mustNot: options.mustNot?.split(",").map((s) => s.trim()) ?? [],
    timeLimitS: numberOption(options.timeLimit, "time-limit", 60, { min: 1 }),
  });
  if (options.out !== undefined) {
    if (options.out.endsWith(".csv")) {
      const lines = [
        "codigo_local,ubigeo,intervention,cost_pen,benefit,reason",
        ...plan.chosen.map((c) =>
          [c.codigoLocal, c.ubigeo, c.kind, c.costPen, c.benefit, `"${c.reason}"`].join(","),
        ),
      ];
      writeFileSync(options.out, lines.join("\n") + "\n");
    } else writeFileSync(options.out, JSON.stringify(plan, null, 2));
  }
  if (ctx.json) {
    ctx.out(JSON.stringify({ ...plan, synthetic }));
    return 0;
  }
  const en = ctx.lang === "en";
  if (synthetic.length)
    ctx.err(
      `${en ? "Built on SYNTHETIC data" : "Hecho sobre datos SINTÉTICOS"}: ${synthetic.join(", ")}`,
    );
  ctx.out(
    `${plan.chosen.length} ${en ? "interventions" : "intervenciones"}, ${formatNumber(ctx.lang, plan.spentPen)} / ${formatNumber(ctx.lang, plan.budgetPen)} PEN; ${en ? "benefit" : "beneficio"} ${formatNumber(ctx.lang, plan.benefit, 1)} (${en ? "gap" : "brecha"} ${formatNumber(ctx.lang, plan.gap * 100, 2)}%, ${plan.status}); ${en ? "marginal value" : "valor marginal"}: ${plan.marginalBenefitPer1000Pen === null ? "–" : formatNumber(ctx.lang, plan.marginalBenefitPer1000Pen, 2)} ${en ? "per extra 1,000 PEN" : "por cada 1.000 PEN adicionales"}`,
  );
  const counts = new Map<string, number>();
  for (const c of plan.chosen) counts.set(c.kind, (counts.get(c.kind) ?? 0) + 1);
  ctx.out([...counts].map(([k, n]) => `${k} ${n}`).join(", "));
  ctx.out(
    formatTable(
      ["codigo_local", en ? "intervention" : "intervención", "PEN", en ? "why" : "por qué"],
      plan.chosen
        .slice(0, 10)
        .map((c) => [c.codigoLocal, c.kind, formatNumber(ctx.lang, c.costPen), c.reason]),
    ),
  );
  ctx.out(
    `${en ? "Left out (first 5)" : "Quedaron fuera (primeras 5)"}: ${plan.leftOut
      .slice(0, 5)
      .map((l) => `${l.codigoLocal} ${l.kind}: ${l.why}`)
      .join("; ")}`,
  );
  return 0;
}
