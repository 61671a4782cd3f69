import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../src/config/index.ts";
import { openStore } from "../src/storage/index.ts";
import { buildWorkspace } from "../src/tables/index.ts";
import { REAL_DATA_DIR, REAL_DATA_MISSING } from "../test/helpers/paths.ts";

export interface WorkspaceFigure {
  readonly name: string;
  readonly ms: number;
  readonly realDatasets: number;
  readonly syntheticDatasets: number;
}

/**
 * `brecha up --no-serve` as a new user runs it: a fresh workspace built from the starter pack
 * shipped in the repository (no mirror, no network), beside the same build from the mirror
 * folder of the public files (the baseline) when it is present. Median of `runs` fresh builds.
 */
export async function benchWorkspace({
  dir,
  runs,
}: {
  dir: string;
  runs: number;
}): Promise<WorkspaceFigure[]> {
  const figures: WorkspaceFigure[] = [];
  const build = async (name: string, mirror: string | null): Promise<WorkspaceFigure> => {
    const times: number[] = [];
    let real = 0;
    let synthetic = 0;
    for (let r = 0; r < runs; r++) {
      const home = mkdtempSync(join(dir, "workspace-"));
      const store = await openStore(join(home, "brecha.duckdb"));
      const started = performance.now();
      const report = await buildWorkspace(
        store,
        loadConfig({ overrides: { home, mirror, offline: true }, env: {} }),
      );
      times.push(performance.now() - started);
      await store.close();
      rmSync(home, { recursive: true, force: true });
      const published = report.sources.filter(
        (s) => s.status !== "missing" && s.status !== "failed",
      );
      real = new Set(published.filter((s) => !s.synthetic).map((s) => s.dataset)).size;
      synthetic = new Set(published.filter((s) => s.synthetic).map((s) => s.dataset)).size;
    }
    times.sort((a, b) => a - b);
    return {
      name,
      ms: times[Math.floor(times.length / 2)]!,
      realDatasets: real,
      syntheticDatasets: synthetic,
    };
  };
  figures.push(await build("starter pack (no data folder, offline)", null));
  if (REAL_DATA_MISSING) console.log(`  (mirror build skipped: ${REAL_DATA_MISSING})`);
  else figures.push(await build("mirror folder (baseline)", REAL_DATA_DIR));
  return figures;
}
