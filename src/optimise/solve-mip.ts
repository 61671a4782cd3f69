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

/**
 * Solves a MIP with HiGHS (WebAssembly) in a worker thread, since a solve blocks its thread.
 *
 * @example await solveMip(model, { timeLimitS: 30, relGap: 1e-6 })
 */
export function solveMip(
  model: MipModel,
  {
    timeLimitS = 60,
    relGap = 1e-4,
    cutoff,
  }: { timeLimitS?: number; relGap?: number; cutoff?: number } = {},
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
      ...(cutoff === undefined ? {} : { objective_bound: cutoff }),
    },
  };
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./highs-worker.mjs", import.meta.url), {
      workerData: payload,
    });
    worker.once("message", (message: MipResult | { error: string }) => {
      void worker.terminate();
      if ("error" in message)
        reject(new BrechaError("BRECHA_SOLVER", `HiGHS failed: ${message.error}`));
      else resolve(message);
    });
    worker.once("error", (error) =>
      reject(
        new BrechaError("BRECHA_SOLVER", `HiGHS worker failed: ${error.message}`, { cause: error }),
      ),
    );
  });
}
