import { Worker } from "node:worker_threads";
import { hotspots, inequalityReport } from "../analytics/index.ts";
import { BrechaError } from "../errors/index.ts";
import { readOnlyFileOf, type Store } from "../storage/index.ts";

export type HeavyKind = "hotspots" | "inequality";
type Args<K extends HeavyKind> = K extends "hotspots"
  ? Parameters<typeof hotspots>[1]
  : Parameters<typeof inequalityReport>[1];
type Result<K extends HeavyKind> = K extends "hotspots"
  ? Awaited<ReturnType<typeof hotspots>>
  : Awaited<ReturnType<typeof inequalityReport>>;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Heavy reads (permutation statistics) off the event loop: a worker thread with its own
 * read-only engine on the workspace file runs them one at a time, behind a bounded queue. Past
 * the queue a caller gets BRECHA_BUSY (503) with the seconds to wait, instead of everyone waiting
 * behind it. A store with no file of its own (in memory, or open for writing) runs them inline.
 */
export class HeavyWork {
  #worker: Worker | null = null;
  #pending = new Map<number, Pending>();
  #next = 1;
  #queued = 0;
  /** Mean seconds of recent tasks, for Retry-After. */
  #meanSeconds = 1;

  constructor(
    private readonly store: Store,
    private readonly limits: { readonly queue: number } = { queue: 8 },
  ) {}

  /** Heavy tasks waiting or running. */
  get inFlight(): number {
    return this.#queued;
  }

  async run<K extends HeavyKind>(kind: K, args: Args<K>): Promise<Result<K>> {
    if (this.#queued >= this.limits.queue) {
      const retry = Math.max(1, Math.ceil(this.#meanSeconds * this.#queued));
      throw new BrechaError(
        "BRECHA_BUSY",
        `the server is busy with ${this.#queued} hot-spot and inequality computations; retry in ${retry} s`,
        {
          details: { retryAfterSeconds: retry },
          es: `el servidor está ocupado con ${this.#queued} cálculos de puntos calientes y desigualdad; vuelva a intentar en ${retry} s`,
        },
      );
    }
    this.#queued++;
    const started = performance.now();
    try {
      const path = readOnlyFileOf(this.store);
      if (path === null)
        return (await (kind === "hotspots"
          ? hotspots(this.store, args as Args<"hotspots">)
          : inequalityReport(this.store, args as Args<"inequality">))) as Result<K>;
      return (await this.#send(kind, path, args)) as Result<K>;
    } finally {
      this.#queued--;
      this.#meanSeconds = 0.8 * this.#meanSeconds + 0.2 * ((performance.now() - started) / 1000);
    }
  }

  #send(kind: HeavyKind, path: string, args: unknown): Promise<unknown> {
    const worker = this.#ensureWorker();
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ id, kind, path, args });
    });
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(new URL("./heavy-worker.mjs", import.meta.url));
    worker.unref();
    worker.on(
      "message",
      (m: {
        id: number;
        ok: boolean;
        result?: unknown;
        error?: { code?: string; message: string; es?: string; details?: Record<string, unknown> };
      }) => {
        const pending = this.#pending.get(m.id);
        if (!pending) return;
        this.#pending.delete(m.id);
        if (m.ok) pending.resolve(m.result);
        else {
          const e = m.error!;
          pending.reject(
            e.code?.startsWith("BRECHA_")
              ? new BrechaError(e.code as never, e.message, {
                  details: e.details ?? {},
                  ...(e.es ? { es: e.es } : {}),
                })
              : new Error(e.message),
          );
        }
      },
    );
    worker.on("error", (error) => this.#fail(error));
    worker.on("exit", () => {
      this.#worker = null;
      this.#fail(new Error("the heavy-work thread stopped"));
    });
    this.#worker = worker;
    return worker;
  }

  #fail(error: unknown): void {
    for (const p of this.#pending.values()) p.reject(error);
    this.#pending.clear();
  }

  async close(): Promise<void> {
    await this.#worker?.terminate();
    this.#worker = null;
  }
}
