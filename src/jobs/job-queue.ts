import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { writeFileAtomically } from "../domain/index.ts";
import { BrechaError, NotFoundError } from "../errors/index.ts";
import type { PlanProgress } from "../optimise/index.ts";
import { readOnlyFileOf, type Store } from "../storage/index.ts";
import { JOB_KINDS, performJob, type JobInputs, type JobKind, type JobOutput } from "./work.ts";

export type JobState = "queued" | "running" | "succeeded" | "failed" | "cancelled" | "interrupted";

const JOB_RECORD = z.object({
  id: z.string(),
  kind: z.enum(JOB_KINDS as [JobKind, ...JobKind[]]),
  state: z.enum(["queued", "running", "succeeded", "failed", "cancelled", "interrupted"]),
  createdBy: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  input: z.record(z.string(), z.unknown()),
  progress: z.object({
    phase: z.string(),
    percent: z.number(),
    bound: z.number().optional(),
    gap: z.number().optional(),
  }),
  summary: z.record(z.string(), z.number()).nullable(),
  seconds: z.number().nullable(),
  gap: z.number().nullable(),
  error: z
    .object({
      code: z.string(),
      message: z.string(),
      /** The message in Spanish. */
      es: z.string().optional(),
      reference: z.string().optional(),
    })
    .nullable(),
  saved: z
    .object({
      scenario: z.object({ name: z.string(), version: z.number() }).optional(),
      model: z.string().optional(),
    })
    .nullable(),
});

/** A job as the server keeps it and the API shows it. */
export type JobRecord = z.infer<typeof JOB_RECORD>;

/** What the server does with a finished job's output before it counts as done (save a scenario
 * or a model); what it returns is recorded in `saved`. */
export type Finisher = (record: JobRecord, output: JobOutput) => Promise<JobRecord["saved"]>;

export interface JobLimits {
  /** Jobs running at once (each a process of its own). */
  readonly concurrency: number;
  /** Jobs queued or running; past it a submission gets BRECHA_BUSY. */
  readonly queue: number;
  /** Finished jobs kept on disk (the oldest are removed). */
  readonly keep: number;
}

const ACTIVE: readonly JobState[] = ["queued", "running"];
const CHILD = fileURLToPath(new URL("./job-child.mjs", import.meta.url));

/**
 * Long work (plans, training) as jobs: a bounded queue, each job in a child process of its own
 * with a read-only engine on the workspace file, progress as the solver reports it, cancellation
 * at any moment, and the result kept on disk. Records are written atomically (a temporary file
 * renamed over the old one); a job found queued or running when the server starts was cut off by
 * a stop and is marked interrupted — its result was never written, or written but never counted.
 * A store with no file of its own (in memory, ClickHouse) runs jobs in the server's process.
 */
export class JobQueue {
  readonly #dir: string;
  readonly #jobs = new Map<string, JobRecord>();
  readonly #pending: string[] = [];
  readonly #running = new Map<string, { child: ChildProcess | null; cancelled: boolean }>();
  readonly #persistedAt = new Map<string, number>();
  #meanSeconds = 20;
  #closed = false;

  constructor(
    dir: string,
    private readonly store: Store,
    private readonly finish: Finisher,
    private readonly limits: JobLimits = { concurrency: 1, queue: 32, keep: 500 },
    private readonly log: (event: string, fields: Record<string, unknown>) => void = () => {},
  ) {
    this.#dir = dir;
    mkdirSync(dir, { recursive: true });
    this.#recover();
  }

  /** Jobs queued or running. */
  get active(): number {
    return this.#pending.length + this.#running.size;
  }

  /** Counts by state, for /metrics. */
  counts(): Record<JobState, number> {
    const counts: Record<JobState, number> = {
      queued: 0,
      running: 0,
      succeeded: 0,
      failed: 0,
      cancelled: 0,
      interrupted: 0,
    };
    for (const job of this.#jobs.values()) counts[job.state]++;
    return counts;
  }

  submit<K extends JobKind>(kind: K, input: JobInputs[K], createdBy: string): JobRecord {
    if (this.#closed) throw new BrechaError("BRECHA_BUSY", "the server is stopping");
    if (this.active >= this.limits.queue) {
      const retry = Math.max(
        5,
        Math.ceil((this.#meanSeconds * this.active) / this.limits.concurrency),
      );
      throw new BrechaError(
        "BRECHA_BUSY",
        `the server has ${this.active} plans and training runs queued or running, its limit; retry in ${retry} s`,
        { details: { retryAfterSeconds: retry } },
      );
    }
    const record: JobRecord = {
      id: randomBytes(10).toString("hex"),
      kind,
      state: "queued",
      createdBy,
      createdAt: new Date().toISOString(),
      startedAt: null,
      endedAt: null,
      input: input as Record<string, unknown>,
      progress: { phase: "queued", percent: 0 },
      summary: null,
      seconds: null,
      gap: null,
      error: null,
      saved: null,
    };
    this.#jobs.set(record.id, record);
    this.#persist(record);
    this.#pending.push(record.id);
    this.#prune();
    this.#pump();
    return record;
  }

  /** A job the caller may see: its own, or any for an administrator. */
  get(id: string, caller: string): JobRecord {
    const job = /^[0-9a-f]{20}$/.test(id) ? this.#jobs.get(id) : undefined;
    if (!job || !visibleTo(job, caller))
      throw new NotFoundError("BRECHA_NOT_FOUND", `no job ${id.slice(0, 40)}`);
    return job;
  }

  /** The caller's jobs (all of them for an administrator), newest first. */
  list(caller: string, limit = 100): JobRecord[] {
    return [...this.#jobs.values()]
      .filter((j) => visibleTo(j, caller))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, limit);
  }

  /** The result of a job that succeeded. */
  result(id: string, caller: string): unknown {
    const job = this.get(id, caller);
    if (job.state !== "succeeded")
      throw new BrechaError(
        "BRECHA_JOB_STATE",
        `job ${id} is ${job.state}: its result is there only once it has succeeded`,
        { details: { state: job.state } },
      );
    return JSON.parse(readFileSync(this.#resultPath(id), "utf8")) as unknown;
  }

  /** Stops a queued or running job; its result is never kept. */
  cancel(id: string, caller: string): JobRecord {
    const job = this.get(id, caller);
    if (!ACTIVE.includes(job.state))
      throw new BrechaError("BRECHA_JOB_STATE", `job ${id} has already ended (${job.state})`, {
        details: { state: job.state },
      });
    const queued = this.#pending.indexOf(id);
    if (queued >= 0) {
      this.#pending.splice(queued, 1);
      return this.#end(job, "cancelled", null);
    }
    const running = this.#running.get(id)!;
    running.cancelled = true;
    if (running.child) running.child.kill("SIGKILL");
    // Run in the server's process: nothing to kill; its output is dropped when it arrives.
    else this.#end(job, "cancelled", null);
    return job;
  }

  /** Stops every job; those queued or running are marked interrupted. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const id of this.#pending.splice(0)) {
      const job = this.#jobs.get(id);
      if (job) this.#end(job, "interrupted", INTERRUPTED);
    }
    const exits: Array<Promise<void>> = [];
    for (const [id, run] of this.#running) {
      const job = this.#jobs.get(id)!;
      run.cancelled = true;
      if (run.child && run.child.exitCode === null) {
        const child = run.child;
        exits.push(new Promise((resolve) => child.once("exit", () => resolve())));
        child.kill("SIGKILL");
      }
      this.#end(job, "interrupted", INTERRUPTED);
    }
    this.#running.clear();
    await Promise.all(exits);
  }

  #pump(): void {
    while (!this.#closed && this.#running.size < this.limits.concurrency) {
      const id = this.#pending.shift();
      if (id === undefined) return;
      const job = this.#jobs.get(id);
      if (job?.state === "queued") this.#start(job);
    }
  }

  #start(job: JobRecord): void {
    job.state = "running";
    job.startedAt = new Date().toISOString();
    job.progress = { phase: "loading", percent: 0 };
    this.#persist(job);
    const path = readOnlyFileOf(this.store);
    const run = { child: null as ChildProcess | null, cancelled: false };
    this.#running.set(job.id, run);
    const progress = (p: PlanProgress) => {
      if (job.state !== "running") return;
      job.progress = { ...p };
      const now = Date.now();
      // Progress is kept on disk now and then, so that a restart shows how far a job had got.
      if (now - (this.#persistedAt.get(job.id) ?? 0) >= 1000) this.#persist(job);
    };
    if (path === null) {
      performJob(job.kind, job.input as never, this.store, progress).then(
        (output) => void this.#succeed(job, run, output),
        (error: unknown) => this.#fail(job, run, error),
      );
      return;
    }
    const child = fork(CHILD, [], {
      execArgv: [],
      serialization: "advanced",
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    run.child = child;
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      if (stderr.length < 8192) stderr += chunk.toString("utf8");
    });
    let settled = false;
    child.on(
      "message",
      (message: {
        type: "progress" | "done" | "failed";
        progress?: PlanProgress;
        output?: JobOutput;
        error?: {
          code?: string;
          message: string;
          es?: string;
          details?: Record<string, unknown>;
        };
      }) => {
        if (message.type === "progress" && message.progress) progress(message.progress);
        else if (message.type === "done" && message.output) {
          settled = true;
          void this.#succeed(job, run, message.output);
        } else if (message.type === "failed" && message.error) {
          settled = true;
          const e = message.error;
          this.#fail(
            job,
            run,
            e.code?.startsWith("BRECHA_")
              ? new BrechaError(e.code as never, e.message, {
                  details: e.details ?? {},
                  ...(e.es ? { es: e.es } : {}),
                })
              : Object.assign(new Error(e.message), { detail: e }),
          );
        }
      },
    );
    child.on("exit", (code, signal) => {
      if (settled) return;
      if (run.cancelled) {
        if (this.#running.get(job.id) === run) this.#running.delete(job.id);
        if (ACTIVE.includes(job.state)) this.#end(job, "cancelled", null);
        this.#pump();
        return;
      }
      this.#fail(
        job,
        run,
        new Error(`the job's process stopped (code ${code}, signal ${signal}): ${stderr}`),
      );
    });
    child.send({ kind: job.kind, input: job.input, path });
  }

  async #succeed(job: JobRecord, run: { cancelled: boolean }, output: JobOutput): Promise<void> {
    this.#running.delete(job.id);
    if (run.cancelled || job.state !== "running") {
      this.#pump();
      return;
    }
    try {
      // The result is on disk before the job counts as done, and the scenario or model is saved
      // from what was solved: a stop in between leaves an interrupted job, never a half one.
      writeFileAtomically(this.#resultPath(job.id), JSON.stringify(output.result));
      const saved = await this.finish(job, output);
      job.summary = output.summary;
      job.seconds = Math.round(output.seconds * 1000) / 1000;
      job.gap = output.gap;
      job.saved = saved;
      job.progress = { ...job.progress, phase: "done", percent: 100 };
      this.#meanSeconds = 0.7 * this.#meanSeconds + 0.3 * output.seconds;
      this.#end(job, "succeeded", null);
    } catch (error) {
      this.#fail(job, run, error);
      return;
    }
    this.#pump();
  }

  #fail(job: JobRecord, run: { cancelled: boolean }, error: unknown): void {
    this.#running.delete(job.id);
    if (!run.cancelled && job.state === "running") {
      if (error instanceof BrechaError && error.httpStatus < 500)
        this.#end(job, "failed", {
          code: error.code,
          message: error.message,
          es: error.messageIn("es"),
        });
      else {
        const reference = randomBytes(6).toString("hex");
        this.log("job failed", { job: job.id, kind: job.kind, reference, error: String(error) });
        this.#end(job, "failed", {
          code: error instanceof BrechaError ? error.code : "BRECHA_INTERNAL",
          message: `the job failed; quote reference ${reference} to the administrator`,
          es: `el trabajo falló; indique la referencia ${reference} al administrador`,
          reference,
        });
      }
    }
    this.#pump();
  }

  #end(job: JobRecord, state: JobState, error: JobRecord["error"]): JobRecord {
    job.state = state;
    job.endedAt = new Date().toISOString();
    job.error = error;
    this.#persist(job);
    this.#persistedAt.delete(job.id);
    return job;
  }

  #recordPath(id: string): string {
    return join(this.#dir, `${id}.json`);
  }

  #resultPath(id: string): string {
    return join(this.#dir, `${id}.result.json`);
  }

  #persist(job: JobRecord): void {
    this.#persistedAt.set(job.id, Date.now());
    writeFileAtomically(this.#recordPath(job.id), JSON.stringify(job));
  }

  /** Reads the records on disk; those left queued or running were cut off by a stop. */
  #recover(): void {
    for (const name of readdirSync(this.#dir)) {
      const m = /^([0-9a-f]{20})\.json$/.exec(name);
      if (!m) {
        // A temporary file from a write that never finished.
        if (name.endsWith(".tmp")) rmSync(join(this.#dir, name), { force: true });
        continue;
      }
      let job: JobRecord;
      try {
        job = JOB_RECORD.parse(JSON.parse(readFileSync(join(this.#dir, name), "utf8")));
      } catch (error) {
        this.log("unreadable job record set aside", { file: name, error: String(error) });
        renameSync(join(this.#dir, name), join(this.#dir, `${name}.unreadable`));
        continue;
      }
      this.#jobs.set(job.id, job);
      if (ACTIVE.includes(job.state)) {
        rmSync(this.#resultPath(job.id), { force: true });
        this.#end(job, "interrupted", INTERRUPTED);
      }
    }
    this.#prune();
  }

  /** Keeps the newest finished jobs. */
  #prune(): void {
    const ended = [...this.#jobs.values()]
      .filter((j) => !ACTIVE.includes(j.state))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    for (const job of ended.slice(this.limits.keep)) {
      this.#jobs.delete(job.id);
      rmSync(this.#recordPath(job.id), { force: true });
      rmSync(this.#resultPath(job.id), { force: true });
    }
  }
}

const INTERRUPTED = {
  code: "BRECHA_JOB_INTERRUPTED",
  message:
    "the server stopped while this job was queued or running; nothing was saved: run it again",
};

function visibleTo(job: JobRecord, caller: string): boolean {
  return job.createdBy === caller || /^(api|user):admin:/.test(caller);
}
