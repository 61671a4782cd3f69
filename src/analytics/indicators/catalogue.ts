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
  /** Indicators measured in several years: which series gives the years (`--year`, `year=`).
   * Others have one fixed reference year, given in the note. */
  readonly series?: Series;
  /** Where the publisher gives its own figure for departments and the nation (UMC's regional
   * results), that figure is the value at those levels instead of an aggregate of districts. */
  readonly official?: {
    readonly area: "lectura" | "matematica";
    readonly measure: "satisfactorio" | "bajo";
  };
}

/** The time series an indicator belongs to. */
export type Series = "umc_4p" | "umc_2s" | "minam";

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

const LEARNING_NOTE_ES =
  "UMC (MINEDU), 4.º de primaria: ECE 2016 y 2018, ENLA 2024 (elija el año). Distritos: resultado publicado (las celdas que UMC suprime por baja cobertura quedan vacías, nunca en cero). Departamentos y Perú: la cifra oficial regional de UMC; Lima es la media de Lima Metropolitana y Lima Provincias ponderada por su población 2025, porque UMC publica esas dos DRE por separado; Callao es su propia DRE. Provincias: media de los distritos ponderada por la población 2025 (UMC no publica el número de evaluados por distrito).";
const LEARNING_NOTE_EN =
  "UMC (MINEDU), grade 4 of primary: ECE 2016 and 2018, ENLA 2024 (choose the year). Districts: the published result (cells UMC suppresses for low coverage stay empty, never zero). Departments and Peru: UMC's official regional figure; Lima is the mean of Lima Metropolitana and Lima Provincias weighted by their 2025 population, since UMC publishes those two DREs apart; Callao is its own DRE. Provinces: mean of districts weighted by 2025 population (UMC gives no number assessed per district).";

/** A 2017 Census share by district, aggregated with the 2025 population as weight. */
function censusShare(
  id: string,
  column: "agua" | "desague" | "electricidad" | "internet",
  { name, trait }: { name: Bilingual; trait: Trait },
): Indicator {
  const households = column === "internet";
  return {
    id,
    name,
    unit: "%",
    direction: "higher-better",
    datasets: ["household_services", "districts"],
    ...weightedMean(`b.censo_${column}`, "b.poblacion"),
    scale: 1,
    note: {
      es: `INEI, Censo 2017, % de ${households ? "hogares" : "viviendas particulares"} por distrito; agregado como media ponderada por la población 2025 (el censo publica porcentajes, no el número de ${households ? "hogares" : "viviendas"}).`,
      en: `INEI, 2017 Census, % of ${households ? "households" : "private dwellings"} by district; aggregated as a mean weighted by 2025 population (the census table gives shares, not ${households ? "household" : "dwelling"} counts).`,
    },
    trait,
  };
}

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
      es: "Σ rural / Σ total, MINAM 2019-2023 (el último año salvo que se elija otro).",
      en: "Σ rural / Σ total, MINAM 2019-2023 (the latest year unless another is chosen).",
    },
    trait: { es: "ruralidad", en: "rurality", gender: "f" },
    series: "minam",
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
  censusShare("hogares_internet", "internet", {
    name: { es: "Hogares con internet (2017)", en: "Households with internet (2017)" },
    trait: { es: "conectividad de los hogares", en: "household connectivity", gender: "f" },
  }),
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
    datasets: ["learning_outcomes", "districts"],
    ...weightedMean("b.lectura_satisfactorio", "b.poblacion"),
    scale: 1,
    note: {
      es: LEARNING_NOTE_ES,
      en: LEARNING_NOTE_EN,
    },
    trait: { es: "logro en lectura", en: "reading achievement", gender: "m" },
    series: "umc_4p",
    official: { area: "lectura", measure: "satisfactorio" },
  },
  {
    id: "matematica_satisfactorio",
    name: {
      es: "Matemática: % satisfactorio (4.º primaria)",
      en: "Maths: % satisfactory (grade 4)",
    },
    unit: "%",
    direction: "higher-better",
    datasets: ["learning_outcomes", "districts"],
    ...weightedMean("b.matematica_satisfactorio", "b.poblacion"),
    scale: 1,
    note: { es: LEARNING_NOTE_ES, en: LEARNING_NOTE_EN },
    trait: { es: "logro en matemática", en: "maths achievement", gender: "m" },
    series: "umc_4p",
    official: { area: "matematica", measure: "satisfactorio" },
  },
  {
    id: "lectura_bajo_basico",
    name: {
      es: "Lectura: % en inicio o previo al inicio",
      en: "Reading: % below basic (beginning or before)",
    },
    unit: "%",
    direction: "higher-worse",
    datasets: ["learning_outcomes", "districts"],
    ...weightedMean("b.lectura_bajo", "b.poblacion"),
    scale: 1,
    note: {
      es: `Previo al inicio + en inicio (los distritos solo los tienen en 2024; 2016 y 2018 traen solo satisfactorio y previo). ${LEARNING_NOTE_ES}`,
      en: `Before beginning + beginning (districts have both only for 2024; 2016 and 2018 give only satisfactory and before beginning). ${LEARNING_NOTE_EN}`,
    },
    trait: { es: "rezago en lectura", en: "reading lag", gender: "m" },
    series: "umc_4p",
    official: { area: "lectura", measure: "bajo" },
  },
  {
    id: "matematica_bajo_basico",
    name: {
      es: "Matemática: % en inicio o previo al inicio",
      en: "Maths: % below basic (beginning or before)",
    },
    unit: "%",
    direction: "higher-worse",
    datasets: ["learning_outcomes", "districts"],
    ...weightedMean("b.matematica_bajo", "b.poblacion"),
    scale: 1,
    note: { es: "Como lectura.", en: "As reading." },
    trait: { es: "rezago en matemática", en: "maths lag", gender: "m" },
    series: "umc_4p",
    official: { area: "matematica", measure: "bajo" },
  },
  {
    id: "lectura_satisfactorio_2s",
    name: {
      es: "Lectura: % satisfactorio (2.º secundaria)",
      en: "Reading: % satisfactory (secondary year 2)",
    },
    unit: "%",
    direction: "higher-better",
    datasets: ["learning_outcomes", "districts"],
    ...weightedMean("b.lectura_satisfactorio_2s", "b.poblacion"),
    scale: 1,
    note: {
      es: "ECE 2019, 2.º de secundaria, último resultado distrital publicado por UMC; provincias, departamentos y Perú: media de los distritos ponderada por la población 2025 (UMC no publica el número de evaluados por distrito).",
      en: "ECE 2019, secondary year 2, UMC's last district-level result; provinces, departments and Peru: mean of districts weighted by 2025 population (UMC gives no number assessed per district).",
    },
    trait: {
      es: "logro en lectura en secundaria",
      en: "secondary reading achievement",
      gender: "m",
    },
    series: "umc_2s",
  },
  {
    id: "matematica_satisfactorio_2s",
    name: {
      es: "Matemática: % satisfactorio (2.º secundaria)",
      en: "Maths: % satisfactory (secondary year 2)",
    },
    unit: "%",
    direction: "higher-better",
    datasets: ["learning_outcomes", "districts"],
    ...weightedMean("b.matematica_satisfactorio_2s", "b.poblacion"),
    scale: 1,
    note: { es: "Como lectura en secundaria.", en: "As secondary reading." },
    trait: {
      es: "logro en matemática en secundaria",
      en: "secondary maths achievement",
      gender: "m",
    },
    series: "umc_2s",
  },
  {
    id: "desercion_primaria",
    name: {
      es: "Deserción interanual en primaria (2023-2024)",
      en: "Inter-annual dropout in primary (2023-2024)",
    },
    unit: "%",
    direction: "higher-worse",
    datasets: ["school_trajectory", "districts"],
    ...weightedMean("b.desercion_primaria", "b.poblacion"),
    scale: 1,
    note: {
      es: "ESCALE (MINEDU), tasa distrital; agregada como media ponderada por la población 2025 (aproximación: la matrícula por distrito no se carga).",
      en: "ESCALE (MINEDU) district rate; aggregated as a mean weighted by 2025 population (an approximation: enrolment by district is not loaded).",
    },
    trait: { es: "deserción escolar", en: "school dropout", gender: "f" },
  },
  {
    id: "atraso_primaria",
    name: { es: "Atraso escolar en primaria (2025)", en: "School delay in primary (2025)" },
    unit: "%",
    direction: "higher-worse",
    datasets: ["school_trajectory", "districts"],
    ...weightedMean("b.atraso_primaria", "b.poblacion"),
    scale: 1,
    note: {
      es: "ESCALE (MINEDU); agregada como la deserción.",
      en: "ESCALE (MINEDU); aggregated as dropout.",
    },
    trait: { es: "atraso escolar", en: "school delay", gender: "m" },
  },
  censusShare("hogares_agua", "agua", {
    name: {
      es: "Viviendas con agua de red pública (2017)",
      en: "Dwellings with public water (2017)",
    },
    trait: { es: "acceso al agua de los hogares", en: "household water access", gender: "m" },
  }),
  censusShare("hogares_desague", "desague", {
    name: {
      es: "Viviendas con desagüe a red pública (2017)",
      en: "Dwellings with public sewerage (2017)",
    },
    trait: { es: "saneamiento de los hogares", en: "household sanitation", gender: "m" },
  }),
  censusShare("hogares_electricidad", "electricidad", {
    name: {
      es: "Viviendas con electricidad de red (2017)",
      en: "Dwellings with grid electricity (2017)",
    },
    trait: { es: "electrificación de los hogares", en: "household electrification", gender: "f" },
  }),
];

/** The indicator with this id, or undefined. */
export function indicatorById(id: string): Indicator | undefined {
  return INDICATORS.find((i) => i.id === id);
}
