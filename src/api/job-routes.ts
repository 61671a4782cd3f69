import { JOB } from "../contract/index.ts";
import { z } from "zod";
import { scenarioNameField } from "../contract/index.ts";
import type { JobKind, JobRecord } from "../jobs/index.ts";
import { TASKS } from "../models/index.ts";
import { messageIn } from "../errors/index.ts";
import type { RoutesPlugin } from "./context.ts";
import { requestLanguage, type ApiLang } from "./language.ts";

const SAVE_AS = scenarioNameField().optional();
const LANG = z.enum(["es", "en"]).default("es");
/** A department (2 digits), or none for the whole country. */
const DEPARTMENT = z
  .string()
  .regex(/^\d{2}$/, "a 2-digit department code")
  .optional();
/** Seconds the solver may take: plans of the whole country are benched at ≤ 120 s. */
const TIME_LIMIT = z.number().int().min(1).max(300).default(120);
const PEN_BY_CODE = (digits: number) =>
  z
    .record(
      z.string().regex(new RegExp(`^\\d{${digits}}$`), `a ${digits}-digit code`),
      z.number().min(0).max(1e11),
    )
    .default({});
/** What every plan takes: where (a department or the country), how long, a scenario name, the
 * language of its reasons. */
const PLAN_FIELDS = {
  department: DEPARTMENT,
  timeLimitS: TIME_LIMIT,
  save: SAVE_AS,
  lang: LANG,
};
const JOB_ID = z.object({ id: z.string().regex(/^[0-9a-f]{20}$/, "a job id (20 hex digits)") });

/** A job as the API shows it, with where to follow it; a failure in the request's language. */
function shown(job: JobRecord, lang: ApiLang) {
  const { error } = job;
  return {
    ...job,
    error: error && {
      code: error.code,
      message: messageIn(lang, error),
      ...(error.reference ? { reference: error.reference } : {}),
    },
    links: {
      self: `/api/v1/jobs/${job.id}`,
      result: job.state === "succeeded" ? `/api/v1/jobs/${job.id}/result` : null,
    },
  };
}

/** A hub plan's request. */
const HUB_PLAN_BODY = z
  .object({
    ...PLAN_FIELDS,
    p: z.number().int().min(1).max(500),
    radiusKm: z.number().gt(0).max(200).default(10),
    objective: z.enum(["coverage", "median", "set-cover", "center"]).default("coverage"),
    candidates: z.enum(["urban", "all"]).default("urban"),
    existing: z
      .array(z.string().regex(/^\d{10}$/))
      .max(500)
      .default([]),
    /** Coverage objective: the most people one hub can serve. */
    capacity: z.number().int().min(1).max(100_000_000).optional(),
    /** Coverage objective: what opening a new hub costs, in soles. */
    openingCostPen: z.number().min(0).max(1e9).optional(),
    /** Coverage objective: the most all new hubs may cost together; p is then the most hubs. */
    budgetPen: z.number().min(0).max(1e11).optional(),
    /** Opening costs of particular sites, by 10-digit place code (at most 5,000). */
    siteCostsPen: PEN_BY_CODE(10).refine((costs) => Object.keys(costs).length <= 5000, {
      message: "at most 5,000 site costs",
    }),
  })
  .strict();

/**
 * Plans and training as jobs: a POST queues one and answers 202 at once with its id; the job is
 * followed at /api/v1/jobs/:id (phase, %, bound and gap), cancelled with DELETE, and its result
 * read at /api/v1/jobs/:id/result once it has succeeded. A job goes on when its client
 * disconnects; a restart marks it interrupted.
 */
export const planRoutes: RoutesPlugin = async (instance, { context, routesOn }) => {
  const register = routesOn(instance);
  /** The school requests the UGELs approved, per premises: observed demand for the planners. */
  const approvedOf = async (department: string | undefined) =>
    (await context.operations()).approvedDemand(department ? { department } : {});
  // A job just queued has no failure to word: any language shows it the same.
  const submit = <K extends JobKind>(kind: K, input: unknown, caller: string) =>
    shown(context.jobs.submit(kind, input as never, caller), "es");

  register({
    method: "POST",
    url: "/api/v1/plans/hubs",
    summary:
      "Queue a plan of community tech hubs for a department or the whole country (analyst); answers 202 with a job",
    tags: ["plans"],
    body: HUB_PLAN_BODY,
    role: "analyst",
    response: JOB,
    status: 202,
    handler: async ({ body, caller }) => submit("plan-hubs", body, caller),
  });

  register({
    method: "POST",
    url: "/api/v1/plans/infra",
    summary:
      "Queue a plan of school infrastructure (electricity, water, internet, devices) under a budget, for a department or the whole country (analyst); every choice has a reason",
    tags: ["plans"],
    body: z
      .object({
        ...PLAN_FIELDS,
        budgetPen: z.number().min(0).max(1e11),
        objective: z.enum(["benefit", "maxmin"]).default("benefit"),
        ugelFloorsPen: PEN_BY_CODE(6),
        ugelCapsPen: PEN_BY_CODE(6),
        mustDo: z
          .array(z.string().regex(/^\d{6,8}:[a-z_]+$/))
          .max(1000)
          .default([]),
        mustNot: z
          .array(z.string().regex(/^\d{6,8}:[a-z_]+$/))
          .max(1000)
          .default([]),
        /** Add the services the UGELs approved in school requests as observed demand (default yes). */
        useRequests: z.boolean().default(true),
      })
      .strict(),
    role: "analyst",
    response: JOB,
    status: 202,
    handler: async ({ body, caller }) => {
      const { useRequests, ...input } = body;
      const observed = useRequests ? await approvedOf(body.department) : [];
      return submit(
        "plan-infra",
        { ...input, observed: observed.map((o) => ({ ...o, requests: [...o.requests] })) },
        caller,
      );
    },
  });

  register({
    method: "POST",
    url: "/api/v1/plans/devices",
    summary:
      "Queue a plan distributing tablets, data plans and solar chargers from UGEL stock points to the schools of a department or the whole country (analyst)",
    tags: ["plans"],
    body: z
      .object({
        ...PLAN_FIELDS,
        tablets: z.number().int().min(0).max(10_000_000),
        dataPlans: z.number().int().min(0).max(10_000_000).optional(),
        solarChargers: z.number().int().min(0).max(10_000_000).optional(),
        shareRural: z.number().min(0).max(1).default(0.6),
        shareUrban: z.number().min(0).max(1).default(0.3),
        /** Add the requests the UGELs approved as observed demand (default yes). */
        useRequests: z.boolean().default(true),
      })
      .strict(),
    role: "analyst",
    response: JOB,
    status: 202,
    handler: async ({ body, caller }) => {
      const { useRequests, ...input } = body;
      const observed = useRequests ? await approvedOf(body.department) : [];
      return submit(
        "plan-devices",
        { ...input, observed: observed.map((o) => ({ ...o, requests: [...o.requests] })) },
        caller,
      );
    },
  });

  register({
    method: "POST",
    url: "/api/v1/models/:task/train",
    summary:
      "Queue training of a model with blocked nested CV; it is saved as the task's candidate (analyst)",
    tags: ["models"],
    params: z.object({ task: z.enum(Object.keys(TASKS) as [string, ...string[]]) }),
    body: z
      .object({
        learner: z.enum(["gbt", "linear", "mlp"]).default("gbt"),
        folds: z.number().int().min(2).max(10).default(5),
        seed: z
          .number()
          .int()
          .min(0)
          .max(2 ** 31)
          .default(1),
        groupBy: z.enum(["department", "province"]).default("department"),
      })
      .strict()
      .default({ learner: "gbt", folds: 5, seed: 1, groupBy: "department" }),
    role: "analyst",
    response: JOB,
    status: 202,
    handler: async ({ params, body, caller }) =>
      submit("train", { task: params.task, ...body }, caller),
  });
};

/** Following, reading and cancelling the jobs the plan and training routes queue. */
export const jobRoutes: RoutesPlugin = async (instance, { context, routesOn }) => {
  const register = routesOn(instance);

  register({
    method: "GET",
    url: "/api/v1/jobs",
    summary: "Your plans and training runs, newest first (an administrator sees everyone's)",
    tags: ["jobs"],
    query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
    role: "analyst",
    handler: async ({ query, caller, request }) => ({
      jobs: context.jobs
        .list(caller, query.limit)
        .map((job) => shown(job, requestLanguage(request))),
    }),
  });

  register({
    method: "GET",
    url: "/api/v1/jobs/:id",
    summary: "A job: its state, phase, percent done, best bound and gap, and its figures when done",
    tags: ["jobs"],
    params: JOB_ID,
    role: "analyst",
    response: JOB,
    handler: async ({ params, caller, request }) =>
      shown(context.jobs.get(params.id, caller), requestLanguage(request)),
  });

  register({
    method: "GET",
    url: "/api/v1/jobs/:id/result",
    summary: "The result of a job that succeeded (409 before)",
    tags: ["jobs"],
    params: JOB_ID,
    role: "analyst",
    handler: async ({ params, caller }) => context.jobs.result(params.id, caller),
  });

  register({
    method: "DELETE",
    url: "/api/v1/jobs/:id",
    summary: "Cancel a queued or running job; nothing of it is kept",
    tags: ["jobs"],
    params: JOB_ID,
    role: "analyst",
    response: JOB,
    handler: async ({ params, caller, request }) =>
      shown(context.jobs.cancel(params.id, caller), requestLanguage(request)),
  });
};
