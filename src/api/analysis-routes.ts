import { GAP_REPORT, HOTSPOTS, INEQUALITY_REPORT, TYPOLOGY } from "../contract/index.ts";
import { z } from "zod";
import { districtTypology, gapReport } from "../analytics/index.ts";
import { UsageError } from "../errors/index.ts";
import type { RoutesPlugin } from "./context.ts";
import { FILTERS, csv, integer } from "./read-params.ts";

/** Permutations a caller may ask for: the public and viewers up to 999 (about a quarter of a
 * second of one core), analysts and admins up to 9,999. */
export const PERMUTATIONS_BY_ROLE = { public: 999, viewer: 999, analyst: 9999, admin: 9999 };

function permutationsAllowed(caller: string, permutations: number): void {
  // Keys name their role; a planner's account is an analyst's, other accounts a viewer's.
  const named = /^(?:api|user):(\w+)/.exec(caller)?.[1] ?? "public";
  const role = (
    named === "planner" ? "analyst" : named in PERMUTATIONS_BY_ROLE ? named : "viewer"
  ) as keyof typeof PERMUTATIONS_BY_ROLE;
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

/** Inequality indices, hot spots, the district typology and an area's gap report. */
export const analysisRoutes: RoutesPlugin = async (instance, { context, routesOn }) => {
  const register = routesOn(instance);
  const { store } = context;

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
      ...FILTERS,
    }),
    role: "read",
    response: INEQUALITY_REPORT,
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
    response: HOTSPOTS,
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
    response: TYPOLOGY,
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
    response: GAP_REPORT,
    cacheable: true,
    handler: async ({ params }) => gapReport(store, params.ubigeo),
  });
};
