import { AREA_LIST, BOUNDARIES, INDICATOR_CATALOGUE, INDICATOR_TABLE } from "../contract/index.ts";
import { z } from "zod";
import { boundaryCollection, indicatorCatalogue, indicatorTable } from "../analytics/index.ts";
import { NotFoundError } from "../errors/index.ts";
import type { RoutesPlugin } from "./context.ts";
import { currentDatasets } from "./workspace-page.ts";
import { AREA_QUERY, FILTERS, LEVEL, csv } from "./read-params.ts";

/** The atlas's data: datasets and their versions, indicators, areas and boundaries (public unless the server needs keys for reads). */
export const atlasRoutes: RoutesPlugin = async (instance, { context, routesOn }) => {
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
    response: INDICATOR_CATALOGUE,
    cacheable: true,
    handler: async () => indicatorCatalogue(store),
  });

  register({
    method: "GET",
    url: "/api/v1/indicators",
    summary: "Indicators at a level (ratios of sums), with filters and the dataset versions used",
    tags: ["indicators"],
    query: z.object({
      level: LEVEL.default("department"),
      ids: csv(z.string().regex(/^[a-z_]+$/)).optional(),
      ...FILTERS,
    }),
    role: "read",
    response: INDICATOR_TABLE,
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
    response: AREA_LIST,
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
    response: BOUNDARIES,
    cacheable: true,
    handler: async ({ query }) => boundaryCollection(store, query),
  });
};
