import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import cookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { Config } from "../config/index.ts";
import { installErrorHandling, serverError } from "./error-handling.ts";
import { installProtections } from "./protections.ts";
import { authoriser } from "./authorise.ts";
import { routeRegistrar, type ResponseCache } from "./route-registrar.ts";
import type { Store } from "../storage/index.ts";
import { openOperations, type OperationsStore } from "../operations/index.ts";
import type { PipelineScheduler } from "../pipeline/index.ts";
import { joinReport } from "../tables/index.ts";
import { JobQueue, type Finisher } from "../jobs/index.ts";
import { HeavyWork } from "./heavy-work.ts";
import { jobRoutes, planRoutes } from "./job-routes.ts";
import type { ApiContext } from "./context.ts";
import { installMetrics } from "./metrics.ts";
import { pipelineRoutes } from "./pipeline-routes.ts";
import { analysisRoutes } from "./analysis-routes.ts";
import { atlasRoutes } from "./atlas-routes.ts";
import { libraryRoutes } from "./library-routes.ts";
import { modelRoutes } from "./model-routes.ts";
import { schoolRoutes } from "./school-routes.ts";
import { workspacePage } from "./workspace-page.ts";
import { writeRoutes } from "./write-routes.ts";
import { accountRoutes } from "./account-routes.ts";
import { requestDecisionRoutes, requestRoutes } from "./request-routes.ts";
import { hubRoutes } from "./hub-routes.ts";
import { recommendationRoutes } from "./recommendation-routes.ts";
import { efficiencyRoutes, shipmentRoutes, shipmentStepRoutes } from "./shipment-routes.ts";

/** The OpenAPI document and its page at /docs. Validation is zod's (in `register`) and answers
 * are serialised as JSON: Fastify's schemas only feed the document. */
async function installDocs(app: FastifyInstance): Promise<void> {
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
        securitySchemes: {
          apiKey: { type: "apiKey", in: "header", name: "x-api-key" },
          // A signed-in person; writes also send the session's x-csrf-token header.
          session: { type: "apiKey", in: "cookie", name: "brecha_session" },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });
}

/** What happens when a job finishes: a trained model is saved as its task's candidate; a plan's
 * solver figures go to /metrics and, when asked, the plan is saved as a scenario. Both go to the
 * operational store, recorded as the caller who queued the job. */
function finisher({
  operations,
  observeSolver,
}: {
  operations: () => Promise<OperationsStore>;
  observeSolver: ApiContext["observeSolver"];
}): Finisher {
  return async (job, output) => {
    const ops = await operations();
    const actor = { caller: job.createdBy, address: null };
    if (job.kind === "train") {
      const record = output.model!;
      await ops.saveCandidate(record, actor);
      return { model: record.id };
    }
    const kind =
      job.kind === "plan-hubs" ? "hubs" : job.kind === "plan-infra" ? "infra" : "devices";
    observeSolver(kind, output.seconds, output.gap);
    const name = job.input.save;
    if (typeof name !== "string") return null;
    const saved = await ops.saveScenario(
      {
        name,
        kind,
        params: job.input,
        summary: output.summary,
        plan: output.result,
        solver: { seconds: output.seconds, gap: output.gap },
        datasetVersions: output.datasetVersions,
      },
      actor,
    );
    return { scenario: { name: saved.name, version: saved.version } };
  };
}

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
  operations,
}: {
  store: Store;
  config: Config;
  logger?: boolean;
  /** The operational store; without one, the configuration's is opened on first use (and
   * closed with the server). */
  operations?: OperationsStore;
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
  await installProtections(app, server);
  // Cookies (Fastify's plugin) carry the session of a signed-in person; nothing else.
  await app.register(cookie);
  installErrorHandling(app, server);
  await installDocs(app);

  let fingerprint: Promise<string> | undefined;
  const cache: ResponseCache = new Map();
  const ops = lazyOperations(app, config, operations);
  // A store that follows its file (the server's) says when it was replaced by a pipeline run.
  // So does the operational store when a model is registered or promoted (by the API, a job or a
  // pipeline stage through this process): answers about models are then computed again.
  const generationOf = () =>
    `${(store as { generation?: number }).generation ?? 0}:${ops.current()?.modelGeneration ?? 0}`;
  let seenGeneration = generationOf();
  const heavy = new HeavyWork(store);
  app.addHook("onClose", async () => heavy.close());
  const metrics = installMetrics(app, {
    store,
    config,
    pipelines: () => scheduler?.pipelines ?? [],
    jobs: () => context.jobs.counts(),
    // Only once open: a scrape does not open the embedded store by itself (`brecha serve`
    // opens it at start).
    operations: ops.ifOpen,
    ...(server.protectMetrics ? { guard: (request) => authorise(request, "admin") } : {}),
  });
  const finish = finisher({ operations: ops.open, observeSolver: metrics.observeSolver });
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
    operations: ops.open,
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
              .concat(`models:${generation}`)
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

  const authorise = authoriser(server, async (token) => (await ops.open()).session(token));
  const routesOn = routeRegistrar({ context, authorise, cache });

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

/** The operational store, opened on first use unless given (and then closed with the server). */
function lazyOperations(
  app: FastifyInstance,
  config: Config,
  given: OperationsStore | undefined,
): {
  open: () => Promise<OperationsStore>;
  ifOpen: () => Promise<OperationsStore> | null;
  current: () => OperationsStore | null;
} {
  let opened: Promise<OperationsStore> | undefined = given ? Promise.resolve(given) : undefined;
  let current: OperationsStore | null = given ?? null;
  if (!given)
    app.addHook("onClose", async () => {
      if (opened) await (await opened.catch(() => null))?.close();
    });
  return {
    open() {
      opened ??= openOperations(config).then(
        (store) => (current = store),
        (error: unknown) => {
          opened = undefined;
          throw error;
        },
      );
      return opened;
    },
    ifOpen: () => opened ?? null,
    current: () => current,
  };
}

/** The API's route groups, each a Fastify plugin over the same context. */
const ROUTE_GROUPS = [
  atlasRoutes,
  analysisRoutes,
  schoolRoutes,
  modelRoutes,
  libraryRoutes,
  writeRoutes,
  planRoutes,
  jobRoutes,
  pipelineRoutes,
  accountRoutes,
  requestRoutes,
  requestDecisionRoutes,
  shipmentRoutes,
  shipmentStepRoutes,
  efficiencyRoutes,
  recommendationRoutes,
  hubRoutes,
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
  // The public hub finder's short address, for posters and radio announcements.
  app.get("/cerca", { schema: { hide: true } }, async (_request, reply) =>
    reply.redirect("/app/cerca.html"),
  );
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
