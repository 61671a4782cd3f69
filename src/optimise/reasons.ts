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
  readonly requests?: readonly number[];
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
  if (site.requests?.length)
    parts.push(
      es
        ? `necesidad verificada por la UGEL (solicitud n.º ${site.requests.join(", ")})`
        : `need verified by the UGEL (request no. ${site.requests.join(", ")})`,
    );
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
    /** What every infrastructure plan assumes, said with the plan. */
    assumptions: (
      benefit: { from: "model" } | { from: "need"; weights: Readonly<Record<string, number>> },
      pricedOptions: number | null,
    ): string[] => {
      const w = benefit.from === "need" ? benefit.weights : {};
      return [
        benefit.from === "model"
          ? es
            ? "beneficio = estudiantes × valor de la intervención × ganancia que el modelo predice para el local"
            : "benefit = students × value of the intervention × the model's predicted gain for the premises"
          : es
            ? `beneficio = estudiantes × valor de la intervención × necesidad; necesidad = 1 + ${w.poverty} × pobreza + ${w.rural} si es rural + ${w.enInicio} × parte en inicio o menos + ${w.eib} si es EIB + ${w.vraem} si está en el VRAEM + ${w.border} si es distrito de frontera + ${w.verified} si la UGEL aprobó una solicitud de la escuela`
            : `benefit = students × value of the intervention × need, need = 1 + ${w.poverty} × poverty share + ${w.rural} if rural + ${w.enInicio} × share en inicio or below + ${w.eib} if EIB + ${w.vraem} if VRAEM + ${w.border} if border district + ${w.verified} if the UGEL approved a school request`,
        es
          ? "costos y valores son valores por defecto ilustrativos salvo que se den (vea DEFAULT_INTERVENTIONS)"
          : "costs and values are illustrative defaults unless given (see DEFAULT_INTERVENTIONS)",
        es
          ? "solo son candidatos los servicios que el local no tiene según el censo, o que la UGEL aprobó en una solicitud de la escuela (más reciente que el censo); una tecnología por servicio; internet necesita electricidad"
          : "only services the premises lack by the census, or that the UGEL approved in a school request (newer than the census), are candidates; one technology per service; internet needs electricity",
        ...(pricedOptions === null
          ? []
          : [
              es
                ? `resuelto poniendo precio al presupuesto (${n(pricedOptions)} opciones): la cota está probada y la brecha es el beneficio que un plan aún podría sumar`
                : `solved by pricing the budget (${n(pricedOptions)} options): the bound is proven, the gap is the most benefit any plan could still add`,
            ]),
      ];
    },
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
    /** What every hub plan assumes, said with the plan. */
    assumptions: {
      travelTime: es
        ? "distancia = tiempo de viaje en minutos de la matriz dada; los pares que no están en ella son inalcanzables"
        : "distance = travel time in minutes from the given matrix; pairs absent from it are unreachable",
      terrainKm: (factors: string) =>
        es
          ? `distancia = km en línea recta × factor de terreno (${factors}; 1.5 donde no se conoce)`
          : `distance = great-circle km × terrain factor (${factors}; 1.5 where unknown)`,
      populationAsGiven: es
        ? "la población de cada lugar, tal como se dio"
        : "each place's population as given",
      budget: (budgetPen: number, p: number, openingPen: number | null, ownCosts: number) =>
        es
          ? `presupuesto S/ ${n(budgetPen)}: como máximo ${n(p)} centros, tantos como el presupuesto pague; cada centro nuevo cuesta ${openingPen !== null ? `S/ ${n(openingPen)}` : "el costo de su sitio"}${ownCosts > 0 ? ` (${n(ownCosts)} sitios con su propio costo)` : ""}`
          : `budget PEN ${n(budgetPen)}: at most ${n(p)} hubs, as many as the budget pays for; each new hub costs ${openingPen !== null ? `PEN ${n(openingPen)}` : "its site's cost"}${ownCosts > 0 ? ` (${n(ownCosts)} sites with their own cost)` : ""}`,
      candidates: (rule: "urban" | "all", screen: string | null, count: number) =>
        es
          ? `candidatos: ${rule === "urban" ? "lugares urbanos" : "todos los lugares"}${screen !== null ? ` con un local que pasa el filtro (${screen})` : ""}, los ${n(count)} más poblados, más los centros existentes`
          : `candidates: ${rule === "urban" ? "urban places" : "all places"}${screen !== null ? ` with a host passing the screen (${screen})` : ""}, the ${n(count)} most populous, plus existing hubs`,
      screen: (rules: { power: boolean; internet: boolean; room: boolean; pcs: number | null }) => {
        const parts: string[] = [];
        if (rules.power) parts.push(es ? "electricidad 24 h" : "24 h electricity");
        if (rules.internet) parts.push("internet");
        if (rules.room) parts.push(es ? "un ambiente libre" : "a free room");
        if (rules.pcs) parts.push(`≥ ${n(rules.pcs)} ${es ? "computadoras" : "PCs"}`);
        return parts.length > 0 ? parts.join(", ") : es ? "ninguna regla" : "no rule";
      },
    },
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
    observedDemand: (requests: number) =>
      es
        ? `${requests} solicitud(es) aprobada(s) por las UGEL: lo aprobado es el mínimo de la necesidad de su local (necesidad = el mayor entre lo predicho y lo aprobado) y la necesidad verificada se atiende antes (prioridad +1)`
        : `${requests} request(s) approved by the UGELs: what was approved is the floor of its premises' need (need = the larger of predicted and approved) and verified need is served first (priority +1)`,
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
