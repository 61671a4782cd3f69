/** Capacitated p-median with single sourcing: p medians among the points, every point assigned
 * to one median, each median serving at most `capacity` demand; least total distance. */
export interface CpmpProblem {
  readonly n: number;
  readonly p: number;
  readonly capacity: number;
  readonly demand: Float64Array;
  /** distance[i × n + j] between points i and j. */
  readonly distance: Float64Array;
}
