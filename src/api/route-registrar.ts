import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Principal } from "./authorise.ts";
import type { ApiContext, Needed, Register } from "./context.ts";
import { checkResponse, parseInput } from "./route-io.ts";

const jsonSchema = (schema: z.core.$ZodType) =>
  z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });

/** The answers of cacheable routes, by dataset-versions fingerprint and URL. */
export type ResponseCache = Map<string, { etag: string; body: string; gzip?: Buffer }>;

/**
 * The one way routes are added: each route's request is authorised, parsed with its zod schemas
 * (which also go into the OpenAPI document), answered by its handler, checked against its answer
 * schema, and, for cacheable reads, kept with an ETag over the dataset versions and gzipped once.
 */
export function routeRegistrar({
  context,
  authorise,
  cache,
}: {
  context: ApiContext;
  authorise: (request: FastifyRequest, needed: Needed) => Promise<Principal>;
  cache: ResponseCache;
}): (instance: FastifyInstance) => Register {
  return (instance) => (spec) => {
    // The status of a success, as documented and as sent.
    const status = spec.status ?? (spec.method === "POST" ? 201 : 200);
    instance.route({
      method: spec.method,
      url: spec.url,
      schema: {
        summary: spec.summary,
        tags: [...spec.tags],
        ...(spec.query ? { querystring: jsonSchema(spec.query) } : {}),
        ...(spec.params ? { params: jsonSchema(spec.params) } : {}),
        ...(spec.body ? { body: jsonSchema(spec.body) } : {}),
        ...(spec.response
          ? {
              response: {
                [status]: jsonSchema(spec.response),
              },
            }
          : {}),
        ...(spec.role === "read" || spec.role === "anyone"
          ? {}
          : { security: [{ apiKey: [] }, { session: [] }] }),
      },
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const principal = await authorise(request, spec.role);
        const caller = principal.caller;
        const query = parseInput(spec.query, request.query, "query", request);
        const params = parseInput(spec.params, request.params, "path", request);
        const body = parseInput(spec.body, request.body, "body", request);
        if (spec.cacheable && spec.method === "GET") {
          const key = request.url;
          const versions = await context.versions();
          let entry = cache.get(`${versions}|${key}`);
          if (!entry) {
            const answer = await spec.handler({
              query,
              params,
              body,
              request,
              reply,
              caller,
              principal,
            });
            checkResponse(spec.response, answer, spec.url);
            const text = JSON.stringify(answer);
            entry = {
              etag: `"${createHash("sha256").update(versions).update(text).digest("hex").slice(0, 20)}"`,
              body: text,
            };
            if (cache.size >= 1000) cache.delete(cache.keys().next().value!);
            cache.set(`${versions}|${key}`, entry);
          }
          void reply.header("etag", entry.etag);
          void reply.header("cache-control", "public, max-age=60, must-revalidate");
          void reply.header("vary", "accept-encoding");
          void reply.type("application/json; charset=utf-8");
          // Compressed once per cached response, then served as bytes (slow rural links).
          if (
            /\bgzip\b/.test(request.headers["accept-encoding"] ?? "") &&
            entry.body.length > 1024
          ) {
            entry.gzip ??= gzipSync(entry.body);
            return reply.header("content-encoding", "gzip").send(entry.gzip);
          }
          return reply.send(entry.body);
        }
        const result = await spec.handler({
          query,
          params,
          body,
          request,
          reply,
          caller,
          principal,
        });
        checkResponse(spec.response, result, spec.url);
        if (spec.method !== "GET" && !spec.audited)
          await (
            await context.operations()
          ).recordWrite(
            { caller, address: request.ip },
            {
              action: `${spec.method} ${spec.url}`,
              entity: "api",
              entityId: request.url.split("?")[0]!,
              after: { params, status },
            },
          );
        void reply.header("cache-control", "no-store");
        const self = (result as { links?: { self?: unknown } } | undefined)?.links?.self;
        if (status === 202 && typeof self === "string") void reply.header("location", self);
        return reply.status(status).send(result ?? {});
      },
    });
  };
}
