import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  parseOrlibCap,
  parseOrlibPmedcap,
  solveCapacitatedFacilityLocation,
  solveCapacitatedPMedian,
} from "../src/optimise/index.ts";
import { REFERENCE_DIR, REFERENCE_MISSING } from "../test/helpers/paths.ts";

export interface CapacitatedFigure {
  readonly instance: string;
  readonly optimum: number;
  readonly found: number;
  readonly bound: number;
  readonly proven: boolean;
  readonly ms: number;
}

/** OR-Library capacitated warehouse location cap41-cap134 (37 problems, splittable demand) and
 * capacitated p-median pmedcap01-20, each with a 30 s limit, against their published optima. */
export async function benchCapacitated(): Promise<{
  cflp: CapacitatedFigure[];
  pmedcap: CapacitatedFigure[];
}> {
  if (REFERENCE_MISSING) {
    console.log(`  (capacitated skipped: ${REFERENCE_MISSING})`);
    return { cflp: [], pmedcap: [] };
  }
  const dir = join(REFERENCE_DIR, "orlib");
  const optima = new Map(
    readFileSync(join(dir, "cflp", "bounds_FacilityLocationProblems_jl.txt"), "utf8")
      .trim()
      .split("\n")
      .map((line) => line.trim().split(/\s+/))
      .map((cells) => [cells[0]!, Number(cells[2])] as const),
  );
  const cflp: CapacitatedFigure[] = [];
  for (const name of [...optima.keys()].filter((k) => /^cap\d+$/.test(k))) {
    const problem = parseOrlibCap(readFileSync(join(dir, "cflp", `${name}.txt`), "utf8"));
    const started = performance.now();
    const r = await solveCapacitatedFacilityLocation(problem, { timeLimitS: 30 });
    cflp.push({
      instance: name,
      optimum: optima.get(name)!,
      found: r.cost,
      bound: r.bound,
      proven: r.proven,
      ms: performance.now() - started,
    });
  }
  const pmedcap: CapacitatedFigure[] = [];
  for (let k = 1; k <= 20; k++) {
    const name = `pmedcap${String(k).padStart(2, "0")}`;
    const problem = parseOrlibPmedcap(readFileSync(join(dir, "pmedcap", `${name}.txt`), "utf8"));
    const started = performance.now();
    const r = await solveCapacitatedPMedian(problem, { timeLimitS: 30 });
    pmedcap.push({
      instance: name,
      optimum: problem.optimum,
      found: r.cost,
      bound: r.bound,
      proven: r.proven,
      ms: performance.now() - started,
    });
  }
  return { cflp, pmedcap };
}
