import type { PlanLang } from "../reasons.ts";
import type { ProgressSink } from "../progress.ts";

/** A school premises (local escolar) as the access optimiser sees it. */
export interface InfraSite {
  readonly codigoLocal: string;
  readonly ubigeo: string;
  readonly students: number;
  readonly rural: boolean;
  /** 0-100, the district's monetary poverty. */
  readonly povertyPct: number | null;
  readonly hasInternet: boolean;
  readonly hasElectricity: boolean;
  readonly hasWater: boolean;
  /** DRE/UGEL code (padrón CODOOII), for UGEL floors and caps. */
  readonly ugel?: string | null;
  /** Intercultural bilingual education (EIB) school, VRAEM district, border district. */
  readonly eib?: boolean;
  readonly vraem?: boolean;
  readonly border?: boolean;
  /** 0-100, share of the district's students "en inicio" or "previo al inicio" (below the expected
   * level) in the latest assessment. */
  readonly pctEnInicio?: number | null;
  /** A model's predicted gain per student reached (used with `benefitFrom: "model"`). */
  readonly predictedGain?: number | null;
  /** Approved school requests for a service here: need the UGEL verified (see
   * `withApprovedServices`). */
  readonly requests?: readonly number[];
}

/** Weights of the need multiplier: need = 1 + Σ weight × factor (see `needOf`). */
export interface NeedWeights {
  /** × district poverty share (0-1). */
  readonly poverty: number;
  readonly rural: number;
  /** × share "en inicio" (0-1). */
  readonly enInicio: number;
  readonly eib: number;
  readonly vraem: number;
  readonly border: number;
  /** Premises whose UGEL approved a school request for a service. */
  readonly verified: number;
}

/** ILLUSTRATIVE default weights (a policy choice, not a finding): pass your own. */
export const DEFAULT_NEED_WEIGHTS: NeedWeights = {
  poverty: 1,
  rural: 0.25,
  enInicio: 0.5,
  eib: 0.25,
  vraem: 0.25,
  border: 0.15,
  verified: 0.5,
};

/** Need multiplier of a site: 1 + poverty share + rural + "en inicio" share + flags, weighted. */
export function needOf(site: InfraSite, w: NeedWeights = DEFAULT_NEED_WEIGHTS): number {
  return (
    1 +
    (w.poverty * (site.povertyPct ?? 0)) / 100 +
    (site.rural ? w.rural : 0) +
    (w.enInicio * (site.pctEnInicio ?? 0)) / 100 +
    (site.eib ? w.eib : 0) +
    (site.vraem ? w.vraem : 0) +
    (site.border ? w.border : 0) +
    ((site.requests?.length ?? 0) > 0 ? w.verified : 0)
  );
}

export type InterventionKind =
  | "internet_fibra"
  | "internet_movil"
  | "internet_satelital"
  | "electricidad_red"
  | "electricidad_solar"
  | "agua"
  | "dispositivos";

export interface InterventionSpec {
  readonly kind: InterventionKind;
  /** Mutually exclusive alternatives share a group: one internet technology, one power source. */
  readonly group: "internet" | "electricidad" | "agua" | "dispositivos";
  readonly costPen: (site: InfraSite) => number;
  /** Whether the intervention can be built there at all (fibre only in towns, …). */
  readonly available: (site: InfraSite) => boolean;
  /** Value per student reached, before need weighting. */
  readonly valuePerStudent: number;
}

/**
 * Default costs and values. ILLUSTRATIVE parameters (order of magnitude of public estimates, not
 * a ministry price list): pass your own with `interventions`.
 */
export const DEFAULT_INTERVENTIONS: readonly InterventionSpec[] = [
  {
    kind: "internet_fibra",
    group: "internet",
    costPen: () => 15_000,
    available: (s) => !s.rural,
    valuePerStudent: 1,
  },
  {
    kind: "internet_movil",
    group: "internet",
    costPen: () => 9_000,
    available: () => true,
    valuePerStudent: 0.8,
  },
  {
    kind: "internet_satelital",
    group: "internet",
    costPen: () => 25_000,
    available: () => true,
    valuePerStudent: 0.9,
  },
  {
    kind: "electricidad_red",
    group: "electricidad",
    costPen: (s) => (s.rural ? 45_000 : 20_000),
    available: () => true,
    valuePerStudent: 0.8,
  },
  {
    kind: "electricidad_solar",
    group: "electricidad",
    costPen: () => 18_000,
    available: (s) => s.rural,
    valuePerStudent: 0.6,
  },
  {
    kind: "agua",
    group: "agua",
    costPen: (s) => (s.rural ? 35_000 : 15_000),
    available: () => true,
    valuePerStudent: 0.6,
  },
  {
    kind: "dispositivos",
    group: "dispositivos",
    costPen: (s) => 1_200 * Math.ceil(s.students * 0.5),
    available: (s) => s.students > 0,
    valuePerStudent: 0.7,
  },
];

export interface InfraPlanOptions {
  readonly budgetPen: number;
  readonly interventions?: readonly InterventionSpec[];
  /** Minimum and maximum spending per department (2-digit code), in PEN. */
  readonly departmentFloorsPen?: Readonly<Record<string, number>>;
  readonly departmentCapsPen?: Readonly<Record<string, number>>;
  /** Minimum and maximum spending per UGEL (its code, as in the padrón), in PEN. */
  readonly ugelFloorsPen?: Readonly<Record<string, number>>;
  readonly ugelCapsPen?: Readonly<Record<string, number>>;
  /** Need weights (defaults: DEFAULT_NEED_WEIGHTS); ignored with `benefitFrom: "model"`. */
  readonly needWeights?: Partial<NeedWeights>;
  /** `need` (default): students × value × need; `model`: students × value × the site's
   * `predictedGain` (every site must have one). */
  readonly benefitFrom?: "need" | "model";
  /** `codigoLocal:kind` pairs that must be funded / must not be. */
  readonly mustDo?: readonly string[];
  readonly mustNot?: readonly string[];
  readonly timeLimitS?: number;
  /** `benefit` (default): the most need-weighted students; `maxmin`: the lowest department share of
   * its potential benefit as high as possible (equity), then the most benefit. */
  readonly objective?: "benefit" | "maxmin";
  /** The language of the reasons (default Spanish). */
  readonly lang?: PlanLang;
  /** `mip`: HiGHS branch and bound; `price`: the budget-pricing solver with a proven bound (no
   * floors, caps or max-min); `auto` (default): `price` from PRICE_SOLVER_FROM options on. */
  readonly method?: "auto" | "mip" | "price";
  /** Told of each phase (0-100 overall) and, while pricing, the best bound and gap so far. */
  readonly onProgress?: ProgressSink;
}

/** From this many (premises, intervention) options, plans use the pricing solver: HiGHS in
 * WebAssembly finds no plan for the whole country (57,000 premises, 120,000 options) in 120 s. */
export const PRICE_SOLVER_FROM = 30_000;

export interface InfraChoice {
  readonly codigoLocal: string;
  readonly ubigeo: string;
  /** Approved school requests behind this premises' need, when any. */
  readonly requests?: readonly number[];
  readonly kind: InterventionKind;
  readonly costPen: number;
  readonly benefit: number;
  readonly reason: string;
}

export interface InfraPlan {
  readonly chosen: readonly InfraChoice[];
  readonly spentPen: number;
  readonly budgetPen: number;
  readonly benefit: number;
  readonly bound: number;
  readonly gap: number;
  readonly status: string;
  /** How it was solved: HiGHS's branch and bound, or pricing the budget (very large plans). */
  readonly method: "mip" | "price";
  /** Options considered but not funded, with why (the best 50 by benefit). */
  readonly leftOut: ReadonlyArray<{
    codigoLocal: string;
    kind: InterventionKind;
    costPen: number;
    benefit: number;
    why: string;
  }>;
  /** Benefit gained per extra 1,000 PEN, estimated by re-solving with 5% more budget. */
  readonly marginalBenefitPer1000Pen: number | null;
  readonly byDepartment: ReadonlyArray<{
    department: string;
    spentPen: number;
    floorPen: number | null;
    capPen: number | null;
    /** Benefit funded / benefit of every option the department has (0-1). */
    shareOfPotential: number;
  }>;
  /** Spending per UGEL that has a floor or a cap. */
  readonly byUgel: ReadonlyArray<{
    ugel: string;
    spentPen: number;
    floorPen: number | null;
    capPen: number | null;
  }>;
  readonly objective: "benefit" | "maxmin";
  readonly assumptions: readonly string[];
}
