import type { Bilingual } from "../../sources/index.ts";

/**
 * The indicator catalogue. Every indicator is a ratio of sums of district-level quantities,
 * value = scale × Σ numerator / Σ denominator (or Σ numerator alone for counts), so that it
 * aggregates correctly to provinces, departments and the nation: population-weighted means are
 * Σ(x·pop)/Σ(pop over districts where x is known), shares are Σ(count with)/Σ(count), and a mean
 * of district ratios is never taken by accident.
 */
export type Direction = "higher-better" | "higher-worse" | "neutral";

export interface Indicator {
  readonly id: string;
  readonly name: Bilingual;
  readonly unit: string;
  readonly direction: Direction;
  /** Datasets the indicator needs; it is unavailable when one has no published version. */
  readonly datasets: readonly string[];
  /** SQL over the district base table `b` (see base-table.ts). */
  readonly numerator: string;
  /** SQL over `b`, or null for a plain sum. */
  readonly denominator: string | null;
  readonly scale: number;
  /** How it aggregates, in words, and where its figures come from. */
  readonly note: Bilingual;
  /** Short noun phrases for plain-language profiles: "pobreza alta", "high poverty". */
  readonly trait: Trait;
}

/** A noun for profiles, with the Spanish gender and number its adjective agrees with. */
export interface Trait {
  readonly es: string;
  readonly en: string;
  readonly gender: "f" | "m";
  readonly plural?: boolean;
}

const weightedMean = (x: string, w: string) => ({
  numerator: `${x} * ${w}`,
  denominator: `CASE WHEN ${x} IS NOT NULL THEN ${w} END`,
});

export const INDICATORS: readonly Indicator[] = [
  {
    id: "poblacion",
    name: { es: "Población 2025", en: "Population 2025" },
    unit: "personas",
    direction: "neutral",
    datasets: ["districts"],
    numerator: "b.poblacion",
    denominator: null,
    scale: 1,
    note: {
      es: "Suma. INEI, población proyectada al 30/06/2025.",
      en: "Sum. INEI projected population at 30/06/2025.",
    },
    trait: { es: "población", en: "population", gender: "f" },
  },
  {
    id: "ruralidad",
    name: { es: "Población rural", en: "Rural population" },
    unit: "%",
    direction: "neutral",
    datasets: ["population_urban_rural"],
    numerator: "b.pob_rural",
    denominator: "b.pob_minam",
    scale: 100,
    note: {
      es: "Σ rural / Σ total, último año de MINAM.",
      en: "Σ rural / Σ total, latest MINAM year.",
    },
    trait: { es: "ruralidad", en: "rurality", gender: "f" },
  },
  {
    id: "altitud",
    name: {
      es: "Altitud de la capital (media ponderada por población)",
      en: "Capital altitude (population-weighted mean)",
    },
    unit: "m",
    direction: "neutral",
    datasets: ["districts"],
    ...weightedMean("b.altitud_m", "b.poblacion"),
    scale: 1,
    note: { es: "Media ponderada por la población 2025.", en: "Mean weighted by 2025 population." },
    trait: { es: "altitud", en: "altitude", gender: "f" },
  },
  {
    id: "densidad",
    name: { es: "Densidad de población", en: "Population density" },
    unit: "hab/km²",
    direction: "neutral",
    datasets: ["districts", "district_attributes"],
    numerator: "CASE WHEN b.superficie_km2 > 0 THEN b.poblacion END",
    denominator: "CASE WHEN b.superficie_km2 > 0 THEN b.superficie_km2 END",
    scale: 1,
    note: {
      es: "Σ población 2025 / Σ superficie (CEPLAN).",
      en: "Σ 2025 population / Σ surface (CEPLAN).",
    },
    trait: { es: "densidad de población", en: "population density", gender: "f" },
  },
  {
    id: "pobreza",
    name: { es: "Pobreza monetaria 2018", en: "Monetary poverty 2018" },
    unit: "%",
    direction: "higher-worse",
    datasets: ["poverty_2018"],
    ...weightedMean("b.pobreza", "b.pob_2020"),
    scale: 1,
    note: {
      es: "Punto medio del IC 95% del mapa INEI 2018, ponderado por la población 2020 (Σ pobres / Σ población).",
      en: "Midpoint of the 95% CI of INEI's 2018 map, weighted by 2020 population (Σ poor / Σ population).",
    },
    trait: { es: "pobreza", en: "poverty", gender: "f" },
  },
  {
    id: "pobreza_ic_inf",
    name: { es: "Pobreza 2018, límite inferior IC 95%", en: "Poverty 2018, lower 95% CI bound" },
    unit: "%",
    direction: "higher-worse",
    datasets: ["poverty_2018"],
    ...weightedMean("b.pobreza_inf", "b.pob_2020"),
    scale: 1,
    note: {
      es: "Por distrito es el publicado; agregado es la media ponderada de los límites, una cota aproximada, no un IC del agregado.",
      en: "Per district it is the published bound; aggregated it is the weighted mean of bounds, an approximate bound, not a CI of the aggregate.",
    },
    trait: { es: "pobreza (límite inferior)", en: "poverty (lower bound)", gender: "f" },
  },
  {
    id: "pobreza_ic_sup",
    name: { es: "Pobreza 2018, límite superior IC 95%", en: "Poverty 2018, upper 95% CI bound" },
    unit: "%",
    direction: "higher-worse",
    datasets: ["poverty_2018"],
    ...weightedMean("b.pobreza_sup", "b.pob_2020"),
    scale: 1,
    note: { es: "Como el límite inferior.", en: "As the lower bound." },
    trait: { es: "pobreza (límite superior)", en: "poverty (upper bound)", gender: "f" },
  },
  {
    id: "idh",
    name: { es: "Índice de desarrollo humano 2019", en: "Human development index 2019" },
    unit: "0-1",
    direction: "higher-better",
    datasets: ["district_attributes", "districts"],
    ...weightedMean("b.idh", "b.poblacion"),
    scale: 1,
    note: {
      es: "PNUD 2019; agregado como media ponderada por población (aproximación: el IDH no es aditivo).",
      en: "UNDP 2019; aggregated as a population-weighted mean (an approximation: HDI is not additive).",
    },
    trait: { es: "desarrollo humano", en: "human development", gender: "m" },
  },
  {
    id: "escuelas_por_mil",
    name: {
      es: "Servicios educativos por 1.000 habitantes",
      en: "Educational services per 1,000 inhabitants",
    },
    unit: "por 1.000",
    direction: "higher-better",
    datasets: ["schools", "districts"],
    numerator: "b.servicios",
    denominator: "CASE WHEN b.servicios IS NOT NULL THEN b.poblacion END",
    scale: 1000,
    note: {
      es: "Σ servicios activos / Σ población 2025. Por niños en edad escolar requiere las tablas de edad del censo, que aún no se cargan.",
      en: "Σ active services / Σ 2025 population. Per school-age child needs census age tables, not loaded yet.",
    },
    trait: {
      es: "oferta de servicios educativos",
      en: "supply of educational services",
      gender: "f",
    },
  },
  {
    id: "alumnos_por_docente",
    name: { es: "Alumnos por docente", en: "Students per teacher" },
    unit: "ratio",
    direction: "higher-worse",
    datasets: ["schools"],
    numerator: "b.alumnos",
    denominator: "b.docentes",
    scale: 1,
    note: {
      es: "Σ alumnos / Σ docentes del padrón.",
      en: "Σ students / Σ teachers in the padrón.",
    },
    trait: {
      es: "número de alumnos por docente",
      en: "number of students per teacher",
      gender: "m",
    },
  },
  {
    id: "unidocente",
    name: { es: "Primarias unidocentes", en: "Single-teacher primary schools" },
    unit: "%",
    direction: "higher-worse",
    datasets: ["schools"],
    numerator: "b.primarias_unidocentes",
    denominator: "b.primarias",
    scale: 100,
    note: {
      es: "Σ primarias unidocentes / Σ primarias.",
      en: "Σ single-teacher primaries / Σ primaries.",
    },
    trait: { es: "proporción de unidocentes", en: "share of single-teacher schools", gender: "f" },
  },
  {
    id: "multigrado",
    name: {
      es: "Primarias multigrado (incluye unidocentes)",
      en: "Multigrade primary schools (incl. single-teacher)",
    },
    unit: "%",
    direction: "higher-worse",
    datasets: ["schools"],
    numerator: "b.primarias_unidocentes + b.primarias_multigrado",
    denominator: "b.primarias",
    scale: 100,
    note: {
      es: "Σ (unidocentes + polidocentes multigrado) / Σ primarias.",
      en: "Σ (single-teacher + multigrade) / Σ primaries.",
    },
    trait: { es: "proporción de multigrado", en: "share of multigrade schools", gender: "f" },
  },
  {
    id: "locales_internet",
    name: { es: "Locales escolares con internet", en: "School premises with internet" },
    unit: "%",
    direction: "higher-better",
    datasets: ["school_premises"],
    numerator: "b.locales_internet",
    denominator: "b.locales_censo",
    scale: 100,
    note: {
      es: "Σ locales con internet (P702) / Σ locales, último censo.",
      en: "Σ premises with internet (P702) / Σ premises, latest census.",
    },
    trait: { es: "conectividad escolar", en: "school connectivity", gender: "f" },
  },
  {
    id: "hogares_internet",
    name: { es: "Hogares con internet", en: "Households with internet" },
    unit: "%",
    direction: "higher-better",
    datasets: ["household_ict"],
    numerator: "b.hogares_internet",
    denominator: "b.hogares_censo_internet",
    scale: 100,
    note: {
      es: "Σ hogares con conexión a internet / Σ hogares (Censo 2017).",
      en: "Σ households with an internet connection / Σ households (2017 Census).",
    },
    trait: { es: "conectividad de los hogares", en: "household connectivity", gender: "f" },
  },
  {
    id: "hogares_sin_computadora",
    name: {
      es: "Hogares sin computadora, laptop ni tablet",
      en: "Households without a computer, laptop or tablet",
    },
    unit: "%",
    direction: "higher-worse",
    datasets: ["household_ict"],
    numerator: "b.hogares_censo_computadora - b.hogares_computadora",
    denominator: "b.hogares_censo_computadora",
    scale: 100,
    note: {
      es: "Σ (hogares − hogares con computadora, laptop o tablet) / Σ hogares (Censo 2017).",
      en: "Σ (households − households with a computer, laptop or tablet) / Σ households (2017 Census).",
    },
    trait: {
      es: "falta de computadoras en los hogares",
      en: "lack of household computers",
      gender: "f",
    },
  },
  {
    id: "locales_electricidad",
    name: { es: "Locales escolares con electricidad", en: "School premises with electricity" },
    unit: "%",
    direction: "higher-better",
    datasets: ["school_premises"],
    numerator: "b.locales_electricidad",
    denominator: "b.locales_censo_electricidad",
    scale: 100,
    note: {
      es: "Σ locales con electricidad de cualquier fuente (P709) / Σ locales con respuesta.",
      en: "Σ premises with electricity from any source (P709) / Σ premises answering.",
    },
    trait: { es: "electrificación escolar", en: "school electrification", gender: "f" },
  },
  {
    id: "locales_agua",
    name: {
      es: "Locales escolares con agua de red o pilón",
      en: "School premises with piped water or standpipe",
    },
    unit: "%",
    direction: "higher-better",
    datasets: ["school_premises"],
    numerator: "b.locales_agua",
    denominator: "b.locales_censo_agua",
    scale: 100,
    note: {
      es: "Σ locales con agua de red pública o pilón (P711) / Σ locales con respuesta.",
      en: "Σ premises with public network or standpipe water (P711) / Σ premises answering.",
    },
    trait: { es: "acceso escolar al agua", en: "school water access", gender: "m" },
  },
  {
    id: "lectura_satisfactorio",
    name: {
      es: "Lectura: % satisfactorio (4.º primaria)",
      en: "Reading: % satisfactory (grade 4)",
    },
    unit: "%",
    direction: "higher-better",
    datasets: ["learning_outcomes", "schools"],
    ...weightedMean("b.lectura_satisfactorio", "b.alumnos_primaria"),
    scale: 1,
    note: {
      es: "Último año ECE/ENLA, 4.º grado; ponderado por la matrícula de primaria del distrito (los archivos UMC no traen el número de evaluados).",
      en: "Latest ECE/ENLA year, grade 4; weighted by the district's primary enrolment (UMC files do not give the number assessed).",
    },
    trait: { es: "logro en lectura", en: "reading achievement", gender: "m" },
  },
  {
    id: "matematica_satisfactorio",
    name: {
      es: "Matemática: % satisfactorio (4.º primaria)",
      en: "Maths: % satisfactory (grade 4)",
    },
    unit: "%",
    direction: "higher-better",
    datasets: ["learning_outcomes", "schools"],
    ...weightedMean("b.matematica_satisfactorio", "b.alumnos_primaria"),
    scale: 1,
    note: { es: "Como lectura.", en: "As reading." },
    trait: { es: "logro en matemática", en: "maths achievement", gender: "m" },
  },
  {
    id: "lectura_bajo_basico",
    name: {
      es: "Lectura: % en inicio o previo al inicio",
      en: "Reading: % below basic (beginning or before)",
    },
    unit: "%",
    direction: "higher-worse",
    datasets: ["learning_outcomes", "schools"],
    ...weightedMean("b.lectura_bajo", "b.alumnos_primaria"),
    scale: 1,
    note: {
      es: "Previo al inicio + en inicio, ponderado como lectura.",
      en: "Before beginning + beginning, weighted as reading.",
    },
    trait: { es: "rezago en lectura", en: "reading lag", gender: "m" },
  },
  {
    id: "matematica_bajo_basico",
    name: {
      es: "Matemática: % en inicio o previo al inicio",
      en: "Maths: % below basic (beginning or before)",
    },
    unit: "%",
    direction: "higher-worse",
    datasets: ["learning_outcomes", "schools"],
    ...weightedMean("b.matematica_bajo", "b.alumnos_primaria"),
    scale: 1,
    note: { es: "Como lectura.", en: "As reading." },
    trait: { es: "rezago en matemática", en: "maths lag", gender: "m" },
  },
];

/** The indicator with this id, or undefined. */
export function indicatorById(id: string): Indicator | undefined {
  return INDICATORS.find((i) => i.id === id);
}
