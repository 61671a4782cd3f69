import { z } from "zod";
import type { UbigeoLevel } from "../domain/index.ts";
import { SOURCES } from "../sources/index.ts";
import { sql, type Store } from "../storage/index.ts";

/** How one dataset's area codes join the INEI district list. */
export interface JoinReport {
  readonly dataset: string;
  readonly level: UbigeoLevel;
  readonly synthetic: boolean;
  /** Distinct codes in the dataset. */
  readonly codes: number;
  /** Codes found in the district list (at this level). */
  readonly matched: number;
  /** Codes not in the district list, with a sample. */
  readonly unmatched: number;
  readonly unmatchedSample: readonly string[];
  /** Areas of the district list absent from the dataset, with a sample. */
  readonly missing: number;
  readonly missingSample: readonly string[];
}

const COUNT = z.object({ n: z.number() });
const CODE = z.object({ code: z.string() });
const KEY_COLUMN: Record<UbigeoLevel, string> = {
  district: "ubigeo",
  province: "ubigeo_provincia",
  department: "ubigeo_departamento",
};

/**
 * Joins every published dataset that carries an area code against the current `districts`
 * version, counting matched, unmatched and missing codes (e.g. the 17 districts created after 2018
 * that the 2018 poverty map lacks). Returns nothing when no district list is published.
 */
export async function joinReport(
  store: Store,
  { sample = 10 }: { sample?: number } = {},
): Promise<JoinReport[]> {
  const current = await store.versions();
  const live = new Map(current.filter((v) => v.current).map((v) => [v.dataset, v]));
  if (!live.has("districts")) return [];
  const reports: JoinReport[] = [];
  for (const spec of SOURCES) {
    const version = live.get(spec.dataset);
    if (spec.area === undefined || version === undefined || spec.dataset === "districts") continue;
    const { column, level } = spec.area;
    const key = KEY_COLUMN[level];
    const reference = sql`(SELECT DISTINCT ${sql.id(key)} AS code FROM districts)`;
    // Codes finer than the level (UMC's Lima Metropolitana DRE is province 1501) join by prefix.
    const width = { district: 6, province: 4, department: 2 }[level];
    const codes = sql`(SELECT DISTINCT substr(${sql.id(column)}, 1, ${sql.value(width)}) AS code FROM ${sql.id(spec.dataset)} WHERE ${sql.id(column)} IS NOT NULL)`;
    const [total] = await store.query(sql`SELECT count(*) AS n FROM ${codes} c`, COUNT);
    const [unmatched] = await store.query(
      sql`SELECT count(*) AS n FROM ${codes} c WHERE c.code NOT IN (SELECT code FROM ${reference} r)`,
      COUNT,
    );
    const unmatchedSample = await store.query(
      sql`SELECT c.code FROM ${codes} c WHERE c.code NOT IN (SELECT code FROM ${reference} r) ORDER BY c.code LIMIT ${sql.value(sample)}`,
      CODE,
    );
    const [missing] = await store.query(
      sql`SELECT count(*) AS n FROM ${reference} r WHERE r.code NOT IN (SELECT code FROM ${codes} c)`,
      COUNT,
    );
    const missingSample = await store.query(
      sql`SELECT r.code FROM ${reference} r WHERE r.code NOT IN (SELECT code FROM ${codes} c) ORDER BY r.code LIMIT ${sql.value(sample)}`,
      CODE,
    );
    reports.push({
      dataset: spec.dataset,
      level,
      synthetic: version.provenance.synthetic,
      codes: total!.n,
      matched: total!.n - unmatched!.n,
      unmatched: unmatched!.n,
      unmatchedSample: unmatchedSample.map((r) => r.code),
      missing: missing!.n,
      missingSample: missingSample.map((r) => r.code),
    });
  }
  return reports;
}
