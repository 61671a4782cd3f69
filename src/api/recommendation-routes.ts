import { z } from "zod";
import { schoolDetail } from "../analytics/index.ts";
import { RECOMMENDATIONS, VOTE } from "../contract/index.ts";
import { BrechaError } from "../errors/index.ts";
import {
  CONNECTIVITY,
  DEVICES,
  RESOURCE,
  RESOURCE_LANGUAGES,
  recommend,
  type LearnerProfile,
} from "../resources/index.ts";
import type { RoutesPlugin } from "./context.ts";
import { integer } from "./read-params.ts";

const LEVELS: Record<string, LearnerProfile["level"]> = {
  inicial: "inicial",
  primaria: "primaria",
  secundaria: "secundaria",
  basica_alternativa: "adultos",
};

/** Learning resources ranked for a learner, a school or a hub; and people's votes on them. */
export const recommendationRoutes: RoutesPlugin = async (instance, { context, routesOn }) => {
  const register = routesOn(instance);

  register({
    method: "GET",
    url: "/api/v1/recommendations",
    summary:
      "Learning resources ranked by fit (language, level, connection, device) and by what teachers and students said of them (ratings and 'useful', shrunk toward the mean). With `school`, its level and connection come from the padrón; the other parameters override.",
    tags: ["resources"],
    query: z.object({
      school: z
        .string()
        .regex(/^\d{7}$/)
        .optional(),
      language: z.enum(RESOURCE_LANGUAGES).default("es"),
      level: RESOURCE.shape.grades.element.optional(),
      connectivity: z.enum(CONNECTIVITY).optional(),
      device: z.enum(DEVICES).default("phone"),
      subject: RESOURCE.shape.subject.optional(),
      limit: integer(1, 50).default(10),
    }),
    role: "read",
    response: RECOMMENDATIONS,
    handler: async ({ query, principal }) => {
      let level = query.level ?? null;
      let connectivity = query.connectivity ?? "good";
      if (query.school) {
        const school = await schoolDetail(context.store, query.school);
        level = query.level ?? LEVELS[school.level ?? ""] ?? null;
        connectivity =
          query.connectivity ??
          (school.internet === false ? "none" : school.internet ? "good" : "intermittent");
      }
      const profile: LearnerProfile = {
        language: query.language,
        level,
        connectivity,
        device: query.device,
        subject: query.subject,
      };
      const ops = await context.operations();
      const items = recommend(
        await ops.resources(),
        profile,
        await ops.feedbackSummaries(),
        query.limit,
      );
      const mine = principal.session ? await ops.votesOf(principal.session.account.id) : [];
      const votes = new Map(mine.map((v) => [v.resourceId, v]));
      return {
        profile,
        items: items.map((r) => ({
          ...r,
          myVote: votes.has(r.resource.id)
            ? { rating: votes.get(r.resource.id)!.rating, useful: votes.get(r.resource.id)!.useful }
            : null,
        })),
      };
    },
  });

  register({
    method: "POST",
    url: "/api/v1/resources/:id/feedback",
    summary:
      "Rate a learning resource (1-5) and/or say it was useful: one vote per account and resource (voting again changes it), at most 30 votes an hour",
    tags: ["resources"],
    params: z.object({ id: z.string().regex(/^[a-z0-9-]{3,64}$/) }),
    body: z.object({
      rating: z.number().int().min(1).max(5).optional(),
      useful: z.boolean().optional(),
    }),
    role: "person",
    audited: true,
    status: 200,
    response: VOTE,
    handler: async ({ params, body, principal, request }) => {
      if (!principal.session)
        throw new BrechaError(
          "BRECHA_FORBIDDEN",
          "votes are cast by people signed in, not by keys",
          {
            es: "votan las personas con sesión iniciada, no las claves",
          },
        );
      const ops = await context.operations();
      await ops.resource(params.id);
      return ops.giveFeedback(principal.session.account.id, params.id, body, {
        caller: principal.caller,
        address: request.ip,
      });
    },
  });
};
