import { z } from "zod";
import { premisesPlaces } from "../analytics/index.ts";
import { EFFICIENCY, SHIPMENT, SHIPMENT_LIST, SHIPMENTS_CREATED } from "../contract/index.ts";
import { departmentName } from "../domain/index.ts";
import { BrechaError } from "../errors/index.ts";
import {
  SHIPMENT_STATUSES,
  canDispatch,
  canPlanShipments,
  canReceive,
  canSeeShipment,
  visibleShipments,
  type Person,
  type PlannedShipment,
  type Shipment,
} from "../operations/index.ts";
import type { ApiContext, RoutesPlugin } from "./context.ts";
import { csv, DEPARTMENT, integer, UGEL } from "./read-params.ts";
import { forbidden, seenBy } from "./scoped.ts";

const ID = z.object({ id: integer(1, 2_147_483_647) });

async function visible(context: ApiContext, id: number, person: Person): Promise<Shipment> {
  return seenBy(
    await (await context.operations()).shipment(id),
    (shipment) => canSeeShipment(person, shipment),
    { en: `shipment ${id}`, es: `el envío ${id}` },
  );
}

const DEVICE_RESULT = z.object({
  shipments: z.array(
    z.object({
      from: z.string(),
      codigoLocal: z.string(),
      devices: z.number(),
      bundle: z.string(),
      requests: z.array(z.number()).optional(),
    }),
  ),
});

/** A device plan becomes shipments; each is dispatched by its UGEL and received by its school. */
export const shipmentRoutes: RoutesPlugin = async (instance, { context, routesOn }) => {
  const register = routesOn(instance);

  register({
    method: "POST",
    url: "/api/v1/shipments",
    summary:
      "Turn a finished device plan (its job) into shipments, planned and due in `dueDays` (national planner or administrator); again adds only what is missing",
    tags: ["deliveries"],
    body: z.object({
      job: z.string().regex(/^[\w-]{6,64}$/),
      dueDays: z.number().int().min(1).max(365).default(14),
    }),
    role: "person",
    audited: true,
    response: SHIPMENTS_CREATED,
    handler: async ({ body, principal, request }) => {
      if (!canPlanShipments(principal.person!))
        throw forbidden(
          "only national planners turn plans into shipments",
          "solo los planificadores nacionales convierten planes en envíos",
        );
      const job = context.jobs.get(body.job, principal.caller);
      if (job.kind !== "plan-devices")
        throw new BrechaError(
          "BRECHA_USAGE",
          `job ${body.job} is a ${job.kind}, not a device plan`,
          {
            es: `el trabajo ${body.job} es ${job.kind}, no un plan de dispositivos`,
          },
        );
      const plan = DEVICE_RESULT.parse(context.jobs.result(body.job, principal.caller));
      const places = await premisesPlaces(
        context.store,
        plan.shipments.map((s) => s.codigoLocal),
      );
      const items: PlannedShipment[] = [];
      const unplaced: string[] = [];
      for (const s of plan.shipments) {
        const place = places.get(s.codigoLocal);
        if (!place?.ubigeo || s.devices <= 0) {
          if (s.devices > 0) unplaced.push(s.codigoLocal);
          continue;
        }
        items.push({
          origin: s.from,
          codigoLocal: s.codigoLocal,
          schools: place.schools,
          ubigeo: place.ubigeo,
          ugel: place.ugel,
          bundle: s.bundle,
          units: Math.round(s.devices),
          requests: s.requests ?? [],
        });
      }
      const name = `job:${body.job}`;
      const made = await (
        await context.operations()
      ).createShipments(name, items, body.dueDays, {
        caller: principal.caller,
        address: request.ip,
      });
      return { plan: name, ...made, unplaced };
    },
  });

  register({
    method: "GET",
    url: "/api/v1/shipments",
    summary: "Shipments the caller may see, newest first, with their delay and discrepancy flags",
    tags: ["deliveries"],
    query: z.object({
      status: csv(z.enum(SHIPMENT_STATUSES)).optional(),
      plan: z.string().max(80).optional(),
      department: DEPARTMENT.optional(),
      ugel: UGEL.optional(),
      before: integer(1, 2_147_483_647).optional(),
      limit: integer(1, 1000).default(100),
    }),
    role: "person",
    response: SHIPMENT_LIST,
    handler: async ({ query, principal }) => {
      const scope = visibleShipments(principal.person!);
      if (scope === null) throw forbidden("your role sees no shipments", "su rol no ve envíos");
      const { limit, ...asked } = query;
      const filter = Object.fromEntries(Object.entries(asked).filter(([, v]) => v !== undefined));
      const shipments = await (
        await context.operations()
      ).shipments({ ...filter, limit, ...scope });
      return { shipments, next: shipments.length === limit ? shipments.at(-1)!.id : null };
    },
  });

  register({
    method: "GET",
    url: "/api/v1/shipments/:id",
    summary: "One shipment",
    tags: ["deliveries"],
    params: ID,
    role: "person",
    response: SHIPMENT,
    handler: async ({ params, principal }) => visible(context, params.id, principal.person!),
  });
};

/** How well distribution works, by department or UGEL (UGEL, DRE and national staff). */
export const efficiencyRoutes: RoutesPlugin = async (instance, { context, routesOn }) => {
  const register = routesOn(instance);

  register({
    method: "GET",
    url: "/api/v1/efficiency",
    summary:
      "Distribution efficiency by department or UGEL: delivered/planned, median days to delivery, delays, discrepancies, share of approved need met, and the oldest unmet requests",
    tags: ["deliveries"],
    query: z.object({
      by: z.enum(["department", "ugel"]).default("department"),
      department: DEPARTMENT.optional(),
    }),
    role: "person",
    response: EFFICIENCY,
    handler: async ({ query, principal }) => {
      const person = principal.person!;
      if (person.role === "school" || person.role === "student")
        throw forbidden(
          "the efficiency view is for UGEL, DRE and national staff",
          "la vista de eficiencia es para personal de UGEL, DRE y nacional",
        );
      const scope =
        person.role === "officer" && person.scope
          ? person.scope.kind === "department"
            ? { department: person.scope.code }
            : { ugel: person.scope.code }
          : query.department
            ? { department: query.department }
            : {};
      const ops = await context.operations();
      const rows = await ops.efficiency(query.by, scope);
      return {
        by: query.by,
        rows: rows.map((r) => ({
          ...r,
          name: query.by === "department" ? (departmentName(r.code) ?? null) : null,
        })),
        oldestUnmet: await ops.oldestUnmet(scope),
      };
    },
  });
};

/** Recording what happened to a shipment: dispatched, received (in part), cancelled. */
export const shipmentStepRoutes: RoutesPlugin = async (instance, { context, routesOn }) => {
  const register = routesOn(instance);
  const actorOf = (caller: string, ip: string) => ({ caller, address: ip });

  register({
    method: "POST",
    url: "/api/v1/shipments/:id/dispatch",
    summary: "Record that a planned shipment left (its UGEL or DRE, or national staff)",
    tags: ["deliveries"],
    params: ID,
    role: "person",
    audited: true,
    status: 200,
    response: SHIPMENT,
    handler: async ({ params, principal, request }) => {
      const shipment = await visible(context, params.id, principal.person!);
      if (!canDispatch(principal.person!, shipment))
        throw forbidden(
          "only the sending UGEL records a dispatch",
          "solo la UGEL que envía registra el despacho",
        );
      return (await context.operations()).dispatchShipment(
        params.id,
        actorOf(principal.caller, request.ip),
      );
    },
  });

  register({
    method: "POST",
    url: "/api/v1/shipments/:id/receive",
    summary:
      "Record what arrived (the receiving school): fewer or more units than planned is allowed, flagged, and needs a note",
    tags: ["deliveries"],
    params: ID,
    body: z.object({
      units: z.number().int().min(0).max(1_000_000),
      note: z.string().max(600).optional(),
    }),
    role: "person",
    audited: true,
    status: 200,
    response: SHIPMENT,
    handler: async ({ params, body, principal, request }) => {
      const shipment = await visible(context, params.id, principal.person!);
      if (!canReceive(principal.person!, shipment))
        throw forbidden(
          "only the receiving school records a receipt",
          "solo la escuela que recibe registra la recepción",
        );
      return (await context.operations()).receiveShipment(
        params.id,
        body,
        actorOf(principal.caller, request.ip),
      );
    },
  });

  register({
    method: "POST",
    url: "/api/v1/shipments/:id/cancel",
    summary: "Cancel a planned shipment, with the reason (national staff or its UGEL)",
    tags: ["deliveries"],
    params: ID,
    body: z.object({ reason: z.string().min(5).max(600) }),
    role: "person",
    audited: true,
    status: 200,
    response: SHIPMENT,
    handler: async ({ params, body, principal, request }) => {
      const shipment = await visible(context, params.id, principal.person!);
      if (!canDispatch(principal.person!, shipment))
        throw forbidden(
          "only the sending UGEL or national staff cancel a shipment",
          "solo la UGEL que envía o el personal nacional anulan un envío",
        );
      return (await context.operations()).cancelShipment(
        params.id,
        body.reason,
        actorOf(principal.caller, request.ip),
      );
    },
  });
};
