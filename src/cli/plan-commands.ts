import { writeFileSync } from "node:fs";
import { BrechaError, UsageError } from "../errors/index.ts";
import { formatNumber } from "../i18n/index.ts";
import {
  DIGITAL_CENTRE_SCREEN,
  loadDeviceInputs,
  loadInfraSites,
  TABLET_PROGRAMME,
  planDevices,
  planHubs,
  hubPlanSummary,
  loadHubPlaces,
  loadConnectedHosts,
  planInfrastructure,
  type HostFacility,
  type HostScreen,
  type HubPlace,
  type HubPlan,
  type HubPlanOptions,
  type NeedWeights,
  type InfraSite,
  compareScenarios,
  checkScenarioName,
  currentDatasetVersions,
  infraPlanSummary,
  devicePlanSummary,
  type NewScenario,
  withApprovedServices,
} from "../optimise/index.ts";
import type { CommandContext } from "./context.ts";
import { choice, csvCell, numberOption } from "./option-values.ts";
import { formatTable } from "./progress.ts";
import { cliActor, openWorkspace, withOperations } from "./workspace.ts";
import {
  readHostFacilities,
  readPredictedGains,
  readPriorityFlags,
  readTravelTimes,
} from "./input-files.ts";

/** `brecha plan hubs`: community tech-hub locations over the workspace's populated places. */
export async function planHubsCommand(
  ctx: CommandContext,
  options: HubCommandOptions,
): Promise<number> {
  await ensureSavable(ctx, options.save);
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
  let populationNote: { es: string; en: string } | undefined;
  try {
    if (screen !== undefined && facilities === undefined)
      facilities = await loadConnectedHosts(store);
    ({ places, populationNote } = await loadHubPlaces(store, { department: options.department }));
  } finally {
    await store.close();
  }
  const plan = await planHubs(places, {
    ...hubOptionsFrom(options),
    lang: ctx.lang,
    objective,
    candidateRule,
    ...(populationNote ? { populationNote } : {}),
    ...(screen === undefined || facilities === undefined ? {} : { hosts: { facilities, screen } }),
  });
  if (options.save) {
    await saveScenario(ctx, {
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
    "code,name,ubigeo,existing,people_served,places_served,cost_pen,reason",
    plan.hubs.map((h) => [
      h.code,
      h.name,
      h.ubigeo,
      h.existing,
      h.peopleServed,
      h.placesServed,
      h.costPen ?? "",
      h.reason,
    ]),
  );
  if (ctx.json) {
    ctx.out(JSON.stringify(plan));
    return 0;
  }
  printHubPlan(ctx, plan);
  return 0;
}

/** The hub command's options as the command line gives them (text). */
type HubCommandOptions = {
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
  openingCost?: string;
  budget?: string;
  siteCosts?: string;
  screen?: string;
  hosts?: string;
};

/** The numeric and list options of a hub plan, parsed and checked from the command line. */
function hubOptionsFrom(
  options: HubCommandOptions,
): Omit<HubPlanOptions, "objective" | "candidateRule" | "lang"> {
  return {
    p: numberOption(options.p, "p", 100, { integer: true, min: 1 }),
    radiusKm:
      options.travelTimes === undefined
        ? numberOption(options.radiusKm, "radius-km", 10, { min: 0.1 })
        : numberOption(options.radiusMin, "radius-min", 60, { min: 1 }),
    maxCandidates: numberOption(options.maxCandidates, "max-candidates", 5000, {
      integer: true,
      min: 1,
    }),
    timeLimitS: numberOption(options.timeLimit, "time-limit", 60, { min: 1 }),
    ...(options.existing ? { existing: options.existing.split(",").map((s) => s.trim()) } : {}),
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
    ...(options.openingCost === undefined
      ? {}
      : { openingCostPen: numberOption(options.openingCost, "opening-cost", 0, { min: 0 }) }),
    ...(options.budget === undefined
      ? {}
      : { budgetPen: numberOption(options.budget, "budget", 0, { min: 0 }) }),
    ...(options.siteCosts === undefined
      ? {}
      : {
          siteCostsPen: new Map(
            Object.entries(
              pairsOption(options.siteCosts, "site-costs", {
                code: /^\d{10}$/,
                example: "0101010001:45000,0101020003:60000",
              }),
            ),
          ),
        }),
  };
}

/** A hub plan on the terminal: the headline, costs, whether it is proven, the hubs, the largest
 * places left uncovered and the assumptions. */
function printHubPlan(ctx: CommandContext, plan: HubPlan): void {
  const en = ctx.lang === "en";
  ctx.out(
    `${plan.hubs.length} ${en ? "hubs" : "centros"} (${plan.objective}), ${en ? "radius" : "radio"} ${formatNumber(ctx.lang, plan.radiusKm, 1)} ${plan.unit}: ${formatNumber(ctx.lang, plan.shareCovered * 100, 1)}% ${en ? "of" : "de"} ${formatNumber(ctx.lang, plan.totalPopulation)} ${en ? "people covered" : "personas cubiertas"}; ${en ? "gap to the proven bound" : "brecha con la cota probada"} ${formatNumber(ctx.lang, Math.max(0, plan.gap) * 100, 2)}% (${plan.provedBy}); ${plan.demandPoints} ${en ? "places" : "centros poblados"}, ${plan.candidates} ${en ? "candidates" : "candidatos"}`,
  );
  const currency = en ? "PEN" : "S/";
  if (plan.costs)
    ctx.out(
      `${en ? "Opening costs" : "Costo de apertura"}: ${currency} ${formatNumber(ctx.lang, plan.costs.spentPen)}${plan.costs.budgetPen === null ? "" : ` ${en ? "of a budget of" : "de un presupuesto de"} ${currency} ${formatNumber(ctx.lang, plan.costs.budgetPen)}`}`,
    );
  if (!plan.proven)
    ctx.out(
      en
        ? `NOT PROVEN: the solver could not close the gap to its bound (${formatNumber(ctx.lang, plan.gap * 100, 2)}%); this is the best plan found, not one it stands behind. Allow more time (--time-limit) or plan a smaller area.`
        : `SIN GARANTÍA: el solver no cerró la brecha con su cota (${formatNumber(ctx.lang, plan.gap * 100, 2)}%); es el mejor plan encontrado, no uno probado. Dé más tiempo (--time-limit) o planifique un área menor.`,
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
}

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
    requests?: boolean;
  },
): Promise<number> {
  await ensureSavable(ctx, options.save);
  if (options.budget === undefined)
    throw new UsageError("BRECHA_USAGE", "--budget <soles> is required");
  const budgetPen = numberOption(options.budget, "budget", 0);
  const approved =
    options.requests === false ? [] : await approvedRequests(ctx, options.department);
  const store = await openWorkspace(ctx, { readOnly: true });
  let sites: InfraSite[];
  let synthetic: string[];
  try {
    ({ sites, synthetic } = await loadInfraSites(store, { department: options.department }));
  } finally {
    await store.close();
  }
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
  sites = withApprovedServices(sites, approved).sites;
  const plan = await planInfrastructure(sites, {
    lang: ctx.lang,
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
    await saveScenario(ctx, {
      name: options.save,
      kind: "infra",
      params: {
        budgetPen,
        department: options.department ?? "PE",
        floors: options.floors ?? "",
        caps: options.caps ?? "",
      },
      summary: infraPlanSummary(plan),
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

/**
 * The approved school requests (observed demand). While a server holds the embedded operational
 * store, the plan goes on without them and says so: plan through the API to include them.
 */
async function approvedRequests(ctx: CommandContext, department: string | undefined) {
  try {
    return await withOperations(ctx, (ops) => ops.approvedDemand(department ? { department } : {}));
  } catch (error) {
    if (!(error instanceof BrechaError) || error.code !== "BRECHA_STORE_LOCKED") throw error;
    ctx.err(
      ctx.lang === "en"
        ? `warning: approved school requests left out (${error.message}); plan through the server's API to include them`
        : `aviso: se dejan fuera las solicitudes aprobadas (${error.messageIn("es")}); planifique con la API del servidor para incluirlas`,
    );
    return [];
  }
}

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
    requests?: boolean;
  },
): Promise<number> {
  await ensureSavable(ctx, options.save);
  const observed =
    options.requests === false ? [] : await approvedRequests(ctx, options.department);
  const tablets = numberOption(options.tablets, "tablets", TABLET_PROGRAMME.tablets, {
    integer: true,
  });
  const dataPlans = numberOption(
    options.dataPlans,
    "data-plans",
    Math.round(tablets * TABLET_PROGRAMME.dataShare),
    { integer: true },
  );
  const solarChargers = numberOption(
    options.solarChargers,
    "solar-chargers",
    Math.round(tablets * TABLET_PROGRAMME.solarShare),
    { integer: true },
  );
  const shareRural = numberOption(options.shareRural, "share-rural", 0.6);
  const shareUrban = numberOption(options.shareUrban, "share-urban", 0.3);
  const store = await openWorkspace(ctx, { readOnly: true });
  let inputs: Awaited<ReturnType<typeof loadDeviceInputs>>;
  try {
    inputs = await loadDeviceInputs(store, {
      department: options.department,
      tablets,
      dataPlans,
      solarChargers,
      shareRural,
      shareUrban,
      lang: ctx.lang,
      observed,
    });
  } finally {
    await store.close();
  }
  const { schools, stock, synthetic } = inputs;
  const plan = await planDevices(schools, stock, {
    lang: ctx.lang,
    timeLimitS: numberOption(options.timeLimit, "time-limit", 60, { min: 1 }),
  });
  if (options.save) {
    await saveScenario(ctx, {
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
      summary: devicePlanSummary(plan),
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
    `${en ? "Assumptions" : "Supuestos"}: ${[...inputs.assumptions, ...plan.assumptions].join("; ")}`,
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

/** Before solving a plan that is to be saved: the name is valid and the operational store can be
 * opened (an embedded store held by a running server is refused now, with its PID, not after
 * minutes of solving; the API's plans with `save` work then). */
async function ensureSavable(ctx: CommandContext, name: string | undefined): Promise<void> {
  if (name === undefined) return;
  checkScenarioName(name);
  await withOperations(ctx, async () => undefined);
}

/** Saves a plan as the next version of a named scenario in the operational store, with who ran
 * it and the dataset versions it read. */
export async function saveScenario(
  ctx: CommandContext,
  scenario: Omit<NewScenario, "datasetVersions">,
): Promise<void> {
  const store = await openWorkspace(ctx, { readOnly: true });
  let datasetVersions: Record<string, string>;
  try {
    datasetVersions = await currentDatasetVersions(store);
  } finally {
    await store.close();
  }
  const saved = await withOperations(ctx, (ops) =>
    ops.saveScenario({ ...scenario, datasetVersions }, cliActor()),
  );
  if (!ctx.json)
    ctx.err(
      `${ctx.lang === "en" ? "saved as scenario" : "guardado como escenario"} ${saved.name} (${ctx.lang === "en" ? "version" : "versión"} ${saved.version})`,
    );
}

/** `brecha plan scenarios`: the saved scenarios. */
export async function listScenariosCommand(ctx: CommandContext): Promise<number> {
  const scenarios = await withOperations(ctx, (ops) => ops.scenarios());
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
  const c = await withOperations(ctx, async (ops) =>
    compareScenarios(await ops.scenario(a), await ops.scenario(b)),
  );
  const show = (v: unknown) =>
    v === undefined || v === null
      ? "–"
      : typeof v === "number"
        ? formatNumber(ctx.lang, v, Number.isInteger(v) ? 0 : 2)
        : String(v);
  if (ctx.json) {
    ctx.out(JSON.stringify(c));
    return 0;
  }
  const en = ctx.lang === "en";
  ctx.out(
    formatTable(
      ["", a, b, "Δ"],
      [
        ...c.params.map((p) => [p.key, show(p.a), show(p.b), ""]),
        ...c.figures.map((f) => [f.key, show(f.a), show(f.b), show(f.delta ?? undefined)]),
      ],
    ),
  );
  ctx.out(
    `${en ? "Sites in both" : "Sitios en ambos"}: ${c.sites.both}; ${en ? "only in" : "solo en"} ${a}: ${c.sites.onlyA.length}; ${en ? "only in" : "solo en"} ${b}: ${c.sites.onlyB.length}`,
  );
  return 0;
}
