import { NotFoundError } from "../../errors/index.ts";
import { sql, type Dialect, type Sql, type Store } from "../../storage/index.ts";

/** Filters a user can apply: area filters select districts; school filters select schools and
 * premises before they are counted. */
export interface IndicatorFilters {
  readonly department?: string;
  readonly province?: string;
  readonly area?: "urbana" | "rural";
  readonly gestion?: "publica" | "privada";
  /** Year of the indicators measured in several years (UMC results, MINAM population); the
   * latest of each series when absent. Indicators with one reference year ignore it. */
  readonly year?: number;
}

interface Part {
  readonly dataset: string;
  readonly alias: string;
  readonly columns: ReadonlyArray<[name: string, type: "double" | "integer"]>;
  readonly sql: (schoolFilter: Sql, year: number | undefined) => Sql;
}

/** `anio = 2018`, or the latest year of the rows matching `where`. */
const yearIs = (table: Sql, where: Sql, year: number | undefined): Sql =>
  year === undefined
    ? sql`anio = (SELECT max(anio) FROM ${table} WHERE ${where})`
    : sql`anio = ${sql.value(Math.trunc(year))}`;

// District-level quantities, one CTE per dataset. Counts use SUM(CASE …) rather than FILTER so the
// same SQL runs on engines without it.
const PARTS: readonly Part[] = [
  {
    dataset: "district_attributes",
    alias: "a",
    columns: [
      ["superficie_km2", "double"],
      ["idh", "double"],
    ],
    sql: () => sql`SELECT ubigeo, superficie_km2, idh_2019 AS idh FROM district_attributes`,
  },
  {
    dataset: "poverty_2018",
    alias: "p",
    columns: [
      ["pobreza", "double"],
      ["pobreza_inf", "double"],
      ["pobreza_sup", "double"],
      ["pob_2020", "integer"],
    ],
    sql: () =>
      sql`SELECT ubigeo, pct_pobreza AS pobreza, pobreza_ic95_inf AS pobreza_inf, pobreza_ic95_sup AS pobreza_sup, poblacion_2020 AS pob_2020 FROM poverty_2018`,
  },
  {
    dataset: "population_urban_rural",
    alias: "m",
    columns: [
      ["pob_minam", "integer"],
      ["pob_rural", "integer"],
    ],
    sql: (_, year) =>
      sql`SELECT ubigeo, poblacion_total AS pob_minam, poblacion_rural AS pob_rural FROM population_urban_rural WHERE ${yearIs(sql`population_urban_rural`, sql`1 = 1`, year)}`,
  },
  {
    dataset: "schools",
    alias: "s",
    columns: [
      ["servicios", "integer"],
      ["alumnos", "integer"],
      ["docentes", "integer"],
      ["primarias", "integer"],
      ["primarias_unidocentes", "integer"],
      ["primarias_multigrado", "integer"],
      ["alumnos_primaria", "integer"],
    ],
    sql: (
      filter,
      // The counts are renamed first: some engines (ClickHouse) let an output alias such as
      // "alumnos" shadow the column of the same name elsewhere in the SELECT.
    ) => sql`SELECT ubigeo, count(*) AS servicios, sum(n_alumnos) AS alumnos, sum(n_docentes) AS docentes,
      sum(CASE WHEN nivel = 'primaria' THEN 1 ELSE 0 END) AS primarias,
      sum(CASE WHEN nivel = 'primaria' AND caracteristica = 'unidocente' THEN 1 ELSE 0 END) AS primarias_unidocentes,
      sum(CASE WHEN nivel = 'primaria' AND caracteristica = 'multigrado' THEN 1 ELSE 0 END) AS primarias_multigrado,
      sum(CASE WHEN nivel = 'primaria' THEN n_alumnos ELSE 0 END) AS alumnos_primaria
      FROM (SELECT ubigeo, alumnos AS n_alumnos, docentes AS n_docentes, nivel, caracteristica, area, gestion FROM schools) AS sc
      WHERE 1 = 1 ${filter} GROUP BY ubigeo`,
  },
  {
    dataset: "school_premises",
    alias: "l",
    columns: [
      ["locales_censo", "integer"],
      ["locales_internet", "integer"],
      ["locales_censo_electricidad", "integer"],
      ["locales_electricidad", "integer"],
      ["locales_censo_agua", "integer"],
      ["locales_agua", "integer"],
    ],
    sql: (filter) => sql`SELECT ubigeo, count(*) AS locales_censo,
      sum(CASE WHEN tiene_internet THEN 1 ELSE 0 END) AS locales_internet,
      sum(CASE WHEN tiene_electricidad IS NOT NULL THEN 1 ELSE 0 END) AS locales_censo_electricidad,
      sum(CASE WHEN tiene_electricidad THEN 1 ELSE 0 END) AS locales_electricidad,
      sum(CASE WHEN tiene_agua_red IS NOT NULL THEN 1 ELSE 0 END) AS locales_censo_agua,
      sum(CASE WHEN tiene_agua_red THEN 1 ELSE 0 END) AS locales_agua
      FROM school_premises WHERE anio = (SELECT max(anio) FROM school_premises)
      ${filter === sql.empty ? sql.empty : sql`AND codigo_local IN (SELECT codigo_local FROM schools WHERE 1 = 1 ${filter})`} GROUP BY ubigeo`,
  },
  {
    dataset: "household_ict",
    alias: "h",
    columns: [
      ["hogares", "integer"],
      ["hogares_internet", "integer"],
      ["hogares_computadora", "integer"],
      ["hogares_celular", "integer"],
      ["hogares_censo_internet", "integer"],
      ["hogares_censo_computadora", "integer"],
    ],
    sql: () => sql`SELECT ubigeo, hogares, hogares_internet, hogares_computadora, hogares_celular,
      CASE WHEN hogares_internet IS NOT NULL THEN hogares END AS hogares_censo_internet,
      CASE WHEN hogares_computadora IS NOT NULL THEN hogares END AS hogares_censo_computadora
      FROM household_ict`,
  },
  {
    dataset: "learning_outcomes",
    alias: "e",
    columns: [
      ["lectura_satisfactorio", "double"],
      ["matematica_satisfactorio", "double"],
      ["lectura_bajo", "double"],
      ["matematica_bajo", "double"],
      ["lectura_satisfactorio_2s", "double"],
      ["matematica_satisfactorio_2s", "double"],
    ],
    sql: (_, year) => {
      const p4 = sql`grado = '4P' AND ${yearIs(sql`learning_outcomes`, sql`grado = '4P'`, year)}`;
      const s2 = sql`grado = '2S' AND ${yearIs(sql`learning_outcomes`, sql`grado = '2S'`, year)}`;
      return sql`SELECT ubigeo,
      max(CASE WHEN ${p4} AND area = 'lectura' THEN pct_satisfactorio END) AS lectura_satisfactorio,
      max(CASE WHEN ${p4} AND area = 'matematica' THEN pct_satisfactorio END) AS matematica_satisfactorio,
      max(CASE WHEN ${p4} AND area = 'lectura' THEN coalesce(pct_previo_inicio, 0) + pct_en_inicio END) AS lectura_bajo,
      max(CASE WHEN ${p4} AND area = 'matematica' THEN coalesce(pct_previo_inicio, 0) + pct_en_inicio END) AS matematica_bajo,
      max(CASE WHEN ${s2} AND area = 'lectura' THEN pct_satisfactorio END) AS lectura_satisfactorio_2s,
      max(CASE WHEN ${s2} AND area = 'matematica' THEN pct_satisfactorio END) AS matematica_satisfactorio_2s
      FROM learning_outcomes GROUP BY ubigeo`;
    },
  },
  {
    dataset: "school_trajectory",
    alias: "t",
    columns: [
      ["desercion_primaria", "double"],
      ["atraso_primaria", "double"],
    ],
    sql: () =>
      sql`SELECT ubigeo, pct_desercion_primaria AS desercion_primaria, pct_atraso_primaria AS atraso_primaria FROM school_trajectory`,
  },
  {
    dataset: "household_services",
    alias: "c",
    columns: [
      ["censo_agua", "double"],
      ["censo_desague", "double"],
      ["censo_electricidad", "double"],
      ["censo_internet", "double"],
    ],
    sql: () =>
      sql`SELECT ubigeo, pct_agua AS censo_agua, pct_desague AS censo_desague, pct_electricidad AS censo_electricidad, pct_internet AS censo_internet FROM household_services`,
  },
];

/**
 * The SQL of the district base table `b`: one row per district with its codes, names and the
 * quantities every indicator is computed from. Datasets that are not published become NULL
 * columns, so that the indicators that need them are NULL rather than the query failing.
 */
export function baseTableSql(
  available: ReadonlySet<string>,
  filters: IndicatorFilters,
  dialect: Pick<Dialect, "supportsCte">,
): Sql {
  // The two school filters take one of two fixed words each, so they are written as text.
  const schoolConditions: Sql[] = [];
  if (filters.area)
    schoolConditions.push(filters.area === "rural" ? sql`area = 'rural'` : sql`area = 'urbana'`);
  if (filters.gestion)
    schoolConditions.push(
      filters.gestion === "privada" ? sql`gestion = 'privada'` : sql`gestion = 'publica'`,
    );
  const schoolFilter = schoolConditions.length
    ? sql`AND ${sql.join(schoolConditions, sql` AND `)}`
    : sql.empty;
  const districts = available.has("districts")
    ? sql`SELECT ubigeo, ubigeo_provincia, ubigeo_departamento, departamento, provincia, distrito, altitud_m, poblacion_2025 AS poblacion FROM districts`
    : sql`SELECT DISTINCT ubigeo, substr(ubigeo, 1, 4) AS ubigeo_provincia, substr(ubigeo, 1, 2) AS ubigeo_departamento, ${sql.nullOf("text")} AS departamento, ${sql.nullOf("text")} AS provincia, ${sql.nullOf("text")} AS distrito, ${sql.nullOf("double")} AS altitud_m, ${sql.nullOf("integer")} AS poblacion FROM schools`;
  const DISTRICT_COLUMNS = [
    "ubigeo",
    "ubigeo_provincia",
    "ubigeo_departamento",
    "departamento",
    "provincia",
    "distrito",
    "altitud_m",
    "poblacion",
  ];
  const where: Sql[] = [];
  if (filters.department) where.push(sql`d.ubigeo_departamento = ${sql.value(filters.department)}`);
  if (filters.province) where.push(sql`d.ubigeo_provincia = ${sql.value(filters.province)}`);
  const whereSql = where.length ? sql` WHERE ${sql.join(where, sql` AND `)}` : sql.empty;
  const missing = PARTS.filter((part) => !available.has(part.dataset)).flatMap((part) =>
    part.columns.map(([name, type]) => sql`${sql.nullOf(type)} AS ${sql.id(name)}`),
  );
  const present = PARTS.filter((part) => available.has(part.dataset));
  if (!dialect.supportsCte) {
    // One join per SELECT, nested, naming every column (engines without CTEs or multi-joins).
    let columns = DISTRICT_COLUMNS.map((c) => sql.id(c));
    let from = sql`(${districts})`;
    for (const part of present) {
      const added = part.columns.map(([name]) => sql.id(name));
      from = sql`(SELECT ${sql.join([...columns, ...added])} FROM ${from} ANY LEFT JOIN (${part.sql(schoolFilter, filters.year)}) USING ubigeo)`;
      columns = [...columns, ...added];
    }
    return sql`SELECT ${sql.join([...columns, ...missing])} FROM ${from} AS d${whereSql}`;
  }
  const ctes = [sql`d AS (${districts})`];
  const select = [sql`d.*`];
  const joins: Sql[] = [];
  for (const part of present) {
    const alias = sql.id(part.alias);
    ctes.push(sql`${alias} AS (${part.sql(schoolFilter, filters.year)})`);
    joins.push(sql`LEFT JOIN ${alias} ON ${alias}.ubigeo = d.ubigeo`);
    select.push(...part.columns.map(([name]) => sql`${alias}.${sql.id(name)}`));
  }
  select.push(...missing);
  return sql`WITH ${sql.join(ctes, sql`,\n`)}\nSELECT ${sql.join(select)} FROM d ${sql.join(joins, sql` `)}${whereSql}`;
}

/**
 * Datasets to compute from — their current versions, or the versions pinned by id (or a unique
 * prefix of it) so that a past figure can be reproduced — with which are synthetic, and the SQL
 * that makes each pinned version answer to its dataset's name.
 */
export async function publishedDatasets(
  store: Store,
  pin: Readonly<Record<string, string>> = {},
): Promise<{
  available: Set<string>;
  synthetic: Set<string>;
  versions: Record<string, string>;
  shadows: Sql[];
}> {
  const all = await store.versions();
  const chosen = all.filter((v) => v.current && !(v.dataset in pin));
  const shadows: Sql[] = [];
  for (const [dataset, id] of Object.entries(pin)) {
    const matches = all.filter((v) => v.dataset === dataset && v.versionId.startsWith(id));
    if (matches.length !== 1) {
      throw new NotFoundError(
        "BRECHA_NOT_FOUND",
        `${matches.length === 0 ? "no" : "more than one"} version of ${dataset} starts with "${id}"; see \`brecha versions ${dataset}\``,
      );
    }
    chosen.push(matches[0]!);
    shadows.push(sql`${sql.id(dataset)} AS (SELECT * FROM ${sql.id(matches[0]!.tableName)})`);
  }
  return {
    available: new Set(chosen.map((v) => v.dataset)),
    synthetic: new Set(chosen.filter((v) => v.provenance.synthetic).map((v) => v.dataset)),
    versions: Object.fromEntries(chosen.map((v) => [v.dataset, v.versionId])),
    shadows,
  };
}
