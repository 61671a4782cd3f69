import type { ProgressSink } from "../progress.ts";
import type { PlanLang } from "../reasons.ts";

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
