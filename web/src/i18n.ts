/** The dashboard's words, Spanish first. Every visible string comes from here. */
export const MESSAGES = {
  es: {
    title: "Brecha — atlas de brechas educativas y digitales",
    language: "English",
    peru: "Perú",
    indicator: "Indicador",
    ranking: "Ranking",
    area: "Área",
    value: "Valor",
    exportCsv: "Exportar CSV",
    legend: "Leyenda (quintiles)",
    noData: "sin dato",
    synthetic:
      "Datos SINTÉTICOS (demostración) en esta vista: {datasets}. No los use para decisiones.",
    loading: "Cargando…",
    clickToDrill: "Haga clic en un área para ver su detalle.",
    level: { department: "Departamentos", province: "Provincias", district: "Distritos" },
    higherBetter: "más alto es mejor",
    higherWorse: "más alto es peor",
    sources: "Versiones de datos",
    error: "No se pudo cargar: {message}",
    tabs: { atlas: "Atlas", hubs: "Centros comunitarios", resources: "Recursos" },
    mapMode: "Tipo de mapa",
    modes: { values: "Valores", lisa: "Puntos calientes (LISA, distritos)" },
    lisa: {
      title: "Conglomerados LISA (FDR 5%)",
      classes: {
        "high-high": "alto rodeado de altos",
        "low-low": "bajo rodeado de bajos",
        "high-low": "alto rodeado de bajos",
        "low-high": "bajo rodeado de altos",
        "not-significant": "no significativo",
        island: "isla (sin vecinos)",
      },
      moran: "I de Moran {i} (p = {p}, permutaciones)",
    },
    inequality: {
      title: "Desigualdad entre distritos",
      gini: "Gini",
      theil: "Theil T",
      between: "entre {groups}",
      within: "dentro de {groups}",
      groups: { department: "departamentos", province: "provincias" },
      atkinson: "Atkinson (ε = 1)",
      ratio: "P90/P10",
      units: "{units} distritos; {excluded} sin dato",
    },
    gap: {
      title: "Brecha de {name}",
      value: "Valor",
      department: "Departamento",
      nation: "Perú",
      rank: "Puesto nacional {rank} de {peers}",
    },
    hubs: {
      department: "Departamento",
      count: "Número de centros",
      radius: "Radio de servicio (km, ajustado por terreno)",
      apiKey: "Clave de API (rol analista)",
      run: "Planificar",
      running: "Calculando…",
      covered: "{share}% de {people} personas a menos de {radius} km; brecha con la cota {gap}%",
      chooseDepartment: "Elija un departamento en el atlas o en la lista.",
    },
    resources: {
      search: "Buscar (sin importar tildes)",
      language: "Idioma",
      anyLanguage: "cualquiera",
      offline: "Funciona sin internet",
      results: "{count} recursos",
      licence: "Licencia",
      languages: { es: "castellano", qu: "quechua", ay: "aimara", en: "inglés", other: "otro" },
    },
  },
  en: {
    title: "Brecha — atlas of educational and digital gaps",
    language: "Español",
    peru: "Peru",
    indicator: "Indicator",
    ranking: "Ranking",
    area: "Area",
    value: "Value",
    exportCsv: "Export CSV",
    legend: "Legend (quintiles)",
    noData: "no data",
    synthetic: "SYNTHETIC (demo) data in this view: {datasets}. Do not use them for decisions.",
    loading: "Loading…",
    clickToDrill: "Click an area to see inside it.",
    level: { department: "Departments", province: "Provinces", district: "Districts" },
    higherBetter: "higher is better",
    higherWorse: "higher is worse",
    sources: "Data versions",
    error: "Could not load: {message}",
    tabs: { atlas: "Atlas", hubs: "Community hubs", resources: "Resources" },
    mapMode: "Map type",
    modes: { values: "Values", lisa: "Hot spots (LISA, districts)" },
    lisa: {
      title: "LISA clusters (FDR 5%)",
      classes: {
        "high-high": "high among highs",
        "low-low": "low among lows",
        "high-low": "high among lows",
        "low-high": "low among highs",
        "not-significant": "not significant",
        island: "island (no neighbours)",
      },
      moran: "Moran's I {i} (p = {p}, permutations)",
    },
    inequality: {
      title: "Inequality between districts",
      gini: "Gini",
      theil: "Theil T",
      between: "between {groups}",
      within: "within {groups}",
      groups: { department: "departments", province: "provinces" },
      atkinson: "Atkinson (ε = 1)",
      ratio: "P90/P10",
      units: "{units} districts; {excluded} without data",
    },
    gap: {
      title: "Gap of {name}",
      value: "Value",
      department: "Department",
      nation: "Peru",
      rank: "National rank {rank} of {peers}",
    },
    hubs: {
      department: "Department",
      count: "Number of hubs",
      radius: "Service radius (km, terrain-adjusted)",
      apiKey: "API key (analyst role)",
      run: "Plan",
      running: "Solving…",
      covered: "{share}% of {people} people within {radius} km; gap to the bound {gap}%",
      chooseDepartment: "Choose a department in the atlas or the list.",
    },
    resources: {
      search: "Search (accents optional)",
      language: "Language",
      anyLanguage: "any",
      offline: "Works offline",
      results: "{count} resources",
      licence: "Licence",
      languages: { es: "Spanish", qu: "Quechua", ay: "Aymara", en: "English", other: "other" },
    },
  },
} as const;

export type Lang = keyof typeof MESSAGES;
export type Messages = (typeof MESSAGES)[Lang];

export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? `{${k}}`));
}

/** Numbers as Peru writes them. */
export function formatNumber(lang: Lang, value: number | null, digits = 1): string {
  if (value === null || !Number.isFinite(value)) return "–";
  return new Intl.NumberFormat(lang === "es" ? "es-PE" : "en-US", {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  }).format(value);
}
