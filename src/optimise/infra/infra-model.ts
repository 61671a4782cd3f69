import type { ProgressSink } from "../progress.ts";
import { INFINITY, solveMip, type MipModel, type MipResult } from "../solve-mip.ts";
import { solveByPrice } from "./price-solver.ts";
import type { InfraProblem } from "./validate-infra.ts";

/**
 * The plan as a MIP for HiGHS. One binary column per option (plus, for max-min, a continuous
 * column t, the lowest department share). Rows: the budget; at most one option per site and
 * service; internet only where there is or will be electricity; each area's spending between its
 * floor and cap; for max-min, t ≤ each department's funded share of its potential benefit.
 * Must-do options are fixed at 1, must-not options at 0.
 */
export function buildInfraModel(problem: InfraProblem, budgetPen: number): MipModel {
  const { sites, options, forced, banned, levels, objective } = problem;
  const rows: Array<{ lower: number; upper: number }> = [{ lower: -INFINITY, upper: budgetPen }];
  const entries: Array<Array<[number, number]>> = options.map((o) => [[0, o.cost]]);
  const addRow = (lower: number, upper: number, cells: Iterable<[column: number, v: number]>) => {
    const row = rows.length;
    rows.push({ lower, upper });
    for (const [c, v] of cells) entries[c]!.push([row, v]);
    return row;
  };
  const groups = new Map<string, number[]>();
  options.forEach((o, c) => {
    const g = `${o.site}|${o.spec.group}`;
    groups.set(g, [...(groups.get(g) ?? []), c]);
  });
  for (const list of groups.values())
    if (list.length >= 2)
      addRow(
        -INFINITY,
        1,
        list.map((c) => [c, 1]),
      );
  sites.forEach((site, s) => {
    const internet = groups.get(`${s}|internet`) ?? [];
    if (site.hasElectricity || internet.length === 0) return;
    const power = groups.get(`${s}|electricidad`) ?? [];
    // Σ internet − Σ power ≤ 0
    addRow(-INFINITY, 0, [
      ...internet.map((c): [number, number] => [c, 1]),
      ...power.map((c): [number, number] => [c, -1]),
    ]);
  });
  for (const level of levels)
    for (const code of new Set([...Object.keys(level.floors), ...Object.keys(level.caps)]))
      addRow(
        level.floors[code] ?? -INFINITY,
        level.caps[code] ?? INFINITY,
        options.flatMap((o, c): Array<[number, number]> =>
          level.of(sites[o.site]!) === code ? [[c, o.cost]] : [],
        ),
      );
  const n = options.length;
  const maxmin = objective === "maxmin";
  const tEntries: Array<[number, number]> = [];
  if (maxmin)
    for (const [d, total] of potentialByDepartment(problem)) {
      if (total <= 0) continue;
      // Σ benefit·x − t·total ≥ 0
      const row = addRow(
        0,
        INFINITY,
        options.flatMap((o, c): Array<[number, number]> =>
          departmentOf(problem, c) === d ? [[c, o.benefit]] : [],
        ),
      );
      tEntries.push([row, -total]);
    }
  const numCols = maxmin ? n + 1 : n;
  const starts = new Int32Array(numCols + 1);
  const indices: number[] = [];
  const values: number[] = [];
  [...entries, ...(maxmin ? [tEntries] : [])].forEach((list, c) => {
    starts[c] = indices.length;
    for (const [r, v] of list) {
      indices.push(r);
      values.push(v);
    }
  });
  starts[numCols] = indices.length;
  const totalPotential = options.reduce((a, o) => a + o.benefit, 0) || 1;
  return {
    numCols,
    numRows: rows.length,
    maximize: true,
    // Max-min keeps a small weight on total benefit to choose among equally fair plans.
    colCost: Float64Array.from({ length: numCols }, (_, c) =>
      c === n ? 1 : maxmin ? (1e-3 * options[c]!.benefit) / totalPotential : options[c]!.benefit,
    ),
    colLower: Float64Array.from({ length: numCols }, (_, c) => (forced.has(c) ? 1 : 0)),
    colUpper: Float64Array.from({ length: numCols }, (_, c) => (c < n && banned.has(c) ? 0 : 1)),
    rowLower: Float64Array.from(rows, (r) => r.lower),
    rowUpper: Float64Array.from(rows, (r) => r.upper),
    starts,
    indices: Int32Array.from(indices),
    values: Float64Array.from(values),
    integrality: Int32Array.from({ length: numCols }, (_, c) => (c < n ? 1 : 0)),
  };
}

/** The department (2-digit code) of option `c`. */
export const departmentOf = (problem: InfraProblem, c: number): string =>
  problem.sites[problem.options[c]!.site]!.ubigeo.slice(0, 2);

/** The benefit of every option a department has: what "its share of its potential" divides by. */
export function potentialByDepartment(problem: InfraProblem): Map<string, number> {
  const potential = new Map<string, number>();
  problem.options.forEach((o, c) => {
    const d = departmentOf(problem, c);
    potential.set(d, (potential.get(d) ?? 0) + o.benefit);
  });
  return potential;
}

/** Solves the problem under a budget: HiGHS on the MIP, or pricing the budget for the very large
 * plans (no floors, caps or max-min there; validation made sure). */
export async function solveInfra(
  problem: InfraProblem,
  budgetPen: number,
  progress?: ProgressSink,
): Promise<MipResult> {
  if (problem.method === "mip")
    return solveMip(buildInfraModel(problem, budgetPen), {
      timeLimitS: problem.timeLimitS,
      relGap: 1e-4,
    });
  const { sites, options, forced, banned } = problem;
  const started = performance.now();
  const solution = solveByPrice(
    options.map((o, c) => ({
      site: o.site,
      group: o.spec.group,
      cost: o.cost,
      benefit: o.benefit,
      forced: forced.has(c),
      banned: banned.has(c),
    })),
    sites.length,
    (s) => sites[s]!.hasElectricity,
    budgetPen,
    progress &&
      ((p) =>
        progress({
          phase: "solving",
          percent: 10 + Math.round((70 * p.iteration) / p.iterations),
          bound: p.bound,
          gap: p.bound > 0 ? (p.bound - p.benefit) / p.bound : 0,
        })),
  );
  return {
    status: solution.gap <= 1e-4 ? "optimal" : "feasible",
    objective: solution.benefit,
    bound: solution.bound,
    gap: solution.gap,
    x: Float64Array.from(solution.picked),
    runMs: performance.now() - started,
  };
}
