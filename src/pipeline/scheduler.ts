import type { ChildProcess } from "node:child_process";
import { BrechaError } from "../errors/index.ts";
import { nextRun } from "./cron.ts";
import type { Pipeline } from "./definition.ts";
import { runningNow } from "./runner.ts";

export interface ScheduledRun {
  readonly pipeline: string;
  readonly trigger: string;
  readonly pid: number;
  readonly startedAt: string;
}

/**
 * Runs pipelines at the times their cron expressions name, and on request, each run in its own
 * process (`brecha pipeline run`): one run at a time per pipeline (a run already in progress, from
 * here or the CLI, makes a scheduled run wait for the next time), at most `timeoutS` per run, and
 * runs stopped with SIGTERM when the server stops. Retries of failed stages and the history are
 * the runner's; a failed run resumes at the failed stage next time.
 */
export class PipelineScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly children = new Map<string, ChildProcess>();
  private readonly next = new Map<string, Date>();
  private stopped = false;

  constructor(
    readonly pipelines: readonly Pipeline[],
    private readonly options: {
      home: string;
      spawnRun: (pipeline: Pipeline, trigger: string) => ChildProcess;
      /** Longest a whole run may take before it is stopped (default: the sum of stage limits). */
      runTimeoutS?: (pipeline: Pipeline) => number;
      log?: (message: string) => void;
      onRunEnd?: (pipeline: Pipeline, code: number | null) => void;
      now?: () => Date;
    },
  ) {}

  start(): void {
    for (const p of this.pipelines) if (p.schedule) this.arm(p);
  }

  private arm(p: Pipeline): void {
    if (this.stopped || !p.schedule) return;
    const now = this.options.now?.() ?? new Date();
    const at = nextRun(p.schedule, now);
    this.next.set(p.name, at);
    // Timers longer than ~24.8 days overflow: wake up daily and re-arm.
    const wait = Math.min(at.getTime() - now.getTime(), 86_400_000);
    const timer = setTimeout(() => {
      const current = this.options.now?.() ?? new Date();
      if (current.getTime() + 1000 >= at.getTime()) {
        try {
          this.trigger(p.name, "schedule");
        } catch (error) {
          this.options.log?.(`scheduled run of ${p.name} not started: ${(error as Error).message}`);
        }
      }
      this.arm(p);
    }, wait);
    timer.unref();
    this.timers.set(p.name, timer);
  }

  /** The next scheduled time of each scheduled pipeline. */
  nextRuns(): Record<string, string> {
    return Object.fromEntries([...this.next].map(([name, at]) => [name, at.toISOString()]));
  }

  pipeline(name: string): Pipeline {
    const p = this.pipelines.find((x) => x.name === name);
    if (!p)
      throw new BrechaError(
        "BRECHA_NOT_FOUND",
        `no pipeline "${name}" (configured: ${this.pipelines.map((x) => x.name).join(", ") || "none"})`,
      );
    return p;
  }

  /** Starts a run now, unless one is in progress. */
  trigger(name: string, trigger = "api"): ScheduledRun {
    const p = this.pipeline(name);
    const running = runningNow(this.options.home, p.name);
    if (this.children.has(p.name) || running)
      throw new BrechaError(
        "BRECHA_PIPELINE_BUSY",
        `a run of pipeline "${p.name}" is in progress${running ? ` (PID ${running.pid}, stage ${running.stage ?? "starting"}, since ${running.startedAt})` : ""}`,
        {
          es: `hay una ejecución del pipeline "${p.name}" en curso${running ? ` (PID ${running.pid}, etapa ${running.stage ?? "inicio"}, desde ${running.startedAt})` : ""}`,
        },
      );
    if (this.stopped)
      throw new BrechaError("BRECHA_PIPELINE_BUSY", "the server is stopping", {
        es: "el servidor se está deteniendo",
      });
    const child = this.options.spawnRun(p, trigger);
    this.children.set(p.name, child);
    const limit =
      this.options.runTimeoutS?.(p) ?? p.stages.reduce((a, s) => a + s.timeoutS, 0) + 60;
    const timer = setTimeout(() => {
      this.options.log?.(`run of ${p.name} exceeded ${limit} s: stopping it`);
      child.kill("SIGTERM");
    }, limit * 1000);
    timer.unref();
    child.once("error", (error) => {
      // The run could not start (or be signalled): say so; "exit" may never come.
      clearTimeout(timer);
      this.children.delete(p.name);
      this.options.log?.(`run of ${p.name} (${trigger}) failed to start: ${error.message}`);
      this.options.onRunEnd?.(p, null);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      this.children.delete(p.name);
      this.options.log?.(`run of ${p.name} (${trigger}) ended with exit ${code}`);
      this.options.onRunEnd?.(p, code);
    });
    this.options.log?.(`run of ${p.name} started (${trigger}, PID ${child.pid})`);
    return {
      pipeline: p.name,
      trigger,
      pid: child.pid ?? -1,
      startedAt: new Date().toISOString(),
    };
  }

  /** Stops the timers and the runs in progress (they resume at their stage next time). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    const exits = [...this.children.values()].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
          setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
        }),
    );
    await Promise.all(exits);
  }
}
