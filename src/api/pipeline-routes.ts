import { z } from "zod";
import { BrechaError } from "../errors/index.ts";
import { readHistory, readLock, runningNow } from "../pipeline/index.ts";
import type { RoutesPlugin } from "./context.ts";

const NAME = z.object({ name: z.string().regex(/^[a-z][a-z0-9-]{0,40}$/) });

/** The pipelines the server schedules: their state and history, and a run on request (admin). */
export const pipelineRoutes: RoutesPlugin = async (instance, { context, routesOn }) => {
  const register = routesOn(instance);
  const scheduler = () => {
    if (!context.scheduler)
      throw new BrechaError(
        "BRECHA_NOT_FOUND",
        "this server runs no pipelines (set `pipelines` in brecha.config.json or BRECHA_PIPELINES)",
        {
          es: "este servidor no ejecuta pipelines (defina `pipelines` en brecha.config.json o BRECHA_PIPELINES)",
        },
      );
    return context.scheduler;
  };
  const home = context.config.home;

  register({
    method: "GET",
    url: "/api/v1/pipelines",
    summary:
      "The pipelines this server runs: stages, schedule, next run, run in progress, last run",
    tags: ["operations"],
    role: "read",
    handler: async () => {
      const s = context.scheduler;
      if (!s) return [];
      const next = s.nextRuns();
      return s.pipelines.map((p) => {
        const lock = readLock(home, p.name);
        return {
          name: p.name,
          description: p.description,
          schedule: p.schedule?.expression ?? null,
          nextRun: next[p.name] ?? null,
          running: runningNow(home, p.name),
          lastRun: readHistory(home, p.name, 1)[0] ?? null,
          stages: p.stages.map((st) => ({
            id: st.id,
            action: st.action,
            needs: st.needs,
            timeoutS: st.timeoutS,
            lastSuccess: lock[st.id]?.finishedAt ?? null,
          })),
        };
      });
    },
  });

  register({
    method: "GET",
    url: "/api/v1/pipelines/:name/runs",
    summary: "A pipeline's run history, newest first (50 runs)",
    tags: ["operations"],
    params: NAME,
    role: "read",
    handler: async ({ params }) => readHistory(home, scheduler().pipeline(params.name).name, 50),
  });

  register({
    method: "POST",
    url: "/api/v1/pipelines/:name/runs",
    summary: "Start a run of a pipeline now (admin); 409 while one is in progress",
    tags: ["operations"],
    params: NAME,
    body: z.object({}).strict().default({}),
    role: "admin",
    handler: async ({ params }) => scheduler().trigger(params.name, "api"),
  });
};
