import { BrechaError } from "../../errors/index.ts";
import { INFINITY, solveMip } from "../solve-mip.ts";
import type { Coverage } from "./coverage.ts";

export interface CapacitatedCoverResult {
  readonly open: number[];
  /** Weight served, each site serving at most its capacity. */
  readonly served: number;
  /** served_ij: weight of demand i served by site j (only non-zero pairs). */
  readonly assignments: ReadonlyArray<{ demand: number; site: number; weight: number }>;
  readonly bound: number;
  readonly gap: number;
  readonly status: string;
}

/**
 * Capacitated maximal covering (Current & Storbeck 1988): open p sites, assign demand within the
 * radius to open sites (a place may be split between hubs), each site serving at most `capacity`
 * weight; maximise the weight served. MIP by HiGHS with one column per (demand, site) pair within
 * the radius — meant for a department at a time.
 */
export async function solveCapacitatedCover(
  coverage: Coverage,
  weights: ArrayLike<number>,
  p: number,
  capacity: number,
  {
    fixedOpen = [],
    timeLimitS = 60,
    relGap = 0.005,
  }: { fixedOpen?: readonly number[]; timeLimitS?: number; relGap?: number } = {},
): Promise<CapacitatedCoverResult> {
  if (!(capacity > 0))
    throw new RangeError(`solveCapacitatedCover: capacity must be > 0, got ${capacity}`);
  const m = coverage.candidates;
  const pairs: Array<[number, number]> = [];
  for (let j = 0; j < m; j++)
    for (let k = coverage.starts[j]!; k < coverage.starts[j + 1]!; k++)
      if (weights[coverage.points[k]!]! > 0) pairs.push([coverage.points[k]!, j]);
  if (pairs.length > 400_000)
    throw new BrechaError(
      "BRECHA_USAGE",
      `${pairs.length} place-site pairs within the radius are too many for a capacitated plan here: restrict to a department or shrink the radius`,
    );
  // Columns: x_j (m, binary), then a_ij in [0, 1] per pair (share of place i served by j).
  // Rows: Σ_j a_ij ≤ 1 per place; Σ_i w_i a_ij − C x_j ≤ 0 per site; a_ij − x_j ≤ 0 per pair; Σ x = p.
  const demandRow = new Map<number, number>();
  for (const [i] of pairs) if (!demandRow.has(i)) demandRow.set(i, demandRow.size);
  const nd = demandRow.size;
  const siteRow = (j: number) => nd + j;
  const pairRow = (q: number) => nd + m + q;
  const pRow = nd + m + pairs.length;
  const numRows = pRow + 1;
  const numCols = m + pairs.length;
  const columns: Array<Array<[number, number]>> = Array.from({ length: numCols }, () => []);
  for (let j = 0; j < m; j++) columns[j]!.push([siteRow(j), -capacity], [pRow, 1]);
  pairs.forEach(([i, j], q) => {
    columns[m + q]!.push([demandRow.get(i)!, 1], [siteRow(j), weights[i]!], [pairRow(q), 1]);
    columns[j]!.push([pairRow(q), -1]);
  });
  const starts = new Int32Array(numCols + 1);
  const indices: number[] = [];
  const values: number[] = [];
  columns.forEach((list, c) => {
    starts[c] = indices.length;
    list.sort((a, b) => a[0] - b[0]);
    for (const [r, v] of list) {
      indices.push(r);
      values.push(v);
    }
  });
  starts[numCols] = indices.length;
  const colLower = new Float64Array(numCols);
  for (const j of fixedOpen) colLower[j] = 1;
  const result = await solveMip(
    {
      numCols,
      numRows,
      maximize: true,
      colCost: Float64Array.from({ length: numCols }, (_, c) =>
        c < m ? 0 : weights[pairs[c - m]![0]]!,
      ),
      colLower,
      colUpper: new Float64Array(numCols).fill(1),
      rowLower: Float64Array.from({ length: numRows }, (_, r) => (r === pRow ? p : -INFINITY)),
      rowUpper: Float64Array.from({ length: numRows }, (_, r) => (r < nd ? 1 : r === pRow ? p : 0)),
      starts,
      indices: Int32Array.from(indices),
      values: Float64Array.from(values),
      integrality: Int32Array.from({ length: numCols }, (_, c) => (c < m ? 1 : 0)),
    },
    { timeLimitS, relGap },
  );
  if (result.status === "infeasible")
    throw new BrechaError(
      "BRECHA_INFEASIBLE",
      `no ${p} sites can be opened (fewer candidates than hubs?)`,
    );
  if (result.x.length !== numCols)
    throw new BrechaError("BRECHA_SOLVER", `HiGHS ended with status ${result.status} and no plan`);
  const open = Array.from({ length: m }, (_, j) => j).filter((j) => result.x[j]! > 0.5);
  const assignments = pairs
    .map(([i, j], q) => ({ demand: i, site: j, weight: result.x[m + q]! * weights[i]! }))
    .filter((a) => a.weight > 1e-6);
  const served = assignments.reduce((s, a) => s + a.weight, 0);
  const bound = Number.isFinite(result.bound) ? result.bound : served;
  return {
    open,
    served,
    assignments,
    bound,
    gap: bound > 0 ? Math.max(0, (bound - served) / bound) : 0,
    status: result.status,
  };
}
