import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import compress from "@fastify/compress";
import etag from "@fastify/etag";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import { z } from "zod";
import type { Config } from "../config/index.ts";
import { BrechaError, ERROR_CODES } from "../errors/index.ts";
import type { Store } from "../storage/index.ts";
import { ModelRegistry } from "../models/index.ts";
import type { PipelineScheduler } from "../pipeline/index.ts";
import { ScenarioStore } from "../optimise/index.ts";
import { ResourceStore } from "../resources/index.ts";
import { joinReport } from "../tables/index.ts";
import { JobQueue, type Finisher } from "../jobs/index.ts";
import { HeavyWork } from "./heavy-work.ts";
import { jobRoutes } from "./job-routes.ts";
import type { ApiContext, Register, Role } from "./context.ts";
import { requestLanguage } from "./language.ts";
import { checkResponse, parseInput } from "./route-io.ts";
import { installMetrics } from "./metrics.ts";
import { pipelineRoutes } from "./pipeline-routes.ts";
import { analysisRoutes } from "./analysis-routes.ts";
import { atlasRoutes } from "./atlas-routes.ts";
import { libraryRoutes } from "./library-routes.ts";
import { modelRoutes } from "./model-routes.ts";
import { schoolRoutes } from "./school-routes.ts";
import { workspacePage } from "./workspace-page.ts";
import { writeRoutes } from "./write-routes.ts";

const RANK: Record<Role, number> = { viewer: 1, analyst: 2, admin: 3 };

/** The one error shape of the API. */
export interface ApiError {
  readonly status: number;
  readonly code: string;
  readonly error: string;
  readonly message: string;
  readonly details?: unknown;
}

const REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

function errorBody(status: number, code: string, message: string, details?: unknown): ApiError {
  return {
    status,
    code,
    error: REASONS[status] ?? "Error",
    message,
    ...(details === undefined ? {} : { details }),
  };
}

/** A key's role and a short fingerprint of it: attributable in records, useless as a key. */
function callerOf(role: Role, key: string): string {
  return `api:${role}:${createHash("sha256").update(key).digest("hex").slice(0, 8)}`;
}

/** Compares API keys in time that does not depend on where they differ. */
function sameKey(known: string, given: string): boolean {
  const a = createHash("sha256").update(known).digest();
  const b = createHash("sha256").update(given).digest();
  return timingSafeEqual(a, b);
}

/** A message with the directories of any absolute path taken out: `no model file at
 * /srv/brecha/.brecha/models/x.json` becomes `… at x.json`. */
export function withoutPaths(message: string): string {
  return message.replace(
    /(^|[\s"'`(=])(?:[A-Za-z]:)?[\\/](?:[^\s"'`)\\/]+[\\/])+([^\s"'`)]*)/g,
    "$1$2",
  );
}

const jsonSchema = (schema: z.core.$ZodType) =>
  z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });

/**
 * The HTTP API: Fastify with zod-validated requests, OpenAPI at /docs, one JSON error shape, API
 * keys with roles for writes (and for reads when `publicReads` is off), a per-client rate limit,
 * a body-size limit, ETags over the dataset versions with an in-memory response cache, and
 * structured logs (pino) when `logger` is on.
 */
export async function buildApi({
  store,
  config,
  logger = false,
  scheduler,
}: {
  store: Store;
  config: Config;
  logger?: boolean;
  /** Pipelines the server runs on their schedules and on request (`brecha serve`). */
  scheduler?: PipelineScheduler;
}): Promise<FastifyInstance> {
  const server = config.server;
  const app = Fastify({
    logger: logger ? { level: "info" } : false,
    trustProxy: server.trustProxy,
    bodyLimit: server.bodyLimitBytes,
    // Validation is zod's (in `register`); Fastify's schemas only feed the OpenAPI document.
    ajv: { customOptions: { strict: false } },
  });
  // Security headers (Fastify's helmet plugin): a content security policy that lets the dashboard
  // load only its own scripts, workers and data (MapLibre's worker is a bundled file, its images
  // may be blob: or data: URLs), no framing, no MIME sniffing, no referrer. Requests are not
  // upgraded to https: the server is often reached on loopback or behind a TLS proxy.
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        workerSrc: ["'self'", "blob:"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", "data:"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: "no-referrer" },
  });
  // Rate limit (Fastify's plugin): a one-minute window per client address. Health checks are never
  // limited, so that a busy client cannot make an orchestrator restart the server.
  await app.register(rateLimit, {
    max: server.rateLimitPerMinute,
    timeWindow: 60_000,
    cache: 10_000,
    // Only a refused request is told about the limit (Retry-After): three headers fewer on every
    // answer.
    addHeadersOnExceeding: {
      "x-ratelimit-limit": false,
      "x-ratelimit-remaining": false,
      "x-ratelimit-reset": false,
    },
    addHeaders: {
      "x-ratelimit-limit": false,
      "x-ratelimit-remaining": false,
      "x-ratelimit-reset": false,
      "retry-after": true,
    },
    allowList: (request) => {
      const path = request.url.split("?")[0];
      return path === "/healthz" || path === "/readyz";
    },
    errorResponseBuilder: (request, limit) =>
      new BrechaError(
        "BRECHA_RATE_LIMITED",
        `more than ${limit.max} requests in a minute from ${request.ip}; retry in ${Math.ceil(limit.ttl / 1000)} s`,
        {
          es: `más de ${limit.max} solicitudes en un minuto desde ${request.ip}; vuelva a intentar en ${Math.ceil(limit.ttl / 1000)} s`,
        },
      ),
  });
  // Compression and ETags (Fastify's plugins) for every response. Cached API responses carry their
  // own ETag and are gzipped once, then served as bytes: both plugins leave such responses as
  // they are, and answer a matching If-None-Match with 304.
  await app.register(compress, { threshold: 1024, encodings: ["gzip", "deflate"] });
  await app.register(etag);

  // A server error tells the client what kind of failure it was and a reference to quote; the
  // engine's message, the SQL, paths and the stack go to the log under that reference only.
  const serverError = (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    code: string,
    error: unknown,
  ) => {
    const reference = randomBytes(6).toString("hex");
    request.log.error({ err: error, reference }, "server error");
    const es = requestLanguage(request) === "es";
    return reply
      .status(status)
      .send(
        errorBody(
          status,
          code,
          status === 503
            ? es
              ? `el servicio no está disponible ahora; vuelva a intentar más tarde (referencia ${reference})`
              : `the service is not available right now; try again later (reference ${reference})`
            : es
              ? `el servidor no pudo responder a esta solicitud; indique la referencia ${reference} al administrador`
              : `the server could not answer this request; quote reference ${reference} to the administrator`,
          { reference },
        ),
      );
  };
  // Messages go out in the request's language (Accept-Language; Spanish by default).
  app.setErrorHandler((error: unknown, request, reply) => {
    const lang = requestLanguage(request);
    if (error instanceof BrechaError) {
      const status = error.httpStatus;
      if (error.code === "BRECHA_BUSY") {
        // Not a failure: the caller is told when to come back.
        void reply.header("retry-after", String(error.details.retryAfterSeconds ?? 5));
        return reply.status(status).send(errorBody(status, error.code, error.messageIn(lang)));
      }
      if (status >= 500) return serverError(request, reply, status, error.code, error);
      // An error without Spanish words of its own: the Spanish message is the code's summary,
      // and the English specifics go along in details.en for whoever can use them.
      const untranslated = lang === "es" && error.es === undefined;
      const details = {
        ...error.details,
        ...(untranslated ? { en: withoutPaths(error.message) } : {}),
      };
      return reply
        .status(status)
        .send(
          errorBody(
            status,
            error.code,
            withoutPaths(error.messageIn(lang)),
            Object.keys(details).length > 0 ? details : undefined,
          ),
        );
    }
    const e = error as { statusCode?: number; code?: string; message?: string };
    if (e.code === "FST_ERR_CTP_BODY_TOO_LARGE")
      return reply
        .status(413)
        .send(
          errorBody(
            413,
            "BRECHA_PAYLOAD_TOO_LARGE",
            lang === "es"
              ? `el cuerpo de la solicitud pasa de ${server.bodyLimitBytes} bytes`
              : `request body over ${server.bodyLimitBytes} bytes`,
          ),
        );
    if (typeof e.statusCode === "number" && e.statusCode >= 400 && e.statusCode < 500)
      return reply.status(e.statusCode).send(
        errorBody(
          e.statusCode,
          "BRECHA_USAGE",
          // Fastify's own words (a malformed JSON body, an unsupported content type) are English:
          // the Spanish reader gets the summary, and the detail stays in the log.
          lang === "es"
            ? ERROR_CODES.BRECHA_USAGE.resumen
            : withoutPaths(e.message ?? "bad request"),
        ),
      );
    return serverError(request, reply, 500, "BRECHA_INTERNAL", error);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0];
    return reply
      .status(404)
      .send(
        errorBody(
          404,
          "BRECHA_NOT_FOUND",
          requestLanguage(request) === "es"
            ? `no hay ruta ${request.method} ${path}; vea /docs`
            : `no route ${request.method} ${path}; see /docs`,
        ),
      );
  });

  app.setValidatorCompiler(() => (data) => ({ value: data }));
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  await app.register(swagger, {
    openapi: {
      info: {
        title: "Brecha API",
        description:
          "Educational and digital disparities in Peru: indicators, inequality, hot spots, gaps, models and plans. Responses that show synthetic demo data say so in `synthetic`.",
        version: "1",
      },
      components: {
        securitySchemes: { apiKey: { type: "apiKey", in: "header", name: "x-api-key" } },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });

  let fingerprint: Promise<string> | undefined;
  const cache = new Map<string, { etag: string; body: string; gzip?: Buffer }>();
  // A store that follows its file (the server's) says when it was replaced by a pipeline run.
  const generationOf = () => (store as { generation?: number }).generation ?? 0;
  let seenGeneration = generationOf();
  const models = new ModelRegistry(join(config.home, "models"));
  const heavy = new HeavyWork(store);
  app.addHook("onClose", async () => heavy.close());
  const metrics = installMetrics(app, {
    store,
    config,
    models,
    pipelines: () => scheduler?.pipelines ?? [],
    jobs: () => context.jobs.counts(),
    ...(server.protectMetrics ? { guard: (request) => authorise(request, "admin") } : {}),
  });
  const scenarios = new ScenarioStore(join(config.home, "scenarios"));
  // A finished job's scenario or model is saved here, from what the job computed.
  const finish: Finisher = (job, output) => {
    if (job.kind === "train") {
      const record = output.model!;
      models.save(record);
      models.setAlias(record.task, "candidate", record.id);
      return { model: record.id };
    }
    const kind =
      job.kind === "plan-hubs" ? "hubs" : job.kind === "plan-infra" ? "infra" : "devices";
    metrics.observeSolver(kind, output.seconds, output.gap);
    const name = job.input.save;
    if (typeof name !== "string") return null;
    const saved = scenarios.save({
      name,
      kind,
      createdBy: job.createdBy,
      params: job.input,
      summary: output.summary,
      plan: output.result,
      solver: { seconds: output.seconds, gap: output.gap },
      datasetVersions: output.datasetVersions,
    });
    return { scenario: { name: saved.name, version: saved.version } };
  };
  const jobs = new JobQueue(
    join(config.home, "jobs"),
    store,
    finish,
    { concurrency: server.jobConcurrency, queue: server.jobQueue, keep: 500 },
    (event, fields) => app.log.error(fields, event),
  );
  app.addHook("onClose", async () => jobs.close());
  const context: ApiContext = {
    store,
    config,
    scheduler: scheduler ?? null,
    heavy,
    jobs,
    observeSolver: metrics.observeSolver,
    models,
    scenarios,
    resources: new ResourceStore(join(config.home, "resources.json")),
    versions() {
      const generation = generationOf();
      if (generation !== seenGeneration) {
        seenGeneration = generation;
        fingerprint = undefined;
        cache.clear();
      }
      fingerprint ??= store.versions().then((all) =>
        createHash("sha256")
          .update(
            all
              .filter((v) => v.current)
              .map((v) => `${v.dataset}@${v.versionId}`)
              .sort()
              .join(","),
          )
          .digest("hex")
          .slice(0, 16),
      );
      return fingerprint;
    },
    invalidate() {
      fingerprint = undefined;
      cache.clear();
    },
  };

  const authorise = (request: FastifyRequest, needed: "read" | Role): string => {
    const header =
      request.headers["x-api-key"] ?? request.headers.authorization?.replace(/^Bearer\s+/i, "");
    const key = Array.isArray(header) ? header[0] : header;
    if (needed === "read" && server.publicReads) {
      const known = key ? server.apiKeys.find((k) => sameKey(k.key, key)) : undefined;
      return known ? callerOf(known.role, known.key) : "api:public";
    }
    const wanted: Role = needed === "read" ? "viewer" : needed;
    if (!key)
      throw new BrechaError(
        "BRECHA_UNAUTHORIZED",
        `this request needs an API key with role ${wanted} (header x-api-key)`,
        {
          es: `esta solicitud necesita una clave de API con el rol ${wanted} (cabecera x-api-key)`,
        },
      );
    const entry = server.apiKeys.find((k) => sameKey(k.key, key));
    if (!entry)
      throw new BrechaError("BRECHA_UNAUTHORIZED", "unknown API key", {
        es: "clave de API desconocida",
      });
    if (RANK[entry.role] < RANK[wanted])
      throw new BrechaError(
        "BRECHA_FORBIDDEN",
        `role ${entry.role} cannot do this: it needs ${wanted}`,
        { es: `el rol ${entry.role} no puede hacer esto: necesita ${wanted}` },
      );
    return callerOf(entry.role, entry.key);
  };

  const routesOn =
    (instance: FastifyInstance): Register =>
    (spec) => {
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
                  [spec.status ?? (spec.method === "POST" ? 201 : 200)]: jsonSchema(spec.response),
                },
              }
            : {}),
          ...(spec.role === "read" ? {} : { security: [{ apiKey: [] }] }),
        },
        handler: async (request: FastifyRequest, reply: FastifyReply) => {
          const caller = authorise(request, spec.role);
          const query = parseInput(spec.query, request.query, "query", request);
          const params = parseInput(spec.params, request.params, "path", request);
          const body = parseInput(spec.body, request.body, "body", request);
          if (spec.cacheable && spec.method === "GET") {
            const key = request.url;
            const versions = await context.versions();
            let entry = cache.get(`${versions}|${key}`);
            if (!entry) {
              const answer = await spec.handler({ query, params, body, request, caller });
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
          const result = await spec.handler({ query, params, body, request, caller });
          checkResponse(spec.response, result, spec.url);
          void reply.header("cache-control", "no-store");
          const status = spec.status ?? (spec.method === "POST" ? 201 : 200);
          const self = (result as { links?: { self?: unknown } } | undefined)?.links?.self;
          if (status === 202 && typeof self === "string") void reply.header("location", self);
          return reply.status(status).send(result ?? {});
        },
      });
    };

  app.get("/healthz", { schema: { summary: "Liveness", tags: ["health"] } }, async () => ({
    status: "ok",
  }));
  app.get(
    "/readyz",
    { schema: { summary: "Readiness: the store answers", tags: ["health"] } },
    async (request, reply) => {
      try {
        await store.versions();
        return { status: "ready" };
      } catch (error) {
        // The engine's words may hold paths or SQL: they go to the log, with a reference.
        return serverError(request, reply, 503, "BRECHA_STORAGE", error);
      }
    },
  );
  await serveDashboard(app);
  app.get(
    "/workspace",
    { schema: { summary: "The workspace page (HTML; ?lang=en)", tags: ["health"] } },
    async (request, reply) => {
      const lang = (request.query as { lang?: string }).lang === "en" ? "en" : "es";
      return reply.type("text/html; charset=utf-8").send(await workspacePage(store, lang));
    },
  );
  routesOn(app)({
    method: "GET",
    url: "/api/v1/joins",
    summary: "How each dataset's ubigeos match the INEI district list",
    tags: ["data"],
    role: "read",
    cacheable: true,
    handler: async () => joinReport(store),
  });
  for (const routes of ROUTE_GROUPS) await app.register(routes, { context, routesOn });
  return app;
}

/** The API's route groups, each a Fastify plugin over the same context. */
const ROUTE_GROUPS = [
  atlasRoutes,
  analysisRoutes,
  schoolRoutes,
  modelRoutes,
  libraryRoutes,
  writeRoutes,
  jobRoutes,
  pipelineRoutes,
];

const DASHBOARD = join(import.meta.dirname, "..", "..", "dist", "web");

/**
 * The built dashboard (`npm run build:web` → dist/web) under /app/ (Fastify's static plugin), and /
 * pointing to it; any other path under /app/ is the dashboard's own view and gets index.html.
 * Assets have content hashes in their names: cached for a year; index.html is revalidated.
 * Without a build, / shows the workspace page.
 */
async function serveDashboard(app: FastifyInstance): Promise<void> {
  const built = existsSync(join(DASHBOARD, "index.html"));
  app.get("/", { schema: { hide: true } }, async (_request, reply) =>
    reply.redirect(built ? "/app/" : "/workspace"),
  );
  if (!built) return;
  await app.register(async (scope) => {
    await scope.register(fastifyStatic, {
      root: DASHBOARD,
      prefix: "/app/",
      wildcard: false,
      schemaHide: true,
      cacheControl: false,
      setHeaders: (response, path) =>
        response.setHeader(
          "cache-control",
          path.includes(`${join("web", "assets")}`)
            ? "public, max-age=31536000, immutable"
            : "no-cache",
        ),
    });
    scope.get("/app/*", { schema: { hide: true } }, async (_request, reply) =>
      reply.header("cache-control", "no-cache").sendFile("index.html"),
    );
  });
}
