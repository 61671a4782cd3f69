import { UsageError, BrechaError } from "../../errors/index.ts";
import {
  buildCoverage,
  solveMclp,
  solveCapacitatedCover,
  solvePCenter,
  solveSetCover,
  type Coverage,
} from "../covering/index.ts";
import { haversineKm } from "../../domain/index.ts";
import { solvePMedian } from "../p-median/index.ts";
import { whileSolving, type ProgressSink } from "../progress.ts";
import { hubWords, type PlanLang } from "../reasons.ts";

/** A populated place as the hub planner sees it. */
export interface HubPlace {
  readonly code: string;
  readonly name: string;
  readonly ubigeo: string;
  readonly lon: number;
  readonly lat: number;
  /** People it stands for (district population shared among its places when it has none). */
  readonly population: number;
  /** "Costa" | "Sierra" | "Selva" or null. */
  readonly region: string | null;
  readonly urban: boolean;
}

/**
 * Detour factors applied to straight-line distance by natural region: roads and rivers wind more in
 * the Andes and the Amazon. Assumed values, not measured ones: pass a travel-time matrix or your own
 * factors when you have them.
 */
export const DEFAULT_TERRAIN_FACTORS: Readonly<Record<string, number>> = {
  Costa: 1.2,
  Sierra: 1.6,
  Selva: 2.0,
};

/** A building that could host a hub (usually a school premises), in a populated place. */
export interface HostFacility {
  readonly id: string;
  /** Code of the populated place it stands in (INEI centro poblado). */
  readonly placeCode: string;
  /** null: not known (fails a criterion that requires it). */
  readonly electricity24h: boolean | null;
  readonly internet: boolean | null;
  readonly freeRoom: boolean | null;
  readonly computers: number | null;
}

/** Screening rules a host must pass. Unknown values fail a rule that is required. */
export interface HostScreen {
  readonly electricity24h?: boolean;
  readonly internet?: boolean;
  readonly freeRoom?: boolean;
  readonly minComputers?: number;
}

/** The ministry's digital-centre screen: 24 h electricity, internet, a free room, ≥ 10 PCs. */
export const DIGITAL_CENTRE_SCREEN: HostScreen = {
  electricity24h: true,
  internet: true,
  freeRoom: true,
  minComputers: 10,
};

export interface HostScreening {
  readonly screen: HostScreen;
  readonly facilities: number;
  readonly passed: number;
  /** Facilities failing each rule (a facility can fail several); `unknown` counts missing values. */
  readonly failed: Readonly<
    Record<"electricity24h" | "internet" | "freeRoom" | "computers", number>
  >;
  readonly unknown: Readonly<
    Record<"electricity24h" | "internet" | "freeRoom" | "computers", number>
  >;
  /** Places with at least one facility that passed. */
  readonly placesPassing: number;
}

/** The rules a facility fails, and which of them for lack of data. */
function screenFacility(
  facility: HostFacility,
  screen: HostScreen,
): { failed: Array<keyof HostScreening["failed"]>; unknown: Array<keyof HostScreening["failed"]> } {
  const failed: Array<keyof HostScreening["failed"]> = [];
  const unknown: Array<keyof HostScreening["failed"]> = [];
  const flag = (rule: "electricity24h" | "internet" | "freeRoom") => {
    if (!screen[rule]) return;
    if (facility[rule] === null) unknown.push(rule);
    if (facility[rule] !== true) failed.push(rule);
  };
  flag("electricity24h");
  flag("internet");
  flag("freeRoom");
  if (screen.minComputers !== undefined && screen.minComputers > 0) {
    if (facility.computers === null) unknown.push("computers");
    if (!(facility.computers !== null && facility.computers >= screen.minComputers))
      failed.push("computers");
  }
  return { failed, unknown };
}

export interface HubPlanOptions {
  readonly p: number;
  readonly radiusKm: number;
  readonly objective: "coverage" | "median" | "set-cover" | "center";
  /** Codes of places that already host a hub: kept open. */
  readonly existing?: readonly string[];
  /** Which places may host a hub. */
  readonly candidateRule?: "urban" | "all" | "largest";
  readonly maxCandidates?: number;
  readonly terrainFactors?: Readonly<Record<string, number>>;
  readonly timeLimitS?: number;
  /** How the caller gave places their population, in both languages, repeated in the plan's
   * assumptions in the plan's language. */
  readonly populationNote?: Readonly<Record<PlanLang, string>>;
  /** Travel times in minutes between a place and a candidate site, keyed `${placeCode}>${siteCode}`.
   * When given, they replace terrain-adjusted distance, the radius is in minutes, and pairs absent
   * from the matrix count as unreachable. */
  readonly travelMinutes?: ReadonlyMap<string, number>;
  /** Coverage objective: the most people one hub can serve (places may be split between hubs). */
  readonly capacity?: number;
  /** Coverage objective: what opening a new hub costs (soles), unless `siteCostsPen` names its site. */
  readonly openingCostPen?: number;
  /** Opening costs of particular sites (place code → soles). */
  readonly siteCostsPen?: ReadonlyMap<string, number>;
  /** Coverage objective: the most all new hubs may cost together (soles). With it, p is the most
   * hubs, not their number, and the plan opens what serves the most people within the budget. */
  readonly budgetPen?: number;
  /** Equity floors for the coverage objective: minimum share (0-1) of each department's people covered. */
  readonly departmentFloors?: Readonly<Record<string, number>>;
  /** The language of the reasons (default Spanish). */
  readonly lang?: PlanLang;
  /** Told of each phase and how much of the time limit the solver has used. */
  readonly onProgress?: ProgressSink;
  /** Host facilities and the screen they must pass: only places with a passing host (and existing
   * hubs) are candidates, and each new hub names its host. */
  readonly hosts?: { readonly facilities: readonly HostFacility[]; readonly screen: HostScreen };
}

export interface HubChoice {
  readonly code: string;
  readonly name: string;
  readonly ubigeo: string;
  readonly existing: boolean;
  /** People within the radius of this hub (terrain-adjusted) and no nearer-chosen hub, in order of choice. */
  readonly peopleServed: number;
  readonly placesServed: number;
  /** What opening it costs (soles), when the plan has opening costs; 0 for an existing hub. */
  readonly costPen?: number;
  readonly reason: string;
}

export interface HubPlan {
  readonly objective: "coverage" | "median" | "set-cover" | "center";
  readonly p: number;
  /** The service radius: km, or minutes when a travel-time matrix was given (`unit`). */
  readonly radiusKm: number;
  readonly unit: "km" | "min";
  readonly hubs: readonly HubChoice[];
  readonly covered: number;
  readonly totalPopulation: number;
  readonly shareCovered: number;
  /** Proven bound on the objective and the gap to it. */
  readonly bound: number;
  readonly gap: number;
  readonly provedBy: string;
  /** Whether the solver stands behind the plan: its gap to a valid bound is within tolerance.
   * When false the plan is the best found, not proven, and every surface says so. */
  readonly proven: boolean;
  readonly candidates: number;
  readonly demandPoints: number;
  /** The places with the most people left beyond the radius of every hub. */
  readonly largestUncovered: ReadonlyArray<{
    code: string;
    name: string;
    ubigeo: string;
    population: number;
    nearestHubKm: number;
  }>;
  /** What the host screen let through, when one was applied. */
  readonly screening?: HostScreening;
  /** Opening costs and the budget, when the plan had them. */
  readonly costs?: {
    readonly openingCostPen: number | null;
    readonly budgetPen: number | null;
    readonly spentPen: number;
  };
  readonly assumptions: readonly string[];
  readonly timingsMs: Readonly<Record<string, number>>;
}

/**
 * Chooses community tech-hub sites among populated places: maximal covering (most people within the
 * radius, the default) or p-median (least total people × terrain-adjusted distance). Every hub comes
 * with the people it serves; the plan lists the largest places left uncovered.
 */
export async function planHubs(
  places: readonly HubPlace[],
  options: HubPlanOptions,
): Promise<HubPlan> {
  const {
    p,
    radiusKm,
    objective,
    existing = [],
    candidateRule = "urban",
    maxCandidates = 5000,
    terrainFactors = DEFAULT_TERRAIN_FACTORS,
    timeLimitS = 60,
    departmentFloors = {},
    travelMinutes,
    capacity,
    hosts,
    lang = "es",
    onProgress,
    openingCostPen,
    siteCostsPen,
    budgetPen,
    populationNote,
  } = options;
  onProgress?.({ phase: "building", percent: 5 });
  const words = hubWords(lang);
  const describeHost = (f: HostFacility) =>
    words.host(f.id, {
      power: f.electricity24h === true,
      internet: f.internet === true,
      room: f.freeRoom === true,
      pcs: f.computers,
    });
  const started = performance.now();
  if (!Number.isInteger(p) || p < 1)
    throw new UsageError("BRECHA_USAGE", `the number of hubs must be a whole number ≥ 1, got ${p}`);
  if (!(radiusKm > 0))
    throw new UsageError("BRECHA_USAGE", `the radius must be > 0 km, got ${radiusKm}`);
  if (places.length === 0)
    throw new BrechaError(
      "BRECHA_INFEASIBLE",
      "no populated places to serve: load centros-poblados first",
      { es: "no hay centros poblados que atender: cargue primero centros-poblados" },
    );
  const index = new Map(places.map((place, i) => [place.code, i]));
  const hasCosts = openingCostPen !== undefined || siteCostsPen !== undefined;
  if (hasCosts || budgetPen !== undefined) {
    if (objective !== "coverage")
      throw new UsageError(
        "BRECHA_USAGE",
        "opening costs and a budget apply to the coverage objective only",
      );
    if (Object.keys(departmentFloors).length > 0)
      throw new UsageError(
        "BRECHA_USAGE",
        "opening costs and department floors cannot be combined yet",
        { es: "los costos de apertura y los pisos por departamento aún no se pueden combinar" },
      );
    for (const [what, v] of [
      ["opening cost", openingCostPen],
      ["budget", budgetPen],
      ...[...(siteCostsPen ?? new Map<string, number>())].map(([code, c]) => [
        `opening cost of ${code}`,
        c,
      ]),
    ] as Array<[string, number | undefined]>)
      if (v !== undefined && !(Number.isFinite(v) && v >= 0))
        throw new UsageError("BRECHA_USAGE", `the ${what} must be a number of soles ≥ 0, got ${v}`);
    for (const code of siteCostsPen?.keys() ?? [])
      if (!index.has(code))
        throw new UsageError("BRECHA_USAGE", `site cost for ${code}: not a known populated place`);
  }
  const existingIdx = existing.map((code) => {
    const i = index.get(code);
    if (i === undefined)
      throw new UsageError("BRECHA_USAGE", `existing hub ${code} is not a known populated place`);
    return i;
  });
  if (existingIdx.length > p)
    throw new BrechaError(
      "BRECHA_INFEASIBLE",
      `${existingIdx.length} existing hubs are more than the ${p} hubs of the plan`,
    );
  let pool = places.map((_, i) => i);
  if (candidateRule === "urban") pool = pool.filter((i) => places[i]!.urban);
  let screening: HostScreening | undefined;
  const hostOf = new Map<number, HostFacility>();
  if (hosts !== undefined) {
    const zero = { electricity24h: 0, internet: 0, freeRoom: 0, computers: 0 };
    const failed = { ...zero };
    const unknown = { ...zero };
    let passed = 0;
    for (const facility of hosts.facilities) {
      const verdict = screenFacility(facility, hosts.screen);
      for (const rule of verdict.failed) failed[rule]++;
      for (const rule of verdict.unknown) unknown[rule]++;
      const i = index.get(facility.placeCode);
      if (verdict.failed.length > 0 || i === undefined) continue;
      passed++;
      const current = hostOf.get(i);
      if (current === undefined || (facility.computers ?? 0) > (current.computers ?? 0))
        hostOf.set(i, facility);
    }
    pool = pool.filter((i) => hostOf.has(i));
    screening = {
      screen: hosts.screen,
      facilities: hosts.facilities.length,
      passed,
      failed,
      unknown,
      placesPassing: hostOf.size,
    };
  }
  pool.sort((a, b) => places[b]!.population - places[a]!.population || a - b);
  const candidateIdx = [
    ...new Set([...existingIdx, ...pool.slice(0, Math.max(0, maxCandidates - existingIdx.length))]),
  ];
  if (candidateIdx.length < p && budgetPen === undefined)
    throw tooFewCandidates(p, candidateIdx.length, candidateRule, screening);
  const factor = places.map((place) =>
    place.region !== null ? (terrainFactors[place.region] ?? 1.5) : 1.5,
  );
  const demand = places.map((place) => [place.lon, place.lat] as const);
  const weights = places.map((place) => place.population);
  const totalPopulation = weights.reduce((a, b) => a + b, 0);
  const sites = candidateIdx.map((i) => demand[i]!);
  // Distance between place i and candidate k: minutes from the matrix, else terrain-adjusted km.
  const distance = (i: number, k: number): number =>
    travelMinutes !== undefined
      ? (travelMinutes.get(`${places[i]!.code}>${places[candidateIdx[k]!]!.code}`) ?? Infinity)
      : factor[i]! * haversineKm(demand[i]!, sites[k]!);
  const byCandidate = new Map<number, Array<[number, number]>>();
  if (travelMinutes !== undefined) {
    const candidateOf = new Map(candidateIdx.map((i, k) => [places[i]!.code, k]));
    for (const [pair, minutes] of travelMinutes) {
      const [from, to] = pair.split(">");
      const i = index.get(from ?? "");
      const k = candidateOf.get(to ?? "");
      if (i === undefined || k === undefined || !(minutes >= 0)) continue;
      const list = byCandidate.get(k) ?? [];
      list.push([i, minutes]);
      byCandidate.set(k, list);
    }
  }
  const coverageWithin = (radius: number): Coverage => {
    if (travelMinutes === undefined)
      return buildCoverage({ demand, sites, radiusKm: radius, terrainFactor: factor });
    const starts = new Int32Array(candidateIdx.length + 1);
    const points: number[] = [];
    for (let k = 0; k < candidateIdx.length; k++) {
      starts[k] = points.length;
      const within = (byCandidate.get(k) ?? [])
        .filter(([, minutes]) => minutes <= radius)
        .map(([i]) => i);
      for (const i of within.sort((a, b) => a - b)) points.push(i);
    }
    starts[candidateIdx.length] = points.length;
    return {
      demands: places.length,
      candidates: candidateIdx.length,
      starts,
      points: Int32Array.from(points),
    };
  };
  const unit = travelMinutes === undefined ? "km" : "min";
  const coverage = coverageWithin(radiusKm);
  const fixedOpen = existingIdx.map((i) => candidateIdx.indexOf(i));
  // Opening cost of each candidate (existing hubs cost nothing more); NaN where none was given.
  const siteCost = Float64Array.from(candidateIdx, (i) =>
    existingIdx.includes(i) ? 0 : (siteCostsPen?.get(places[i]!.code) ?? openingCostPen ?? NaN),
  );
  if (budgetPen !== undefined && siteCost.some(Number.isNaN))
    throw new UsageError(
      "BRECHA_USAGE",
      "a budget needs what each hub costs: give an opening cost per hub, or a cost for every candidate site",
      {
        es: "un presupuesto necesita lo que cuesta cada centro: indique un costo de apertura por centro, o un costo para cada sitio candidato",
      },
    );
  const budget = budgetPen === undefined ? undefined : { cost: siteCost, limit: budgetPen };
  let open: number[] = [];
  let bound = 0;
  let gap = 0;
  let provedBy = "";
  let centerRadiusKm: number | null = null;
  let capacityServed: Map<number, { people: number; places: Set<number> }> | null = null;
  await whileSolving(onProgress, timeLimitS, async () => {
    if (objective === "coverage") {
      const floorEntries = Object.entries(departmentFloors);
      for (const [d, share] of floorEntries) {
        if (!/^\d{2}$/.test(d) || !(share >= 0 && share <= 1))
          throw new UsageError(
            "BRECHA_USAGE",
            `a department floor is a 2-digit code and a share between 0 and 1, got ${d}:${share}`,
          );
      }
      const floorOptions =
        floorEntries.length === 0
          ? {}
          : {
              groups: Int32Array.from(places, (place) => Number(place.ubigeo.slice(0, 2))),
              groupFloors: new Map(floorEntries.map(([d, share]) => [Number(d), share])),
              groupName: (g: number) => `department ${String(g).padStart(2, "0")}`,
            };
      if (capacity !== undefined || budget !== undefined) {
        if (floorEntries.length > 0)
          throw new UsageError(
            "BRECHA_USAGE",
            "capacities and department floors cannot be combined yet",
            { es: "las capacidades y los pisos por departamento aún no se pueden combinar" },
          );
        // Without a seat limit a hub's capacity is everyone: it never binds.
        const result = await solveCapacitatedCover(
          coverage,
          weights,
          Math.min(p, candidateIdx.length),
          capacity ?? Math.max(1, totalPopulation),
          { fixedOpen, timeLimitS, ...(budget ? { budget } : {}) },
        );
        ({ open, bound, gap } = result);
        provedBy = result.proven ? result.method : "none";
        capacityServed = new Map<number, { people: number; places: Set<number> }>();
        for (const a of result.assignments) {
          const entry = capacityServed.get(a.site) ?? { people: 0, places: new Set<number>() };
          entry.people += a.weight;
          entry.places.add(a.demand);
          capacityServed.set(a.site, entry);
        }
      } else {
        const result = await solveMclp(coverage, weights, p, {
          fixedOpen,
          timeLimitS,
          maxGap: 0.005,
          ...floorOptions,
        });
        ({ open, bound, gap, provedBy } = result);
      }
    } else if (objective === "set-cover") {
      // The fewest hubs that put every reachable place within the radius; p is ignored.
      const result = await solveSetCover(coverage, { fixedOpen, timeLimitS });
      open = result.open;
      bound = result.bound;
      gap = open.length === 0 ? 0 : (open.length - bound) / open.length;
      provedBy = result.provedBy;
    } else if (objective === "center") {
      // The smallest radius at which p hubs reach every place; the reported radius replaces --radius-km.
      let maxKm = 0;
      let far = 0;
      for (let i = 0; i < places.length; i++) {
        let nearest = Infinity;
        for (let k = 0; k < sites.length; k++) {
          const d = distance(i, k);
          nearest = Math.min(nearest, d);
          if (Number.isFinite(d)) far = Math.max(far, d);
        }
        maxKm = Math.max(maxKm, nearest);
      }
      if (!Number.isFinite(maxKm))
        throw new BrechaError(
          "BRECHA_INFEASIBLE",
          "some places have no travel time to any candidate: a p-center plan needs every place reachable",
        );
      const result = await solvePCenter(coverageWithin, p, {
        maxKm: far + 1,
        fixedOpen,
        timeLimitS: Math.max(5, timeLimitS / 10),
      });
      open = result.open;
      centerRadiusKm = result.radiusKm;
      bound = result.lowerKm;
      gap = result.radiusKm === 0 ? 0 : (result.radiusKm - result.lowerKm) / result.radiusKm;
      provedBy = `bisection to ${(result.radiusKm - result.lowerKm).toFixed(2)} ${unit} (no hub set covers all within ${result.lowerKm.toFixed(1)} ${unit}; the nearest candidate of the farthest place is ${maxKm.toFixed(1)} ${unit} away)`;
    } else {
      const cells = places.length * candidateIdx.length;
      if (cells > 30_000_000) {
        throw new UsageError(
          "BRECHA_USAGE",
          `p-median over ${places.length} places × ${candidateIdx.length} candidates needs ${Math.round((cells * 8) / 1e6)} MB of costs: restrict to a department or use fewer candidates`,
        );
      }
      const cost = new Float64Array(cells);
      for (let i = 0; i < places.length; i++)
        for (let k = 0; k < candidateIdx.length; k++)
          // An unreachable pair costs far more than any reachable assignment, but stays finite.
          cost[i * candidateIdx.length + k] = weights[i]! * Math.min(distance(i, k), 1e7);
      const result = await solvePMedian(
        { clients: places.length, candidates: candidateIdx.length, cost, p, fixedOpen },
        { timeLimitS },
      );
      ({ open, bound, gap, provedBy } = result);
    }
  });
  onProgress?.({ phase: "explaining", percent: 80 });
  // Explain: hubs in order of the people each adds, with the people it serves (nearest hub).
  const serviceKm = centerRadiusKm ?? radiusKm;
  const served = new Float64Array(open.length);
  const count = new Int32Array(open.length);
  const nearestKm = new Float64Array(places.length).fill(Infinity);
  const nearestHub = new Int32Array(places.length).fill(-1);
  open.forEach((k, h) => {
    for (let i = 0; i < places.length; i++) {
      const km = distance(i, k);
      if (km < nearestKm[i]!) {
        nearestKm[i] = km;
        nearestHub[i] = h;
      }
    }
  });
  let covered = 0;
  if (capacityServed !== null) {
    // With capacities, each hub serves what the plan assigned to it, not everyone nearby.
    open.forEach((k, h) => {
      const entry = capacityServed!.get(k);
      served[h] = entry?.people ?? 0;
      count[h] = entry?.places.size ?? 0;
      covered += served[h]!;
    });
  } else {
    for (let i = 0; i < places.length; i++) {
      if (nearestKm[i]! <= serviceKm + 1e-9) {
        served[nearestHub[i]!]! += weights[i]!;
        count[nearestHub[i]!]!++;
        covered += weights[i]!;
      }
    }
  }
  const hubs = open
    .map((k, h) => {
      const place = places[candidateIdx[k]!]!;
      const isExisting = existingIdx.includes(candidateIdx[k]!);
      return {
        code: place.code,
        name: place.name,
        ubigeo: place.ubigeo,
        existing: isExisting,
        peopleServed: Math.round(served[h]!),
        placesServed: count[h]!,
        ...(hasCosts ? { costPen: siteCost[k]! } : {}),
        reason: isExisting
          ? words.existing
          : `${words.serves(served[h]!, count[h]!, serviceKm, unit)}${hostOf.has(candidateIdx[k]!) ? `; ${describeHost(hostOf.get(candidateIdx[k]!)!)}` : ""}${hasCosts && !Number.isNaN(siteCost[k]!) ? `; ${words.costs(siteCost[k]!)}` : ""}`,
      };
    })
    .sort((a, b) => b.peopleServed - a.peopleServed);
  const largestUncovered = places
    .map((place, i) => ({ place, i }))
    .filter(({ i }) => nearestKm[i]! > serviceKm + 1e-9)
    .sort((a, b) => b.place.population - a.place.population)
    .slice(0, 20)
    .map(({ place, i }) => ({
      code: place.code,
      name: place.name,
      ubigeo: place.ubigeo,
      population: Math.round(place.population),
      nearestHubKm: Math.round(nearestKm[i]! * 10) / 10,
    }));
  return {
    objective,
    p: open.length,
    radiusKm: serviceKm,
    unit,
    hubs,
    covered,
    totalPopulation,
    shareCovered: totalPopulation === 0 ? 0 : covered / totalPopulation,
    bound,
    gap: Math.max(0, gap),
    provedBy,
    proven: provedBy !== "none",
    candidates: candidateIdx.length,
    demandPoints: places.length,
    largestUncovered,
    ...(screening ? { screening } : {}),
    ...(hasCosts || budgetPen !== undefined
      ? {
          costs: {
            openingCostPen: openingCostPen ?? null,
            budgetPen: budgetPen ?? null,
            spentPen: open.reduce(
              (sum, k) => sum + (Number.isNaN(siteCost[k]!) ? 0 : siteCost[k]!),
              0,
            ),
          },
        }
      : {}),
    assumptions: assumptionsOf(words, {
      travelTimes: travelMinutes !== undefined,
      terrainFactors,
      populationNote: populationNote?.[lang],
      budget: budgetPen === undefined ? null : { budgetPen, p, openingCostPen, siteCostsPen },
      candidateRule,
      screen: screening?.screen ?? null,
      candidates: candidateIdx.length,
    }),
    timingsMs: { total: performance.now() - started },
  };
}

/** The headline figures of a hub plan, as scenarios keep them. */
export function hubPlanSummary(plan: HubPlan): Record<string, number> {
  return {
    hubs: plan.hubs.length,
    coveredPct: Math.round(plan.shareCovered * 10_000) / 100,
    people: Math.round(plan.covered),
    gapPct: Math.round(plan.gap * 10_000) / 100,
    ...(plan.costs ? { spentPen: Math.round(plan.costs.spentPen) } : {}),
  };
}

/** A plan asking for more hubs than there are candidate sites. */
function tooFewCandidates(
  p: number,
  candidates: number,
  candidateRule: string,
  screening: HubPlan["screening"] | undefined,
): BrechaError {
  return new BrechaError(
    "BRECHA_INFEASIBLE",
    screening
      ? `cannot open ${p} hubs: only ${candidates} places have a host that passes the screen (${screening.passed} of ${screening.facilities} facilities passed; failed: ${Object.entries(
          screening.failed,
        )
          .filter(([, n]) => n > 0)
          .map(
            ([rule, n]) =>
              `${rule} ${n}${screening!.unknown[rule as "internet"] > 0 ? ` (${screening!.unknown[rule as "internet"]} unknown)` : ""}`,
          )
          .join(", ")})`
      : `cannot open ${p} hubs: only ${candidates} places pass the candidate rule "${candidateRule}" (use --candidates all or fewer hubs)`,
    {
      es: screening
        ? `no se pueden abrir ${p} centros: solo ${candidates} lugares tienen un local que pasa el filtro (${screening.passed} de ${screening.facilities} locales lo pasaron)`
        : `no se pueden abrir ${p} centros: solo ${candidates} lugares cumplen la regla de candidatos "${candidateRule === "urban" ? "urbanos" : "todos"}" (use todos los lugares o menos centros)`,
    },
  );
}

/** What a hub plan assumes, in the plan's words. */
function assumptionsOf(
  words: ReturnType<typeof hubWords>,
  plan: {
    travelTimes: boolean;
    terrainFactors: Readonly<Record<string, number>>;
    populationNote: string | undefined;
    budget: {
      budgetPen: number;
      p: number;
      openingCostPen: number | undefined;
      siteCostsPen: ReadonlyMap<string, number> | undefined;
    } | null;
    candidateRule: string;
    screen: HostScreen | null;
    candidates: number;
  },
): string[] {
  const said = words.assumptions;
  const { budget, screen } = plan;
  return [
    plan.travelTimes
      ? said.travelTime
      : said.terrainKm(
          Object.entries(plan.terrainFactors)
            .map(([r, f]) => `${r} ${f}`)
            .join(", "),
        ),
    plan.populationNote ?? said.populationAsGiven,
    ...(budget
      ? [
          said.budget(
            budget.budgetPen,
            budget.p,
            budget.openingCostPen ?? null,
            budget.siteCostsPen?.size ?? 0,
          ),
        ]
      : []),
    said.candidates(
      plan.candidateRule === "urban" ? "urban" : "all",
      screen
        ? said.screen({
            power: screen.electricity24h === true,
            internet: screen.internet === true,
            room: screen.freeRoom === true,
            pcs: screen.minComputers ?? null,
          })
        : null,
      plan.candidates,
    ),
  ];
}
