import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** A committed fixture file. */
export const fixture = (name: string): string => join(REPO_ROOT, "test/fixtures", name);

/**
 * The folder of real public Peruvian data files beside the repository (`../shared/data/peru`), or
 * the one named by BRECHA_TEST_DATA. Tests that need it skip with this reason when it is absent.
 */
export const REAL_DATA_DIR =
  process.env.BRECHA_TEST_DATA ?? resolve(REPO_ROOT, "../shared/data/peru");
export const REAL_DATA_MISSING = existsSync(
  join(REAL_DATA_DIR, "inei_distritos_2025_poblacion_proyectada.csv"),
)
  ? false
  : `real data mirror not found at ${REAL_DATA_DIR} (set BRECHA_TEST_DATA)`;

/**
 * The mirror folder for tests of real data, or null when it is absent: the workspace is then built
 * from the starter pack shipped in `data/starter`, so those tests run on a fresh clone too. Only
 * tests of files that are mirror-only (no redistribution licence) skip with REAL_DATA_MISSING.
 */
export const REAL_MIRROR: string | null = REAL_DATA_MISSING ? null : REAL_DATA_DIR;

/** A fresh temporary folder removed by the returned cleanup. */
export function tempDir(prefix = "brecha-test-"): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/** Reference instances with published answers (`../shared/bench`), or BRECHA_BENCH_DATA. */
export const REFERENCE_DIR = process.env.BRECHA_BENCH_DATA ?? resolve(REPO_ROOT, "../shared/bench");
export const REFERENCE_MISSING = existsSync(join(REFERENCE_DIR, "reference-spatial", "mexico.csv"))
  ? false
  : `reference instances not found at ${REFERENCE_DIR} (set BRECHA_BENCH_DATA)`;
