import { z } from "zod";
import { buildTaskTable, TASKS, trainTask } from "../models/index.ts";
import {
  devicePlanSummary,
  hubPlanSummary,
  infraPlanSummary,
  loadDeviceInputs,
  loadHubPlaces,
  loadInfraSites,
  planDevices,
  planHubs,
  planInfrastructure,
} from "../optimise/index.ts";
import { RESOURCE } from "../resources/index.ts";
import type { ApiContext, Register } from "./app.ts";

const JSON_VALUE: z.ZodType<unknown> = z.lazy(() =>
  z.union([
    z.string().max(10_000),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(JSON_VALUE).max(100_000),
    z.record(z.string().max(200), JSON_VALUE),
  ]),
);

const SCENARIO = z
  .object({
    name: z.string().regex(/^[\w.-]{1,64}$/, "1-64 letters, digits, '.', '-' or '_'"),
    kind: z.enum(["hubs", "infra", "devices"]),
    params: z.record(z.string().max(200), JSON_VALUE),
    summary: z.record(z.string().max(200), z.union([z.number(), z.string().max(1000)])),
    plan: JSON_VALUE,
  })
  .strict();

const SAVE_AS = z
  .string()
  .regex(/^[\w.-]{1,64}$/, "1-64 letters, digits, '.', '-' or '_'")
  .optional();
const LANG = z.enum(["es", "en"]).default("es");
const DEPARTMENT = z.string().regex(/^\d{2}$/, "a 2-digit department code");
const PEN_BY_CODE = (digits: number) =>
  z
    .record(
      z.string().regex(new RegExp(`^\\d{${digits}}$`), `a ${digits}-digit code`),
      z.number().min(0).max(1e11),
    )
    .default({});

/** The write endpoints: each needs an API key with the role it names. */
export function writeRoutes(register: Register, context: ApiContext): void {
  register({
    method: "POST",
    url: "/api/v1/scenarios",
    summary: "Save a plan as a named scenario (analyst); an existing name is replaced",
    tags: ["plans"],
    body: SCENARIO,
    role: "analyst",
    handler: async ({ body }) => {
      const saved = context.scenarios.save(body);
      const { plan: _plan, ...rest } = saved;
      return rest;
    },
  });

  register({
    method: "POST",
    url: "/api/v1/plans/hubs",
    summary: "Plan community tech hubs in a department (analyst); optionally saved as a scenario",
    tags: ["plans"],
    body: z
      .object({
        department: z.string().regex(/^\d{2}$/, "a 2-digit department code"),
        p: z.number().int().min(1).max(500).default(10),
        radiusKm: z.number().gt(0).max(200).default(10),
        objective: z.enum(["coverage", "median", "set-cover", "center"]).default("coverage"),
        candidates: z.enum(["urban", "all"]).default("urban"),
        existing: z
          .array(z.string().regex(/^\d{10}$/))
          .max(500)
          .default([]),
        save: SAVE_AS,
        lang: LANG,
      })
      .strict(),
    role: "analyst",
    handler: async ({ body }) => {
      const { places, populationNote } = await loadHubPlaces(context.store, {
        department: body.department,
      });
      const started = performance.now();
      const plan = await planHubs(places, {
        lang: body.lang,
        p: body.p,
        radiusKm: body.radiusKm,
        objective: body.objective,
        candidateRule: body.candidates,
        existing: body.existing,
        populationNote,
        timeLimitS: 30,
      });
      context.observeSolver("hubs", (performance.now() - started) / 1000, plan.gap);
      const placeOf = new Map(places.map((p) => [p.code, p]));
      const hubs = plan.hubs.map((h) => ({
        ...h,
        lon: placeOf.get(h.code)?.lon ?? null,
        lat: placeOf.get(h.code)?.lat ?? null,
      }));
      if (body.save)
        context.scenarios.save({
          name: body.save,
          kind: "hubs",
          params: { ...body },
          summary: hubPlanSummary(plan),
          plan,
        });
      return { ...plan, hubs };
    },
  });

  register({
    method: "POST",
    url: "/api/v1/plans/infra",
    summary:
      "Plan school infrastructure (electricity, water, internet) in a department under a budget (analyst); every choice has a reason",
    tags: ["plans"],
    body: z
      .object({
        department: DEPARTMENT,
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
        save: SAVE_AS,
        lang: LANG,
      })
      .strict(),
    role: "analyst",
    handler: async ({ body }) => {
      const { sites, synthetic } = await loadInfraSites(context.store, {
        department: body.department,
      });
      const started = performance.now();
      const plan = await planInfrastructure(sites, {
        lang: body.lang,
        budgetPen: body.budgetPen,
        objective: body.objective,
        ugelFloorsPen: body.ugelFloorsPen,
        ugelCapsPen: body.ugelCapsPen,
        mustDo: body.mustDo,
        mustNot: body.mustNot,
        timeLimitS: 30,
      });
      context.observeSolver("infra", (performance.now() - started) / 1000, plan.gap);
      if (body.save)
        context.scenarios.save({
          name: body.save,
          kind: "infra",
          params: { ...body },
          summary: infraPlanSummary(plan),
          plan,
        });
      const at = new Map(sites.map((s) => [s.codigoLocal, s]));
      return {
        ...plan,
        chosen: plan.chosen.map((c) => ({
          ...c,
          lon: at.get(c.codigoLocal)?.lon ?? null,
          lat: at.get(c.codigoLocal)?.lat ?? null,
        })),
        summary: infraPlanSummary(plan),
        synthetic,
      };
    },
  });

  register({
    method: "POST",
    url: "/api/v1/plans/devices",
    summary:
      "Plan the distribution of tablets, data plans and solar chargers from UGEL stock points to a department's schools (analyst)",
    tags: ["plans"],
    body: z
      .object({
        department: DEPARTMENT,
        tablets: z.number().int().min(0).max(10_000_000),
        dataPlans: z.number().int().min(0).max(10_000_000).optional(),
        solarChargers: z.number().int().min(0).max(10_000_000).optional(),
        shareRural: z.number().min(0).max(1).default(0.6),
        shareUrban: z.number().min(0).max(1).default(0.3),
        save: SAVE_AS,
        lang: LANG,
      })
      .strict(),
    role: "analyst",
    handler: async ({ body }) => {
      const { save: _save, lang, ...stock } = body;
      const inputs = await loadDeviceInputs(context.store, stock);
      const started = performance.now();
      const plan = await planDevices(inputs.schools, inputs.stock, { lang, timeLimitS: 30 });
      context.observeSolver(
        "devices",
        (performance.now() - started) / 1000,
        plan.status === "optimal" ? 0 : null,
      );
      if (body.save)
        context.scenarios.save({
          name: body.save,
          kind: "devices",
          params: { ...body },
          summary: devicePlanSummary(plan),
          plan,
        });
      const at = new Map(inputs.schools.map((s) => [s.codigoLocal, s]));
      return {
        ...plan,
        shipments: plan.shipments.map((s) => ({
          ...s,
          lon: at.get(s.codigoLocal)?.lon ?? null,
          lat: at.get(s.codigoLocal)?.lat ?? null,
        })),
        assumptions: [...inputs.assumptions, ...plan.assumptions],
        summary: devicePlanSummary(plan),
        synthetic: inputs.synthetic,
      };
    },
  });

  register({
    method: "POST",
    url: "/api/v1/resources",
    summary: "Add a learning resource to the hub repository (admin)",
    tags: ["resources"],
    body: RESOURCE,
    role: "admin",
    handler: async ({ body }) => context.resources.create(body),
  });

  register({
    method: "PUT",
    url: "/api/v1/resources/:id",
    summary: "Replace a learning resource (admin)",
    tags: ["resources"],
    params: z.object({ id: z.string().regex(/^[a-z0-9-]{3,64}$/) }),
    body: RESOURCE,
    role: "admin",
    handler: async ({ params, body }) => context.resources.update(params.id, body),
  });

  register({
    method: "DELETE",
    url: "/api/v1/resources/:id",
    summary: "Delete a learning resource (admin)",
    tags: ["resources"],
    params: z.object({ id: z.string().regex(/^[a-z0-9-]{3,64}$/) }),
    role: "admin",
    handler: async ({ params }) => {
      context.resources.remove(params.id);
      return { deleted: params.id };
    },
  });

  register({
    method: "POST",
    url: "/api/v1/models/:task/train",
    summary: "Train a model with blocked nested CV and save it as the task's candidate (analyst)",
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
    handler: async ({ params, body }) => {
      const table = await buildTaskTable(context.store, params.task, { groupBy: body.groupBy });
      const { record } = await trainTask(table, {
        learner: body.learner,
        k: body.folds,
        seed: body.seed,
        groupBy: body.groupBy,
      });
      context.models.save(record);
      context.models.setAlias(record.task, "candidate", record.id);
      const { model: _model, profile: _profile, ...summary } = record;
      return summary;
    },
  });

  register({
    method: "POST",
    url: "/api/v1/models/:ref/promote",
    summary: "Make a model production if it beats the current one on the same folds (admin)",
    tags: ["models"],
    params: z.object({ ref: z.string().regex(/^[\w:]{2,64}$/) }),
    role: "admin",
    handler: async ({ params }) => {
      const result = context.models.promote(params.ref);
      return {
        promoted: result.promoted.id,
        replaced: result.replaced?.id ?? null,
        reason: result.reason,
      };
    },
  });
}
