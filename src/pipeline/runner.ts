import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { Config } from "../config/index.ts";
import { corruptFile, readJsonFile, writeFileAtomically } from "../domain/index.ts";
import { BrechaError } from "../errors/index.ts";
import { actionOf, sha256, type Hashes, type StageContext } from "./actions.ts";
import type { Pipeline, Stage } from "./definition.ts";
import type { Actor, PlanningRecords } from "../operations/index.ts";
import { spawnAnswering } from "./records-channel.ts";

/** What the lock file remembers of a stage's last successful run (like dvc.lock). */
export interface StageLock {
  readonly fingerprint: string;
  readonly inputs: Hashes;
  readonly outputs: Hashes;
  readonly finishedAt: string;
  readonly durationMs: number;
}

export type StageStatus = "ran" | "skipped" | "failed" | "not-run";

export interface StageRun {
  readonly id: string;
  readonly action: string;
  readonly status: StageStatus;
  readonly attempts: number;
  readonly durationMs: number;
  readonly reason: string;
  readonly error?: string | undefined;
}

export interface RunRecord {
  readonly runId: string;
  readonly pipeline: string;
  readonly trigger: string;
  readonly pid: number;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly status: "succeeded" | "failed" | "interrupted";
  readonly stages: readonly StageRun[];
}

/** A figure reported by a stage, for /metrics. */
export interface Measurement {
  readonly name: string;
  readonly value: number;
  readonly labels: Readonly<Record<string, string>>;
}

/** Where a pipeline keeps its lock, history, run guard and artefacts: `<home>/pipelines/<name>/`. */
export function pipelineFolder(home: string, name: string) {
  const dir = join(home, "pipelines", name);
  return {
    dir,
    lock: join(dir, "lock.json"),
    history: join(dir, "runs.jsonl"),
    running: join(dir, "running.json"),
    measurements: join(dir, "measurements.json"),
    artefacts: join(dir, "artefacts"),
  };
}

// The files a run leaves, as they are read back: checked, never cast.
const HASHES = z.record(z.string(), z.string());
const STAGE_LOCK = z.object({
  fingerprint: z.string(),
  inputs: HASHES,
  outputs: HASHES,
  finishedAt: z.string(),
  durationMs: z.number(),
});
const LOCK = z.record(z.string(), STAGE_LOCK);
const RUN_RECORD = z.object({
  runId: z.string(),
  pipeline: z.string(),
  trigger: z.string(),
  pid: z.number(),
  startedAt: z.string(),
  finishedAt: z.string(),
  status: z.enum(["succeeded", "failed", "interrupted"]),
  stages: z.array(
    z.object({
      id: z.string(),
      action: z.string(),
      status: z.enum(["ran", "skipped", "failed", "not-run"]),
      attempts: z.number(),
      durationMs: z.number(),
      reason: z.string(),
      error: z.string().optional(),
    }),
  ),
});
const RUNNING = z
  .object({
    runId: z.string(),
    pid: z.number().int(),
    startedAt: z.string(),
    trigger: z.string(),
    stage: z.string().nullable(),
  })
  .nullable();
const MEASUREMENTS = z.object({
  measurements: z.array(
    z.object({ name: z.string(), value: z.number(), labels: z.record(z.string(), z.string()) }),
  ),
});

function writeAtomic(path: string, value: unknown): void {
  writeFileAtomically(path, JSON.stringify(value, null, 2));
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** What each stage's last successful run left. A damaged lock is an error, not a full re-run. */
export function readLock(home: string, name: string): Record<string, StageLock> {
  return readJsonFile(pipelineFolder(home, name).lock, LOCK, {
    missing: () => ({}),
    remedy: "Nothing was run. Delete it to run every stage again.",
  });
}

/**
 * The last runs, newest first. A last line cut short (the process stopped while appending it) is
 * left out; any other line that is not a run record is an error naming the file and the line.
 */
export function readHistory(home: string, name: string, limit = 50): RunRecord[] {
  const path = pipelineFolder(home, name).history;
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, "utf8").split("\n");
  // Every record ends with a line break: what follows the last one is empty, or a record cut short.
  const complete = lines.slice(0, -1);
  const records = complete.map((line, k) => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw corruptFile(
        path,
        `line ${k + 1} is not JSON: ${(error as Error).message}`,
        HISTORY_REMEDY,
      );
    }
    const parsed = RUN_RECORD.safeParse(value);
    if (!parsed.success)
      throw corruptFile(
        path,
        `line ${k + 1}: ${parsed.error.issues[0]!.path.join(".")}: ${parsed.error.issues[0]!.message}`,
        HISTORY_REMEDY,
      );
    return parsed.data;
  });
  return records.slice(-limit).reverse();
}
const HISTORY_REMEDY = "Move it aside to start a new history; the lock and the outputs are kept.";

/** The figures the last run reported, for /metrics. */
export function readMeasurements(home: string, name: string): Measurement[] {
  return readJsonFile(pipelineFolder(home, name).measurements, MEASUREMENTS, {
    missing: () => ({ measurements: [] }),
    remedy: "The next run writes it again.",
  }).measurements;
}

interface Running {
  readonly runId: string;
  readonly pid: number;
  readonly startedAt: string;
  readonly trigger: string;
  readonly stage: string | null;
}

const readRunning = (path: string): Running | null =>
  readJsonFile(path, RUNNING, {
    missing: () => null,
    remedy: "If no run of this pipeline is in progress, delete it.",
  });

/** The run in progress, if its process is alive. */
export function runningNow(home: string, name: string): Running | null {
  const r = readRunning(pipelineFolder(home, name).running);
  return r && alive(r.pid) ? r : null;
}

/** What a stage of `pipeline` runs with: its artefact folder, its writes recorded as the
 * pipeline's; silent and never stopped unless told otherwise. */
function stageContext(
  pipeline: Pipeline,
  base: Pick<StageContext, "config" | "storePath" | "records">,
  rest: Partial<Pick<StageContext, "signal" | "log" | "measure">> = {},
): StageContext {
  return {
    ...base,
    artefacts: pipelineFolder(base.config.home, pipeline.name).artefacts,
    actor: pipelineActor(pipeline.name),
    signal: rest.signal ?? new AbortController().signal,
    log: rest.log ?? (() => undefined),
    measure: rest.measure ?? (() => undefined),
  };
}

/** Who a pipeline's writes are recorded as. */
const pipelineActor = (name: string): Actor => ({ caller: `pipeline:${name}`, address: null });

/** A stage's inputs: its outside inputs and the outputs of the stages it needs. */
function stageInputs(
  stage: Stage,
  ctx: StageContext,
  outputsOf: ReadonlyMap<string, Hashes>,
): Hashes {
  const inputs: Hashes = { ...actionOf(stage.action).externalInputs?.(ctx, stage.params) };
  for (const need of stage.needs)
    for (const [k, v] of Object.entries(outputsOf.get(need) ?? {})) inputs[`${need}.${k}`] = v;
  return inputs;
}

function fingerprintOf(stage: Stage, inputs: Hashes): string {
  const keys = Object.keys(inputs).sort();
  return sha256(
    JSON.stringify({
      action: stage.action,
      params: stage.params,
      inputs: keys.map((k) => [k, inputs[k]]),
    }),
  );
}

function sameHashes(a: Hashes | null, b: Hashes): boolean {
  if (!a) return false;
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
}

/** A stage stopped because the run was asked to stop (SIGTERM to `pipeline run`). */
class StageStopped extends BrechaError {
  constructor() {
    super("BRECHA_PIPELINE_FAILED", "stopped: the run was asked to stop");
  }
}

/** A stage stopped at its time limit. */
class StageTimeout extends BrechaError {
  constructor(ms: number) {
    super("BRECHA_PIPELINE_FAILED", `timed out after ${ms / 1000} s`);
  }
}

function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    work,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => {
        onTimeout();
        reject(new StageTimeout(ms));
      }, ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** The last line a stage process prints on stdout: its outputs and measurements. */
export interface StageResult {
  readonly outputs: Hashes;
  readonly measurements: readonly Measurement[];
}

/** Runs a stage in a child process, stopped (SIGTERM, then SIGKILL) when over its time limit. */
function runInChild(
  cmd: { command: string; args: string[] },
  timeoutMs: number,
  ctx: StageContext,
  stop: AbortSignal | undefined,
): Promise<Hashes> {
  return new Promise((resolve, reject) => {
    if (stop?.aborted) return reject(new StageStopped());
    // The stage asks this process for scenarios and models (see records-channel.ts).
    const child = spawnAnswering(cmd.command, cmd.args, {
      stdio: ["ignore", "pipe", "pipe"],
      records: async () => ctx.records,
      log: ctx.log,
    });
    let stopped = false;
    const onStop = () => {
      stopped = true;
      child.kill("SIGTERM");
    };
    stop?.addEventListener("abort", onStop, { once: true });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on("data", (d: Buffer) => {
      stderr += d.toString();
      for (const line of d.toString().split("\n")) if (line.trim()) ctx.log(line.trim());
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
    }, timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      stop?.removeEventListener("abort", onStop);
      if (stopped) return reject(new StageStopped());
      if (timedOut) return reject(new StageTimeout(timeoutMs));
      if (code !== 0) {
        const message =
          /Error \[[A-Z_]+\]: (.*)/.exec(stderr)?.[1] ??
          stderr.trim().split("\n").at(-1) ??
          `exit ${code ?? signal}`;
        return reject(new Error(message));
      }
      try {
        const last = stdout.trim().split("\n").at(-1) ?? "";
        const result = JSON.parse(last) as StageResult;
        for (const m of result.measurements) ctx.measure(m.name, m.value, { ...m.labels });
        resolve(result.outputs);
      } catch {
        reject(new Error("the stage process printed no result"));
      }
    });
  });
}

/** Runs one stage in this process and returns what a stage process prints. */
export async function runStage(
  pipeline: Pipeline,
  stageId: string,
  {
    config,
    storePath,
    records,
    log = () => undefined,
  }: { config: Config; storePath: string; records: PlanningRecords; log?: (m: string) => void },
): Promise<StageResult> {
  const stage = pipeline.stages.find((s) => s.id === stageId);
  if (!stage)
    throw new BrechaError("BRECHA_CONFIG_INVALID", `no stage "${stageId}" in ${pipeline.name}`);
  const folder = pipelineFolder(config.home, pipeline.name);
  mkdirSync(folder.artefacts, { recursive: true });
  const measurements: Measurement[] = [];
  const outputs = await actionOf(stage.action).run(
    stageContext(
      pipeline,
      { config, storePath, records },
      {
        log,
        measure: (name, value, labels = {}) => measurements.push({ name, value, labels }),
      },
    ),
    stage.params,
  );
  return { outputs, measurements };
}

export interface RunOptions {
  readonly config: Config;
  readonly storePath: string;
  /** Where scenarios and models are saved and read (the operational store, or the process that
   * started this one); stage processes ask through this process. */
  readonly records: PlanningRecords;
  readonly trigger?: string;
  /** Run these stages (and what follows them) even when up to date. */
  readonly force?: readonly string[] | "all";
  readonly log?: (message: string) => void;
  /**
   * The command line that runs one stage in its own process (`brecha pipeline stage <file> <id>`):
   * a stage over its time limit is then really stopped, and a crash stays in its process. Without
   * it stages run in this process and a time limit can only be noticed, not enforced, while a stage
   * computes.
   */
  readonly stageProcess?: (stageId: string) => { command: string; args: string[] };
  /** Aborting stops the stage in progress (its process) and ends the run as failed. */
  readonly signal?: AbortSignal;
  /** Called as each stage starts and ends (progress, metrics). */
  readonly onStage?: (stage: StageRun | { id: string; status: "running" }) => void;
}

/**
 * Runs a pipeline: one run at a time per pipeline (a guard file naming the process); each stage
 * runs only when its inputs (its parameters, the outputs of the stages it needs, its outside
 * inputs) changed since its last success or its outputs are no longer in place; the lock file is
 * rewritten after every successful stage, so a run that fails or is killed leaves the earlier
 * stages' outputs and records intact and the next run resumes at the first stage not done.
 */
export async function runPipeline(pipeline: Pipeline, options: RunOptions): Promise<RunRecord> {
  const { config, storePath, trigger = "cli", log = () => undefined } = options;
  const folder = pipelineFolder(config.home, pipeline.name);
  mkdirSync(folder.artefacts, { recursive: true });
  const started = new Date();
  const runId = `${started.toISOString().replace(/[:.]/g, "-")}-${process.pid}`;
  // One run at a time: the guard is created exclusively; a guard left by a dead process is taken over.
  const guard = (stage: string | null): Running => ({
    runId,
    pid: process.pid,
    startedAt: started.toISOString(),
    trigger,
    stage,
  });
  takeRunGuard(pipeline.name, folder, guard(null), log);
  const lock = readLock(config.home, pipeline.name);
  const measurements: Measurement[] = [];
  const outputsOf = new Map<string, Hashes>();
  const stages: StageRun[] = [];
  const forced = forcedStages(pipeline, options.force);
  let failed = false;
  // Stages downstream of a failure do not run; stages on other branches still do.
  const blocked = new Set<string>();
  try {
    for (const stage of pipeline.stages) {
      if (options.signal?.aborted) blocked.add(stage.id);
      const blocker = options.signal?.aborted
        ? "the stop request"
        : stage.needs.find((n) => blocked.has(n));
      if (blocker) {
        blocked.add(stage.id);
        stages.push({
          id: stage.id,
          action: stage.action,
          status: "not-run",
          attempts: 0,
          durationMs: 0,
          reason: `${blocker} did not finish`,
        });
        continue;
      }
      const action = actionOf(stage.action);
      const controller = new AbortController();
      const ctx = stageContext(
        pipeline,
        { config, storePath, records: options.records },
        {
          signal: controller.signal,
          log: (m) => log(`[${stage.id}] ${m}`),
          measure: (name, value, labels = {}) =>
            measurements.push({ name, value, labels: { stage: stage.id, ...labels } }),
        },
      );
      const inputs = stageInputs(stage, ctx, outputsOf);
      const fingerprint = fingerprintOf(stage, inputs);
      const last = lock[stage.id];
      const upstreamForced = stage.needs.some((n) => forced.has(n));
      if (upstreamForced) forced.add(stage.id);
      const reason = await whyRun(stage, ctx, { forced, last, fingerprint });
      if (reason === null) {
        outputsOf.set(stage.id, last!.outputs);
        stages.push({
          id: stage.id,
          action: stage.action,
          status: "skipped",
          attempts: 0,
          durationMs: 0,
          reason: "up to date",
        });
        options.onStage?.(stages.at(-1)!);
        log(`${stage.id}: up to date`);
        continue;
      }
      writeAtomic(folder.running, guard(stage.id));
      options.onStage?.({ id: stage.id, status: "running" });
      log(`${stage.id}: ${action.describe(stage.params)} (${reason})`);
      const t0 = performance.now();
      const { attempts, error, outputs } = await attemptStage(stage, {
        pipeline,
        ctx,
        controller,
        options,
        log,
      });
      const durationMs = Math.round(performance.now() - t0);
      measurements.push({
        name: "brecha_pipeline_stage_seconds",
        value: durationMs / 1000,
        labels: { stage: stage.id, action: stage.action },
      });
      if (error || !outputs) {
        failed = true;
        blocked.add(stage.id);
        stages.push({
          id: stage.id,
          action: stage.action,
          status: "failed",
          attempts,
          durationMs,
          reason,
          error: error?.message ?? "no outputs",
        });
        options.onStage?.(stages.at(-1)!);
        continue;
      }
      outputsOf.set(stage.id, outputs);
      lock[stage.id] = {
        fingerprint,
        inputs,
        outputs,
        finishedAt: new Date().toISOString(),
        durationMs,
      };
      writeAtomic(folder.lock, lock);
      stages.push({
        id: stage.id,
        action: stage.action,
        status: "ran",
        attempts,
        durationMs,
        reason,
      });
      options.onStage?.(stages.at(-1)!);
    }
  } finally {
    const record: RunRecord = {
      runId,
      pipeline: pipeline.name,
      trigger,
      pid: process.pid,
      startedAt: started.toISOString(),
      finishedAt: new Date().toISOString(),
      status: failed ? "failed" : "succeeded",
      stages,
    };
    appendFileSync(folder.history, `${JSON.stringify(record)}\n`);
    writeAtomic(folder.measurements, { runId, measurements });
    rmSync(folder.running, { force: true });
  }
  return readHistory(config.home, pipeline.name, 1)[0]!;
}

type RunReason = "forced" | "never run" | "inputs changed" | "outputs changed or missing";

/** Why a stage must run, or null when its last outputs are still in place and its inputs the
 * same. */
async function whyRun(
  stage: Stage,
  ctx: StageContext,
  {
    forced,
    last,
    fingerprint,
  }: { forced: Set<string>; last: StageLock | undefined; fingerprint: string },
): Promise<RunReason | null> {
  if (forced.has(stage.id)) return "forced";
  if (!last) return "never run";
  if (last.fingerprint !== fingerprint) return "inputs changed";
  const now = await actionOf(stage.action).current(ctx, stage.params);
  return sameHashes(now, last.outputs) ? null : "outputs changed or missing";
}

/** Creates the run guard exclusively: a live run of the pipeline refuses this one; a guard left by
 * a process that died is recorded as an interrupted run and taken over. */
function takeRunGuard(
  name: string,
  folder: ReturnType<typeof pipelineFolder>,
  mine: Running,
  log: (message: string) => void,
): void {
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(folder.running, JSON.stringify(mine), { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw error;
      const other = readRunning(folder.running);
      if (other && alive(other.pid) && other.pid !== process.pid)
        throw new BrechaError(
          "BRECHA_PIPELINE_BUSY",
          `a run of pipeline "${name}" is in progress (PID ${other.pid}, stage ${other.stage ?? "starting"}, since ${other.startedAt})`,
          {
            es: `hay una ejecución del pipeline "${name}" en curso (PID ${other.pid}, etapa ${other.stage ?? "inicio"}, desde ${other.startedAt})`,
          },
        );
      if (other) {
        log(
          `the previous run (PID ${other.pid}, ${other.runId}) ended without finishing${other.stage ? ` during ${other.stage}` : ""}; resuming`,
        );
        appendFileSync(
          folder.history,
          `${JSON.stringify({
            runId: other.runId,
            pipeline: name,
            trigger: other.trigger,
            pid: other.pid,
            startedAt: other.startedAt,
            finishedAt: new Date().toISOString(),
            status: "interrupted",
            stages: other.stage
              ? [
                  {
                    id: other.stage,
                    action: "",
                    status: "failed",
                    attempts: 1,
                    durationMs: 0,
                    reason: "the process ended during this stage",
                  },
                ]
              : [],
          } satisfies RunRecord)}\n`,
        );
      }
      rmSync(folder.running, { force: true });
    }
  }
}

/** Runs a stage (in a child process when the runner has one), retrying a failure up to the
 * pipeline's retries after its delay; a stage over its time limit or stopped is not retried. */
async function attemptStage(
  stage: Pipeline["stages"][number],
  {
    pipeline,
    ctx,
    controller,
    options,
    log,
  }: {
    pipeline: Pipeline;
    ctx: ReturnType<typeof stageContext>;
    controller: AbortController;
    options: RunOptions;
    log: (message: string) => void;
  },
): Promise<{ attempts: number; error: Error | null; outputs: Hashes | null }> {
  const action = actionOf(stage.action);
  let attempts = 0;
  let error: Error | null = null;
  let outputs: Hashes | null = null;
  while (attempts <= pipeline.retries) {
    attempts++;
    try {
      outputs = options.stageProcess
        ? await runInChild(
            options.stageProcess(stage.id),
            stage.timeoutS * 1000,
            ctx,
            options.signal,
          )
        : await withTimeout(action.run(ctx, stage.params), stage.timeoutS * 1000, () =>
            controller.abort(),
          );
      error = null;
      break;
    } catch (e) {
      error = e as Error;
      // A stage over its time limit is not tried again in this run.
      const timedOut = error instanceof StageTimeout || error instanceof StageStopped;
      log(`${stage.id}: attempt ${attempts} failed: ${error.message}`);
      if (timedOut || attempts > pipeline.retries) break;
      await new Promise((r) => setTimeout(r, pipeline.retryDelayS * 1000));
    }
  }
  return { attempts, error, outputs };
}

/** The stages a run must run whatever their lock says: all, or those named (which must exist). */
function forcedStages(pipeline: Pipeline, force: RunOptions["force"]): Set<string> {
  if (force === "all") return new Set(pipeline.stages.map((s) => s.id));
  for (const id of force ?? [])
    if (!pipeline.stages.some((s) => s.id === id))
      throw new BrechaError("BRECHA_CONFIG_INVALID", `no stage "${id}" in ${pipeline.name}`, {
        es: `no hay una etapa "${id}" en ${pipeline.name}`,
      });
  return new Set(force ?? []);
}

export interface StageState {
  readonly id: string;
  readonly action: string;
  readonly needs: readonly string[];
  readonly state:
    | "up to date"
    | "changed"
    | "never run"
    | "outputs changed"
    | "after a change"
    /** Its outputs could not be looked at (the operational store is held by another process). */
    | "unknown";
  readonly lastRun: string | null;
}

/** How `pipeline status` names the reasons a run would run a stage. */
const STATE_OF = {
  "up to date": "up to date",
  forced: "changed",
  "never run": "never run",
  "inputs changed": "changed",
  "outputs changed or missing": "outputs changed",
} as const satisfies Record<RunReason | "up to date", StageState["state"]>;

/** Which stages the next run would run, without running anything. */
export async function pipelineStatus(
  pipeline: Pipeline,
  { config, storePath, records }: { config: Config; storePath: string; records: PlanningRecords },
): Promise<StageState[]> {
  const lock = readLock(config.home, pipeline.name);
  const outputsOf = new Map<string, Hashes>();
  const stale = new Set<string>();
  const unknown = new Set<string>();
  const out: StageState[] = [];
  for (const stage of pipeline.stages) {
    const ctx = stageContext(pipeline, { config, storePath, records });
    const last = lock[stage.id];
    let state: StageState["state"];
    if (stage.needs.some((n) => unknown.has(n))) state = "unknown";
    else if (stage.needs.some((n) => stale.has(n))) state = "after a change";
    else {
      // The run's own reasoning, with nothing forced; outputs held in a store another process
      // holds cannot be looked at.
      const fingerprint = fingerprintOf(stage, stageInputs(stage, ctx, outputsOf));
      const reason = await whyRun(stage, ctx, { forced: new Set(), last, fingerprint }).catch(
        (error: unknown): "unknown" => {
          if (error instanceof BrechaError && error.code === "BRECHA_STORE_LOCKED")
            return "unknown";
          throw error;
        },
      );
      state = reason === "unknown" ? "unknown" : STATE_OF[reason ?? "up to date"];
    }
    if (state === "unknown") unknown.add(stage.id);
    if (state === "up to date" && last) outputsOf.set(stage.id, last.outputs);
    else stale.add(stage.id);
    out.push({
      id: stage.id,
      action: stage.action,
      needs: stage.needs,
      state,
      lastRun: last?.finishedAt ?? null,
    });
  }
  return out;
}
