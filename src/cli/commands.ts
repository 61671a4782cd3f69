import { existsSync, writeFileSync } from "node:fs";
import { buildApi } from "../api/index.ts";
import { openOperations } from "../operations/index.ts";
import { loadPipeline, PipelineScheduler, spawnAnswering } from "../pipeline/index.ts";
import {
  DEFAULT_SANDBOX,
  openClickHouseStore,
  openFollowingStore,
  sandboxedQuery,
} from "../storage/index.ts";
import { clickhouseOptions } from "./store-commands.ts";
import { NotFoundError, UsageError } from "../errors/index.ts";
import { BRECHA_BIN, openWorkspace, storePath } from "./workspace.ts";

import { datasetWords, formatNumber, translate } from "../i18n/index.ts";
import {
  SOURCES,
  archiveSourceFile,
  guessSource,
  parseEncodingName,
  readRawTable,
  readSourceFile,
  sourceById,
  type SourceOptions,
  type SourceSpec,
  type TextEncoding,
} from "../sources/index.ts";
import {
  buildWorkspace,
  datasetRows,
  ingestFile,
  prepareFile,
  summarise,
  toCanonicalCsv,
} from "../tables/index.ts";
import type { CommandContext } from "./context.ts";
import { createProgress, formatTable } from "./progress.ts";

function encodingOption(name: string | undefined): TextEncoding | undefined {
  if (name === undefined) return undefined;
  const encoding = parseEncodingName(name);
  if (encoding === undefined)
    throw new UsageError(
      "BRECHA_USAGE",
      `unknown encoding "${name}"; use utf-8, latin1, cp850 or cp437`,
    );
  return encoding;
}

function sourceOptions(year: string | undefined, grade?: string): SourceOptions {
  const options: { year?: number; grade?: string } = {};
  if (grade !== undefined) {
    const g = grade.toUpperCase();
    if (!/^[1-6][PS]$/.test(g))
      throw new UsageError(
        "BRECHA_USAGE",
        `--grade must be a grade such as 4P (primary) or 2S (secondary), got "${grade}"`,
      );
    options.grade = g;
  }
  if (year === undefined) return options;
  const value = Number(year);
  if (!Number.isInteger(value) || value < 1990 || value > 2100)
    throw new UsageError("BRECHA_USAGE", `--year must be a year such as 2024, got "${year}"`);
  options.year = value;
  return options;
}

function sourceOrThrow(id: string): SourceSpec {
  const spec = sourceById(id);
  if (spec === undefined) {
    throw new UsageError(
      "BRECHA_UNKNOWN_SOURCE",
      `unknown source "${id}"; known sources: ${SOURCES.map((s) => s.id).join(", ")}`,
    );
  }
  return spec;
}

const pct = (value: number | undefined): string =>
  value === undefined ? "?" : `${(value * 100).toFixed(1)}%`;

export async function upCommand(
  ctx: CommandContext,
  options: { serve?: boolean },
): Promise<number> {
  const { config, lang } = ctx;
  if (!ctx.json) ctx.err(translate(lang, "up.building", { home: config.home }));
  const store = await openWorkspace(ctx, { readOnly: false });
  let keepOpen = false;
  try {
    const report = await buildWorkspace(store, config, {
      onEvent: (o) => {
        if (ctx.json) return;
        const status = translate(lang, `status.${o.status}`);
        const figures =
          o.rows === undefined
            ? ""
            : ` ${formatNumber(lang, o.rows)} ${translate(lang, "col.rows")}, ${o.rejected ?? 0} ${translate(lang, "col.rejected")}, ${o.cleared ?? 0} ${translate(lang, "col.cleared")}`;
        const badge = o.synthetic ? ` [${translate(lang, "up.synthetic")}]` : "";
        ctx.err(
          `  ${o.dataset.padEnd(24)} ${status}${badge}${o.origin ? ` (${o.origin})` : ""}${figures}${o.detail && !o.synthetic ? `\n      ${o.detail}` : ""}`,
        );
      },
    });
    if (ctx.json) {
      ctx.out(JSON.stringify(report));
    } else {
      const c = report.calibration;
      if (c) {
        ctx.err(
          translate(lang, "up.syntheticBanner", {
            datasets: report.sources
              .filter((s) => s.synthetic)
              .map((s) => datasetWords(lang, s.dataset))
              .join("; "),
          }),
        );
        ctx.err(
          translate(lang, "up.calibration", {
            all: pct(c.internetAll),
            urban: pct(c.internetUrban),
            rural: pct(c.internetRural),
          }) +
            (c.enla_lectura === undefined
              ? ""
              : translate(lang, "up.calibrationEnla", {
                  lectura: c.enla_lectura.toFixed(1),
                  matematica: (c.enla_matematica ?? 0).toFixed(1),
                })),
        );
      }
      if (report.joins.length > 0) ctx.err(translate(lang, "joins.title"));
      for (const j of report.joins) {
        ctx.err(
          `  ${translate(lang, "joins.line", {
            dataset: j.dataset,
            matched: j.matched,
            codes: j.codes,
            unmatched: j.unmatched,
            unmatchedSample: j.unmatchedSample.length ? ` (${j.unmatchedSample.join(", ")})` : "",
            missing: j.missing,
            missingSample: j.missingSample.length
              ? ` (${j.missingSample.slice(0, 8).join(", ")}${j.missing > 8 ? "…" : ""})`
              : "",
          })}${j.synthetic ? ` [${translate(lang, "up.synthetic")}]` : ""}`,
        );
      }
    }
    const failed = report.sources.some((s) => s.status === "failed");
    if (options.serve === false) return failed ? 4 : 0;
    // Served read-only, so that pipeline runs (their own processes) can read and refresh it.
    keepOpen = true;
    await store.close();
    await serveUntilStopped(ctx);
    return 0;
  } finally {
    if (!keepOpen) await store.close();
  }
}

export async function ingestCommand(
  ctx: CommandContext,
  sourceId: string,
  file: string,
  options: {
    encoding?: string;
    sheet?: string;
    year?: string;
    grade?: string;
    maxBadRows?: string;
    partial?: boolean;
    replace?: boolean;
  },
): Promise<number> {
  const spec = sourceOrThrow(sourceId);
  if (options.partial && options.replace)
    throw new UsageError("BRECHA_USAGE", "--partial and --replace exclude each other");
  const encoding = encodingOption(options.encoding);
  const maxBadRowShare =
    options.maxBadRows === undefined ? ctx.config.maxBadRowShare : Number(options.maxBadRows);
  if (!(maxBadRowShare >= 0 && maxBadRowShare <= 1))
    throw new UsageError(
      "BRECHA_USAGE",
      `--max-bad-rows must be a share between 0 and 1, got "${options.maxBadRows ?? ""}"`,
    );
  const source = readSourceFile(file);
  const progress = createProgress(ctx.json ? "none" : ctx.config.progress);
  const store = await openWorkspace(ctx, { readOnly: false });
  try {
    const report = await ingestFile(store, spec, source, {
      maxBadRowShare,
      origin: "upload",
      mode: options.partial ? "partial" : options.replace ? "replace" : "checked",
      sourceOptions: sourceOptions(options.year, options.grade),
      ...(encoding === undefined ? {} : { encoding }),
      ...(options.sheet === undefined ? {} : { sheet: options.sheet }),
      onProgress: (stage, done, total) =>
        progress.update(
          translate(ctx.lang, `progress.${stage as "validate" | "hash" | "publish"}`),
          done,
          total,
        ),
    });
    progress.done();
    archiveSourceFile(source, ctx.config.home);
    if (ctx.json) {
      ctx.out(JSON.stringify(report));
      return 0;
    }
    const p = report.provenance;
    ctx.out(
      translate(ctx.lang, "ingest.done", {
        file: source.name,
        status: translate(ctx.lang, `status.${report.status}`),
        dataset: report.dataset,
        version: report.versionId.slice(0, 12),
        rows: formatNumber(ctx.lang, p.rowsPublished),
        rejected: p.rowsRejected,
        cleared: p.cellsCleared,
      }),
    );
    printDetails(ctx, p.repaired, p.dropped, report.quarantineSample);
    return 0;
  } finally {
    progress.done();
    await store.close();
  }
}

function printDetails(
  ctx: CommandContext,
  repaired: Record<string, number>,
  dropped: Record<string, number>,
  quarantine: ReadonlyArray<{ row: number; column: string | null; reason: string; action: string }>,
): void {
  const list = (o: Record<string, number>) =>
    Object.entries(o)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ");
  if (Object.keys(repaired).length)
    ctx.out(translate(ctx.lang, "ingest.repaired", { detail: list(repaired) }));
  if (Object.keys(dropped).length)
    ctx.out(translate(ctx.lang, "ingest.dropped", { detail: list(dropped) }));
  if (quarantine.length) {
    ctx.out(translate(ctx.lang, "ingest.quarantine", { n: Math.min(10, quarantine.length) }));
    for (const q of quarantine.slice(0, 10))
      ctx.out(
        `    row ${q.row}${q.column ? `, column ${q.column}` : ""} [${q.action}]: ${q.reason}`,
      );
  }
}

export async function validateCommand(
  ctx: CommandContext,
  file: string,
  options: { source?: string; encoding?: string; sheet?: string; year?: string },
): Promise<number> {
  const source = readSourceFile(file);
  const encoding = encodingOption(options.encoding);
  let spec: SourceSpec;
  if (options.source !== undefined) {
    spec = sourceOrThrow(options.source);
  } else {
    const guess = guessSource(
      SOURCES,
      readRawTable(source.name, source.bytes, encoding === undefined ? {} : { encoding }),
    );
    if (guess === undefined)
      throw new UsageError(
        "BRECHA_UNKNOWN_SOURCE",
        `${source.name}: no known source matches its header; pass --source (one of ${SOURCES.map((s) => s.id).join(", ")})`,
      );
    spec = guess;
    if (!ctx.json) ctx.err(translate(ctx.lang, "validate.guess", { source: spec.id }));
  }
  const { raw, table } = prepareFile(spec, source, {
    sourceOptions: sourceOptions(options.year),
    ...(encoding === undefined ? {} : { encoding }),
    ...(options.sheet === undefined ? {} : { sheet: options.sheet }),
  });
  const rejected = table.quarantine.filter((q) => q.action === "rejected");
  if (ctx.json) {
    ctx.out(
      JSON.stringify({
        source: spec.id,
        format: raw.format,
        encoding: raw.encoding,
        encodingReason: raw.encodingReason,
        stats: table.stats,
        columnMap: table.columnMap,
        ignoredColumns: table.ignoredColumns,
        quarantine: table.quarantine.slice(0, 200),
      }),
    );
  } else {
    ctx.out(
      translate(ctx.lang, "validate.ok", {
        file: source.name,
        source: spec.id,
        rows: formatNumber(ctx.lang, table.stats.rowsKept),
        rejected: table.stats.rowsRejected,
        cleared: table.stats.cellsCleared,
      }),
    );
    ctx.out(
      `  format ${raw.format}, encoding ${raw.encoding} (${raw.encodingReason})${raw.delimiter ? `, separator "${raw.delimiter === "\t" ? "\\t" : raw.delimiter}"` : ""}`,
    );
    printDetails(ctx, table.stats.repaired, table.stats.dropped, table.quarantine);
    if (rejected.length > 10) ctx.out(`  ${summarise(rejected)}`);
  }
  return rejected.length > 0 ? 4 : 0;
}

export async function versionsCommand(
  ctx: CommandContext,
  dataset: string | undefined,
  options: { quarantine?: string },
): Promise<number> {
  const store = await openWorkspace(ctx, { readOnly: true });
  try {
    const versions = await store.versions(dataset);
    if (options.quarantine !== undefined) {
      const prefix = options.quarantine;
      const version = versions.find((v) => v.versionId.startsWith(prefix));
      if (version === undefined)
        throw new NotFoundError("BRECHA_NOT_FOUND", `no version starts with "${prefix}"`);
      const records = await store.quarantine(version.versionId, { limit: 10_000 });
      if (ctx.json) ctx.out(JSON.stringify(records));
      else
        ctx.out(
          formatTable(
            ["row", "column", "action", "reason"],
            records.map((r) => [String(r.row), r.column ?? "", r.action, r.reason]),
          ),
        );
      return 0;
    }
    if (ctx.json) {
      ctx.out(JSON.stringify(versions));
      return 0;
    }
    if (versions.length === 0) {
      ctx.out(translate(ctx.lang, "versions.none"));
      return 0;
    }
    const t = (k: Parameters<typeof translate>[1]) => translate(ctx.lang, k);
    ctx.out(
      formatTable(
        [
          t("col.dataset"),
          t("col.version"),
          t("col.current"),
          t("col.rows"),
          t("col.rejected"),
          t("col.source"),
          t("col.file"),
          t("col.created"),
        ],
        versions.map((v) => [
          v.dataset + (v.provenance.synthetic ? ` [${t("up.synthetic")}]` : ""),
          v.versionId.slice(0, 12),
          v.current ? "*" : "",
          formatNumber(ctx.lang, v.provenance.rowsPublished),
          String(v.provenance.rowsRejected),
          v.provenance.sourceId,
          v.provenance.fileName,
          v.createdAt.slice(0, 19),
        ]),
      ),
    );
    return 0;
  } finally {
    await store.close();
  }
}

export async function queryCommand(
  ctx: CommandContext,
  sql: string,
  options: { csv?: boolean; timeout?: string; maxRows?: string },
): Promise<number> {
  if (!existsSync(storePath(ctx)))
    throw new NotFoundError(
      "BRECHA_NOT_FOUND",
      `no workspace at ${ctx.config.home}: run \`brecha up\` (or pass --home)`,
    );
  const seconds =
    options.timeout === undefined ? DEFAULT_SANDBOX.timeoutMs / 1000 : Number(options.timeout);
  const maxRows = options.maxRows === undefined ? DEFAULT_SANDBOX.maxRows : Number(options.maxRows);
  if (!(seconds > 0 && seconds <= 3600))
    throw new UsageError(
      "BRECHA_USAGE",
      `--timeout must be seconds between 0 and 3600, got "${options.timeout}"`,
    );
  if (!(Number.isInteger(maxRows) && maxRows > 0))
    throw new UsageError(
      "BRECHA_USAGE",
      `--max-rows must be a positive whole number, got "${options.maxRows}"`,
    );
  {
    const { rows, truncated } = await sandboxedQuery(storePath(ctx), sql, {
      ...DEFAULT_SANDBOX,
      timeoutMs: seconds * 1000,
      maxRows,
    });
    if (truncated)
      ctx.err(
        ctx.lang === "en"
          ? `only the first ${maxRows} rows are shown (--max-rows)`
          : `se muestran solo las primeras ${maxRows} filas (--max-rows)`,
      );
    if (ctx.json) ctx.out(JSON.stringify(rows));
    else if (options.csv) process.stdout.write(rowsToCsv(rows));
    else {
      const header = Object.keys(rows[0] ?? {});
      ctx.out(
        formatTable(
          header,
          rows.map((r) => header.map((h) => show(r[h]))),
        ),
      );
    }
    return 0;
  }
}

function show(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "object" ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

function rowsToCsv(rows: Record<string, unknown>[]): string {
  const header = Object.keys(rows[0] ?? {});
  const columns = header.map((name) => ({ name, type: "text" as const }));
  const csv = toCanonicalCsv(
    columns,
    rows.map((r) =>
      header.map((h) => {
        const v = r[h];
        return v === null || v === undefined
          ? null
          : typeof v === "object"
            ? JSON.stringify(v)
            : (v as string | number | boolean);
      }),
    ),
  );
  return csv.toString("utf8");
}

export async function exportCommand(
  ctx: CommandContext,
  dataset: string,
  options: { format: "csv" | "geojson"; out?: string },
): Promise<number> {
  if (!/^[a-z_][a-z0-9_]*$/.test(dataset))
    throw new UsageError("BRECHA_USAGE", `"${dataset}" is not a dataset name`);
  const store = await openWorkspace(ctx, { readOnly: true });
  try {
    const rows = await datasetRows(store, dataset);
    let text: string;
    if (options.format === "csv") {
      text = rowsToCsv(rows);
    } else {
      if (!rows.length || (!("geometry" in rows[0]!) && !("latitud" in rows[0]!))) {
        throw new UsageError(
          "BRECHA_USAGE",
          `dataset "${dataset}" has neither a geometry column nor latitud/longitud; export it as CSV`,
        );
      }
      const features = rows.map((r) => {
        const { geometry, bbox: _bbox, ...properties } = r; // the box is derived from the geometry
        const geom =
          typeof geometry === "string"
            ? (JSON.parse(geometry) as unknown)
            : typeof r.latitud === "number" && typeof r.longitud === "number"
              ? { type: "Point", coordinates: [r.longitud, r.latitud] }
              : null;
        return { type: "Feature", properties, geometry: geom };
      });
      text = JSON.stringify({ type: "FeatureCollection", features });
    }
    if (options.out === undefined) process.stdout.write(text);
    else {
      writeFileSync(options.out, text);
      if (!ctx.json)
        ctx.err(
          translate(ctx.lang, "export.done", {
            rows: formatNumber(ctx.lang, rows.length),
            out: options.out,
          }),
        );
    }
    return 0;
  } finally {
    await store.close();
  }
}

export async function sourcesCommand(ctx: CommandContext, id: string | undefined): Promise<number> {
  if (id === undefined) {
    if (ctx.json)
      ctx.out(
        JSON.stringify(
          SOURCES.map((s) => ({
            id: s.id,
            dataset: s.dataset,
            title: s.title,
            publisher: s.publisher,
            formats: s.formats,
          })),
        ),
      );
    else
      ctx.out(
        formatTable(
          ["id", "dataset", "formats", "title"],
          SOURCES.map((s) => [s.id, s.dataset, s.formats.join(","), s.title[ctx.lang]]),
        ),
      );
    return 0;
  }
  const spec = sourceOrThrow(id);
  if (ctx.json)
    ctx.out(
      JSON.stringify({
        ...spec,
        schema: undefined,
        keep: undefined,
        derive: undefined,
        check: undefined,
        reshape: undefined,
      }),
    );
  else {
    ctx.out(`${spec.title[ctx.lang]} — ${spec.publisher}`);
    ctx.out(
      formatTable(
        ["column", "type", "unit", "read from", "description"],
        Object.entries(spec.columns).map(([name, c]) => [
          name,
          c.type,
          c.unit ?? "",
          c.aliases.length ? c.aliases.slice(0, 3).join(" | ") : "(derived)",
          c.description[ctx.lang],
        ]),
      ),
    );
  }
  return 0;
}

/**
 * Serves the API and the workspace page on the configured address until SIGINT or SIGTERM, then
 * stops the scheduled pipelines (a run in progress is stopped and resumes next time), stops taking
 * connections, lets requests in flight finish and closes the store. The store is read-only and
 * follows its file, so a pipeline's ingest stage can refresh it while the server runs.
 */
export async function serveUntilStopped(ctx: CommandContext): Promise<void> {
  const { config, lang } = ctx;
  // ClickHouse when configured (filled by `brecha store copy`); else the DuckDB workspace,
  // followed as pipelines replace it.
  const store =
    config.store.engine === "clickhouse"
      ? await openClickHouseStore(clickhouseOptions(ctx, {}, true))
      : await openFollowingStore(storePath(ctx));
  // Opened at start: a store in use elsewhere, or unreachable, stops the server with the reason.
  const operations = await openOperations(config);
  const pipelines = config.pipelines.map((file) => loadPipeline(file));
  const scheduler = new PipelineScheduler(pipelines, {
    home: config.home,
    // The run's stages save scenarios and models through this process, which holds the store.
    spawnRun: (p, trigger) =>
      spawnAnswering(
        process.execPath,
        [
          BRECHA_BIN,
          "--home",
          config.home,
          ...(config.mirror ? ["--mirror", config.mirror] : []),
          "pipeline",
          "run",
          p.source,
          "--trigger",
          trigger,
        ],
        {
          stdio: ["ignore", "ignore", "inherit"],
          records: async () => operations,
          log: (m) => ctx.err(m),
        },
      ),
    log: (m) => ctx.err(m),
  });
  const app = await buildApi({
    store,
    config,
    scheduler,
    operations,
    logger: config.progress !== "none" && !ctx.json,
  });
  const address = await app.listen({ host: config.server.host, port: config.server.port });
  scheduler.start();
  for (const [name, at] of Object.entries(scheduler.nextRuns()))
    ctx.err(`pipeline ${name}: next run ${at}`);
  ctx.err(translate(lang, "up.serving", { host: config.server.host, port: new URL(address).port }));
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await scheduler.stop();
  await app.close();
  await operations.close();
  await store.close();
}

/** `brecha serve`: the API over an existing workspace (read-only store). */
export async function serveCommand(ctx: CommandContext): Promise<number> {
  // Says how to make a workspace when there is none.
  if (ctx.config.store.engine === "duckdb")
    await (await openWorkspace(ctx, { readOnly: true })).close();
  await serveUntilStopped(ctx);
  return 0;
}
