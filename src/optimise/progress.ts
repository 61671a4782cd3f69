/** Where a plan has got to, for a job's progress bar. */
export interface PlanProgress {
  readonly phase: "loading" | "building" | "solving" | "explaining" | "saving";
  /** 0-100 over the whole plan. */
  readonly percent: number;
  /** The best proven bound on the objective so far, when the solver knows one. */
  readonly bound?: number;
  /** The relative gap between the best plan so far and the bound. */
  readonly gap?: number;
}

export type ProgressSink = (progress: PlanProgress) => void;

/**
 * Runs a solve, telling `sink` every second how much of its time limit has gone (as 10-80% of
 * the plan), since HiGHS in WebAssembly reports nothing while it runs. The solve gets the same
 * sink to report its own bound and gap through: ticks and reports share one bar that only ever
 * moves forward.
 */
export async function whileSolving<T>(
  sink: ProgressSink | undefined,
  timeLimitS: number,
  solve: (progress: ProgressSink | undefined) => Promise<T>,
): Promise<T> {
  if (!sink) return solve(undefined);
  const started = performance.now();
  let last = 10;
  const forward: ProgressSink = (p) => {
    last = Math.max(last, p.percent);
    sink({ ...p, percent: last });
  };
  forward({ phase: "solving", percent: 10 });
  const ticker = setInterval(() => {
    const share = Math.min(1, (performance.now() - started) / 1000 / timeLimitS);
    if (10 + 70 * share > last) forward({ phase: "solving", percent: Math.round(10 + 70 * share) });
  }, 1000);
  ticker.unref();
  try {
    return await solve(forward);
  } finally {
    clearInterval(ticker);
  }
}
