import { z } from "zod";
import { NotFoundError } from "../errors/index.ts";
import {
  alignMatrix,
  buildTaskTable,
  deserialiseModel,
  driftReport,
  explainInWords,
  predictTable,
} from "../models/index.ts";
import type { RoutesPlugin } from "./context.ts";
import { LANG, csv } from "./read-params.ts";

/** The model registry and a model's predictions with drift and explanations. */
export const modelRoutes: RoutesPlugin = async (instance, { context, routesOn }) => {
  const register = routesOn(instance);
  const { store } = context;

  register({
    method: "GET",
    url: "/api/v1/models",
    summary: "Models in the registry with their metrics and aliases",
    tags: ["models"],
    role: "read",
    handler: async () => {
      const ops = await context.operations();
      const aliases = await ops.modelAliases();
      return (await ops.models()).map(({ model: _model, profile: _profile, ...record }) => ({
        ...record,
        aliases: Object.entries(aliases[record.task] ?? {})
          .filter(([, id]) => id === record.id)
          .map(([alias]) => alias),
      }));
    },
  });

  register({
    method: "GET",
    url: "/api/v1/models/:ref/predictions",
    summary: "A model's predictions over the workspace, with drift and plain-language explanations",
    tags: ["models"],
    params: z.object({ ref: z.string().regex(/^[\w:]{2,64}$/) }),
    query: z.object({
      explain: csv(z.string().regex(/^\d{6}$/)).optional(),
      lang: LANG,
    }),
    role: "read",
    cacheable: true,
    handler: async ({ params, query }) => {
      const record = await (await context.operations()).resolveModel(params.ref);
      const model = deserialiseModel(record.model);
      const table = await buildTaskTable(store, record.task, {
        groupBy: record.folds.by === "province" ? "province" : "department",
      });
      const x = alignMatrix(record, table.x);
      return {
        model: record.id,
        task: record.task,
        target: record.target,
        synthetic: record.synthetic,
        interval: record.metrics.interval ?? null,
        predictions: predictTable(model, table, x),
        drift: driftReport(record.profile, x),
        explained: (query.explain ?? []).map((key) => {
          const row = table.keys.indexOf(key);
          if (row < 0)
            throw new NotFoundError("BRECHA_NOT_FOUND", `no row ${key} in ${record.task}`, {
              es: `no hay una fila ${key} en ${record.task}`,
            });
          const { base, contributions, text } = explainInWords(record, model, x, row, query.lang);
          return { key, base, contributions, text };
        }),
      };
    },
  });
};
