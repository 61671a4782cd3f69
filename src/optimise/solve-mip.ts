import { Worker } from "node:worker_threads";
import { BrechaError } from "../errors/index.ts";

/** A linear model in HiGHS's sparse form (minimisation unless `maximize`). */
export interface MipModel {
  readonly numCols: number;
  readonly numRows: number;
  readonly maximize?: boolean;
  readonly colCost: Float64Array;
  readonly colLower: Float64Array;
  readonly colUpper: Float64Array;
  readonly rowLower: Float64Array;
  readonly rowUpper: Float64Array;
  /** Compressed sparse columns. */
  readonly starts: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
  /** 1 for integer columns, 0 for continuous. */
  readonly integrality: Int32Array;
  /** Constant added to the objective. */
  readonly offset?: number;
}

export interface MipResult {
  /** HiGHS's model status name: optimal, infeasible, time_limit, … */
  readonly status: string;
  readonly objective: number;
  /** Best proven bound (MIP dual bound). */
  readonly bound: number;
  readonly gap: number;
  readonly x: Float64Array;
  readonly runMs: number;
}

/** Values HiGHS treats as infinite (its `infinite_bound` default is 1e20). */
export const INFINITY = 1e30;

interface Pending {
  resolve: (result: MipResult) => void;
  reject: (error: unknown) => void;
}

/** Threads with HiGHS loaded, kept between solves (a thread start and the module load cost about
 * 0.2 s, as much as a small covering model takes to solve). Idle threads do not keep the process
 * alive; a thread that failed, or solved a very large model (its WebAssembly memory never
 * shrinks), is replaced. */
class HighsPool {
  readonly #idle: Worker[] = [];
  readonly #waiting: Array<(worker: Worker) => void> = [];
  readonly #pending = new Map<Worker, Pending>();
  readonly #dead = new WeakSet<Worker>();
  #count = 0;

  constructor(private readonly size: number) {}

  #spawn(): Worker {
    const worker = new Worker(new URL("./highs-worker.mjs", import.meta.url));
    this.#count++;
    worker.on("message", (message: MipResult | { error: string }) => {
      const pending = this.#pending.get(worker);
      this.#pending.delete(worker);
      if (!pending) return;
      if ("error" in message) {
        this.#discard(worker);
        pending.reject(new BrechaError("BRECHA_SOLVER", `HiGHS failed: ${message.error}`));
      } else pending.resolve(message);
    });
    worker.on("error", (error) => {
      const pending = this.#pending.get(worker);
      this.#pending.delete(worker);
      this.#discard(worker);
      pending?.reject(
        new BrechaError("BRECHA_SOLVER", `HiGHS worker failed: ${error.message}`, { cause: error }),
      );
    });
    return worker;
  }

  #discard(worker: Worker): void {
    if (this.#dead.has(worker)) return;
    this.#dead.add(worker);
    void worker.terminate();
    this.#count--;
    const next = this.#waiting.shift();
    if (next) next(this.#spawn());
  }

  async #acquire(): Promise<Worker> {
    const idle = this.#idle.pop();
    if (idle) return idle;
    if (this.#count < this.size) return this.#spawn();
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #release(worker: Worker, recycle: boolean): void {
    if (recycle) return this.#discard(worker);
    const next = this.#waiting.shift();
    if (next) return next(worker);
    worker.unref();
    this.#idle.push(worker);
  }

  async solve(payload: unknown, nonzeros: number): Promise<MipResult> {
    const worker = await this.#acquire();
    worker.ref();
    try {
      return await new Promise<MipResult>((resolve, reject) => {
        this.#pending.set(worker, { resolve, reject });
        worker.postMessage(payload);
      });
    } finally {
      // A thread that failed was already replaced; one that held a very large model goes too.
      if (!this.#dead.has(worker)) this.#release(worker, nonzeros > LARGE_MODEL_NONZEROS);
    }
  }
}

/** Models with more nonzeros than this leave their thread (and its grown memory) behind. */
const LARGE_MODEL_NONZEROS = 2_000_000;
const pool = new HighsPool(2);

/**
 * Solves a MIP with HiGHS (WebAssembly) in a pooled worker thread, since a solve blocks its
 * thread. `start` is a plan to begin from (e.g. a greedy one), which HiGHS uses as its incumbent.
 *
 * @example await solveMip(model, { timeLimitS: 30, relGap: 1e-6 })
 */
export function solveMip(
  model: MipModel,
  {
    timeLimitS = 60,
    relGap = 1e-4,
    absGap,
    cutoff,
    start,
  }: {
    timeLimitS?: number;
    relGap?: number;
    /** Stop once the bound is within this of the incumbent: just under 1 when every plan's
     * objective is a whole number (a bound below incumbent + 1 then proves it). */
    absGap?: number;
    cutoff?: number;
    start?: Float64Array;
  } = {},
): Promise<MipResult> {
  const payload = {
    model: {
      numCols: model.numCols,
      numRows: model.numRows,
      sense: model.maximize ? -1 : 1,
      offset: model.offset ?? 0,
      colCost: model.colCost,
      colLower: model.colLower,
      colUpper: model.colUpper,
      rowLower: model.rowLower,
      rowUpper: model.rowUpper,
      matrix: {
        format: "csc",
        numRows: model.numRows,
        numCols: model.numCols,
        starts: model.starts,
        indices: model.indices,
        values: model.values,
      },
      integrality: model.integrality,
    },
    // `objective_bound` prunes every node whose bound cannot beat the cutoff: when only solutions
    // better than a known incumbent matter, the tree shrinks accordingly.
    options: {
      time_limit: timeLimitS,
      mip_rel_gap: relGap,
      ...(absGap === undefined ? {} : { mip_abs_gap: absGap }),
      ...(cutoff === undefined ? {} : { objective_bound: cutoff }),
    },
    ...(start === undefined ? {} : { start }),
  };
  return pool.solve(payload, model.values.length);
}
