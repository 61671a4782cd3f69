import { haversineKm } from "../../domain/index.ts";
import { BrechaError, UsageError } from "../../errors/index.ts";
import { buildCoverage, type Coverage } from "../covering/index.ts";
import {
  DEFAULT_TERRAIN_FACTORS,
  type HostFacility,
  type HostScreen,
  type HostScreening,
  type HubPlace,
  type HubPlan,
  type HubPlanOptions,
} from "./hub-inputs.ts";

/** What validation makes of a hub plan's inputs: the candidate sites chosen and screened, the
 * distances and coverage the solvers read, the costs resolved. */
export interface HubProblem {
  readonly places: readonly HubPlace[];
  readonly options: HubPlanOptions;
  readonly p: number;
  readonly radiusKm: number;
  readonly objective: HubPlanOptions["objective"];
  readonly unit: "km" | "min";
  readonly timeLimitS: number;
  /** Place indices of the existing hubs, and of every candidate site (existing ones first). */
  readonly existingIdx: readonly number[];
  readonly candidateIdx: readonly number[];
  /** Candidate positions (in `candidateIdx`) that must stay open: the existing hubs. */
  readonly fixedOpen: readonly number[];
  /** The host that lets each screened place be a candidate. */
  readonly hostOf: ReadonlyMap<number, HostFacility>;
  readonly screening: HostScreening | undefined;
  readonly weights: readonly number[];
  readonly totalPopulation: number;
  /** Minutes from the matrix, else terrain-adjusted km, between place i and candidate k. */
  readonly distance: (i: number, k: number) => number;
  /** Which places each candidate reaches within a radius. */
  readonly coverageWithin: (radius: number) => Coverage;
  /** Opening cost of each candidate (0 for an existing hub, NaN where none was given). */
  readonly siteCost: Float64Array;
  readonly hasCosts: boolean;
  readonly budget: { cost: Float64Array; limit: number } | undefined;
  /** Department floors, checked (2-digit code, share 0-1). */
  readonly floors: ReadonlyArray<[department: string, share: number]>;
}

const usage = (en: string, es: string) => new UsageError("BRECHA_USAGE", en, { es });

/**
 * Checks a hub plan's inputs and turns them into the problem the solvers read: every refusal that
 * can be made before solving, in English and Spanish.
 */
export function validateHubInputs(
  places: readonly HubPlace[],
  options: HubPlanOptions,
): HubProblem {
  const { p, radiusKm, objective, existing = [], departmentFloors = {} } = options;
  const { openingCostPen, siteCostsPen, budgetPen, capacity, travelMinutes } = options;
  if (!Number.isInteger(p) || p < 1)
    throw usage(
      `the number of hubs must be a whole number ≥ 1, got ${p}`,
      `el número de centros debe ser un entero ≥ 1; se recibió ${p}`,
    );
  if (!(radiusKm > 0))
    throw usage(
      `the radius must be > 0 km, got ${radiusKm}`,
      `el radio debe ser > 0 km; se recibió ${radiusKm}`,
    );
  if (places.length === 0)
    throw new BrechaError(
      "BRECHA_INFEASIBLE",
      "no populated places to serve: load centros-poblados first",
      {
        es: "no hay centros poblados que atender: cargue primero centros-poblados",
      },
    );
  const index = new Map(places.map((place, i) => [place.code, i]));
  const hasCosts = openingCostPen !== undefined || siteCostsPen !== undefined;
  if (hasCosts || budgetPen !== undefined) refuseBadCosts(options, index);
  const floors = Object.entries(departmentFloors);
  for (const [d, share] of floors)
    if (!/^\d{2}$/.test(d) || !(share >= 0 && share <= 1))
      throw usage(
        `a department floor is a 2-digit code and a share between 0 and 1, got ${d}:${share}`,
        `un piso por departamento es un código de 2 dígitos y una parte entre 0 y 1; se recibió ${d}:${share}`,
      );
  if (floors.length > 0 && (capacity !== undefined || budgetPen !== undefined))
    throw usage(
      "capacities and department floors cannot be combined yet",
      "las capacidades y los pisos por departamento aún no se pueden combinar",
    );
  const existingIdx = existing.map((code) => {
    const i = index.get(code);
    if (i === undefined)
      throw usage(
        `existing hub ${code} is not a known populated place`,
        `el centro existente ${code} no es un centro poblado conocido`,
      );
    return i;
  });
  if (existingIdx.length > p)
    throw new BrechaError(
      "BRECHA_INFEASIBLE",
      `${existingIdx.length} existing hubs are more than the ${p} hubs of the plan`,
      { es: `${existingIdx.length} centros existentes son más que los ${p} centros del plan` },
    );
  const { candidateIdx, hostOf, screening } = candidatesOf(places, options, existingIdx, index);
  if (candidateIdx.length < p && budgetPen === undefined)
    throw tooFewCandidates(p, candidateIdx.length, options.candidateRule ?? "urban", screening);
  if (objective === "median" && places.length * candidateIdx.length > 30_000_000)
    throw usage(
      `p-median over ${places.length} places × ${candidateIdx.length} candidates needs ${Math.round((places.length * candidateIdx.length * 8) / 1e6)} MB of costs: restrict to a department or use fewer candidates`,
      `la p-mediana sobre ${places.length} lugares × ${candidateIdx.length} candidatos necesita ${Math.round((places.length * candidateIdx.length * 8) / 1e6)} MB de costos: limítela a un departamento o use menos candidatos`,
    );
  const geometry = distancesOf(places, options, candidateIdx, index);
  const siteCost = Float64Array.from(candidateIdx, (i) =>
    existingIdx.includes(i) ? 0 : (siteCostsPen?.get(places[i]!.code) ?? openingCostPen ?? NaN),
  );
  if (budgetPen !== undefined && siteCost.some(Number.isNaN))
    throw usage(
      "a budget needs what each hub costs: give an opening cost per hub, or a cost for every candidate site",
      "un presupuesto necesita lo que cuesta cada centro: indique un costo de apertura por centro, o un costo para cada sitio candidato",
    );
  const weights = places.map((place) => place.population);
  return {
    places,
    options,
    p,
    radiusKm,
    objective,
    unit: travelMinutes === undefined ? "km" : "min",
    timeLimitS: options.timeLimitS ?? 60,
    existingIdx,
    candidateIdx,
    fixedOpen: existingIdx.map((i) => candidateIdx.indexOf(i)),
    hostOf,
    screening,
    weights,
    totalPopulation: weights.reduce((a, b) => a + b, 0),
    ...geometry,
    siteCost,
    hasCosts,
    budget: budgetPen === undefined ? undefined : { cost: siteCost, limit: budgetPen },
    floors,
  };
}

function refuseBadCosts(options: HubPlanOptions, index: ReadonlyMap<string, number>): void {
  const { objective, departmentFloors = {}, openingCostPen, budgetPen, siteCostsPen } = options;
  if (objective !== "coverage")
    throw usage(
      "opening costs and a budget apply to the coverage objective only",
      "los costos de apertura y el presupuesto se aplican solo al objetivo de cobertura",
    );
  if (Object.keys(departmentFloors).length > 0)
    throw usage(
      "opening costs and department floors cannot be combined yet",
      "los costos de apertura y los pisos por departamento aún no se pueden combinar",
    );
  const amounts: Array<[en: string, es: string, value: number | undefined]> = [
    ["opening cost", "costo de apertura", openingCostPen],
    ["budget", "presupuesto", budgetPen],
    ...[...(siteCostsPen ?? new Map<string, number>())].map(
      ([code, c]): [string, string, number] => [
        `opening cost of ${code}`,
        `costo de apertura de ${code}`,
        c,
      ],
    ),
  ];
  for (const [en, es, v] of amounts)
    if (v !== undefined && !(Number.isFinite(v) && v >= 0))
      throw usage(
        `the ${en} must be a number of soles ≥ 0, got ${v}`,
        `el ${es} debe ser un monto en soles ≥ 0; se recibió ${v}`,
      );
  for (const code of siteCostsPen?.keys() ?? [])
    if (!index.has(code))
      throw usage(
        `site cost for ${code}: not a known populated place`,
        `costo del sitio ${code}: no es un centro poblado conocido`,
      );
}

/** Candidate sites: the existing hubs, then the largest places the rule and the host screen
 * allow, up to `maxCandidates`. */
function candidatesOf(
  places: readonly HubPlace[],
  options: HubPlanOptions,
  existingIdx: readonly number[],
  index: ReadonlyMap<string, number>,
) {
  const { candidateRule = "urban", maxCandidates = 5000, hosts } = options;
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
  return { candidateIdx, hostOf, screening };
}

/** Distance between places and candidates, and coverage within a radius: from the travel-time
 * matrix when there is one, else straight-line km times the terrain factor of the place. */
function distancesOf(
  places: readonly HubPlace[],
  options: HubPlanOptions,
  candidateIdx: readonly number[],
  index: ReadonlyMap<string, number>,
): Pick<HubProblem, "distance" | "coverageWithin"> {
  const { terrainFactors = DEFAULT_TERRAIN_FACTORS, travelMinutes } = options;
  const factor = places.map((place) =>
    place.region !== null ? (terrainFactors[place.region] ?? 1.5) : 1.5,
  );
  const demand = places.map((place) => [place.lon, place.lat] as const);
  const sites = candidateIdx.map((i) => demand[i]!);
  if (travelMinutes === undefined)
    return {
      distance: (i, k) => factor[i]! * haversineKm(demand[i]!, sites[k]!),
      coverageWithin: (radius) =>
        buildCoverage({ demand, sites, radiusKm: radius, terrainFactor: factor }),
    };
  const byCandidate = new Map<number, Array<[number, number]>>();
  const candidateOf = new Map(candidateIdx.map((i, k) => [places[i]!.code, k]));
  for (const [pair, minutes] of travelMinutes) {
    const [from, to] = pair.split(">");
    const i = index.get(from ?? "");
    const k = candidateOf.get(to ?? "");
    if (i === undefined || k === undefined || !(minutes >= 0)) continue;
    byCandidate.set(k, [...(byCandidate.get(k) ?? []), [i, minutes]]);
  }
  return {
    distance: (i, k) =>
      travelMinutes.get(`${places[i]!.code}>${places[candidateIdx[k]!]!.code}`) ?? Infinity,
    coverageWithin: (radius) => {
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
    },
  };
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
