import { writeFileSync } from "node:fs";
import { UsageError } from "../errors/index.ts";
import { formatNumber } from "../i18n/index.ts";
import {
  alignMatrix,
  buildTaskTable,
  deserialiseModel,
  driftReport,
  explainInWords,
  predictTable,
  primaryMetric,
  taskById,
  trainTask,
  TASKS,
  type ModelRecord,
  type Prediction,
} from "../models/index.ts";
import { premisesStudents, type PremisesStudents } from "../analytics/index.ts";
import type { CommandContext } from "./context.ts";
import { choice, csvCell, numberOption } from "./option-values.ts";
import { formatTable } from "./progress.ts";
import { cliActor, openWorkspace, withOperations } from "./workspace.ts";

const fmt = (ctx: CommandContext, v: number | undefined, digits = 3) =>
  v === undefined || !Number.isFinite(v) ? "–" : formatNumber(ctx.lang, v, digits);

/** The out-of-fold reliability curve of a binary model, one line. */
function reliabilityLine(ctx: CommandContext, record: ModelRecord): string | null {
  const curve = record.metrics.reliability;
  if (!curve || curve.length === 0) return null;
  return `${ctx.lang === "en" ? "Reliability (predicted → observed, rows)" : "Confiabilidad (predicho → observado, filas)"}: ${curve
    .map((b) => `${fmt(ctx, b.meanPredicted, 2)} → ${fmt(ctx, b.observed, 2)} (${b.count})`)
    .join("; ")}`;
}

/** A regression model's conformal interval, one line. */
function intervalLine(ctx: CommandContext, record: ModelRecord): string | null {
  const i = record.metrics.interval;
  if (!i) return null;
  return ctx.lang === "en"
    ? `${Math.round(i.level * 100)}% prediction interval: ± ${fmt(ctx, i.halfWidth, 2)} (blocked coverage ${fmt(ctx, i.blockedCoverage * 100, 1)}%)`
    : `Intervalo de predicción ${Math.round(i.level * 100)}%: ± ${fmt(ctx, i.halfWidth, 2)} (cobertura por bloques ${fmt(ctx, i.blockedCoverage * 100, 1)}%)`;
}

function metricLine(ctx: CommandContext, record: ModelRecord): string {
  const m = record.metrics;
  const names =
    record.objective === "regression"
      ? ["r2", "rmse", "mae"]
      : ["rocAuc", "balancedAccuracy", "f1", "brier"];
  return names
    .map((n) => {
      const ci = m.intervals[n];
      return `${n} ${fmt(ctx, m.overall[n])}${ci ? ` [${fmt(ctx, ci[0])}, ${fmt(ctx, ci[1])}]` : ""} (${ctx.lang === "en" ? "baseline" : "línea base"} ${fmt(ctx, m.baseline[n])})`;
    })
    .join("; ");
}

/** `brecha models train <task>` */
export async function trainModelCommand(
  ctx: CommandContext,
  task: string,
  options: { learner?: string; folds?: string; seed?: string; groupBy?: string },
): Promise<number> {
  const spec = taskById(task);
  const learner =
    options.learner === undefined
      ? "gbt"
      : choice(options.learner, ["gbt", "linear", "mlp"] as const, "learner");
  const groupBy =
    options.groupBy === undefined
      ? "department"
      : choice(options.groupBy, ["department", "province"] as const, "group-by");
  const k = numberOption(options.folds, "folds", 5, { integer: true, min: 2 });
  const seed = numberOption(options.seed, "seed", 1, { integer: true, min: 0 });
  const store = await openWorkspace(ctx, { readOnly: true });
  let table;
  try {
    table = await buildTaskTable(store, spec.id, { groupBy });
  } finally {
    await store.close();
  }
  const { record } = await trainTask(table, { learner, k, seed, groupBy });
  await withOperations(ctx, (ops) => ops.saveCandidate(record, cliActor()));
  if (ctx.json) {
    const { model: _model, profile: _profile, ...summary } = record;
    ctx.out(JSON.stringify(summary));
    return 0;
  }
  const en = ctx.lang === "en";
  ctx.out(
    `${en ? "model" : "modelo"} ${record.id} (${record.task}, ${record.learner.kind}) — ${spec.describe[ctx.lang]}${record.synthetic.length ? ` [${en ? "SYNTHETIC data" : "datos SINTÉTICOS"}: ${record.synthetic.join(", ")}]` : ""}`,
  );
  ctx.out(
    `${formatNumber(ctx.lang, record.rows)} ${en ? "rows" : "filas"}, ${k} ${en ? `folds blocked by ${groupBy}` : `pliegues por ${groupBy === "department" ? "departamento" : "provincia"}`} (${en ? "nested search" : "búsqueda anidada"}), ${formatNumber(ctx.lang, record.trainingMs / 1000, 1)} s`,
  );
  ctx.out(metricLine(ctx, record));
  for (const line of [reliabilityLine(ctx, record), intervalLine(ctx, record)])
    if (line) ctx.out(line);
  ctx.out(
    `${en ? "Permutation importance" : "Importancia por permutación"}: ${record.importance
      .slice(0, 5)
      .map((i) => `${i.feature} ${fmt(ctx, i.drop)}`)
      .join(", ")}`,
  );
  ctx.out(
    en
      ? `saved as candidate for ${record.task}; \`brecha models promote ${record.id}\` makes it production if it beats the current one`
      : `guardado como candidato de ${record.task}; \`brecha models promote ${record.id}\` lo pasa a producción si supera al actual`,
  );
  return 0;
}

/** `brecha models list` */
export async function listModelsCommand(ctx: CommandContext): Promise<number> {
  const [records, aliases] = await withOperations(ctx, async (ops) => [
    await ops.models(),
    await ops.modelAliases(),
  ]);
  const tagged = records.map((r) => ({
    ...r,
    aliases: Object.entries(aliases[r.task] ?? {})
      .filter(([, id]) => id === r.id)
      .map(([a]) => a),
  }));
  if (ctx.json) {
    ctx.out(JSON.stringify(tagged.map(({ model: _m, profile: _p, ...r }) => r)));
    return 0;
  }
  if (records.length === 0) {
    ctx.out(
      ctx.lang === "en"
        ? "no models yet: `brecha models train poverty`"
        : "aún no hay modelos: `brecha models train poverty`",
    );
    return 0;
  }
  ctx.out(
    formatTable(
      ["id", "task", "learner", "rows", "metric", "CV", "baseline", "aliases", "trained"],
      tagged.map((r) => {
        const metric = primaryMetric(r);
        return [
          r.id,
          r.task,
          r.learner.kind,
          String(r.rows),
          metric,
          fmt(ctx, r.metrics.overall[metric]),
          fmt(ctx, r.metrics.baseline[metric]),
          r.aliases.join(","),
          r.trainedAt.slice(0, 19),
        ];
      }),
    ),
  );
  return 0;
}

/** `brecha models show <ref>` */
export async function showModelCommand(ctx: CommandContext, ref: string): Promise<number> {
  const record = await withOperations(ctx, (ops) => ops.model(ref));
  const { model: _model, ...rest } = record;
  if (ctx.json) {
    ctx.out(JSON.stringify(rest));
    return 0;
  }
  const en = ctx.lang === "en";
  ctx.out(
    `${record.id}  ${record.task}  ${record.learner.kind} ${JSON.stringify(record.learner.params)}`,
  );
  ctx.out(`${en ? "target" : "objetivo"} ${record.target}; features ${record.features.join(", ")}`);
  ctx.out(
    `${en ? "data" : "datos"}: ${Object.entries(record.datasetVersions)
      .map(([d, v]) => `${d}@${v.slice(0, 8)}`)
      .join(", ")}`,
  );
  ctx.out(metricLine(ctx, record));
  for (const line of [reliabilityLine(ctx, record), intervalLine(ctx, record)])
    if (line) ctx.out(line);
  ctx.out(
    formatTable(
      [en ? "fold" : "pliegue", primaryMetric(record), en ? "baseline" : "línea base"],
      record.metrics.perFold.map((m, f) => [
        String(f + 1),
        fmt(ctx, m[primaryMetric(record)]),
        fmt(ctx, record.metrics.baselinePerFold[f]?.[primaryMetric(record)]),
      ]),
    ),
  );
  return 0;
}

/** `brecha models promote <ref>` */
export async function promoteModelCommand(
  ctx: CommandContext,
  ref: string,
  options: { force?: boolean },
): Promise<number> {
  const result = await withOperations(ctx, (ops) =>
    ops.promoteModel(ref, { force: options.force === true }, cliActor()),
  );
  if (ctx.json)
    ctx.out(
      JSON.stringify({
        promoted: result.promoted.id,
        replaced: result.replaced?.id ?? null,
        reason: result.reason,
      }),
    );
  else
    ctx.out(
      `${result.promoted.id} ${ctx.lang === "en" ? "is now production for" : "es ahora producción de"} ${result.promoted.task} (${result.reason})`,
    );
  return 0;
}

/** `brecha models predict <ref>`: predictions over the current workspace, explained; drift checked. */
export async function predictModelCommand(
  ctx: CommandContext,
  ref: string,
  options: { out?: string; explain?: string; top?: string; schools?: string },
): Promise<number> {
  const record = await withOperations(ctx, (ops) => ops.resolveModel(ref));
  const model = deserialiseModel(record.model);
  if (options.schools !== undefined && record.target !== "hogares_sin_computadora")
    throw new UsageError(
      "BRECHA_USAGE",
      `--schools needs a devices model (target hogares_sin_computadora); ${record.id} predicts ${record.target}`,
    );
  const store = await openWorkspace(ctx, { readOnly: true });
  let table;
  let premises: PremisesStudents[] = [];
  try {
    table = await buildTaskTable(store, record.task, {
      groupBy: record.folds.by === "province" ? "province" : "department",
    });
    if (options.schools !== undefined) premises = await premisesStudents(store);
  } finally {
    await store.close();
  }
  const x = alignMatrix(record, table.x);
  const predictions = predictTable(model, table, x);
  if (options.schools !== undefined)
    return writeDeviceNeed(ctx, options.schools, record, predictions, premises);
  const drift = driftReport(record.profile, x);
  const top = numberOption(options.top, "top", 10, { integer: true, min: 1 });
  const explainKeys = options.explain?.split(",").map((s) => s.trim()) ?? [];
  const explained = explainKeys.map((key) => {
    const row = table.keys.indexOf(key);
    if (row < 0) return { key, error: `no row ${key} in ${record.task}` };
    return { key, ...explainInWords(record, model, x, row, ctx.lang) };
  });
  if (options.out) {
    const header = "key,label,predicted,observed,residual";
    writeFileSync(
      options.out,
      options.out.endsWith(".csv")
        ? [
            header,
            ...predictions.map((p) =>
              [p.key, p.label ?? "", p.predicted, p.observed ?? "", p.residual ?? ""]
                .map(csvCell)
                .join(","),
            ),
          ].join("\n") + "\n"
        : JSON.stringify({ model: record.id, predictions, drift, explained }, null, 2),
    );
  }
  if (ctx.json) {
    ctx.out(
      JSON.stringify({
        model: record.id,
        task: record.task,
        predictions: predictions.length,
        drift,
        explained,
      }),
    );
    return 0;
  }
  const en = ctx.lang === "en";
  const unknown = predictions.filter((p) => p.observed === null).length;
  ctx.out(
    `${en ? "model" : "modelo"} ${record.id} (${record.task}): ${formatNumber(ctx.lang, predictions.length)} ${en ? "predictions" : "predicciones"}, ${formatNumber(ctx.lang, unknown)} ${en ? `where ${record.target} is unknown` : `donde ${record.target} no se conoce`}`,
  );
  const withResidual = predictions
    .filter((p) => p.residual !== null)
    .sort((a, b) => a.residual! - b.residual!);
  if (withResidual.length > 0 && record.objective === "regression") {
    const header = [
      "key",
      en ? "name" : "nombre",
      en ? "observed" : "observado",
      en ? "predicted" : "predicho",
      en ? "residual" : "residuo",
    ];
    const rows = (list: typeof withResidual) =>
      list.map((p) => [
        p.key,
        p.label ?? "",
        fmt(ctx, p.observed!, 1),
        fmt(ctx, p.predicted, 1),
        fmt(ctx, p.residual!, 1),
      ]);
    ctx.out(
      en
        ? `${record.target} furthest BELOW what the context predicts:`
        : `${record.target} más POR DEBAJO de lo que su contexto predice:`,
    );
    ctx.out(formatTable(header, rows(withResidual.slice(0, top))));
    ctx.out(
      en
        ? `${record.target} furthest ABOVE what the context predicts:`
        : `${record.target} más POR ENCIMA de lo que su contexto predice:`,
    );
    ctx.out(formatTable(header, rows(withResidual.slice(-top).reverse())));
  }
  const drifted = drift.filter((d) => d.level !== "stable");
  ctx.out(
    drifted.length === 0
      ? en
        ? "Drift: every feature stable (PSI < 0.1)"
        : "Deriva: todas las variables estables (PSI < 0,1)"
      : `${en ? "Drift" : "Deriva"}: ${drifted.map((d) => `${d.feature} PSI ${fmt(ctx, d.psi)} (${d.level})`).join(", ")}`,
  );
  for (const e of explained) ctx.out(`${e.key}: ${"error" in e ? e.error : e.text}`);
  return 0;
}

/**
 * Device need per school premises: its primary and secondary students × the predicted share of
 * households without a computer in its district, with the model's conformal interval.
 */
function writeDeviceNeed(
  ctx: CommandContext,
  out: string,
  record: ModelRecord,
  predictions: ReadonlyArray<Prediction>,
  premises: ReadonlyArray<PremisesStudents>,
): number {
  const share = new Map(predictions.map((p) => [p.key, Math.min(100, Math.max(0, p.predicted))]));
  const half = record.metrics.interval?.halfWidth ?? 0;
  const rows = premises
    .filter((p) => share.has(p.ubigeo))
    .map((p) => {
      const s = share.get(p.ubigeo)!;
      return {
        codigo_local: p.codigo_local,
        ubigeo: p.ubigeo,
        students: p.students,
        rural: p.rural,
        expected: (p.students * s) / 100,
        lower: (p.students * Math.max(0, s - half)) / 100,
        upper: (p.students * Math.min(100, s + half)) / 100,
      };
    });
  writeFileSync(
    out,
    out.endsWith(".csv")
      ? [
          "codigo_local,ubigeo,students,rural,expected_without_device,lower,upper",
          ...rows.map((r) =>
            [
              r.codigo_local,
              r.ubigeo,
              r.students,
              r.rural,
              r.expected.toFixed(1),
              r.lower.toFixed(1),
              r.upper.toFixed(1),
            ]
              .map(csvCell)
              .join(","),
          ),
        ].join("\n") + "\n"
      : JSON.stringify(
          { model: record.id, interval: record.metrics.interval, schools: rows },
          null,
          2,
        ),
  );
  const total = rows.reduce((a, r) => a + r.expected, 0);
  const lower = rows.reduce((a, r) => a + r.lower, 0);
  const upper = rows.reduce((a, r) => a + r.upper, 0);
  const summary = {
    model: record.id,
    premises: rows.length,
    students: rows.reduce((a, r) => a + r.students, 0),
    expectedWithoutDevice: total,
    interval: [lower, upper],
    level: record.metrics.interval?.level ?? null,
    synthetic: record.synthetic,
  };
  if (ctx.json) ctx.out(JSON.stringify(summary));
  else {
    const en = ctx.lang === "en";
    ctx.out(
      `${formatNumber(ctx.lang, rows.length)} ${en ? "premises" : "locales"}, ${formatNumber(ctx.lang, summary.students)} ${en ? "primary and secondary students" : "estudiantes de primaria y secundaria"}: ${formatNumber(ctx.lang, total)} ${en ? "expected without a device" : "sin dispositivo esperados"} (${Math.round((record.metrics.interval?.level ?? 0) * 100)}% ${en ? "interval" : "intervalo"} ${formatNumber(ctx.lang, lower)} – ${formatNumber(ctx.lang, upper)}) → ${out}`,
    );
    ctx.out(
      en
        ? "Assumption: a school's students lack devices at its district's predicted household rate; the interval is the model's blocked conformal interval applied per school (schools in one district move together, so the totals' interval is wide, not narrow)."
        : "Supuesto: los estudiantes de un local carecen de dispositivo a la tasa de hogares predicha para su distrito; el intervalo es el intervalo conformal por bloques del modelo aplicado a cada local (los locales de un distrito se mueven juntos, así que el intervalo del total es amplio, no estrecho).",
    );
    if (record.synthetic.length)
      ctx.out(`${en ? "SYNTHETIC data" : "Datos SINTÉTICOS"}: ${record.synthetic.join(", ")}`);
  }
  return 0;
}

export const MODEL_TASKS = Object.keys(TASKS).join(", ");
