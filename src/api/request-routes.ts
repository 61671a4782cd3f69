import { z } from "zod";
import { allSchoolPlaces, type SchoolPlaceRow } from "../analytics/index.ts";
import { SCHOOL_REQUEST, SCHOOL_REQUEST_LIST } from "../contract/index.ts";
import { BrechaError } from "../errors/index.ts";
import {
  NEEDS,
  REQUEST_STATUSES,
  canFile,
  canReview,
  canSee,
  canWithdraw,
  visibleRequests,
  type Person,
  type SchoolRequest,
} from "../operations/index.ts";
import type { ApiContext, RoutesPlugin } from "./context.ts";
import { csv, DEPARTMENT, integer, UGEL } from "./read-params.ts";
import { forbidden, seenBy } from "./scoped.ts";

const CODIGO_MODULAR = z.string().regex(/^\d{7}$/, "a 7-digit código modular");
const ID = z.object({ id: integer(1, 2_147_483_647) });

/** A request the person may see, or 404 / 403. */
async function visible(context: ApiContext, id: number, person: Person): Promise<SchoolRequest> {
  return seenBy(
    await (await context.operations()).request(id),
    (request) => canSee(person, request),
    { en: `request ${id}`, es: `la solicitud ${id}` },
  );
}

/** School requests: filed by a school's director or teachers, reviewed by its UGEL or DRE. */
export const requestRoutes: RoutesPlugin = async (instance, { context, routesOn }) => {
  const register = routesOn(instance);
  // Every school's place, loaded once per set of dataset versions (one query, a few seconds at
  // most) and shared by the requests filed meanwhile: a query per filing would queue behind
  // each other when many schools file at once.
  let places: { versions: string; byCode: Promise<Map<string, SchoolPlaceRow>> } | null = null;
  const schoolPlaces = async (): Promise<Map<string, SchoolPlaceRow>> => {
    const versions = await context.versions();
    if (places?.versions !== versions) {
      const byCode = allSchoolPlaces(context.store);
      places = { versions, byCode };
      byCode.catch(() => (places = null));
    }
    return places.byCode;
  };
  const placeOf = async (code: string): Promise<SchoolPlaceRow> => {
    const place = (await schoolPlaces()).get(code);
    if (!place)
      throw new BrechaError("BRECHA_NOT_FOUND", `no school with código modular ${code}`, {
        es: `no hay una escuela con código modular ${code}`,
      });
    return place;
  };

  register({
    method: "POST",
    url: "/api/v1/requests",
    summary:
      "File a request for a school (director or teacher of that school): devices and materials by count, services yes or no, the number of students concerned and a reason. Counts only: text that looks like personal data is refused (422 BRECHA_PERSONAL_DATA).",
    tags: ["requests"],
    body: z.object({
      school: CODIGO_MODULAR,
      needs: NEEDS,
      students: z.number().int().min(1).max(5000),
      reason: z.string().min(10).max(600),
    }),
    role: "person",
    audited: true,
    response: SCHOOL_REQUEST,
    handler: async ({ body, principal, request }) => {
      const person = principal.person!;
      if (person.role !== "school")
        throw forbidden(
          "only a school's director or teachers file its requests",
          "solo el director o los docentes de una escuela registran sus solicitudes",
        );
      const school = await placeOf(body.school);
      const place = { ...school, ubigeo: school.ubigeo ?? "" };
      if (!canFile(person, place))
        throw forbidden(
          `school ${body.school} is not yours`,
          `la escuela ${body.school} no es la suya`,
        );
      if (!/^\d{6}$/.test(place.ubigeo))
        throw new BrechaError(
          "BRECHA_USAGE",
          `school ${body.school} has no district in the padrón`,
          {
            es: `la escuela ${body.school} no tiene distrito en el padrón`,
          },
        );
      return (await context.operations()).fileRequest(place, body, {
        caller: principal.caller,
        address: request.ip,
      });
    },
  });

  register({
    method: "GET",
    url: "/api/v1/requests",
    summary:
      "Requests the caller may see, newest first: a school its own, an officer those of their department or UGEL, national roles all. Pages with `before`.",
    tags: ["requests"],
    query: z.object({
      status: csv(z.enum(REQUEST_STATUSES)).optional(),
      school: CODIGO_MODULAR.optional(),
      department: DEPARTMENT.optional(),
      ugel: UGEL.optional(),
      before: integer(1, 2_147_483_647).optional(),
      limit: integer(1, 500).default(100),
    }),
    role: "person",
    response: SCHOOL_REQUEST_LIST,
    handler: async ({ query, principal }) => {
      const scope = visibleRequests(principal.person!);
      if (scope === null) throw forbidden("your role sees no requests", "su rol no ve solicitudes");
      const requests = await (
        await context.operations()
      ).requests({
        ...(query.school ? { codigoModular: query.school } : {}),
        ...(query.department ? { department: query.department } : {}),
        ...(query.ugel ? { ugel: query.ugel } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...(query.before ? { before: query.before } : {}),
        limit: query.limit,
        // The scope last: a filter asked for can narrow it, never widen it.
        ...scope,
      });
      const next = requests.length === query.limit ? requests.at(-1)!.id : null;
      // Where each school is, for the map (the padrón's point; null when it has none).
      const at = await schoolPlaces();
      return {
        requests: requests.map((r) => ({
          ...r,
          lon: at.get(r.codigoModular)?.lon ?? null,
          lat: at.get(r.codigoModular)?.lat ?? null,
        })),
        next,
        // Names and points of synthetic demo schools are marked as such wherever they show.
        synthetic: requests.some((r) => at.get(r.codigoModular)?.synthetic) ? ["schools"] : [],
      };
    },
  });

  register({
    method: "GET",
    url: "/api/v1/requests/:id",
    summary: "One request, with its review (403 outside the caller's scope)",
    tags: ["requests"],
    params: ID,
    role: "person",
    response: SCHOOL_REQUEST,
    handler: async ({ params, principal }) => visible(context, params.id, principal.person!),
  });
};

/** A request's review (its UGEL or DRE) and its withdrawal (its school). */
export const requestDecisionRoutes: RoutesPlugin = async (instance, { context, routesOn }) => {
  const register = routesOn(instance);

  register({
    method: "POST",
    url: "/api/v1/requests/:id/review",
    summary:
      "Decide on a pending request (officer of its department or UGEL): approve, approve in part (what is approved, never more than asked) or reject, with a reason",
    tags: ["requests"],
    params: ID,
    body: z.object({
      decision: z.enum(["approve", "partial", "reject"]),
      reason: z.string().max(600).default(""),
      approved: NEEDS.optional(),
    }),
    role: "person",
    audited: true,
    status: 200,
    response: SCHOOL_REQUEST,
    handler: async ({ params, body, principal, request }) => {
      const person = principal.person!;
      const target = await visible(context, params.id, person);
      if (!canReview(person, target))
        throw forbidden(
          `only an officer of UGEL ${target.ugel ?? "?"} or department ${target.department} reviews request ${target.id}`,
          `solo un funcionario de la UGEL ${target.ugel ?? "?"} o del departamento ${target.department} revisa la solicitud ${target.id}`,
        );
      return (await context.operations()).reviewRequest(
        params.id,
        {
          decision: body.decision,
          reason: body.reason,
          ...(body.approved ? { approved: body.approved } : {}),
        },
        {
          caller: principal.caller,
          address: request.ip,
        },
      );
    },
  });

  register({
    method: "POST",
    url: "/api/v1/requests/:id/withdraw",
    summary: "Withdraw a pending request (its school)",
    tags: ["requests"],
    params: ID,
    role: "person",
    audited: true,
    status: 200,
    response: SCHOOL_REQUEST,
    handler: async ({ params, principal, request }) => {
      const person = principal.person!;
      const target = await visible(context, params.id, person);
      if (!canWithdraw(person, target))
        throw forbidden(
          "only the request's school withdraws it",
          "solo la escuela de la solicitud puede retirarla",
        );
      return (await context.operations()).withdrawRequest(params.id, {
        caller: principal.caller,
        address: request.ip,
      });
    },
  });
};
