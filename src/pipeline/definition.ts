import { readFileSync } from "node:fs";
import { z } from "zod";
import { BrechaError, UsageError } from "../errors/index.ts";
import { ACTIONS, type ActionName } from "./actions.ts";
import { parseCron, type CronSchedule } from "./cron.ts";

const STAGE = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]{0,40}$/, "lower-case letters, digits and '-'"),
    action: z.enum(Object.keys(ACTIONS) as [ActionName, ...ActionName[]]),
    needs: z.array(z.string()).default([]),
    params: z.record(z.string(), z.unknown()).default({}),
    /** Seconds before the stage is stopped and counted as failed (default: the pipeline's). */
    timeoutS: z.number().int().min(1).max(86_400).optional(),
  })
  .strict();

const PIPELINE = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9-]{0,40}$/, "lower-case letters, digits and '-'"),
    description: z.string().max(500).default(""),
    /** Five-field cron, UTC (Lima is UTC-5), for scheduled runs inside the server. */
    schedule: z.string().optional(),
    /** Extra attempts of a failed stage within a run (a timed-out stage is not retried). */
    retries: z.number().int().min(0).max(10).default(1),
    retryDelayS: z.number().min(0).max(3600).default(5),
    timeoutS: z.number().int().min(1).max(86_400).default(3600),
    stages: z.array(STAGE).min(1).max(100),
  })
  .strict();

export interface Stage {
  readonly id: string;
  readonly action: ActionName;
  readonly needs: readonly string[];
  readonly params: Readonly<Record<string, unknown>>;
  readonly timeoutS: number;
}

export interface Pipeline {
  readonly name: string;
  readonly description: string;
  readonly schedule: CronSchedule | null;
  readonly retries: number;
  readonly retryDelayS: number;
  /** Stages in an order where every stage comes after the stages it needs. */
  readonly stages: readonly Stage[];
  /** Where the definition came from. */
  readonly source: string;
}

/**
 * Checks a pipeline definition: its shape, each stage's parameters against its action, that every
 * `needs` names a stage, that there is no cycle, and the cron expression. Returns the stages in
 * dependency order.
 */
export function parsePipeline(value: unknown, source: string): Pipeline {
  const parsed = PIPELINE.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BrechaError(
      "BRECHA_CONFIG_INVALID",
      `${source}: ${issue.path.join(".") || "(top)"}: ${issue.message}`,
    );
  }
  const def = parsed.data;
  const ids = new Set<string>();
  const stages: Stage[] = def.stages.map((s, i) => {
    if (ids.has(s.id))
      throw new BrechaError("BRECHA_CONFIG_INVALID", `${source}: stage id "${s.id}" is used twice`);
    ids.add(s.id);
    const params = ACTIONS[s.action].params.safeParse(s.params);
    if (!params.success) {
      const issue = params.error.issues[0]!;
      throw new BrechaError(
        "BRECHA_CONFIG_INVALID",
        `${source}: stages.${i} (${s.id}, ${s.action}): params.${issue.path.join(".")}: ${issue.message}`,
      );
    }
    return {
      id: s.id,
      action: s.action,
      needs: s.needs,
      params: params.data as Record<string, unknown>,
      timeoutS: s.timeoutS ?? def.timeoutS,
    };
  });
  for (const s of stages)
    for (const need of s.needs)
      if (!ids.has(need))
        throw new BrechaError(
          "BRECHA_CONFIG_INVALID",
          `${source}: stage "${s.id}" needs "${need}", which is not a stage (stages: ${[...ids].join(", ")})`,
        );
  // Kahn's algorithm, keeping the file's order among stages that are ready together.
  const order: Stage[] = [];
  const done = new Set<string>();
  while (order.length < stages.length) {
    const ready = stages.find((s) => !done.has(s.id) && s.needs.every((n) => done.has(n)));
    if (!ready) {
      const stuck = stages.filter((s) => !done.has(s.id)).map((s) => s.id);
      throw new BrechaError(
        "BRECHA_CONFIG_INVALID",
        `${source}: the stages ${stuck.join(", ")} depend on each other in a cycle`,
      );
    }
    order.push(ready);
    done.add(ready.id);
  }
  return {
    name: def.name,
    description: def.description,
    schedule: def.schedule === undefined ? null : parseCron(def.schedule),
    retries: def.retries,
    retryDelayS: def.retryDelayS,
    stages: order,
    source,
  };
}

/** Reads a pipeline definition (JSON) from a file. */
export function loadPipeline(path: string): Pipeline {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(
      "BRECHA_USAGE",
      `cannot read the pipeline file ${path}: ${(error as Error).message}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BrechaError(
      "BRECHA_CONFIG_INVALID",
      `${path}: not valid JSON: ${(error as Error).message}`,
    );
  }
  return parsePipeline(value, path);
}

/** Every stage that must run after `id` changes: itself and everything downstream. */
export function downstreamOf(pipeline: Pipeline, id: string): Set<string> {
  const out = new Set([id]);
  for (const s of pipeline.stages) if (s.needs.some((n) => out.has(n))) out.add(s.id);
  return out;
}
