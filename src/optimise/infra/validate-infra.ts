import { BrechaError, UsageError } from "../../errors/index.ts";
import {
  DEFAULT_INTERVENTIONS,
  DEFAULT_NEED_WEIGHTS,
  needOf,
  PRICE_SOLVER_FROM,
  type InfraPlanOptions,
  type InfraSite,
  type InterventionSpec,
  type NeedWeights,
} from "./infra-inputs.ts";

/** One (premises, intervention) pair the plan may fund. */
export interface InfraOption {
  readonly site: number;
  readonly spec: InterventionSpec;
  readonly cost: number;
  readonly benefit: number;
}

/** A level at which spending can have floors and caps. */
export interface EquityLevel {
  readonly name: "department" | "UGEL";
  readonly of: (site: InfraSite) => string | null;
  readonly floors: Readonly<Record<string, number>>;
  readonly caps: Readonly<Record<string, number>>;
}

/** What validation makes of a plan's inputs: every option priced and weighed, the lists resolved
 * to options, the defaults filled in. The model and the explanation read only this. */
export interface InfraProblem {
  readonly sites: readonly InfraSite[];
  readonly options: readonly InfraOption[];
  /** Options on the must-do and must-not lists, by index. */
  readonly forced: ReadonlySet<number>;
  readonly banned: ReadonlySet<number>;
  readonly levels: readonly [EquityLevel, EquityLevel];
  readonly budgetPen: number;
  readonly objective: "benefit" | "maxmin";
  readonly method: "mip" | "price";
  readonly benefitFrom: "need" | "model";
  readonly weights: NeedWeights;
  readonly timeLimitS: number;
  readonly lang: "es" | "en";
}

const pen = (amount: number) => `${amount.toLocaleString("en-US")} PEN`;
const LEVEL_ES = { department: "el departamento", UGEL: "la UGEL" } as const;

/**
 * Checks a plan's inputs and turns them into the problem the model is built from. Everything that
 * can be refused before solving is refused here, in English and Spanish: bad amounts and weights,
 * unknown list entries, and infeasibility that can be named (must-do over budget, floors over the
 * budget or over what an area could fund, caps below floors or below the must-do list).
 */
export function validateInfraInputs(
  sites: readonly InfraSite[],
  options: InfraPlanOptions,
): InfraProblem {
  const {
    budgetPen,
    interventions = DEFAULT_INTERVENTIONS,
    benefitFrom = "need",
    mustDo = [],
    mustNot = [],
    timeLimitS = 60,
    lang = "es",
    objective = "benefit",
  } = options;
  if (!(budgetPen >= 0))
    throw new UsageError(
      "BRECHA_USAGE",
      `the budget must be a number of soles ≥ 0, got ${budgetPen}`,
      { es: `el presupuesto debe ser un monto en soles ≥ 0; se recibió ${budgetPen}` },
    );
  const weights: NeedWeights = { ...DEFAULT_NEED_WEIGHTS, ...options.needWeights };
  for (const [name, w] of Object.entries(weights))
    if (!Number.isFinite(w) || w < 0)
      throw new UsageError("BRECHA_USAGE", `need weight "${name}" must be a number ≥ 0, got ${w}`, {
        es: `el peso de necesidad "${name}" debe ser un número ≥ 0; se recibió ${w}`,
      });
  if (benefitFrom === "model") refuseMissingGains(sites);
  const levels: [EquityLevel, EquityLevel] = [
    {
      name: "department",
      of: (site) => site.ubigeo.slice(0, 2),
      floors: options.departmentFloorsPen ?? {},
      caps: options.departmentCapsPen ?? {},
    },
    {
      name: "UGEL",
      of: (site) => site.ugel ?? null,
      floors: options.ugelFloorsPen ?? {},
      caps: options.ugelCapsPen ?? {},
    },
  ];
  for (const level of levels) refuseBadAmounts(level, sites);
  const multiplier = (site: InfraSite) =>
    benefitFrom === "model" ? site.predictedGain! : needOf(site, weights);
  const priced = optionsOf(sites, interventions, multiplier);
  const index = new Map(priced.map((o, i) => [`${sites[o.site]!.codigoLocal}:${o.spec.kind}`, i]));
  for (const k of [...mustDo, ...mustNot])
    if (!index.has(k))
      throw new UsageError(
        "BRECHA_USAGE",
        `"${k}" is not an intervention any premises needs (codigoLocal:kind, e.g. 032754:internet_movil)`,
        {
          es: `"${k}" no es una intervención que algún local necesite (codigoLocal:tipo, p. ej. 032754:internet_movil)`,
        },
      );
  const forced = new Set(mustDo.map((k) => index.get(k)!));
  const banned = new Set(mustNot.map((k) => index.get(k)!));
  refuseNamedInfeasibility({ sites, options: priced, forced, banned, levels, budgetPen });
  const constrained =
    objective === "maxmin" ||
    levels.some((l) => Object.keys(l.floors).length + Object.keys(l.caps).length > 0);
  const method =
    options.method === "mip" || options.method === "price"
      ? options.method
      : priced.length >= PRICE_SOLVER_FROM
        ? "price"
        : "mip";
  if (method === "price" && constrained)
    throw new UsageError(
      "BRECHA_USAGE",
      `${priced.length.toLocaleString("en-US")} options is a plan for the pricing solver, which takes the budget, the must-do and must-not lists but no floors, caps or max-min objective: plan those per department (fewer than ${PRICE_SOLVER_FROM.toLocaleString("en-US")} options)`,
      {
        es: `${priced.length.toLocaleString("en-US")} opciones es un plan para el solucionador por precios, que acepta el presupuesto y las listas de obligatorias y excluidas, pero no pisos, topes ni el objetivo max-min: planifique esos por departamento (menos de ${PRICE_SOLVER_FROM.toLocaleString("en-US")} opciones)`,
      },
    );
  return {
    sites,
    options: priced,
    forced,
    banned,
    levels,
    budgetPen,
    objective,
    method,
    benefitFrom,
    weights,
    timeLimitS,
    lang,
  };
}

/** Every intervention a site lacks and can have, with its cost and need-weighted benefit. */
function optionsOf(
  sites: readonly InfraSite[],
  interventions: readonly InterventionSpec[],
  multiplier: (site: InfraSite) => number,
): InfraOption[] {
  const out: InfraOption[] = [];
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
      out.push({
        site: s,
        spec,
        cost: spec.costPen(site),
        benefit: site.students * spec.valuePerStudent * multiplier(site),
      });
    }
  });
  return out;
}

function refuseMissingGains(sites: readonly InfraSite[]): void {
  const without = sites.filter(
    (s) => !(typeof s.predictedGain === "number" && s.predictedGain >= 0),
  );
  if (without.length === 0) return;
  const first = without
    .slice(0, 5)
    .map((s) => s.codigoLocal)
    .join(", ");
  throw new UsageError(
    "BRECHA_USAGE",
    `benefit from a model needs a predicted gain ≥ 0 for every premises; ${without.length} have none (first: ${first})`,
    {
      es: `el beneficio según un modelo necesita una ganancia predicha ≥ 0 para cada local; ${without.length} no la tienen (primeros: ${first})`,
    },
  );
}

function refuseBadAmounts(level: EquityLevel, sites: readonly InfraSite[]): void {
  const present = new Set(sites.map(level.of));
  for (const code of [...Object.keys(level.floors), ...Object.keys(level.caps)]) {
    const amount = level.floors[code] ?? level.caps[code]!;
    if (!(amount >= 0))
      throw new UsageError(
        "BRECHA_USAGE",
        `${level.name} ${code}: floors and caps must be amounts ≥ 0 PEN, got ${amount}`,
        {
          es: `${LEVEL_ES[level.name]} ${code}: los pisos y topes deben ser montos ≥ 0 PEN; se recibió ${amount}`,
        },
      );
    if (!present.has(code))
      throw new UsageError(
        "BRECHA_USAGE",
        `${level.name} ${code} has a floor or cap but no premises in this plan`,
        {
          es: `${LEVEL_ES[level.name]} ${code} tiene un piso o tope pero ningún local en este plan`,
        },
      );
  }
}

function infeasible(en: string, es: string): BrechaError {
  return new BrechaError("BRECHA_INFEASIBLE", en, { es });
}

/** Infeasibility that can be named before solving, with the amounts. */
function refuseNamedInfeasibility(
  problem: Pick<InfraProblem, "sites" | "options" | "forced" | "banned" | "levels" | "budgetPen">,
): void {
  const { sites, options, forced, banned, levels, budgetPen } = problem;
  const total = (pick: (o: InfraOption, i: number) => boolean) =>
    options.reduce((a, o, i) => a + (pick(o, i) ? o.cost : 0), 0);
  const forcedCost = total((_, i) => forced.has(i));
  if (forcedCost > budgetPen)
    throw infeasible(
      `the must-do list costs ${pen(forcedCost)}, more than the budget of ${pen(budgetPen)}`,
      `las intervenciones obligatorias cuestan ${pen(forcedCost)}, más que el presupuesto de ${pen(budgetPen)}`,
    );
  for (const level of levels) {
    const es = LEVEL_ES[level.name];
    const floorTotal = Object.values(level.floors).reduce((a, b) => a + b, 0);
    if (floorTotal > budgetPen)
      throw infeasible(
        `${level.name} floors add up to ${pen(floorTotal)}, more than the budget of ${pen(budgetPen)}`,
        `los pisos por ${level.name === "UGEL" ? "UGEL" : "departamento"} suman ${pen(floorTotal)}, más que el presupuesto de ${pen(budgetPen)}`,
      );
    for (const [code, floor] of Object.entries(level.floors)) {
      const possible = total((o, i) => level.of(sites[o.site]!) === code && !banned.has(i));
      if (possible < floor)
        throw infeasible(
          `${level.name} ${code}'s floor of ${pen(floor)} exceeds everything it could fund (${pen(possible)})`,
          `el piso de ${es} ${code} (${pen(floor)}) supera todo lo que podría financiar (${pen(possible)})`,
        );
      const cap = level.caps[code];
      if (cap !== undefined && cap < floor)
        throw infeasible(
          `${level.name} ${code}'s cap (${pen(cap)}) is below its floor (${pen(floor)})`,
          `el tope de ${es} ${code} (${pen(cap)}) está por debajo de su piso (${pen(floor)})`,
        );
    }
    for (const [code, cap] of Object.entries(level.caps)) {
      const mustCost = total((o, i) => level.of(sites[o.site]!) === code && forced.has(i));
      if (mustCost > cap)
        throw infeasible(
          `${level.name} ${code}'s must-do interventions cost ${pen(mustCost)}, more than its cap of ${pen(cap)}`,
          `las intervenciones obligatorias de ${es} ${code} cuestan ${pen(mustCost)}, más que su tope de ${pen(cap)}`,
        );
    }
  }
}
