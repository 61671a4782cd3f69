import { BrechaError } from "../../errors/index.ts";
import { INFINITY, solveMip } from "../solve-mip.ts";
import type { Coverage } from "./coverage.ts";

export interface SetCoverResult {
  readonly open: number[];
  /** Demand points no candidate covers at this radius (reported, not counted). */
  readonly uncoverable: number[];
  /** Proven lower bound on the number of sites. */
  readonly bound: number;
  readonly provedBy: "mip" | "none";
  readonly timingsMs: Readonly<Record<string, number>>;
}

/** Distinct non-empty coverage patterns of the coverable demand points (one row each). */
function patterns(coverage: Coverage): { rows: number[][]; uncoverable: number[] } {
  const sitesOf: number[][] = Array.from({ length: coverage.demands }, () => []);
  for (let j = 0; j < coverage.candidates; j++)
    for (let k = coverage.starts[j]!; k < coverage.starts[j + 1]!; k++)
      sitesOf[coverage.points[k]!]!.push(j);
  const seen = new Set<string>();
  const rows: number[][] = [];
  const uncoverable: number[] = [];
  sitesOf.forEach((sites, i) => {
    if (sites.length === 0) {
      uncoverable.push(i);
      return;
    }
    const key = sites.join(",");
    if (!seen.has(key)) {
      seen.add(key);
      rows.push(sites);
    }
  });
  return { rows, uncoverable };
}

/**
 * Location set covering (Toregas, Swain, ReVelle & Bergman 1971): the fewest sites that put every
 * coverable demand point within the radius, with `fixedOpen` sites kept; `maxSites` turns it into a
 * feasibility question (used by the p-center search). Solved as a MIP by HiGHS over distinct coverage
 * patterns.
 */
export async function solveSetCover(
  coverage: Coverage,
  {
    fixedOpen = [],
    maxSites,
    timeLimitS = 60,
  }: { fixedOpen?: readonly number[]; maxSites?: number; timeLimitS?: number } = {},
): Promise<SetCoverResult & { feasible: boolean }> {
  const started = performance.now();
  const { rows, uncoverable } = patterns(coverage);
  const m = coverage.candidates;
  const columnRows: number[][] = Array.from({ length: m }, () => []);
  rows.forEach((sites, r) => sites.forEach((j) => columnRows[j]!.push(r)));
  const limitRow = maxSites === undefined ? -1 : rows.length;
  const starts = new Int32Array(m + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let j = 0; j < m; j++) {
    starts[j] = indices.length;
    for (const r of columnRows[j]!) {
      indices.push(r);
      values.push(1);
    }
    if (limitRow >= 0) {
      indices.push(limitRow);
      values.push(1);
    }
  }
  starts[m] = indices.length;
  const numRows = rows.length + (limitRow >= 0 ? 1 : 0);
  const colLower = new Float64Array(m);
  for (const j of fixedOpen) colLower[j] = 1;
  const result = await solveMip(
    {
      numCols: m,
      numRows,
      colCost: new Float64Array(m).fill(1),
      colLower,
      colUpper: new Float64Array(m).fill(1),
      rowLower: Float64Array.from({ length: numRows }, (_, r) => (r === limitRow ? -INFINITY : 1)),
      rowUpper: Float64Array.from({ length: numRows }, (_, r) =>
        r === limitRow ? maxSites! : INFINITY,
      ),
      starts,
      indices: Int32Array.from(indices),
      values: Float64Array.from(values),
      integrality: new Int32Array(m).fill(1),
    },
    { timeLimitS, relGap: 0 },
  );
  const timingsMs = { mip: result.runMs, total: performance.now() - started };
  if (result.status === "infeasible")
    return { open: [], uncoverable, bound: Infinity, provedBy: "mip", timingsMs, feasible: false };
  if (result.x.length !== m)
    throw new BrechaError("BRECHA_SOLVER", `HiGHS ended with status ${result.status} and no cover`);
  const open = Array.from({ length: m }, (_, j) => j).filter((j) => result.x[j]! > 0.5);
  return {
    open,
    uncoverable,
    bound: Math.ceil((Number.isFinite(result.bound) ? result.bound : open.length) - 1e-6),
    provedBy: result.status === "optimal" ? "mip" : "none",
    timingsMs,
    feasible: true,
  };
}

export interface PCenterResult {
  readonly open: number[];
  /** The smallest radius (within `toleranceKm`) at which p sites cover every demand point. */
  readonly radiusKm: number;
  /** The largest radius proved too small. */
  readonly lowerKm: number;
  readonly iterations: number;
}

/**
 * p-center (Hakimi 1965): the smallest radius at which p sites cover every demand point, found by
 * bisection on the radius with a set-cover feasibility MIP at each step (Minieka 1970). The
 * returned radius is within `toleranceKm` of the optimum.
 */
export async function solvePCenter(
  coverageAt: (radiusKm: number) => Coverage,
  p: number,
  {
    maxKm,
    toleranceKm = 0.5,
    fixedOpen = [],
    timeLimitS = 20,
  }: { maxKm: number; toleranceKm?: number; fixedOpen?: readonly number[]; timeLimitS?: number },
): Promise<PCenterResult> {
  let low = 0;
  let high = maxKm;
  let best: number[] | null = null;
  let iterations = 0;
  const atHigh = await solveSetCover(coverageAt(high), { fixedOpen, maxSites: p, timeLimitS });
  if (!atHigh.feasible || atHigh.uncoverable.length > 0)
    throw new BrechaError(
      "BRECHA_INFEASIBLE",
      `${p} sites cannot cover every place even within ${maxKm} km`,
    );
  best = atHigh.open;
  while (high - low > toleranceKm) {
    iterations++;
    const mid = (low + high) / 2;
    const trial = await solveSetCover(coverageAt(mid), { fixedOpen, maxSites: p, timeLimitS });
    if (trial.feasible && trial.uncoverable.length === 0) {
      high = mid;
      best = trial.open;
    } else low = mid;
  }
  return { open: best, radiusKm: high, lowerKm: low, iterations };
}
