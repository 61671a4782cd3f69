import { z } from "zod";
import {
  RESOURCE_ITEM,
  RESOURCE_LIST,
  SCENARIO_COMPARISON,
  SCENARIO_LIST,
  scenarioNameField,
} from "../contract/index.ts";
import { compareScenarios } from "../optimise/index.ts";
import { RESOURCE, searchResources } from "../resources/index.ts";
import type { RoutesPlugin } from "./context.ts";
import { integer } from "./read-params.ts";

/** The learning-resource repository and the saved planning scenarios. */
export const libraryRoutes: RoutesPlugin = async (instance, { context, routesOn }) => {
  const register = routesOn(instance);

  register({
    method: "GET",
    url: "/api/v1/resources",
    summary: "Search the learning-resource repository (accent-insensitive) with filters",
    tags: ["resources"],
    query: z.object({
      q: z.string().max(200).optional(),
      subject: RESOURCE.shape.subject.optional(),
      grade: RESOURCE.shape.grades.element.optional(),
      language: RESOURCE.shape.languages.element.optional(),
      format: RESOURCE.shape.format.optional(),
      offline: z
        .enum(["true", "false"])
        .transform((v) => v === "true")
        .optional(),
      hub: z
        .string()
        .regex(/^\d{10}$/)
        .optional(),
    }),
    role: "read",
    response: RESOURCE_LIST,
    handler: async ({ query }) => {
      const filters = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
      return searchResources(await (await context.operations()).resources(), filters);
    },
  });

  register({
    method: "GET",
    url: "/api/v1/resources/:id",
    summary: "One learning resource",
    tags: ["resources"],
    params: z.object({ id: z.string().regex(/^[a-z0-9-]{3,64}$/) }),
    role: "read",
    response: RESOURCE_ITEM,
    handler: async ({ params }) => (await context.operations()).resource(params.id),
  });

  register({
    method: "GET",
    url: "/api/v1/scenarios",
    summary:
      "Saved planning scenarios, the latest version of each (without their full plans): who ran them, when, the solver's figures and the dataset versions",
    tags: ["plans"],
    role: "read",
    response: SCENARIO_LIST,
    handler: async () =>
      (await (await context.operations()).scenarios()).map(({ plan: _plan, ...rest }) => rest),
  });

  register({
    method: "GET",
    url: "/api/v1/scenarios/compare",
    summary: "Two saved scenarios of the same kind side by side: parameters, figures and sites",
    tags: ["plans"],
    query: z.object({
      a: scenarioNameField(),
      b: scenarioNameField(),
      aVersion: integer(1, 1_000_000).optional(),
      bVersion: integer(1, 1_000_000).optional(),
    }),
    role: "read",
    response: SCENARIO_COMPARISON,
    handler: async ({ query }) => {
      const ops = await context.operations();
      return compareScenarios(
        await ops.scenario(query.a, query.aVersion),
        await ops.scenario(query.b, query.bVersion),
      );
    },
  });

  register({
    method: "GET",
    url: "/api/v1/scenarios/:name/versions",
    summary: "Every saved version of a scenario: number, date, who ran it and its figures",
    tags: ["plans"],
    params: z.object({ name: scenarioNameField() }),
    role: "read",
    handler: async ({ params }) => {
      const all = await (await context.operations()).scenarioHistory(params.name);
      return all.map(({ plan: _plan, ...rest }) => rest);
    },
  });

  register({
    method: "GET",
    url: "/api/v1/scenarios/:name",
    summary: "One saved scenario with its plan: the latest version, or `version=`",
    tags: ["plans"],
    params: z.object({ name: scenarioNameField() }),
    query: z.object({ version: integer(1, 1_000_000).optional() }),
    role: "read",
    handler: async ({ params, query }) =>
      (await context.operations()).scenario(params.name, query.version),
  });
};
