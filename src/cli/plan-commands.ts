import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { UsageError } from "../errors/index.ts";
import { formatNumber } from "../i18n/index.ts";
import {
  DEFAULT_TERRAIN_FACTORS,
  DIGITAL_CENTRE_SCREEN,
  planDevices,
  planHubs,
  hubPlanSummary,
  loadHubPlaces,
  planInfrastructure,
  type DeviceSchool,
  type HostFacility,
  type HostScreen,
  type HubPlace,
  type NeedWeights,
  type InfraSite,
  type StockPoint,
  ScenarioStore,
  type Scenario,
} from "../optimise/index.ts";
import type { CommandContext } from "./main.ts";
import { choice, csvCell, numberOption } from "./option-values.ts";
import { formatTable } from "./progress.ts";
import { openWorkspace } from "./workspace.ts";
import {
  readHostFacilities,
  readPredictedGains,
  readPriorityFlags,
  readTravelTimes,
} from "./input-files.ts";

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
    save?: string;
    floors?: string;
    travelTimes?: string;
    radiusMin?: string;
    capacity?: string;
    screen?: string;
    hosts?: string;
  },
): Promise<number> {
  const objective =
    options.objective === undefined
      ? "coverage"
      : choice(
          options.objective,
          ["coverage", "median", "set-cover", "center"] as const,
          "objective",
        );
  const candidateRule =
    options.candidates === undefined
      ? "urban"
      : choice(options.candidates, ["urban", "all"] as const, "candidates");
  const screenName =
    options.screen === undefined
      ? options.hosts === undefined
        ? undefined
        : "digital-centre"
      : choice(options.screen, ["digital-centre", "connected"] as const, "screen");
  if (screenName === "digital-centre" && options.hosts === undefined)
    throw new UsageError(
      "BRECHA_USAGE",
      "the digital-centre screen (24 h electricity, internet, a free room, ≥ 10 PCs) needs --hosts <csv> with those facts per premises; the Censo Educativo in the workspace only supports --screen connected (premises with internet)",
    );
  const screen: HostScreen | undefined =
    screenName === "digital-centre"
      ? DIGITAL_CENTRE_SCREEN
      : screenName === "connected"
        ? { internet: true }
        : undefined;
  let facilities: HostFacility[] | undefined =
    options.hosts === undefined ? undefined : readHostFacilities(options.hosts);
  const store = await openWorkspace(ctx, { readOnly: true });
  let places: HubPlace[];
  let populationNote = "";
  try {
    if (screen !== undefined && facilities === undefined) {
      const have = new Set((await store.versions()).filter((v) => v.current).map((v) => v.dataset));
      if (!have.has("schools") || !have.has("school_premises"))
        throw new UsageError(
          "BRECHA_USAGE",
          "--screen connected needs schools and school_premises in the workspace, or a --hosts file",
        );
      // A premises stands in its padrón populated place, or else the nearest place of its district.
      facilities = await store.query(
        `WITH s AS (SELECT codigo_local, min(codigo_cp) AS codigo_cp, avg(latitud) AS lat, avg(longitud) AS lon, min(ubigeo) AS ubigeo
                    FROM schools GROUP BY codigo_local),
              located AS (SELECT s.codigo_local, coalesce(s.codigo_cp, arg_min(p.codigo_cp, (p.latitud - s.lat) ^ 2 + (p.longitud - s.lon) ^ 2)) AS codigo_cp
                          FROM s LEFT JOIN populated_places p ON p.ubigeo = s.ubigeo AND s.codigo_cp IS NULL AND s.lat IS NOT NULL
                          GROUP BY s.codigo_local, s.codigo_cp)
         SELECT l.codigo_local AS id, x.codigo_cp AS "placeCode", CAST(NULL AS BOOLEAN) AS "electricity24h",
                l.tiene_internet AS internet, CAST(NULL AS BOOLEAN) AS "freeRoom", CAST(NULL AS DOUBLE) AS computers
         FROM school_premises l JOIN located x USING (codigo_local)
         WHERE x.codigo_cp IS NOT NULL AND l.anio = (SELECT max(anio) FROM school_premises)`,
        HOST,
      );
    }
    ({ places, populationNote } = await loadHubPlaces(store, { department: options.department }));
  } finally {
    await store.close();
  }
  const plan = await planHubs(places, {
    p: numberOption(options.p, "p", 100, { integer: true, min: 1 }),
    radiusKm:
      options.travelTimes === undefined
        ? numberOption(options.radiusKm, "radius-km", 10, { min: 0.1 })
        : numberOption(options.radiusMin, "radius-min", 60, { min: 1 }),
    objective,
    candidateRule,
    maxCandidates: numberOption(options.maxCandidates, "max-candidates", 5000, {
      integer: true,
      min: 1,
    }),
    timeLimitS: numberOption(options.timeLimit, "time-limit", 60, { min: 1 }),
    ...(options.existing ? { existing: options.existing.split(",").map((s) => s.trim()) } : {}),
    populationNote,
    departmentFloors: pairsOption(options.floors, "floors", {
      code: DEPARTMENT,
      example: "16:0.5,23:0.6",
      max: 1,
    }),
    ...(options.travelTimes === undefined
      ? {}
      : { travelMinutes: readTravelTimes(options.travelTimes) }),
    ...(options.capacity === undefined
      ? {}
      : { capacity: numberOption(options.capacity, "capacity", 1, { min: 1 }) }),
    ...(screen === undefined || facilities === undefined ? {} : { hosts: { facilities, screen } }),
  });
  if (options.save) {
    saveScenario(ctx, {
      name: options.save,
      kind: "hubs",
      params: {
        objective,
        p: plan.p,
        radiusKm: plan.radiusKm,
        candidates: candidateRule,
        department: options.department ?? "PE",
      },
      summary: hubPlanSummary(plan),
      plan,
    });
  }
  writePlanFile(
    options.out,
    plan,
    "code,name,ubigeo,existing,people_served,places_served,reason",
    plan.hubs.map((h) => [
      h.code,
      h.name,
      h.ubigeo,
      h.existing,
      h.peopleServed,
      h.placesServed,
      h.reason,
    ]),
  );
  if (ctx.json) {
    ctx.out(JSON.stringify(plan));
    return 0;
  }
  const en = ctx.lang === "en";
  ctx.out(
    `${plan.hubs.length} ${en ? "hubs" : "centros"} (${plan.objective}), ${en ? "radius" : "radio"} ${formatNumber(ctx.lang, plan.radiusKm, 1)} ${plan.unit}: ${formatNumber(ctx.lang, plan.shareCovered * 100, 1)}% ${en ? "of" : "de"} ${formatNumber(ctx.lang, plan.totalPopulation)} ${en ? "people covered" : "personas cubiertas"}; ${en ? "gap to the proven bound" : "brecha con la cota probada"} ${formatNumber(ctx.lang, Math.max(0, plan.gap) * 100, 2)}% (${plan.provedBy}); ${plan.demandPoints} ${en ? "places" : "centros poblados"}, ${plan.candidates} ${en ? "candidates" : "candidatos"}`,
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
  ugel: z.string().nullable(),
  pctEnInicio: z.number().nullable(),
});

/**
 * "16:1000000,23:500000" → { "16": 1000000, "23": 500000 }: code:value pairs, each code matching
 * `code` and each value a number in [0, max].
 */
function pairsOption(
  value: string | undefined,
  name: string,
  { code, example, max = Infinity }: { code: RegExp; example: string; max?: number },
): Record<string, number> {
  if (value === undefined) return {};
  return Object.fromEntries(
    value.split(",").map((part) => {
      const [key, amount] = part.trim().split(":");
      const number = Number(amount);
      if (!key || !code.test(key) || amount === undefined || !(number >= 0 && number <= max))
        throw new UsageError(
          "BRECHA_USAGE",
          `--${name} expects code:value pairs such as ${example}, got "${part}"`,
        );
      return [key, number];
    }),
  );
}

const DEPARTMENT = /^\d{2}$/;
const UGEL = /^\d{4,6}$/;

/** "eib=0.5,vraem=0.3" → need weights; unknown names are errors. */
function needWeights(value: string | undefined): Partial<NeedWeights> {
  if (value === undefined) return {};
  const names = ["poverty", "rural", "enInicio", "eib", "vraem", "border"];
  return Object.fromEntries(
    value.split(",").map((part) => {
      const [name, weight] = part.trim().split("=");
      const match = names.find((n) => n.toLowerCase() === name?.toLowerCase().replace(/[-_]/g, ""));
      if (!match || weight === undefined || !(Number(weight) >= 0))
        throw new UsageError(
          "BRECHA_USAGE",
          `--weights expects name=weight pairs (names: ${names.join(", ")}; weights ≥ 0), got "${part}"`,
        );
      return [match, Number(weight)];
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
    save?: string;
    objective?: string;
    ugelFloors?: string;
    ugelCaps?: string;
    weights?: string;
    flags?: string;
    gains?: string;
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
    // "En inicio": the district's mean share over subjects in the latest assessment year.
    const inicio = have.has("learning_outcomes")
      ? `LEFT JOIN (SELECT ubigeo, avg(pct_en_inicio + coalesce(pct_previo_inicio, 0)) AS pct_en_inicio FROM learning_outcomes
                    WHERE anio = (SELECT max(anio) FROM learning_outcomes) AND pct_en_inicio IS NOT NULL GROUP BY ubigeo) e USING (ubigeo)`
      : "";
    sites = await store.query(
      `WITH s AS (SELECT codigo_local, sum(coalesce(alumnos, 0)) AS students, max(CASE WHEN area = 'rural' THEN 1 ELSE 0 END) = 1 AS rural,
                         min(codigo_ugel) AS ugel FROM schools GROUP BY codigo_local)
       SELECT l.codigo_local AS "codigoLocal", l.ubigeo, CAST(coalesce(s.students, 0) AS DOUBLE) AS students, coalesce(s.rural, false) AS rural, s.ugel,
              ${inicio ? "e.pct_en_inicio" : "CAST(NULL AS DOUBLE)"} AS "pctEnInicio",
              ${have.has("poverty_2018") ? "p.pct_pobreza" : "CAST(NULL AS DOUBLE)"} AS "povertyPct",
              coalesce(l.tiene_internet, false) AS "hasInternet", coalesce(l.tiene_electricidad, false) AS "hasElectricity", coalesce(l.tiene_agua_red, false) AS "hasWater"
       FROM school_premises l LEFT JOIN s USING (codigo_local) ${have.has("poverty_2018") ? "LEFT JOIN poverty_2018 p USING (ubigeo)" : ""} ${inicio}
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
  if (options.flags !== undefined) {
    const flags = readPriorityFlags(options.flags);
    sites = sites.map((site) => ({
      ...site,
      ...flags.byUbigeo.get(site.ubigeo),
      ...flags.byLocal.get(site.codigoLocal),
    }));
  }
  if (options.gains !== undefined) {
    const gains = readPredictedGains(options.gains);
    sites = sites.map((site) => ({ ...site, predictedGain: gains.get(site.codigoLocal) ?? null }));
  }
  const plan = await planInfrastructure(sites, {
    budgetPen,
    departmentFloorsPen: pairsOption(options.floors, "floors", {
      code: DEPARTMENT,
      example: "16:1000000",
    }),
    departmentCapsPen: pairsOption(options.caps, "caps", {
      code: DEPARTMENT,
      example: "16:1000000",
    }),
    ugelFloorsPen: pairsOption(options.ugelFloors, "ugel-floors", {
      code: UGEL,
      example: "150101:500000",
    }),
    ugelCapsPen: pairsOption(options.ugelCaps, "ugel-caps", {
      code: UGEL,
      example: "150101:500000",
    }),
    needWeights: needWeights(options.weights),
    benefitFrom: options.gains === undefined ? "need" : "model",
    mustDo: options.mustDo?.split(",").map((s) => s.trim()) ?? [],
    mustNot: options.mustNot?.split(",").map((s) => s.trim()) ?? [],
    timeLimitS: numberOption(options.timeLimit, "time-limit", 60, { min: 1 }),
    objective:
      options.objective === undefined
        ? "benefit"
        : choice(options.objective, ["benefit", "maxmin"] as const, "objective"),
  });
  if (options.save) {
    saveScenario(ctx, {
      name: options.save,
      kind: "infra",
      params: {
        budgetPen,
        department: options.department ?? "PE",
        floors: options.floors ?? "",
        caps: options.caps ?? "",
      },
      summary: {
        interventions: plan.chosen.length,
        spentPen: plan.spentPen,
        benefit: Math.round(plan.benefit),
        marginalPer1000Pen: Math.round((plan.marginalBenefitPer1000Pen ?? 0) * 100) / 100,
        lowestDepartmentSharePct:
          Math.round(Math.min(...plan.byDepartment.map((d) => d.shareOfPotential), 1) * 10_000) /
          100,
      },
      plan,
    });
  }
  writePlanFile(
    options.out,
    plan,
    "codigo_local,ubigeo,intervention,cost_pen,benefit,reason",
    plan.chosen.map((c) => [c.codigoLocal, c.ubigeo, c.kind, c.costPen, c.benefit, c.reason]),
  );
  if (printedAsJson(ctx, plan, synthetic)) return 0;
  const en = ctx.lang === "en";
  ctx.out(
    `${plan.chosen.length} ${en ? "interventions" : "intervenciones"}, ${formatNumber(ctx.lang, plan.spentPen)} / ${formatNumber(ctx.lang, plan.budgetPen)} PEN; ${en ? "benefit" : "beneficio"} ${formatNumber(ctx.lang, plan.benefit, 1)} (${en ? "gap" : "brecha"} ${formatNumber(ctx.lang, plan.gap * 100, 2)}%, ${plan.status}); ${en ? "marginal value" : "valor marginal"}: ${plan.marginalBenefitPer1000Pen === null ? "–" : formatNumber(ctx.lang, plan.marginalBenefitPer1000Pen, 2)} ${en ? "per extra 1,000 PEN" : "por cada 1.000 PEN adicionales"}`,
  );
  for (const u of plan.byUgel)
    ctx.out(
      `UGEL ${u.ugel}: ${formatNumber(ctx.lang, u.spentPen)} PEN${u.floorPen === null ? "" : ` (${en ? "floor" : "piso"} ${formatNumber(ctx.lang, u.floorPen)})`}${u.capPen === null ? "" : ` (${en ? "cap" : "tope"} ${formatNumber(ctx.lang, u.capPen)})`}`,
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

const DEVICE_SCHOOL = z.object({
  codigoLocal: z.string(),
  ubigeo: z.string(),
  lon: z.number(),
  lat: z.number(),
  students: z.number(),
  rural: z.boolean(),
  povertyPct: z.number().nullable(),
  hasInternet: z.boolean(),
  hasElectricity: z.boolean(),
  region: z.string().nullable(),
});
const HOST = z.object({
  id: z.string(),
  placeCode: z.string(),
  electricity24h: z.boolean().nullable(),
  internet: z.boolean().nullable(),
  freeRoom: z.boolean().nullable(),
  computers: z.number().nullable(),
});
const PROVINCE = z.object({ code: z.string(), lon: z.number(), lat: z.number() });

// The 2020-21 national tablet programme: 1,056,430 tablets, 46.8% with data plans, 19.2% with
// solar chargers (MINEDU). Used as the default stock.
const PROGRAMME = { tablets: 1_056_430, dataShare: 0.468, solarShare: 0.192 };

/** `brecha plan devices`: devices from provincial stock points (UGEL warehouses) to schools. */
export async function planDevicesCommand(
  ctx: CommandContext,
  options: {
    tablets?: string;
    dataPlans?: string;
    solarChargers?: string;
    shareRural?: string;
    shareUrban?: string;
    department?: string;
    timeLimit?: string;
    out?: string;
    save?: string;
  },
): Promise<number> {
  const tablets = numberOption(options.tablets, "tablets", PROGRAMME.tablets, { integer: true });
  const dataPlans = numberOption(
    options.dataPlans,
    "data-plans",
    Math.round(tablets * PROGRAMME.dataShare),
    { integer: true },
  );
  const solarChargers = numberOption(
    options.solarChargers,
    "solar-chargers",
    Math.round(tablets * PROGRAMME.solarShare),
    { integer: true },
  );
  const shareRural = numberOption(options.shareRural, "share-rural", 0.6);
  const shareUrban = numberOption(options.shareUrban, "share-urban", 0.3);
  const store = await openWorkspace(ctx, { readOnly: true });
  let rows: Array<z.infer<typeof DEVICE_SCHOOL>>;
  let provinces: Array<z.infer<typeof PROVINCE>>;
  let synthetic: string[];
  try {
    const current = (await store.versions()).filter((v) => v.current);
    const have = new Set(current.map((v) => v.dataset));
    for (const d of ["schools", "school_premises", "province_boundaries"])
      if (!have.has(d))
        throw new UsageError(
          "BRECHA_USAGE",
          `device planning needs ${d}: run \`brecha up --mirror …\``,
        );
    synthetic = current
      .filter((v) => v.provenance.synthetic && ["school_premises", "schools"].includes(v.dataset))
      .map((v) => v.dataset);
    rows = await store.query(
      `WITH s AS (SELECT codigo_local, sum(coalesce(alumnos, 0)) AS students, max(CASE WHEN area = 'rural' THEN 1 ELSE 0 END) = 1 AS rural,
                         avg(longitud) AS lon, avg(latitud) AS lat FROM schools WHERE latitud IS NOT NULL GROUP BY codigo_local)
       SELECT l.codigo_local AS "codigoLocal", l.ubigeo, s.lon, s.lat, CAST(s.students AS DOUBLE) AS students, s.rural,
              ${have.has("poverty_2018") ? "p.pct_pobreza" : "CAST(NULL AS DOUBLE)"} AS "povertyPct",
              coalesce(l.tiene_internet, false) AS "hasInternet", coalesce(l.tiene_electricidad, false) AS "hasElectricity",
              ${have.has("district_boundaries") ? "b.region_natural" : "CAST(NULL AS VARCHAR)"} AS region
       FROM school_premises l JOIN s USING (codigo_local)
       ${have.has("poverty_2018") ? "LEFT JOIN poverty_2018 p USING (ubigeo)" : ""} ${have.has("district_boundaries") ? "LEFT JOIN district_boundaries b USING (ubigeo)" : ""}
       WHERE l.anio = (SELECT max(anio) FROM school_premises) ${options.department ? "AND substr(l.ubigeo, 1, 2) = ?" : ""} ORDER BY 1`,
      DEVICE_SCHOOL,
      options.department ? [options.department] : [],
    );
    provinces = await store.query(
      `SELECT ubigeo AS code, centroide_lon AS lon, centroide_lat AS lat FROM province_boundaries WHERE centroide_lon IS NOT NULL ${options.department ? "AND substr(ubigeo, 1, 2) = ?" : ""} ORDER BY 1`,
      PROVINCE,
      options.department ? [options.department] : [],
    );
  } finally {
    await store.close();
  }
  const factors = DEFAULT_TERRAIN_FACTORS;
  const schools: DeviceSchool[] = rows.map((r) => ({
    codigoLocal: r.codigoLocal,
    ubigeo: r.ubigeo,
    lon: r.lon,
    lat: r.lat,
    need: Math.round(r.students * (r.rural ? shareRural : shareUrban)),
    priority: 1 + (r.povertyPct ?? 0) / 100 + (r.rural ? 0.5 : 0),
    needsDataPlan: !r.hasInternet,
    needsSolarCharger: !r.hasElectricity,
    terrainFactor: factors[r.region ?? ""] ?? 1.5,
  }));
  // Stock points: one per province (its UGEL warehouse, placed at the province centroid), holding
  // the national stock in proportion to the need of the province's schools.
  const needByProvince = new Map<string, number>();
  for (const s of schools)
    needByProvince.set(
      s.ubigeo.slice(0, 4),
      (needByProvince.get(s.ubigeo.slice(0, 4)) ?? 0) + s.need,
    );
  const totalNeed = [...needByProvince.values()].reduce((a, b) => a + b, 0) || 1;
  const stock: StockPoint[] = provinces.map((p) => {
    const share = (needByProvince.get(p.code) ?? 0) / totalNeed;
    return {
      id: `UGEL ${p.code}`,
      lon: p.lon,
      lat: p.lat,
      tablets: Math.floor(tablets * share),
      dataPlans: Math.floor(dataPlans * share),
      solarChargers: Math.floor(solarChargers * share),
    };
  });
  const plan = await planDevices(schools, stock, {
    timeLimitS: numberOption(options.timeLimit, "time-limit", 60, { min: 1 }),
  });
  if (options.save) {
    saveScenario(ctx, {
      name: options.save,
      kind: "devices",
      params: {
        tablets,
        dataPlans,
        solarChargers,
        shareRural,
        shareUrban,
        department: options.department ?? "PE",
      },
      summary: {
        delivered: plan.delivered,
        need: plan.need,
        deliveredPct: Math.round((10_000 * plan.delivered) / Math.max(1, plan.need)) / 100,
        transportPen: plan.transportCostPen,
      },
      plan,
    });
  }
  writePlanFile(
    options.out,
    plan,
    "from,codigo_local,devices,bundle,km,cost_pen",
    plan.shipments.map((s) => [s.from, s.codigoLocal, s.devices, s.bundle, s.km, s.costPen]),
  );
  if (printedAsJson(ctx, plan, synthetic)) return 0;
  const en = ctx.lang === "en";
  ctx.out(
    `${formatNumber(ctx.lang, plan.delivered)} / ${formatNumber(ctx.lang, plan.need)} ${en ? "devices delivered" : "dispositivos entregados"} (${formatNumber(ctx.lang, (100 * plan.delivered) / Math.max(1, plan.need), 1)}%), ${formatNumber(ctx.lang, plan.shipments.length)} ${en ? "shipments" : "envíos"}, ${en ? "transport" : "transporte"} ${formatNumber(ctx.lang, plan.transportCostPen)} PEN`,
  );
  ctx.out(
    `${en ? "Bundles" : "Paquetes"}: ${Object.entries(plan.bundles)
      .map(([b, n]) => `${b} ${formatNumber(ctx.lang, n)}`)
      .join(", ")}`,
  );
  if (plan.shortfalls.length)
    ctx.out(
      `${en ? "Short (highest priority first)" : "Con faltantes (mayor prioridad primero)"}: ${plan.shortfalls
        .slice(0, 5)
        .map((s) => `${s.codigoLocal} ${s.delivered}/${s.need}: ${s.why}`)
        .join("; ")}`,
    );
  ctx.out(
    `${en ? "Assumptions" : "Supuestos"}: ${[`need = students × ${shareRural} (rural) or ${shareUrban} (urban)`, "stock split among provincial UGEL warehouses by need", ...plan.assumptions].join("; ")}`,
  );
  return 0;
}

/** Writes a plan to `--out`: CSV (the header and one row per item) when the name ends in .csv, JSON otherwise. */
function writePlanFile(
  out: string | undefined,
  plan: unknown,
  header: string,
  rows: ReadonlyArray<ReadonlyArray<string | number | boolean>>,
): void {
  if (out === undefined) return;
  if (!out.endsWith(".csv")) {
    writeFileSync(out, JSON.stringify(plan, null, 2));
    return;
  }
  writeFileSync(out, [header, ...rows.map((row) => row.map(csvCell).join(","))].join("\n") + "\n");
}

/** With --json prints the plan and returns true; otherwise says on stderr when it rests on synthetic data. */
function printedAsJson(ctx: CommandContext, plan: object, synthetic: readonly string[]): boolean {
  if (ctx.json) {
    ctx.out(JSON.stringify({ ...plan, synthetic }));
    return true;
  }
  if (synthetic.length)
    ctx.err(
      `${ctx.lang === "en" ? "Built on SYNTHETIC data" : "Hecho sobre datos SINTÉTICOS"}: ${synthetic.join(", ")}`,
    );
  return false;
}

/** A saved plan: what was asked, its headline figures and the whole plan. */
const scenarioStore = (ctx: CommandContext) =>
  new ScenarioStore(join(ctx.config.home, "scenarios"));

/** Saves a plan as a named scenario in the workspace (`<home>/scenarios/<name>.json`). */
export function saveScenario(ctx: CommandContext, scenario: Omit<Scenario, "createdAt">): void {
  scenarioStore(ctx).save(scenario);
  if (!ctx.json)
    ctx.err(
      `${ctx.lang === "en" ? "saved as scenario" : "guardado como escenario"} ${scenario.name}`,
    );
}

const readScenario = (ctx: CommandContext, name: string): Scenario => scenarioStore(ctx).get(name);

/** `brecha plan scenarios`: the saved scenarios. */
export async function listScenariosCommand(ctx: CommandContext): Promise<number> {
  const scenarios = scenarioStore(ctx).list();
  if (ctx.json) ctx.out(JSON.stringify(scenarios.map(({ plan: _plan, ...rest }) => rest)));
  else
    ctx.out(
      formatTable(
        ["name", "kind", "created", "summary"],
        scenarios.map((s) => [
          s.name,
          s.kind,
          s.createdAt.slice(0, 19),
          Object.entries(s.summary)
            .map(([k, v]) => `${k} ${v}`)
            .join(", "),
        ]),
      ),
    );
  return 0;
}

/** `brecha plan compare a b`: two scenarios side by side. */
export async function compareScenariosCommand(
  ctx: CommandContext,
  a: string,
  b: string,
): Promise<number> {
  const left = readScenario(ctx, a);
  const right = readScenario(ctx, b);
  if (left.kind !== right.kind)
    throw new UsageError(
      "BRECHA_USAGE",
      `scenarios "${a}" (${left.kind}) and "${b}" (${right.kind}) plan different things`,
    );
  const keys = [...new Set([...Object.keys(left.params), ...Object.keys(right.params)])];
  const figures = [...new Set([...Object.keys(left.summary), ...Object.keys(right.summary)])];
  const show = (v: unknown) =>
    v === undefined
      ? "–"
      : typeof v === "number"
        ? formatNumber(ctx.lang, v, Number.isInteger(v) ? 0 : 2)
        : String(v);
  if (ctx.json) {
    ctx.out(
      JSON.stringify({
        kind: left.kind,
        params: { [a]: left.params, [b]: right.params },
        summary: { [a]: left.summary, [b]: right.summary },
      }),
    );
    return 0;
  }
  ctx.out(
    formatTable(
      ["", a, b, "Δ"],
      [
        ...keys.map((k) => [k, show(left.params[k]), show(right.params[k]), ""]),
        ...figures.map((k) => {
          const l = left.summary[k];
          const r = right.summary[k];
          return [
            k,
            show(l),
            show(r),
            typeof l === "number" && typeof r === "number" ? show(r - l) : "",
          ];
        }),
      ],
    ),
  );
  return 0;
}
