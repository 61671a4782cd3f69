import { INFINITY, type MipModel } from "../solve-mip.ts";

/**
 * The MIP both capacitated location models share. Columns: y_j, facility j open (binary), then
 * x_ij at m + i × m + j, the share of customer i served by j. Rows: every customer served in full
 * (Σ_j x_ij = 1), every facility within its capacity (Σ_i d_i x_ij ≤ s_j y_j), service only from
 * open facilities (x_ij ≤ y_j, which tightens the relaxation), and one row over the openings
 * (`openings`: Σ_j a_j y_j between its bounds — total capacity ≥ demand, or exactly p medians).
 */
export function capacitatedAssignmentModel({
  facilities: m,
  customers: n,
  capacity,
  demand,
  openCost,
  serveCost,
  openings,
  integralShares,
}: {
  facilities: number;
  customers: number;
  capacity: Float64Array;
  demand: Float64Array;
  /** Cost of opening each facility (m). */
  openCost: Float64Array;
  /** Cost of serving all of customer i from facility j, at i × m + j. */
  serveCost: Float64Array;
  openings: { coefficient: Float64Array; lower: number; upper: number };
  /** Single sourcing: each customer served by one facility. */
  integralShares: boolean;
}): MipModel {
  const numCols = m + n * m;
  const capRow = (j: number) => n + j;
  const linkRow = (i: number, j: number) => n + m + i * m + j;
  const openingsRow = n + m + n * m;
  const numRows = openingsRow + 1;
  const starts = new Int32Array(numCols + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let j = 0; j < m; j++) {
    starts[j] = indices.length;
    indices.push(capRow(j));
    values.push(-capacity[j]!);
    for (let i = 0; i < n; i++) {
      indices.push(linkRow(i, j));
      values.push(-1);
    }
    indices.push(openingsRow);
    values.push(openings.coefficient[j]!);
  }
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      starts[m + i * m + j] = indices.length;
      indices.push(i, capRow(j), linkRow(i, j));
      values.push(1, demand[i]!, 1);
    }
  starts[numCols] = indices.length;
  const rowLower = new Float64Array(numRows).fill(-INFINITY);
  const rowUpper = new Float64Array(numRows);
  for (let i = 0; i < n; i++) rowLower[i] = rowUpper[i] = 1;
  rowLower[openingsRow] = openings.lower;
  rowUpper[openingsRow] = openings.upper;
  const colCost = new Float64Array(numCols);
  colCost.set(openCost, 0);
  colCost.set(serveCost, m);
  return {
    numCols,
    numRows,
    colCost,
    colLower: new Float64Array(numCols),
    colUpper: new Float64Array(numCols).fill(1),
    rowLower,
    rowUpper,
    starts,
    indices: Int32Array.from(indices),
    values: Float64Array.from(values),
    integrality: Int32Array.from({ length: numCols }, (_, c) => (c < m || integralShares ? 1 : 0)),
  };
}
