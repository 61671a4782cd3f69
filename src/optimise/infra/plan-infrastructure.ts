import { BrechaError, UsageError } from "../../errors/index.ts";
import { describeSchoolSite, infraWords, type PlanLang } from "../reasons.ts";
import { INFINITY, solveMip, type MipResult } from "../solve-mip.ts";
import { whileSolving, type ProgressSink } from "../progress.ts";
import { solveByPrice } from "./price-solver.ts";

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
}

/** ILLUSTRATIVE default weights (a policy choice, not a finding): pass your own. */
export const DEFAULT_NEED_WEIGHTS: NeedWeights = {
  poverty: 1,
  rural: 0.25,
  enInicio: 0.5,
  eib: 0.25,
  vraem: 0.25,
  border: 0.15,
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
    (site.border ? w.border : 0)
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

interface Option {
  readonly site: number;
  readonly spec: InterventionSpec;
  readonly cost: number;
  readonly benefit: number;
}

/** A level at which spending can have floors and caps. */
interface EquityLevel {
  readonly name: "department" | "UGEL";
  readonly of: (site: InfraSite) => string | null;
  readonly floors: Readonly<Record<string, number>>;
  readonly caps: Readonly<Record<string, number>>;
}

const pen = (amount: number) => `${amount.toLocaleString("en-US")} PEN`;

/**
 * Chooses (premises, intervention) pairs that maximise need-weighted students reached within the
 * budget, as a MIP solved by HiGHS: one technology per service per site, internet only where
 * there is or will be electricity, department floors and caps, must-do and must-not lists. Every
 * choice and every notable omission is explained.
 */
export async function planInfrastructure(
  sites: readonly InfraSite[],
  options: InfraPlanOptions,
): Promise<InfraPlan> {
  const {
    budgetPen,
    interventions = DEFAULT_INTERVENTIONS,
    departmentFloorsPen = {},
    departmentCapsPen = {},
    ugelFloorsPen = {},
    ugelCapsPen = {},
    benefitFrom = "need",
    mustDo = [],
    mustNot = [],
    timeLimitS = 60,
    lang = "es",
    objective = "benefit",
    onProgress,
  } = options;
  const words = infraWords(lang);
  if (!(budgetPen >= 0))
    throw new UsageError(
      "BRECHA_USAGE",
      `the budget must be a number of soles ≥ 0, got ${budgetPen}`,
    );
  const weights: NeedWeights = { ...DEFAULT_NEED_WEIGHTS, ...options.needWeights };
  for (const [name, w] of Object.entries(weights))
    if (!Number.isFinite(w) || w < 0)
      throw new UsageError("BRECHA_USAGE", `need weight "${name}" must be a number ≥ 0, got ${w}`);
  if (benefitFrom === "model") {
    const without = sites.filter(
      (s) => !(typeof s.predictedGain === "number" && s.predictedGain >= 0),
    );
    if (without.length > 0)
      throw new UsageError(
        "BRECHA_USAGE",
        `benefit from a model needs a predicted gain ≥ 0 for every premises; ${without.length} have none (first: ${without
          .slice(0, 5)
          .map((s) => s.codigoLocal)
          .join(", ")})`,
      );
  }
  const multiplier = (site: InfraSite) =>
    benefitFrom === "model" ? site.predictedGain! : needOf(site, weights);
  const levels: EquityLevel[] = [
    {
      name: "department",
      of: (site) => site.ubigeo.slice(0, 2),
      floors: departmentFloorsPen,
      caps: departmentCapsPen,
    },
    { name: "UGEL", of: (site) => site.ugel ?? null, floors: ugelFloorsPen, caps: ugelCapsPen },
  ];
  for (const level of levels) {
    const present = new Set(sites.map(level.of));
    for (const code of [...Object.keys(level.floors), ...Object.keys(level.caps)]) {
      const amount = level.floors[code] ?? level.caps[code]!;
      if (!(amount >= 0))
        throw new UsageError(
          "BRECHA_USAGE",
          `${level.name} ${code}: floors and caps must be amounts ≥ 0 PEN, got ${amount}`,
        );
      if (!present.has(code))
        throw new UsageError(
          "BRECHA_USAGE",
          `${level.name} ${code} has a floor or cap but no premises in this plan`,
        );
    }
  }
  const options_: Option[] = [];
  sites.forEach((site, s) => {
    for (const spec of interventions) {
      const missing =
        spec.group === "internet"
          ? !site.hasInternet
          : spec.group === "electricidad"
            ? !site.hasElectricity
            : spec.group === "agua"
              ? !site.hasWater
              : true;
      if (!missing || !spec.available(site)) continue;
      options_.push({
        site: s,
        spec,
        cost: spec.costPen(site),
        benefit: site.students * spec.valuePerStudent * multiplier(site),
      });
    }
  });
  const key = (o: Option) => `${sites[o.site]!.codigoLocal}:${o.spec.kind}`;
  const known = new Set(options_.map(key));
  for (const k of [...mustDo, ...mustNot])
    if (!known.has(k))
      throw new UsageError(
        "BRECHA_USAGE",
        `"${k}" is not an intervention any premises needs (codigoLocal:kind, e.g. 032754:internet_movil)`,
      );
  const forced = new Set(mustDo);
  const banned = new Set(mustNot);
  const department = (o: Option) => sites[o.site]!.ubigeo.slice(0, 2);
  // Infeasibility that can be named before solving.
  const forcedCost = options_.filter((o) => forced.has(key(o))).reduce((a, o) => a + o.cost, 0);
  if (forcedCost > budgetPen) throw mustDoOverBudget(pen(forcedCost), pen(budgetPen));
  for (const level of levels) {
    const floorTotal = Object.values(level.floors).reduce((a, b) => a + b, 0);
    if (floorTotal > budgetPen)
      throw new BrechaError(
        "BRECHA_INFEASIBLE",
        `${level.name} floors add up to ${pen(floorTotal)}, more than the budget of ${pen(budgetPen)}`,
      );
    for (const [code, floor] of Object.entries(level.floors)) {
      const possible = options_
        .filter((o) => level.of(sites[o.site]!) === code && !banned.has(key(o)))
        .reduce((a, o) => a + o.cost, 0);
      if (possible < floor)
        throw new BrechaError(
          "BRECHA_INFEASIBLE",
          `${level.name} ${code}'s floor of ${pen(floor)} exceeds everything it could fund (${pen(possible)})`,
        );
      const cap = level.caps[code];
      if (cap !== undefined && cap < floor)
        throw new BrechaError(
          "BRECHA_INFEASIBLE",
          `${level.name} ${code}'s cap (${pen(cap)}) is below its floor (${pen(floor)})`,
        );
    }
    for (const [code, cap] of Object.entries(level.caps)) {
      const mustCost = options_
        .filter((o) => level.of(sites[o.site]!) === code && forced.has(key(o)))
        .reduce((a, o) => a + o.cost, 0);
      if (mustCost > cap)
        throw new BrechaError(
          "BRECHA_INFEASIBLE",
          `${level.name} ${code}'s must-do interventions cost ${pen(mustCost)}, more than its cap of ${pen(cap)}`,
        );
    }
  }

  const constrained =
    objective === "maxmin" ||
    levels.some((l) => Object.keys(l.floors).length + Object.keys(l.caps).length > 0);
  const method =
    options.method === "mip" || options.method === "price"
      ? options.method
      : options_.length >= PRICE_SOLVER_FROM
        ? "price"
        : "mip";
  if (method === "price" && constrained)
    throw new UsageError(
      "BRECHA_USAGE",
      `${options_.length.toLocaleString("en-US")} options is a plan for the pricing solver, which takes the budget, the must-do and must-not lists but no floors, caps or max-min objective: plan those per department (fewer than ${PRICE_SOLVER_FROM.toLocaleString("en-US")} options)`,
      {
        es: `${options_.length.toLocaleString("en-US")} opciones es un plan para el solucionador por precios, que acepta el presupuesto y las listas de obligatorias y excluidas, pero no pisos, topes ni el objetivo max-min: planifique esos por departamento (menos de ${PRICE_SOLVER_FROM.toLocaleString("en-US")} opciones)`,
      },
    );
  const solveByPricing = (budget: number, progress?: ProgressSink): MipResult => {
    const started = performance.now();
    const solution = solveByPrice(
      options_.map((o) => ({
        site: o.site,
        group: o.spec.group,
        cost: o.cost,
        benefit: o.benefit,
        forced: forced.has(key(o)),
        banned: banned.has(key(o)),
      })),
      sites.length,
      (s) => sites[s]!.hasElectricity,
      budget,
      progress &&
        ((p) =>
          progress({
            phase: "solving",
            percent: 10 + Math.round((70 * p.iteration) / p.iterations),
            bound: p.bound,
            gap: p.bound > 0 ? (p.bound - p.benefit) / p.bound : 0,
          })),
    );
    return {
      status: solution.gap <= 1e-4 ? "optimal" : "feasible",
      objective: solution.benefit,
      bound: solution.bound,
      gap: solution.gap,
      x: Float64Array.from(solution.picked),
      runMs: performance.now() - started,
    };
  };
  const solve = async (budget: number, progress?: ProgressSink) => {
    if (method === "price") return solveByPricing(budget, progress);
    // Rows: budget; per site and group, at most one option; per site, internet ≤ electricity (existing or funded);
    // per department with a floor or cap, its spending.
    const rows: Array<{ lower: number; upper: number }> = [{ lower: -INFINITY, upper: budget }];
    const entries: Array<Array<[number, number]>> = options_.map(() => []);
    options_.forEach((o, c) => entries[c]!.push([0, o.cost]));
    const groups = new Map<string, number[]>();
    options_.forEach((o, c) => {
      const g = `${o.site}|${o.spec.group}`;
      const list = groups.get(g);
      if (list) list.push(c);
      else groups.set(g, [c]);
    });
    for (const list of groups.values()) {
      if (list.length < 2) continue;
      const row = rows.length;
      rows.push({ lower: -INFINITY, upper: 1 });
      for (const c of list) entries[c]!.push([row, 1]);
    }
    sites.forEach((site, s) => {
      if (site.hasElectricity) return;
      const internet = groups.get(`${s}|internet`) ?? [];
      if (internet.length === 0) return;
      const power = groups.get(`${s}|electricidad`) ?? [];
      const row = rows.length;
      rows.push({ lower: -INFINITY, upper: 0 }); // Σ internet − Σ power ≤ 0
      for (const c of internet) entries[c]!.push([row, 1]);
      for (const c of power) entries[c]!.push([row, -1]);
    });
    for (const level of levels)
      for (const code of new Set([...Object.keys(level.floors), ...Object.keys(level.caps)])) {
        const row = rows.length;
        rows.push({ lower: level.floors[code] ?? -INFINITY, upper: level.caps[code] ?? INFINITY });
        options_.forEach((o, c) => {
          if (level.of(sites[o.site]!) === code) entries[c]!.push([row, o.cost]);
        });
      }
    // Max-min: a column t ≤ (benefit funded in d) / (benefit possible in d) for every department.
    const n = options_.length;
    const maxmin = objective === "maxmin";
    const tEntries: Array<[number, number]> = [];
    if (maxmin) {
      const potential = new Map<string, number>();
      for (const o of options_)
        potential.set(department(o), (potential.get(department(o)) ?? 0) + o.benefit);
      for (const [d, total] of potential) {
        if (total <= 0) continue;
        const row = rows.length;
        rows.push({ lower: 0, upper: INFINITY }); // Σ benefit·x − t·total ≥ 0
        options_.forEach((o, c) => {
          if (department(o) === d) entries[c]!.push([row, o.benefit]);
        });
        tEntries.push([row, -total]);
      }
    }
    const numCols = maxmin ? n + 1 : n;
    const starts = new Int32Array(numCols + 1);
    const indices: number[] = [];
    const values: number[] = [];
    [...entries, ...(maxmin ? [tEntries] : [])].forEach((list, c) => {
      starts[c] = indices.length;
      for (const [r, v] of list) {
        indices.push(r);
        values.push(v);
      }
    });
    starts[numCols] = indices.length;
    const totalPotential = options_.reduce((a, o) => a + o.benefit, 0) || 1;
    return solveMip(
      {
        numCols,
        numRows: rows.length,
        maximize: true,
        // Max-min keeps a small weight on total benefit to choose among equally fair plans.
        colCost: Float64Array.from({ length: numCols }, (_, c) =>
          c === n
            ? 1
            : maxmin
              ? (1e-3 * options_[c]!.benefit) / totalPotential
              : options_[c]!.benefit,
        ),
        colLower: Float64Array.from({ length: numCols }, (_, c) =>
          c < n && forced.has(key(options_[c]!)) ? 1 : 0,
        ),
        colUpper: Float64Array.from({ length: numCols }, (_, c) =>
          c < n && banned.has(key(options_[c]!)) ? 0 : 1,
        ),
        rowLower: Float64Array.from(rows, (r) => r.lower),
        rowUpper: Float64Array.from(rows, (r) => r.upper),
        starts,
        indices: Int32Array.from(indices),
        values: Float64Array.from(values),
        integrality: Int32Array.from({ length: numCols }, (_, c) => (c < n ? 1 : 0)),
      },
      { timeLimitS, relGap: 1e-4 },
    );
  };
  const result = await whileSolving(onProgress, timeLimitS, (progress) =>
    solve(budgetPen, progress),
  );
  onProgress?.({ phase: "explaining", percent: 80, bound: result.bound, gap: result.gap });
  if (result.status === "infeasible") {
    throw new BrechaError(
      "BRECHA_INFEASIBLE",
      "the floors, caps, must-do list and dependencies cannot all be met together (each holds on its own; e.g. a must-do internet connection at premises whose electricity is on the must-not list, or UGEL floors above their department's cap)",
    );
  }
  if (result.x.length < options_.length)
    throw new BrechaError("BRECHA_SOLVER", `HiGHS ended with status ${result.status} and no plan`);
  const picked = options_.map((_, c) => result.x[c]! > 0.5);
  const spent = options_.reduce((a, o, c) => a + (picked[c] ? o.cost : 0), 0);
  const benefit = options_.reduce((a, o, c) => a + (picked[c] ? o.benefit : 0), 0);
  const spentIn = new Map<string, number>();
  const spentInUgel = new Map<string, number>();
  options_.forEach((o, c) => {
    if (!picked[c]) return;
    spentIn.set(department(o), (spentIn.get(department(o)) ?? 0) + o.cost);
    const u = sites[o.site]!.ugel;
    if (u) spentInUgel.set(u, (spentInUgel.get(u) ?? 0) + o.cost);
  });
  const fundedPower = new Set(
    options_.filter((o, c) => picked[c] && o.spec.group === "electricidad").map((o) => o.site),
  );
  const groupFilled = new Set(
    options_.filter((_, c) => picked[c]).map((o) => `${o.site}|${o.spec.group}`),
  );
  const cutoff = Math.min(
    ...options_.filter((_, c) => picked[c]).map((o) => o.benefit / o.cost),
    Infinity,
  );
  const chosen = options_
    .map((o, c) => ({ o, c }))
    .filter(({ c }) => picked[c])
    .map(({ o }) => {
      const site = sites[o.site]!;
      return {
        codigoLocal: site.codigoLocal,
        ubigeo: site.ubigeo,
        kind: o.spec.kind,
        costPen: o.cost,
        benefit: Math.round(o.benefit * 10) / 10,
        reason: words.chosen(
          describeSchoolSite(lang, site, benefitFrom),
          o.benefit / (o.cost / 1000),
          benefitFrom,
          forced.has(`${site.codigoLocal}:${o.spec.kind}`),
        ),
      };
    })
    .sort((a, b) => b.benefit / b.costPen - a.benefit / a.costPen);
  const leftOut = options_
    .map((o, c) => ({ o, c }))
    .filter(({ c }) => !picked[c])
    .sort((a, b) => b.o.benefit - a.o.benefit)
    .slice(0, 50)
    .map(({ o }) => {
      const site = sites[o.site]!;
      const d = department(o);
      let why: string;
      if (banned.has(key(o))) why = words.mustNot;
      else if (groupFilled.has(`${o.site}|${o.spec.group}`)) why = words.sameGroup(o.spec.group);
      else if (o.spec.group === "internet" && !site.hasElectricity && !fundedPower.has(o.site))
        why = words.needsPower;
      else if (
        departmentCapsPen[d] !== undefined &&
        (spentIn.get(d) ?? 0) + o.cost > departmentCapsPen[d]!
      )
        why = words.departmentCap(d);
      else if (
        site.ugel &&
        ugelCapsPen[site.ugel] !== undefined &&
        (spentInUgel.get(site.ugel) ?? 0) + o.cost > ugelCapsPen[site.ugel]!
      )
        why = words.ugelCap(site.ugel);
      else if (o.benefit / o.cost < cutoff || spent + o.cost > budgetPen)
        why = words.budget(o.benefit / (o.cost / 1000));
      else why = words.betterCombination;
      return {
        codigoLocal: site.codigoLocal,
        kind: o.spec.kind,
        costPen: o.cost,
        benefit: Math.round(o.benefit * 10) / 10,
        why,
      };
    });
  let marginal: number | null = null;
  if (budgetPen > 0 && (result.status === "optimal" || method === "price")) {
    const more = await solve(budgetPen * 1.05);
    if (more.x.length >= options_.length) {
      const moreBenefit = options_.reduce((a, o, c) => a + (more.x[c]! > 0.5 ? o.benefit : 0), 0);
      marginal = ((moreBenefit - benefit) / (budgetPen * 0.05)) * 1000;
    }
  }
  const fundedBenefit = new Map<string, number>();
  const potentialBenefit = new Map<string, number>();
  options_.forEach((o, c) => {
    potentialBenefit.set(department(o), (potentialBenefit.get(department(o)) ?? 0) + o.benefit);
    if (picked[c])
      fundedBenefit.set(department(o), (fundedBenefit.get(department(o)) ?? 0) + o.benefit);
  });
  const departments = new Set([
    ...spentIn.keys(),
    ...Object.keys(departmentFloorsPen),
    ...Object.keys(departmentCapsPen),
  ]);
  return {
    chosen,
    spentPen: spent,
    budgetPen,
    benefit,
    bound: Number.isFinite(result.bound) ? result.bound : benefit,
    gap: Number.isFinite(result.gap) ? result.gap : 0,
    status: result.status,
    method,
    leftOut,
    marginalBenefitPer1000Pen: marginal,
    byDepartment: [...departments].sort().map((d) => ({
      department: d,
      spentPen: spentIn.get(d) ?? 0,
      floorPen: departmentFloorsPen[d] ?? null,
      capPen: departmentCapsPen[d] ?? null,
      shareOfPotential: (fundedBenefit.get(d) ?? 0) / Math.max(1e-9, potentialBenefit.get(d) ?? 0),
    })),
    byUgel: [...new Set([...Object.keys(ugelFloorsPen), ...Object.keys(ugelCapsPen)])]
      .sort()
      .map((u) => ({
        ugel: u,
        spentPen: spentInUgel.get(u) ?? 0,
        floorPen: ugelFloorsPen[u] ?? null,
        capPen: ugelCapsPen[u] ?? null,
      })),
    objective,
    assumptions: words.assumptions(
      benefitFrom === "model" ? { from: "model" } : { from: "need", weights: { ...weights } },
      method === "price" ? options_.length : null,
    ),
  };
}

/** The figures behind a choice, in words. */

/** A plan's headline figures, as saved with a scenario and compared side by side. */
export function infraPlanSummary(plan: InfraPlan): Record<string, number> {
  return {
    interventions: plan.chosen.length,
    spentPen: plan.spentPen,
    benefit: Math.round(plan.benefit),
    marginalPer1000Pen: Math.round((plan.marginalBenefitPer1000Pen ?? 0) * 100) / 100,
    lowestDepartmentSharePct:
      Math.round(Math.min(...plan.byDepartment.map((d) => d.shareOfPotential), 1) * 10_000) / 100,
  };
}

/** The interventions that must be done cost more than the whole budget. */
function mustDoOverBudget(cost: string, budget: string): BrechaError {
  return new BrechaError(
    "BRECHA_INFEASIBLE",
    `the must-do list costs ${cost}, more than the budget of ${budget}`,
    { es: `las intervenciones obligatorias cuestan ${cost}, más que el presupuesto de ${budget}` },
  );
}
