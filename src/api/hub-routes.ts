import { z } from "zod";
import { HUBS_NEAR, REGISTERED_HUB, REGISTERED_HUB_LIST } from "../contract/index.ts";
import { BrechaError } from "../errors/index.ts";
import {
  HUB_ENTRY,
  canRegisterHub,
  type OperationsStore,
  type RegisteredHub,
} from "../operations/index.ts";
import { knownHubs, nearestHubs, placesByCode, type SavedHubPlan } from "../optimise/index.ts";
import type { RoutesPlugin } from "./context.ts";
import { integer } from "./read-params.ts";

const SAVED_HUBS = z.object({
  hubs: z.array(z.object({ code: z.string(), name: z.string(), existing: z.boolean() })),
});

/** The hub plans saved as scenarios (the latest version of each), newest first. */
async function savedHubPlans(ops: OperationsStore): Promise<SavedHubPlan[]> {
  return (await ops.scenarios({ kind: "hubs" }))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .flatMap((s) => {
      const plan = SAVED_HUBS.safeParse(s.plan);
      return plan.success ? [{ name: s.name, hubs: plan.data.hubs }] : [];
    });
}

const shown = ({ updatedBy: _by, ...hub }: RegisteredHub) => hub;

/** Community tech hubs: the registry people keep, and the public finder of the nearest ones. */
export const hubRoutes: RoutesPlugin = async (instance, { context, routesOn }) => {
  const register = routesOn(instance);

  register({
    method: "GET",
    url: "/api/v1/hubs/near",
    summary:
      "The nearest community tech hubs (registered, or chosen by saved hub plans) to a point or a district's centre, by estimated travel time (the hub planner's terrain factors and assumed speeds), with the resources each offers. Public: no key, no sign-in.",
    tags: ["hubs"],
    query: z
      .object({
        lat: z.coerce.number().min(-90).max(90).optional(),
        lon: z.coerce.number().min(-180).max(180).optional(),
        district: z
          .string()
          .regex(/^\d{6}$/)
          .optional(),
        limit: integer(1, 20).default(5),
      })
      .refine((q) => (q.lat !== undefined && q.lon !== undefined) || q.district !== undefined, {
        message: "give lat and lon, or a district (ubigeo, 6 digits)",
      }),
    role: "anyone",
    response: HUBS_NEAR,
    handler: async ({ query }) => {
      const ops = await context.operations();
      const registry = await ops.hubs();
      const hubs = knownHubs(registry, await savedHubPlans(ops));
      const origin =
        query.lat !== undefined && query.lon !== undefined
          ? { lat: query.lat, lon: query.lon }
          : { district: query.district! };
      const answer = await nearestHubs(
        context.store,
        origin,
        hubs,
        await ops.resources(),
        query.limit,
      );
      if (!answer)
        throw new BrechaError(
          "BRECHA_NOT_FOUND",
          `no district ${query.district} in the workspace`,
          {
            es: `no hay el distrito ${query.district} en el espacio de trabajo`,
          },
        );
      return answer;
    },
  });

  register({
    method: "GET",
    url: "/api/v1/hubs",
    summary: "Registered community tech hubs (closed ones with `closed=true`)",
    tags: ["hubs"],
    query: z.object({ closed: z.enum(["true", "false"]).default("false") }),
    role: "read",
    response: REGISTERED_HUB_LIST,
    handler: async ({ query }) => ({
      hubs: (await (await context.operations()).hubs({ closed: query.closed === "true" })).map(
        shown,
      ),
    }),
  });

  register({
    method: "PUT",
    url: "/api/v1/hubs/:code",
    summary:
      "Register a community tech hub at a centro poblado, or change it (national planners and administrators; a DRE inside its department)",
    tags: ["hubs"],
    params: z.object({ code: HUB_ENTRY.shape.code }),
    body: HUB_ENTRY.omit({ code: true }),
    role: "person",
    audited: true,
    status: 200,
    response: REGISTERED_HUB,
    handler: async ({ params, body, principal, request }) => {
      if (!canRegisterHub(principal.person!, params.code))
        throw new BrechaError(
          "BRECHA_FORBIDDEN",
          `only national planners, administrators and the DRE of department ${params.code.slice(0, 2)} register hubs there`,
          {
            es: `solo los planificadores nacionales, los administradores y la DRE del departamento ${params.code.slice(0, 2)} registran centros allí`,
          },
        );
      if ((await placesByCode(context.store, [params.code])).length === 0)
        throw new BrechaError(
          "BRECHA_USAGE",
          `no centro poblado ${params.code} (with coordinates) in the workspace`,
          {
            es: `no hay el centro poblado ${params.code} (con coordenadas) en el espacio de trabajo`,
          },
        );
      const hub = await (
        await context.operations()
      ).putHub({ ...body, code: params.code }, { caller: principal.caller, address: request.ip });
      return shown(hub);
    },
  });
};
