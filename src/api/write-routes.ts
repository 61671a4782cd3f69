import { z } from "zod";
import { RESOURCE } from "../resources/index.ts";
import type { RoutesPlugin } from "./context.ts";

/** The write endpoints: each needs an API key with the role it names. */
export const writeRoutes: RoutesPlugin = async (instance, { context, routesOn }) => {
  const register = routesOn(instance);
  register({
    method: "POST",
    url: "/api/v1/resources",
    summary: "Add a learning resource to the hub repository (admin)",
    tags: ["resources"],
    body: RESOURCE,
    role: "admin",
    audited: true,
    handler: async ({ body, principal, request }) =>
      (await context.operations()).createResource(body, {
        caller: principal.caller,
        address: request.ip,
      }),
  });

  register({
    method: "PUT",
    url: "/api/v1/resources/:id",
    summary: "Replace a learning resource (admin)",
    tags: ["resources"],
    params: z.object({ id: z.string().regex(/^[a-z0-9-]{3,64}$/) }),
    body: RESOURCE,
    role: "admin",
    audited: true,
    handler: async ({ params, body, principal, request }) =>
      (await context.operations()).updateResource(params.id, body, {
        caller: principal.caller,
        address: request.ip,
      }),
  });

  register({
    method: "DELETE",
    url: "/api/v1/resources/:id",
    summary: "Delete a learning resource (admin)",
    tags: ["resources"],
    params: z.object({ id: z.string().regex(/^[a-z0-9-]{3,64}$/) }),
    role: "admin",
    audited: true,
    handler: async ({ params, principal, request }) => {
      await (
        await context.operations()
      ).removeResource(params.id, { caller: principal.caller, address: request.ip });
      return { deleted: params.id };
    },
  });

  register({
    method: "POST",
    url: "/api/v1/models/:ref/promote",
    summary: "Make a model production if it beats the current one on the same folds (admin)",
    tags: ["models"],
    params: z.object({ ref: z.string().regex(/^[\w:]{2,64}$/) }),
    role: "admin",
    audited: true,
    handler: async ({ params, principal, request }) => {
      const result = await (
        await context.operations()
      ).promoteModel(params.ref, {}, { caller: principal.caller, address: request.ip });
      return {
        promoted: result.promoted.id,
        replaced: result.replaced?.id ?? null,
        reason: result.reason,
      };
    },
  });
};
