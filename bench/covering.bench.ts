import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildPlanarCoverage, parseSjc, solveMclp, type Coverage } from "../src/optimise/index.ts";
import { REFERENCE_DIR, REFERENCE_MISSING } from "../test/helpers/paths.ts";

/** The 25 São José dos Campos cases with their optima (proved by CBC and GLPK; see the bench
 * folder's README). */
export const SJC_CASES: ReadonlyArray<[string, number, number, number]> = [
  ["SJC324", 800, 1, 5461],
  ["SJC324", 800, 2, 8790],
  ["SJC324", 800, 3, 11604],
  ["SJC324", 800, 4, 12106],
  ["SJC324", 1200, 1, 9932],
  ["SJC324", 1200, 2, 11555],
  ["SJC324", 250, 10, 8020],
  ["SJC324", 250, 20, 11357],
  ["SJC402", 800, 1, 6555],
  ["SJC402", 800, 2, 11339],
  ["SJC402", 800, 3, 14690],
  ["SJC402", 800, 4, 15658],
  ["SJC402", 1200, 1, 10607],
  ["SJC402", 1200, 2, 14832],
  ["SJC500", 800, 4, 17794],
  ["SJC500", 800, 6, 19525],
  ["SJC500", 800, 8, 19707],
  ["SJC708", 800, 4, 20338],
  ["SJC708", 800, 6, 22504],
  ["SJC708", 800, 8, 23684],
  ["SJC818", 800, 4, 21428],
  ["SJC818", 800, 6, 25908],
  ["SJC818", 800, 8, 27813],
  ["SJC818", 250, 10, 12336],
  ["SJC818", 250, 20, 18745],
];

export interface SjcFigure {
  readonly instance: string;
  readonly radius: number;
  readonly p: number;
  readonly optimum: number;
  readonly brecha: number;
  readonly brechaMs: number;
  readonly provedBy: string;
  readonly cbc: number | null;
  readonly cbcMs: number | null;
}

/** The same maximal covering model as CPLEX LP text for CBC: x_j binary, y_i in [0, 1]. */
function lpModel(coverage: Coverage, weights: Float64Array, p: number): string {
  const coveredBy: number[][] = Array.from({ length: coverage.demands }, () => []);
  for (let j = 0; j < coverage.candidates; j++)
    for (let k = coverage.starts[j]!; k < coverage.starts[j + 1]!; k++)
      coveredBy[coverage.points[k]!]!.push(j);
  const lines = ["Maximize", ` obj: ${Array.from(weights, (w, i) => `${w} y${i}`).join(" + ")}`];
  lines.push("Subject To");
  coveredBy.forEach((sites, i) =>
    lines.push(` c${i}: y${i}${sites.map((j) => ` - x${j}`).join("")} <= 0`),
  );
  lines.push(
    ` p: ${Array.from({ length: coverage.candidates }, (_, j) => `x${j}`).join(" + ")} = ${p}`,
  );
  lines.push("Bounds");
  for (let i = 0; i < coverage.demands; i++) lines.push(` 0 <= y${i} <= 1`);
  lines.push("Binary");
  for (let j = 0; j < coverage.candidates; j++) lines.push(` x${j}`);
  lines.push("End");
  return lines.join("\n");
}

/** Whether Debian's `cbc` (package coinor-cbc) is on the PATH. */
export function cbcInstalled(): boolean {
  return spawnSync("cbc", ["-quit"], { stdio: "ignore" }).status === 0;
}

/**
 * The 25 SJC maximal covering cases: Brecha proving each optimum (gap 0, 30 s limit), and CBC on
 * the same model in the same run (its process start included: that is what a call costs).
 */
export async function benchSjc(): Promise<SjcFigure[]> {
  if (REFERENCE_MISSING) {
    console.log(`  (SJC skipped: ${REFERENCE_MISSING})`);
    return [];
  }
  const cbc = cbcInstalled();
  if (!cbc) console.log("  (CBC not installed: apt-get install coinor-cbc to compare with it)");
  const dir = mkdtempSync(join(tmpdir(), "brecha-sjc-"));
  const figures: SjcFigure[] = [];
  try {
    const instances = new Map<string, ReturnType<typeof parseSjc>>();
    for (const [name, radius, p, optimum] of SJC_CASES) {
      if (!instances.has(name))
        instances.set(
          name,
          parseSjc(readFileSync(join(REFERENCE_DIR, "orlib", "mclp", `${name}.txt`), "utf8")),
        );
      const instance = instances.get(name)!;
      const coverage = buildPlanarCoverage(instance.points, instance.points, radius);
      const started = performance.now();
      const result = await solveMclp(coverage, instance.demand, p, { maxGap: 0, timeLimitS: 30 });
      const brechaMs = performance.now() - started;
      let cbcValue: number | null = null;
      let cbcMs: number | null = null;
      if (cbc) {
        const model = join(dir, `${name}-${radius}-${p}.lp`);
        const solution = `${model}.sol`;
        writeFileSync(model, lpModel(coverage, instance.demand, p));
        const t = performance.now();
        spawnSync("cbc", [model, "-sec", "30", "-ratio", "0", "-solve", "-solu", solution], {
          stdio: "ignore",
        });
        cbcMs = performance.now() - t;
        const head = readFileSync(solution, "utf8").split("\n")[0] ?? "";
        cbcValue = Number(/objective value\s+(-?[\d.]+)/.exec(head)?.[1] ?? NaN);
      }
      figures.push({
        instance: name,
        radius,
        p,
        optimum,
        brecha: result.covered,
        brechaMs,
        provedBy: result.provedBy,
        cbc: cbcValue,
        cbcMs,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
