import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { BrechaError } from "../errors/index.ts";
import {
  loadPipeline,
  nextRun,
  pipelineStatus,
  readHistory,
  runPipeline,
  runStage,
  lazyRecords,
  recordsFromParent,
  runningNow,
  type Pipeline,
} from "../pipeline/index.ts";
import { openOperations, type PlanningRecords } from "../operations/index.ts";
import type { CommandContext } from "./context.ts";
import { formatTable } from "./progress.ts";
import { BRECHA_BIN, storePath } from "./workspace.ts";

/** The pipeline shipped with Brecha: ingest, validate, features, train, evaluate, predict, plan. */
export const DEFAULT_PIPELINE = fileURLToPath(
  new URL("../../pipelines/refresh.json", import.meta.url),
);

function pipelineOf(file: string | undefined): Pipeline {
  return loadPipeline(file ?? DEFAULT_PIPELINE);
}

/**
 * Scenarios and models for a pipeline command: those of the process that started this one (a
 * server, or a run for its stage) when it answers on the IPC channel; else the operational
 * store, opened on the first question and closed by `close`.
 */
function pipelineRecords(ctx: CommandContext): {
  records: PlanningRecords;
  close: () => Promise<void>;
} {
  const byParent = recordsFromParent();
  if (byParent) return { records: byParent, close: async () => undefined };
  return lazyRecords(
    () => openOperations(ctx.config),
    (ops) => ops.close(),
  );
}

/** `brecha pipeline run [file]`: runs what changed; exit 12 when a stage fails. */
export async function runPipelineCommand(
  ctx: CommandContext,
  file: string | undefined,
  options: { force?: string | boolean; trigger?: string },
): Promise<number> {
  const pipeline = pipelineOf(file);
  const en = ctx.lang === "en";
  if (!existsSync(storePath(ctx)) && pipeline.stages[0]?.action !== "ingest")
    ctx.err(en ? "no workspace yet: the first stage must ingest" : "aún no hay espacio de trabajo");
  const force =
    options.force === undefined
      ? []
      : options.force === true
        ? ("all" as const)
        : String(options.force)
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean);
  // SIGTERM or Ctrl-C: stop the stage in progress, record the run, release the guard.
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
  const { records, close } = pipelineRecords(ctx);
  const record = await runPipeline(pipeline, {
    records,
    signal: stop.signal,
    config: ctx.config,
    storePath: storePath(ctx),
    trigger: options.trigger ?? "cli",
    force,
    log: (m) => {
      if (ctx.config.progress !== "none") ctx.err(m);
    },
    // Each stage in its own process, so that a time limit really stops it.
    stageProcess: (stageId) => ({
      command: process.execPath,
      args: [
        BRECHA_BIN,
        "--home",
        ctx.config.home,
        ...(ctx.config.mirror ? ["--mirror", ctx.config.mirror] : []),
        "--lang",
        ctx.lang,
        "pipeline",
        "stage",
        pipeline.source,
        stageId,
      ],
    }),
  }).finally(close);
  process.off("SIGTERM", onSignal);
  process.off("SIGINT", onSignal);
  if (ctx.json) ctx.out(JSON.stringify(record));
  else
    ctx.out(
      formatTable(
        [en ? "stage" : "etapa", en ? "status" : "estado", "s", en ? "why" : "por qué"],
        record.stages.map((s) => [
          s.id,
          s.status,
          (s.durationMs / 1000).toFixed(1),
          s.error ? `${s.reason}: ${s.error}` : s.reason,
        ]),
      ),
    );
  if (record.status === "failed") {
    const failed = record.stages.find((s) => s.status === "failed")!;
    const kept = record.stages.filter((s) => s.status === "ran" || s.status === "skipped");
    throw new BrechaError(
      "BRECHA_PIPELINE_FAILED",
      `stage ${failed.id} (${failed.action}) failed after ${failed.attempts} attempt(s): ${failed.error}; ${kept.length ? `${kept.map((s) => s.id).join(", ")} kept` : "nothing before it"}; the next run resumes at ${failed.id}`,
    );
  }
  return 0;
}

/** `brecha pipeline stage <file> <id>`: one stage, run by `pipeline run` in its own process. */
export async function pipelineStageCommand(
  ctx: CommandContext,
  file: string,
  stageId: string,
): Promise<number> {
  // If the run that started this stage dies, the stage stops too (checked between computations).
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.exit(1);
  }, 1000).unref();
  const { records, close } = pipelineRecords(ctx);
  const result = await runStage(loadPipeline(file), stageId, {
    config: ctx.config,
    storePath: storePath(ctx),
    records,
    log: (m) => ctx.err(m),
  }).finally(close);
  ctx.out(JSON.stringify(result));
  return 0;
}

/** `brecha pipeline status [file]`: what the next run would do, the run in progress, the last runs. */
export async function pipelineStatusCommand(
  ctx: CommandContext,
  file: string | undefined,
): Promise<number> {
  const pipeline = pipelineOf(file);
  // The operational store is opened only if a stage's outputs are records (models, scenarios);
  // while a server holds the embedded store, those stages show as unknown.
  const { records, close } = pipelineRecords(ctx);
  const states = existsSync(storePath(ctx))
    ? await pipelineStatus(pipeline, {
        config: ctx.config,
        storePath: storePath(ctx),
        records,
      }).finally(close)
    : pipeline.stages.map((s) => ({
        id: s.id,
        action: s.action,
        needs: s.needs,
        state: "never run" as const,
        lastRun: null,
      }));
  const running = runningNow(ctx.config.home, pipeline.name);
  const history = readHistory(ctx.config.home, pipeline.name, 5);
  const next = pipeline.schedule ? nextRun(pipeline.schedule, new Date()).toISOString() : null;
  if (ctx.json) {
    ctx.out(JSON.stringify({ pipeline: pipeline.name, stages: states, running, next, history }));
    return 0;
  }
  const en = ctx.lang === "en";
  ctx.out(
    `${pipeline.name}: ${pipeline.description}${next ? ` — ${en ? "next scheduled run" : "próxima ejecución programada"} ${next} (${pipeline.schedule!.expression}, UTC)` : ""}`,
  );
  if (running)
    ctx.out(
      `${en ? "running now" : "en curso"}: PID ${running.pid}, ${running.stage ?? "…"}, ${running.startedAt}`,
    );
  ctx.out(
    formatTable(
      [
        en ? "stage" : "etapa",
        en ? "action" : "acción",
        en ? "needs" : "depende de",
        en ? "state" : "estado",
        en ? "last success" : "último éxito",
      ],
      states.map((s) => [s.id, s.action, s.needs.join(", ") || "–", s.state, s.lastRun ?? "–"]),
    ),
  );
  if (states.some((s) => s.state === "unknown"))
    ctx.out(
      en
        ? "unknown: the operational store, which holds the models and scenarios, is in use by another process (a server); its API shows the pipeline's runs (GET /api/v1/pipelines)"
        : "unknown (desconocido): el almacén operativo, que guarda los modelos y escenarios, está en uso por otro proceso (un servidor); su API muestra las ejecuciones (GET /api/v1/pipelines)",
    );
  if (history.length)
    ctx.out(
      `${en ? "Last runs" : "Últimas ejecuciones"}: ${history
        .map((h) => `${h.startedAt.slice(0, 19)} ${h.trigger} ${h.status}`)
        .join("; ")}`,
    );
  return 0;
}

/** `brecha pipeline dag [file]`: the stages and their dependencies, as text or Graphviz dot. */
export async function pipelineDagCommand(
  ctx: CommandContext,
  file: string | undefined,
  options: { format?: string },
): Promise<number> {
  const pipeline = pipelineOf(file);
  const format = options.format ?? (ctx.json ? "json" : "text");
  if (format === "json")
    ctx.out(
      JSON.stringify({
        name: pipeline.name,
        schedule: pipeline.schedule?.expression ?? null,
        stages: pipeline.stages,
      }),
    );
  else if (format === "dot")
    ctx.out(
      [
        `digraph "${pipeline.name}" {`,
        "  rankdir=LR;",
        ...pipeline.stages.map((s) => `  "${s.id}" [label="${s.id}\\n(${s.action})"];`),
        ...pipeline.stages.flatMap((s) => s.needs.map((n) => `  "${n}" -> "${s.id}";`)),
        "}",
      ].join("\n"),
    );
  else
    for (const s of pipeline.stages)
      ctx.out(`${s.needs.length ? `${s.needs.join(" + ")} → ` : ""}${s.id} (${s.action})`);
  return 0;
}
