import { BrechaError, UsageError } from "../../errors/index.ts";
import { INFINITY, solveMip } from "../solve-mip.ts";

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
  /** `codigoLocal:kind` pairs that must be funded / must not be. */
  readonly mustDo?: readonly string[];
  readonly mustNot?: readonly string[];
  readonly timeLimitS?: number;
  /** `benefit` (default): the most need-weighted students; `maxmin`: the lowest department share of
   * its potential benefit as high as possible (equity), then the most benefit. */
  readonly objective?: "benefit" | "maxmin";
}

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
  readonly objective: "benefit" | "maxmin";
  readonly assumptions: readonly string[];
}

interface Option {
  readonly site: number;
  readonly spec: InterventionSpec;
  readonly cost: number;
  readonly benefit: number;
}

/** Need weight of a site (poverty and rurality raise it): 1 + poverty/100 + 0.25 if rural. */
function need(site: InfraSite): number {
  return 1 + (site.povertyPct ?? 0) / 100 + (site.rural ? 0.25 : 0);
}

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
    mustDo = [],
    mustNot = [],
    timeLimitS = 60,
    objective = "benefit",
  } = options;
  if (!(budgetPen >= 0))
    throw new UsageError(
      "BRECHA_USAGE",
      `the budget must be a number of soles ≥ 0, got ${budgetPen}`,
    );
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
        benefit: site.students * spec.valuePerStudent * need(site),
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
  const floorTotal = Object.values(departmentFloorsPen).reduce((a, b) => a + b, 0);
  if (floorTotal > budgetPen)
    throw new BrechaError(
      "BRECHA_INFEASIBLE",
      `department floors add up to ${floorTotal.toLocaleString("en-US")} PEN, more than the budget of ${budgetPen.toLocaleString("en-US")} PEN`,
    );
  const forcedCost = options_.filter((o) => forced.has(key(o))).reduce((a, o) => a + o.cost, 0);
  if (forcedCost > budgetPen)
    throw new BrechaError(
      "BRECHA_INFEASIBLE",
      `the must-do list costs ${forcedCost.toLocaleString("en-US")} PEN, more than the budget of ${budgetPen.toLocaleString("en-US")} PEN`,
    );
  for (const [d, floor] of Object.entries(departmentFloorsPen)) {
    const possible = options_
      .filter((o) => department(o) === d && !banned.has(key(o)))
      .reduce((a, o) => a + o.cost, 0);
    if (possible < floor)
      throw new BrechaError(
        "BRECHA_INFEASIBLE",
        `department ${d}'s floor of ${floor.toLocaleString("en-US")} PEN exceeds everything it could fund (${possible.toLocaleString("en-US")} PEN)`,
      );
    const cap = departmentCapsPen[d];
    if (cap !== undefined && cap < floor)
      throw new BrechaError(
        "BRECHA_INFEASIBLE",
        `department ${d}'s cap (${cap}) is below its floor (${floor})`,
      );
  }

  const solve = async (budget: number) => {
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
    for (const d of new Set([
      ...Object.keys(departmentFloorsPen),
      ...Object.keys(departmentCapsPen),
    ])) {
      const row = rows.length;
      rows.push({
        lower: departmentFloorsPen[d] ?? -INFINITY,
        upper: departmentCapsPen[d] ?? INFINITY,
      });
      options_.forEach((o, c) => {
        if (department(o) === d) entries[c]!.push([row, o.cost]);
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
  const result = await solve(budgetPen);
  if (result.status === "infeasible") {
    throw new BrechaError(
      "BRECHA_INFEASIBLE",
      "the floors, caps, must-do list and dependencies cannot all be met (e.g. a must-do internet connection at premises whose electricity is on the must-not list)",
    );
  }
  if (result.x.length < options_.length)
    throw new BrechaError("BRECHA_SOLVER", `HiGHS ended with status ${result.status} and no plan`);
  const picked = options_.map((_, c) => result.x[c]! > 0.5);
  const spent = options_.reduce((a, o, c) => a + (picked[c] ? o.cost : 0), 0);
  const benefit = options_.reduce((a, o, c) => a + (picked[c] ? o.benefit : 0), 0);
  const spentIn = new Map<string, number>();
  options_.forEach((o, c) => {
    if (picked[c]) spentIn.set(department(o), (spentIn.get(department(o)) ?? 0) + o.cost);
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
        reason: `${site.students} students${site.rural ? ", rural" : ""}${site.povertyPct !== null ? `, district poverty ${site.povertyPct.toFixed(1)}%` : ""}; ${(o.benefit / (o.cost / 1000)).toFixed(2)} need-weighted students per 1,000 PEN${forced.has(`${site.codigoLocal}:${o.spec.kind}`) ? "; on the must-do list" : ""}`,
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
      if (banned.has(key(o))) why = "on the must-not list";
      else if (groupFilled.has(`${o.site}|${o.spec.group}`))
        why = `another ${o.spec.group} option was chosen for these premises`;
      else if (o.spec.group === "internet" && !site.hasElectricity && !fundedPower.has(o.site))
        why = "needs electricity, which is neither there nor funded";
      else if (
        departmentCapsPen[d] !== undefined &&
        (spentIn.get(d) ?? 0) + o.cost > departmentCapsPen[d]!
      )
        why = `department ${d}'s cap would be exceeded`;
      else if (o.benefit / o.cost < cutoff || spent + o.cost > budgetPen)
        why = `budget: ${(o.benefit / (o.cost / 1000)).toFixed(2)} per 1,000 PEN is below what the budget funds`;
      else why = "a better combination used the money";
      return {
        codigoLocal: site.codigoLocal,
        kind: o.spec.kind,
        costPen: o.cost,
        benefit: Math.round(o.benefit * 10) / 10,
        why,
      };
    });
  let marginal: number | null = null;
  if (budgetPen > 0 && result.status === "optimal") {
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
    leftOut,
    marginalBenefitPer1000Pen: marginal,
    byDepartment: [...departments].sort().map((d) => ({
      department: d,
      spentPen: spentIn.get(d) ?? 0,
      floorPen: departmentFloorsPen[d] ?? null,
      capPen: departmentCapsPen[d] ?? null,
      shareOfPotential: (fundedBenefit.get(d) ?? 0) / Math.max(1e-9, potentialBenefit.get(d) ?? 0),
    })),
    objective,
    assumptions: [
      "benefit = students × value of the intervention × need, need = 1 + district poverty/100 + 0.25 if rural",
      "costs and values are illustrative defaults unless given (see DEFAULT_INTERVENTIONS)",
      "only services the premises lack are candidates; one technology per service; internet needs electricity",
    ],
  };
}
