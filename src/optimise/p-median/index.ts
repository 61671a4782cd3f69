export { parseOrlibPmed, allPairsShortestPaths, type PMedianInstance } from "./orlib.ts";
export { evaluate, type PMedianProblem, type PMedianSolution } from "./problem.ts";
export { greedy, interchange } from "./heuristics.ts";
export { lagrangianBound, type LagrangianBound } from "./lagrangian.ts";
export { solvePMedian, type PMedianResult } from "./solve-p-median.ts";
