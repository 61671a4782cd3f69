/**
 * The words of the planners' reasons, in Spanish (default) and English. Every chosen site and
 * every site left out carries one sentence built here, so that a plan reads the same in the CLI,
 * the API and the dashboard.
 */
export type PlanLang = "es" | "en";

const formatters = new Map<string, Intl.NumberFormat>();

/** A number as es-PE or en-US writes it, with `digits` decimals. */
export function planNumber(lang: PlanLang, value: number, digits = 0): string {
  const key = `${lang}:${digits}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang === "es" ? "es-PE" : "en-US", {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formatters.set(key, f);
  }
  return f.format(value);
}

/** What a school site is, for a reason: "120 students, rural, district poverty 41.2%". */
export interface SiteFacts {
  readonly students: number;
  readonly rural: boolean;
  readonly povertyPct: number | null;
  readonly pctEnInicio?: number | null;
  readonly eib?: boolean;
  readonly vraem?: boolean;
  readonly border?: boolean;
  readonly predictedGain?: number | null;
}

export function describeSchoolSite(
  lang: PlanLang,
  site: SiteFacts,
  benefitFrom: "need" | "model",
): string {
  const es = lang === "es";
  const n = (v: number, d = 0) => planNumber(lang, v, d);
  const parts = [`${n(site.students)} ${es ? "estudiantes" : "students"}`];
  if (site.rural) parts.push("rural");
  if (site.povertyPct !== null)
    parts.push(`${es ? "pobreza distrital" : "district poverty"} ${n(site.povertyPct, 1)}%`);
  if (typeof site.pctEnInicio === "number")
    parts.push(`${n(site.pctEnInicio, 1)}% ${es ? "en inicio o menos" : "en inicio or below"}`);
  if (site.eib) parts.push("EIB");
  if (site.vraem) parts.push("VRAEM");
  if (site.border) parts.push(es ? "distrito de frontera" : "border district");
  if (benefitFrom === "model" && typeof site.predictedGain === "number")
    parts.push(
      `${es ? "ganancia predicha" : "predicted gain"} ${n(site.predictedGain, 3)} ${es ? "por estudiante" : "per student"}`,
    );
  return parts.join(", ");
}

/** The infrastructure planner's sentences. */
export const infraWords = (lang: PlanLang) => {
  const es = lang === "es";
  const n = (v: number, d = 0) => planNumber(lang, v, d);
  return {
    chosen: (site: string, perThousand: number, benefitFrom: "need" | "model", mustDo: boolean) =>
      `${site}; ${n(perThousand, 2)} ${
        es
          ? `estudiantes ponderados por ${benefitFrom === "model" ? "ganancia" : "necesidad"} por cada ${n(1000)} PEN`
          : `${benefitFrom === "model" ? "gain" : "need"}-weighted students per 1,000 PEN`
      }${mustDo ? (es ? "; en la lista obligatoria" : "; on the must-do list") : ""}`,
    mustNot: es ? "en la lista de exclusión" : "on the must-not list",
    sameGroup: (group: string) =>
      es
        ? `ya se eligió otra opción de ${group} para este local`
        : `another ${group} option was chosen for these premises`,
    needsPower: es
      ? "necesita electricidad, que el local no tiene ni se financia"
      : "needs electricity, which is neither there nor funded",
    departmentCap: (d: string) =>
      es ? `se superaría el tope del departamento ${d}` : `department ${d}'s cap would be exceeded`,
    ugelCap: (u: string) =>
      es ? `se superaría el tope de la UGEL ${u}` : `UGEL ${u}'s cap would be exceeded`,
    budget: (perThousand: number) =>
      es
        ? `presupuesto: ${n(perThousand, 2)} por cada ${n(1000)} PEN está por debajo de lo que el presupuesto alcanza`
        : `budget: ${n(perThousand, 2)} per 1,000 PEN is below what the budget funds`,
    betterCombination: es
      ? "otra combinación aprovechó mejor el dinero"
      : "a better combination used the money",
  };
};

/** The hub planner's sentences. */
export const hubWords = (lang: PlanLang) => {
  const es = lang === "es";
  const n = (v: number, d = 0) => planNumber(lang, v, d);
  return {
    existing: es ? "centro existente, se mantiene abierto" : "existing hub, kept open",
    serves: (people: number, places: number, reach: number, unit: "km" | "min") =>
      es
        ? `atiende a ${n(people)} personas en ${n(places)} ${places === 1 ? "centro poblado" : "centros poblados"} a menos de ${n(reach, Number.isInteger(reach) ? 0 : 1)} ${unit === "km" ? "km (ajustados por terreno)" : "minutos"} que ningún centro más cercano atiende`
        : `serves ${n(people)} people in ${n(places)} ${places === 1 ? "place" : "places"} within ${n(reach, Number.isInteger(reach) ? 0 : 1)} ${unit === "km" ? "km (terrain-adjusted)" : "minutes"} that no nearer hub serves`,
    host: (
      id: string,
      facts: { power: boolean; internet: boolean; room: boolean; pcs: number | null },
    ) => {
      const parts: string[] = [];
      if (facts.power) parts.push(es ? "electricidad 24 h" : "24 h electricity");
      if (facts.internet) parts.push("internet");
      if (facts.room) parts.push(es ? "un ambiente libre" : "a free room");
      if (facts.pcs !== null) parts.push(`${n(facts.pcs)} ${es ? "computadoras" : "PCs"}`);
      return `${es ? "local anfitrión" : "host"} ${id}${parts.length > 0 ? ` (${parts.join(", ")})` : ""}`;
    },
    costs: (pen: number) => (es ? `abrirlo cuesta S/ ${n(pen)}` : `opening it costs PEN ${n(pen)}`),
  };
};

/** The device planner's sentences. */
export const deviceWords = (lang: PlanLang) => {
  const es = lang === "es";
  return {
    noTablets: (nearest: number) =>
      es
        ? `sus ${nearest} almacenes más cercanos no tienen tabletas`
        : `its ${nearest} nearest stock points have no tablets left`,
    noData: es
      ? "no quedan planes de datos en sus almacenes más cercanos"
      : "no data plans left at its nearest stock points",
    noSolar: es
      ? "no quedan cargadores solares en sus almacenes más cercanos"
      : "no solar chargers left at its nearest stock points",
    priority: es
      ? "escuelas de mayor prioridad se llevaron lo que quedaba"
      : "higher-priority schools took the remaining stock",
    /** How the need and the stock were derived from the workspace. */
    inputAssumptions: (shareRural: number, shareUrban: number) =>
      es
        ? [
            `necesidad = estudiantes × ${shareRural} (rural) o ${shareUrban} (urbano)`,
            "existencias repartidas entre los almacenes provinciales de las UGEL según la necesidad",
          ]
        : [
            `need = students × ${shareRural} (rural) or ${shareUrban} (urban)`,
            "stock split among provincial UGEL warehouses by need",
          ],
    /** What every device plan assumes, said with the plan. */
    assumptions: (costPerDeviceKm: number, nearest: number) =>
      es
        ? [
            `transporte a ${costPerDeviceKm} PEN por dispositivo y km ajustado por terreno; cada escuela recibe de sus ${nearest} almacenes más cercanos`,
            "primero se minimiza la necesidad no atendida (ponderada por prioridad) y después el costo de transporte",
          ]
        : [
            `transport cost ${costPerDeviceKm} PEN per device and terrain-adjusted km; each school served from its ${nearest} nearest stock points`,
            "unmet need is minimised first (weighted by priority), transport cost second",
          ],
  };
};
