import { z } from "zod";
import { buildTaskTable, TASKS, trainTask } from "../models/index.ts";
import {
  currentDatasetVersions,
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

/** Items of a plan with the coordinates of the place or premises each names (null if unknown). */
function withCoordinates<T extends object, L extends { lon: number | null; lat: number | null }>(
  items: readonly T[],
  keyOf: (item: T) => string,
  locations: readonly L[],
  locationKey: (location: L) => string,
): Array<T & { lon: number | null; lat: number | null }> {
  const at = new Map(locations.map((l) => [locationKey(l), l]));
  return items.map((item) => {
    const where = at.get(keyOf(item));
    return { ...item, lon: where?.lon ?? null, lat: where?.lat ?? null };
  });
}

/** The write endpoints: each needs an API key with the role it names. */
export function writeRoutes(register: Register, context: ApiContext): void {
  /** Solves a plan, records its solver time and gap for /metrics, and saves it as a scenario when
   * the request names one. */
  const runPlan = async <P>(
    kind: "hubs" | "infra" | "devices",
    body: { readonly save?: string | undefined },
    caller: string,
    solve: () => Promise<P>,
    figures: (plan: P) => { summary: Record<string, number>; gap: number | null },
  ): Promise<{
    plan: P;
    summary: Record<string, number>;
    scenario?: { name: string; version: number };
  }> => {
    const datasetVersions = body.save ? await currentDatasetVersions(context.store) : {};
    const started = performance.now();
    const plan = await solve();
    const seconds = (performance.now() - started) / 1000;
    const { summary, gap } = figures(plan);
    context.observeSolver(kind, seconds, gap);
    if (!body.save) return { plan, summary };
    // The record is made here, from what was solved: never from figures a client sends.
    const saved = context.scenarios.save({
      name: body.save,
      kind,
      createdBy: caller,
      params: { ...body },
      summary,
      plan,
      solver: { seconds, gap },
      datasetVersions,
    });
    return { plan, summary, scenario: { name: saved.name, version: saved.version } };
  };

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
    handler: async ({ body, caller }) => {
      const { places, populationNote } = await loadHubPlaces(context.store, {
        department: body.department,
      });
      const { plan } = await runPlan(
        "hubs",
        body,
        caller,
        () =>
          planHubs(places, {
            lang: body.lang,
            p: body.p,
            radiusKm: body.radiusKm,
            objective: body.objective,
            candidateRule: body.candidates,
            existing: body.existing,
            populationNote,
            timeLimitS: 30,
          }),
        (result) => ({ summary: hubPlanSummary(result), gap: result.gap }),
      );
      return {
        ...plan,
        hubs: withCoordinates(
          plan.hubs,
          (h) => h.code,
          places,
          (p) => p.code,
        ),
      };
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
    handler: async ({ body, caller }) => {
      const { sites, synthetic } = await loadInfraSites(context.store, {
        department: body.department,
      });
      const { plan, summary } = await runPlan(
        "infra",
        body,
        caller,
        () =>
          planInfrastructure(sites, {
            lang: body.lang,
            budgetPen: body.budgetPen,
            objective: body.objective,
            ugelFloorsPen: body.ugelFloorsPen,
            ugelCapsPen: body.ugelCapsPen,
            mustDo: body.mustDo,
            mustNot: body.mustNot,
            timeLimitS: 30,
          }),
        (result) => ({ summary: infraPlanSummary(result), gap: result.gap }),
      );
      const byPremises = (item: { codigoLocal: string }) => item.codigoLocal;
      return {
        ...plan,
        chosen: withCoordinates(plan.chosen, byPremises, sites, byPremises),
        summary,
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
    handler: async ({ body, caller }) => {
      const { save: _save, lang, ...stock } = body;
      const inputs = await loadDeviceInputs(context.store, stock);
      const { plan, summary } = await runPlan(
        "devices",
        body,
        caller,
        () => planDevices(inputs.schools, inputs.stock, { lang, timeLimitS: 30 }),
        // The transport model reports no gap; it is 0 only when HiGHS proved it optimal.
        (result) => ({
          summary: devicePlanSummary(result),
          gap: result.status === "optimal" ? 0 : null,
        }),
      );
      const byPremises = (item: { codigoLocal: string }) => item.codigoLocal;
      return {
        ...plan,
        shipments: withCoordinates(plan.shipments, byPremises, inputs.schools, byPremises),
        assumptions: [...inputs.assumptions, ...plan.assumptions],
        summary,
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
