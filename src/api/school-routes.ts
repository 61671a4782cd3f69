import { SCHOOL_DETAIL, SCHOOL_POINTS } from "../contract/index.ts";
import { z } from "zod";
import { schoolDetail, schoolPoints, schoolsNear } from "../analytics/index.ts";
import type { RoutesPlugin } from "./context.ts";
import { integer } from "./read-params.ts";

/** Schools as map points, one school's card, and schools near a point. */
export const schoolRoutes: RoutesPlugin = async (instance, { context, routesOn }) => {
  const register = routesOn(instance);
  const { store } = context;

  register({
    method: "GET",
    url: "/api/v1/schools",
    summary: "Schools of an area (department, province or district) as GeoJSON points",
    tags: ["schools"],
    query: z.object({
      area: z.string().regex(/^(\d{2}|\d{4}|\d{6})$/, "a 2, 4 or 6-digit ubigeo"),
    }),
    role: "read",
    response: SCHOOL_POINTS,
    cacheable: true,
    handler: async ({ query }) => schoolPoints(store, query.area),
  });

  register({
    method: "GET",
    url: "/api/v1/schools/:code",
    summary:
      "One school (código modular) with its premises as the latest Censo Educativo describes them",
    tags: ["schools"],
    params: z.object({ code: z.string().regex(/^\d{7}$/, "a 7-digit código modular") }),
    role: "read",
    response: SCHOOL_DETAIL,
    cacheable: true,
    handler: async ({ params }) => schoolDetail(store, params.code),
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
    handler: async ({ query }) => schoolsNear(store, query),
  });
};
