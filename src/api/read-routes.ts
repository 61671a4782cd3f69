import { z } from "zod";
import { scenarioNameField } from "../contract/index.ts";
import {
  districtTypology,
  gapReport,
  indicatorCatalogue,
  indicatorTable,
} from "../analytics/index.ts";
import { haversineKm, simplifyTopology, type PolygonGeometry } from "../domain/index.ts";
import { NotFoundError, UsageError } from "../errors/index.ts";
import {
  alignMatrix,
  buildTaskTable,
  deserialiseModel,
  driftReport,
  explainInWords,
  predictTable,
} from "../models/index.ts";
import { compareScenarios } from "../optimise/index.ts";
import { RESOURCE, searchResources } from "../resources/index.ts";
import { WEB_TOLERANCE } from "../sources/index.ts";
import type { Store } from "../storage/index.ts";
import type { RoutesPlugin } from "./context.ts";
import { currentDatasets } from "./workspace-page.ts";

const LEVEL = z.enum(["nation", "department", "province", "district"]);
const DEPARTMENT = z.string().regex(/^\d{2}$/, "a 2-digit department code");
const PROVINCE = z.string().regex(/^\d{4}$/, "a 4-digit province code");
const LANG = z.enum(["es", "en"]).default("es");
const SCHOOL_DETAIL = z.object({
  code: z.string(),
  annex: z.string().nullable(),
  premisesCode: z.string().nullable(),
  name: z.string().nullable(),
  level: z.string().nullable(),
  management: z.string().nullable(),
  area: z.string().nullable(),
  kind: z.string().nullable(),
  ubigeo: z.string().nullable(),
  ugel: z.string().nullable(),
  students: z.number().nullable(),
  teachers: z.number().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  internet: z.boolean().nullable(),
  internetType: z.string().nullable(),
  electricity: z.boolean().nullable(),
  electricitySource: z.string().nullable(),
  water: z.boolean().nullable(),
  accessMinutes: z.number().nullable(),
  accessMode: z.string().nullable(),
  censusYear: z.number().nullable(),
  synthetic: z.boolean(),
});

/** Areas of a level, optionally inside a department or province. */
const AREA_QUERY = z.object({
  level: LEVEL.exclude(["nation"]).default("department"),
  parent: z
    .string()
    .regex(/^(\d{2}|\d{4})$/)
    .optional(),
});
const csv = (item: z.ZodString) =>
  z
    .string()
    .transform((s) =>
      s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1));
const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Permutations a caller may ask for: the public and viewers up to 999 (about a quarter of a
 * second of one core), analysts and admins up to 9,999. */
export const PERMUTATIONS_BY_ROLE = { public: 999, viewer: 999, analyst: 9999, admin: 9999 };

function permutationsAllowed(caller: string, permutations: number): void {
  const role = (/^api:(\w+)/.exec(caller)?.[1] ?? "public") as keyof typeof PERMUTATIONS_BY_ROLE;
  const most = PERMUTATIONS_BY_ROLE[role] ?? PERMUTATIONS_BY_ROLE.public;
  if (permutations > most)
    throw new UsageError(
      "BRECHA_USAGE",
      `${role === "public" ? "a request without an API key" : `role ${role}`} may ask for at most ${most} permutations; an analyst key allows ${PERMUTATIONS_BY_ROLE.analyst}`,
      {
        es: `${role === "public" ? "una solicitud sin clave de API" : `el rol ${role}`} puede pedir como máximo ${most} permutaciones; una clave de analista permite ${PERMUTATIONS_BY_ROLE.analyst}`,
      },
    );
}

const SCHOOL = z.object({
  codigo_modular: z.string(),
  anexo: z.string().nullable(),
  codigo_local: z.string().nullable(),
  nombre: z.string().nullable(),
  nivel: z.string().nullable(),
  gestion: z.string().nullable(),
  area: z.string().nullable(),
  ubigeo: z.string(),
  alumnos: z.number().nullable(),
  latitud: z.number(),
  longitud: z.number(),
  _synthetic: z.boolean(),
});

/** The read endpoints: public unless the server is configured to need keys for reads. */
export const readRoutes: RoutesPlugin = async (instance, { context, routesOn }) => {
  const register = routesOn(instance);
  const { store } = context;

  register({
    method: "GET",
    url: "/api/v1/datasets",
    summary: "Current dataset versions with provenance and the synthetic flag",
    tags: ["data"],
    role: "read",
    cacheable: true,
    handler: async () => currentDatasets(store),
  });

  register({
    method: "GET",
    url: "/api/v1/datasets/:dataset/versions",
    summary: "Every version of a dataset, newest first, with provenance",
    tags: ["data"],
    params: z.object({ dataset: z.string().regex(/^[a-z_]{2,64}$/) }),
    role: "read",
    cacheable: true,
    handler: async ({ params }) => {
      const versions = await store.versions(params.dataset);
      if (versions.length === 0)
        throw new NotFoundError("BRECHA_NOT_FOUND", `no dataset ${params.dataset}`, {
          es: `no existe el conjunto de datos ${params.dataset}`,
        });
      return versions;
    },
  });

  register({
    method: "GET",
    url: "/api/v1/indicators/catalogue",
    summary:
      "The indicators: names, units, direction, formula, the datasets they need, whether the workspace has them, whether they are synthetic, and their years",
    tags: ["indicators"],
    role: "read",
    cacheable: true,
    handler: async () => indicatorCatalogue(store),
  });

  const filters = {
    department: DEPARTMENT.optional(),
    province: PROVINCE.optional(),
    area: z.enum(["urbana", "rural"]).optional(),
    gestion: z.enum(["publica", "privada"]).optional(),
    year: integer(2000, 2100).optional(),
  };

  register({
    method: "GET",
    url: "/api/v1/indicators",
    summary: "Indicators at a level (ratios of sums), with filters and the dataset versions used",
    tags: ["indicators"],
    query: z.object({
      level: LEVEL.default("department"),
      ids: csv(z.string().regex(/^[a-z_]+$/)).optional(),
      ...filters,
    }),
    role: "read",
    cacheable: true,
    handler: async ({ query }) => {
      const { level, ids, ...rest } = query;
      const filterValues = Object.fromEntries(
        Object.entries(rest).filter(([, v]) => v !== undefined),
      );
      return indicatorTable(store, {
        level,
        ...(ids ? { ids } : {}),
        filters: filterValues,
      });
    },
  });

  register({
    method: "GET",
    url: "/api/v1/areas",
    summary: "Areas of a level with their names and parents (for drill-down)",
    tags: ["indicators"],
    query: AREA_QUERY,
    role: "read",
    cacheable: true,
    handler: async ({ query }) => {
      const table = await indicatorTable(store, { level: query.level, ids: ["poblacion"] });
      return table.areas
        .filter((a) => !query.parent || a.code.startsWith(query.parent))
        .map((a) => ({
          code: a.code,
          name: a.name,
          department: a.department,
          province: a.province,
          population: a.values.poblacion ?? null,
        }));
    },
  });

  register({
    method: "GET",
    url: "/api/v1/boundaries",
    summary:
      "Boundaries of a level as GeoJSON, simplified for the web (optionally within a parent)",
    tags: ["indicators"],
    query: AREA_QUERY,
    role: "read",
    cacheable: true,
    handler: async ({ query }) => boundaries(store, query),
  });

  register({
    method: "GET",
    url: "/api/v1/inequality/:indicator",
    summary: "Gini, Theil (decomposed between/within groups), Atkinson and more for an indicator",
    tags: ["analytics"],
    params: z.object({ indicator: z.string().regex(/^[a-z_]+$/) }),
    query: z.object({
      level: z.enum(["province", "district"]).default("district"),
      by: z.enum(["department", "province"]).default("department"),
      permutations: integer(0, 9999).default(999),
      ...filters,
    }),
    role: "read",
    cacheable: true,
    handler: async ({ params, query, caller }) => {
      const { level, by, permutations, ...rest } = query;
      permutationsAllowed(caller, permutations);
      return context.heavy.run("inequality", {
        indicator: params.indicator,
        level,
        groupBy: by,
        permutations,
        filters: Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
      });
    },
  });

  register({
    method: "GET",
    url: "/api/v1/hotspots/:indicator",
    summary: "Moran's I, LISA clusters (FDR) and Getis-Ord Gi* over the district boundaries",
    tags: ["analytics"],
    params: z.object({ indicator: z.string().regex(/^[a-z_]+$/) }),
    query: z.object({
      weights: z.enum(["queen", "rook", "knn", "knn-symmetric"]).default("queen"),
      k: integer(1, 30).default(6),
      permutations: integer(99, 9999).default(999),
      alpha: z.coerce.number().gt(0).lt(1).default(0.05),
    }),
    role: "read",
    cacheable: true,
    handler: async ({ params, query, caller }) => {
      permutationsAllowed(caller, query.permutations);
      return context.heavy.run("hotspots", { indicator: params.indicator, ...query });
    },
  });

  register({
    method: "GET",
    url: "/api/v1/typology",
    summary: "District typology: PCA composite and k-means clusters (k by silhouette), described",
    tags: ["analytics"],
    query: z.object({
      indicators: csv(z.string().regex(/^[a-z_]+$/)).optional(),
      kMax: integer(2, 12).default(8),
    }),
    role: "read",
    cacheable: true,
    handler: async ({ query }) =>
      districtTypology(store, {
        ...(query.indicators ? { indicators: query.indicators } : {}),
        kMax: query.kMax,
      }),
  });

  register({
    method: "GET",
    url: "/api/v1/gap/:ubigeo",
    summary: "Where an area stands against its department and the nation",
    tags: ["analytics"],
    params: z.object({
      ubigeo: z.string().regex(/^(\d{2}|\d{4}|\d{6})$/, "a 2, 4 or 6-digit ubigeo"),
    }),
    role: "read",
    cacheable: true,
    handler: async ({ params }) => gapReport(store, params.ubigeo),
  });

  register({
    method: "GET",
    url: "/api/v1/schools",
    summary: "Schools of an area (department, province or district) as GeoJSON points",
    tags: ["schools"],
    query: z.object({
      area: z.string().regex(/^(\d{2}|\d{4}|\d{6})$/, "a 2, 4 or 6-digit ubigeo"),
    }),
    role: "read",
    cacheable: true,
    handler: async ({ query }) => {
      const rows = await store.query(
        `SELECT codigo_modular, nombre, nivel, gestion, area, CAST(alumnos AS DOUBLE) AS alumnos,
                latitud, longitud, _synthetic
         FROM schools WHERE starts_with(ubigeo, ?) AND latitud IS NOT NULL AND longitud IS NOT NULL
         ORDER BY codigo_modular`,
        z.object({
          codigo_modular: z.string(),
          nombre: z.string().nullable(),
          nivel: z.string().nullable(),
          gestion: z.string().nullable(),
          area: z.string().nullable(),
          alumnos: z.number().nullable(),
          latitud: z.number(),
          longitud: z.number(),
          _synthetic: z.boolean(),
        }),
        [query.area],
      );
      return {
        type: "FeatureCollection",
        synthetic: rows.some((r) => r._synthetic),
        features: rows.map((r) => ({
          type: "Feature",
          properties: {
            code: r.codigo_modular,
            name: r.nombre,
            level: r.nivel,
            management: r.gestion,
            area: r.area,
            students: r.alumnos,
          },
          geometry: {
            type: "Point",
            coordinates: [Math.round(r.longitud * 1e5) / 1e5, Math.round(r.latitud * 1e5) / 1e5],
          },
        })),
      };
    },
  });

  register({
    method: "GET",
    url: "/api/v1/schools/:code",
    summary:
      "One school (código modular) with its premises as the latest Censo Educativo describes them",
    tags: ["schools"],
    params: z.object({ code: z.string().regex(/^\d{7}$/, "a 7-digit código modular") }),
    role: "read",
    cacheable: true,
    handler: async ({ params }) => {
      const premises = (await store.versions("school_premises")).some((v) => v.current);
      const rows = await store.query(
        `SELECT s.codigo_modular AS "code", s.anexo AS "annex", s.codigo_local AS "premisesCode", s.nombre AS "name",
                s.nivel AS "level", s.gestion AS "management", s.area AS "area", s.caracteristica AS "kind",
                s.ubigeo, s.codigo_ugel AS "ugel", CAST(s.alumnos AS DOUBLE) AS "students", CAST(s.docentes AS DOUBLE) AS "teachers",
                s.latitud AS "lat", s.longitud AS "lon",
                ${
                  premises
                    ? `l.tiene_internet AS "internet", l.tipo_internet AS "internetType", l.tiene_electricidad AS "electricity",
                l.fuente_electricidad AS "electricitySource", l.tiene_agua_red AS "water", l.acceso_minutos AS "accessMinutes",
                l.acceso_medio AS "accessMode", l.anio AS "censusYear", coalesce(s._synthetic OR l._synthetic, s._synthetic) AS "synthetic"`
                    : `CAST(NULL AS BOOLEAN) AS "internet", CAST(NULL AS VARCHAR) AS "internetType", CAST(NULL AS BOOLEAN) AS "electricity", CAST(NULL AS VARCHAR) AS "electricitySource", CAST(NULL AS BOOLEAN) AS "water", CAST(NULL AS DOUBLE) AS "accessMinutes", CAST(NULL AS VARCHAR) AS "accessMode", CAST(NULL AS BIGINT) AS "censusYear", s._synthetic AS "synthetic"`
                }
         FROM schools s ${premises ? "LEFT JOIN school_premises l ON l.codigo_local = s.codigo_local AND l.anio = (SELECT max(anio) FROM school_premises)" : ""}
         WHERE s.codigo_modular = ? ORDER BY s.anexo LIMIT 1`,
        SCHOOL_DETAIL,
        [params.code],
      );
      const school = rows[0];
      if (!school)
        throw new NotFoundError(
          "BRECHA_NOT_FOUND",
          `no school with código modular ${params.code}`,
          {
            es: `no hay una escuela con código modular ${params.code}`,
          },
        );
      return school;
    },
  });

  register({
    method: "GET",
    url: "/api/v1/schools/near",
    summary: "Schools within a radius of a point, nearest first",
    tags: ["schools"],
    query: z.object({
      lat: z.coerce.number().min(-18.5).max(0.1),
      lon: z.coerce.number().min(-81.5).max(-68.5),
      radiusKm: z.coerce.number().gt(0).max(100).default(5),
      limit: integer(1, 1000).default(100),
    }),
    role: "read",
    cacheable: true,
    handler: async ({ query }) => {
      const dLat = query.radiusKm / 111;
      const dLon = query.radiusKm / (111 * Math.cos((query.lat * Math.PI) / 180));
      const rows = await store.query(
        `SELECT codigo_modular, anexo, codigo_local, nombre, nivel, gestion, area, ubigeo,
                CAST(alumnos AS DOUBLE) AS alumnos, latitud, longitud, _synthetic
         FROM schools WHERE latitud BETWEEN ? AND ? AND longitud BETWEEN ? AND ?`,
        SCHOOL,
        [query.lat - dLat, query.lat + dLat, query.lon - dLon, query.lon + dLon],
      );
      return rows
        .map((r) => ({
          ...r,
          distanceKm: haversineKm([query.lon, query.lat], [r.longitud, r.latitud]),
        }))
        .filter((r) => r.distanceKm <= query.radiusKm)
        .sort((a, b) => a.distanceKm - b.distanceKm)
        .slice(0, query.limit);
    },
  });

  register({
    method: "GET",
    url: "/api/v1/models",
    summary: "Models in the registry with their metrics and aliases",
    tags: ["models"],
    role: "read",
    handler: async () => {
      const aliases = context.models.aliases();
      return context.models.list().map(({ model: _model, profile: _profile, ...record }) => ({
        ...record,
        aliases: Object.entries(aliases[record.task] ?? {})
          .filter(([, id]) => id === record.id)
          .map(([alias]) => alias),
      }));
    },
  });

  register({
    method: "GET",
    url: "/api/v1/models/:ref/predictions",
    summary: "A model's predictions over the workspace, with drift and plain-language explanations",
    tags: ["models"],
    params: z.object({ ref: z.string().regex(/^[\w:]{2,64}$/) }),
    query: z.object({
      explain: csv(z.string().regex(/^\d{6}$/)).optional(),
      lang: LANG,
    }),
    role: "read",
    cacheable: true,
    handler: async ({ params, query }) => {
      const record = context.models.resolve(params.ref);
      const model = deserialiseModel(record.model);
      const table = await buildTaskTable(store, record.task, {
        groupBy: record.folds.by === "province" ? "province" : "department",
      });
      const x = alignMatrix(record, table.x);
      return {
        model: record.id,
        task: record.task,
        target: record.target,
        synthetic: record.synthetic,
        interval: record.metrics.interval ?? null,
        predictions: predictTable(model, table, x),
        drift: driftReport(record.profile, x),
        explained: (query.explain ?? []).map((key) => {
          const row = table.keys.indexOf(key);
          if (row < 0)
            throw new NotFoundError("BRECHA_NOT_FOUND", `no row ${key} in ${record.task}`, {
              es: `no hay una fila ${key} en ${record.task}`,
            });
          const { base, contributions, text } = explainInWords(record, model, x, row, query.lang);
          return { key, base, contributions, text };
        }),
      };
    },
  });

  register({
    method: "GET",
    url: "/api/v1/resources",
    summary: "Search the learning-resource repository (accent-insensitive) with filters",
    tags: ["resources"],
    query: z.object({
      q: z.string().max(200).optional(),
      subject: RESOURCE.shape.subject.optional(),
      grade: RESOURCE.shape.grades.element.optional(),
      language: RESOURCE.shape.languages.element.optional(),
      format: RESOURCE.shape.format.optional(),
      offline: z
        .enum(["true", "false"])
        .transform((v) => v === "true")
        .optional(),
      hub: z
        .string()
        .regex(/^\d{10}$/)
        .optional(),
    }),
    role: "read",
    handler: async ({ query }) => {
      const filters = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
      return searchResources(context.resources.list(), filters);
    },
  });

  register({
    method: "GET",
    url: "/api/v1/resources/:id",
    summary: "One learning resource",
    tags: ["resources"],
    params: z.object({ id: z.string().regex(/^[a-z0-9-]{3,64}$/) }),
    role: "read",
    handler: async ({ params }) => context.resources.get(params.id),
  });

  register({
    method: "GET",
    url: "/api/v1/scenarios",
    summary:
      "Saved planning scenarios, the latest version of each (without their full plans): who ran them, when, the solver's figures and the dataset versions",
    tags: ["plans"],
    role: "read",
    handler: async () => context.scenarios.list().map(({ plan: _plan, ...rest }) => rest),
  });

  register({
    method: "GET",
    url: "/api/v1/scenarios/compare",
    summary: "Two saved scenarios of the same kind side by side: parameters, figures and sites",
    tags: ["plans"],
    query: z.object({
      a: scenarioNameField(),
      b: scenarioNameField(),
      aVersion: integer(1, 1_000_000).optional(),
      bVersion: integer(1, 1_000_000).optional(),
    }),
    role: "read",
    handler: async ({ query }) =>
      compareScenarios(
        context.scenarios.get(query.a, query.aVersion),
        context.scenarios.get(query.b, query.bVersion),
      ),
  });

  register({
    method: "GET",
    url: "/api/v1/scenarios/:name/versions",
    summary: "Every saved version of a scenario: number, date, who ran it and its figures",
    tags: ["plans"],
    params: z.object({ name: scenarioNameField() }),
    role: "read",
    handler: async ({ params }) =>
      context.scenarios.versions(params.name).map((v) => {
        const { plan: _plan, ...rest } = context.scenarios.get(params.name, v);
        return rest;
      }),
  });

  register({
    method: "GET",
    url: "/api/v1/scenarios/:name",
    summary: "One saved scenario with its plan: the latest version, or `version=`",
    tags: ["plans"],
    params: z.object({ name: scenarioNameField() }),
    query: z.object({ version: integer(1, 1_000_000).optional() }),
    role: "read",
    handler: async ({ params, query }) => context.scenarios.get(params.name, query.version),
  });
};

/**
 * A level's boundaries as GeoJSON, served as stored: simplified once at ingest, with their
 * neighbours (the finer copy inside a department or province). A workspace ingested before those
 * copies existed gets the same simplification here, over the whole level, until its boundaries
 * are ingested again.
 */
async function boundaries(
  store: Store,
  query: { level: "department" | "province" | "district"; parent?: string | undefined },
) {
  const dataset = `${query.level}_boundaries`;
  if (!(await store.versions(dataset)).some((v) => v.current))
    throw new NotFoundError(
      "BRECHA_NOT_FOUND",
      `the workspace has no ${query.level} boundaries: run \`brecha up\` (the starter pack has them) or \`brecha ingest limites-${{ department: "departamentos", province: "provincias", district: "distritos" }[query.level]} <file.geojson>\``,
      {
        details: { missing: dataset },
        es: `el espacio de trabajo no tiene límites de ${{ department: "departamentos", province: "provincias", district: "distritos" }[query.level]}: ejecute \`brecha up\` (el paquete inicial los trae) o \`brecha ingest limites-${{ department: "departamentos", province: "provincias", district: "distritos" }[query.level]} <archivo.geojson>\``,
      },
    );
  const name = { department: "departamento", province: "provincia", district: "distrito" }[
    query.level
  ];
  const stored = (await store.describe(dataset)).some((c) => c.name === "geometry_web");
  const column = !stored ? "geometry" : query.parent ? "geometry_web_detail" : "geometry_web";
  // The legacy path needs the whole level (neighbours across the parent's edge matter).
  const within = stored && query.parent;
  const rows = await store.query(
    `SELECT ubigeo, ${name} AS name, ${column} AS geometry FROM ${dataset} ${within ? "WHERE starts_with(ubigeo, ?)" : ""} ORDER BY ubigeo`,
    z.object({
      ubigeo: z.string(),
      name: z.string().nullable(),
      geometry: z.string().nullable(),
    }),
    within ? [query.parent!] : [],
  );
  const shapes = rows.flatMap((r) =>
    r.geometry ? [{ ...r, shape: JSON.parse(r.geometry) as PolygonGeometry }] : [],
  );
  const geometries = stored
    ? shapes.map((s) => s.shape)
    : simplifyTopology(
        shapes.map((s) => s.shape),
        WEB_TOLERANCE[query.level] / (query.parent ? 2 : 1),
      );
  return {
    type: "FeatureCollection",
    features: shapes
      .map((s, k) => ({
        type: "Feature",
        properties: { code: s.ubigeo, name: s.name },
        geometry: geometries[k]!,
      }))
      .filter((f) => !query.parent || f.properties.code.startsWith(query.parent)),
  };
}
