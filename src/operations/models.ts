import { z } from "zod";
import { NotFoundError } from "../errors/index.ts";
import {
  parseRecord,
  primaryMetric,
  promotion,
  type ModelAliases,
  type ModelFile,
  type ModelRecord,
  type Promotion,
} from "../models/index.ts";
import { sql } from "../storage/index.ts";
import { recordAudit, type Actor } from "./audit.ts";
import type { Executor, OperationsDatabase } from "./database.ts";

// The model registry in the operational store: each trained model once (by its content hash),
// and for each task the aliases (candidate, production) naming one of them.

const BODY = z.object({ id: z.string(), body: z.string() });
const ALIAS = z.object({ task: z.string(), alias: z.string(), id: z.string() });

/** A model's cross-validated score on its primary metric (null when not finite). */
const scoreOf = (r: ModelRecord): number | null => {
  const score = r.metrics.overall[primaryMetric(r)];
  return score !== undefined && Number.isFinite(score) ? score : null;
};

/** What the audit log keeps of a model: no weights, the figures that decided about it. */
const modelFacts = (r: ModelRecord) => ({
  id: r.id,
  task: r.task,
  learner: r.learner.kind,
  metric: primaryMetric(r),
  score: scoreOf(r),
  trainedAt: r.trainedAt,
});

async function insertModel(tx: Executor, record: ModelRecord, text: string, by: string) {
  return tx.execute(
    sql`INSERT INTO models (id, task, trained_at, metric, score, body, saved_by)
        VALUES (${sql.value(record.id)}, ${sql.value(record.task)}, ${sql.value(record.trainedAt)}::timestamptz,
                ${sql.value(primaryMetric(record))}, ${sql.value(scoreOf(record))},
                ${sql.value(text)}, ${sql.value(by)})
        ON CONFLICT (id) DO NOTHING`,
  );
}

async function putAlias(tx: Executor, task: string, alias: string, id: string, by: string) {
  await tx.execute(
    sql`INSERT INTO model_aliases (task, alias, model_id, set_by) VALUES (${sql.value(task)}, ${sql.value(alias)}, ${sql.value(id)}, ${sql.value(by)})
        ON CONFLICT (task, alias) DO UPDATE SET model_id = EXCLUDED.model_id, set_by = EXCLUDED.set_by, set_at = clock_timestamp()`,
  );
}

/** Registers a trained model (the same model twice is kept once) and makes it its task's
 * candidate, audited, in one transaction. */
export async function saveCandidate(
  db: OperationsDatabase,
  record: ModelRecord,
  actor: Actor,
): Promise<void> {
  const text = JSON.stringify(record);
  await db.transaction(async (tx) => {
    await insertModel(tx, record, text, actor.caller);
    await putAlias(tx, record.task, "candidate", record.id, actor.caller);
    await recordAudit(tx, actor, {
      action: "register-model",
      entity: "model",
      entityId: record.id,
      after: { ...modelFacts(record), alias: "candidate" },
    });
  });
}

/** Models an earlier Brecha kept as files, and their aliases. */
export async function importModels(
  tx: Executor,
  { models, aliases }: { models: readonly ModelFile[]; aliases: ModelAliases },
): Promise<void> {
  for (const { record, text } of models) await insertModel(tx, record, text, "brecha:import");
  const known = new Set(models.map((m) => m.record.id));
  for (const [task, byAlias] of Object.entries(aliases))
    for (const [alias, id] of Object.entries(byAlias))
      if (known.has(id)) await putAlias(tx, task, alias, id, "brecha:import");
}

/** Each task's production model with its score, without reading the models themselves. */
export async function productionScores(
  db: Executor,
): Promise<Array<{ task: string; model: string; metric: string; score: number | null }>> {
  return db.query(
    sql`SELECT a.task, m.id AS model, m.metric, m.score FROM model_aliases a JOIN models m ON m.id = a.model_id
        WHERE a.alias = 'production' ORDER BY a.task`,
    z.object({
      task: z.string(),
      model: z.string(),
      metric: z.string(),
      score: z.coerce.number().nullable(),
    }),
  );
}

/** Every model, newest first. */
export async function listModels(db: Executor): Promise<ModelRecord[]> {
  const rows = await db.query(sql`SELECT id, body FROM models ORDER BY trained_at DESC, id`, BODY);
  return rows.map((r) => parseRecord(r.body, `model ${r.id}`));
}

export async function modelAliases(db: Executor): Promise<ModelAliases> {
  const out: ModelAliases = {};
  for (const r of await db.query(
    sql`SELECT task, alias, model_id AS id FROM model_aliases ORDER BY task, alias`,
    ALIAS,
  ))
    (out[r.task] ??= {})[r.alias] = r.id;
  return out;
}

/** A model by id (or unique id prefix, 4 digits at least), or by `task:alias`. */
export async function modelByRef(db: Executor, ref: string): Promise<ModelRecord> {
  const [task, alias] = ref.split(":");
  const rows =
    alias !== undefined
      ? await db.query(
          sql`SELECT m.id, m.body FROM model_aliases a JOIN models m ON m.id = a.model_id
              WHERE a.task = ${sql.value(task ?? "")} AND a.alias = ${sql.value(alias)}`,
          BODY,
        )
      : /^[0-9a-f]{4,16}$/.test(ref)
        ? await db.query(
            sql`SELECT id, body FROM models WHERE id LIKE ${sql.value(`${ref}%`)} ORDER BY id LIMIT 2`,
            BODY,
          )
        : [];
  if (rows.length !== 1)
    throw new NotFoundError(
      "BRECHA_NOT_FOUND",
      alias !== undefined
        ? `no model is ${alias} for task ${task}`
        : `${rows.length === 0 ? "no" : "more than one"} model matches "${ref}"; see \`brecha models list\``,
      {
        es:
          alias !== undefined
            ? `ningún modelo es ${alias} de la tarea ${task}`
            : `${rows.length === 0 ? "ningún" : "más de un"} modelo coincide con "${ref}"; vea \`brecha models list\``,
      },
    );
  return parseRecord(rows[0]!.body, `model ${rows[0]!.id}`);
}

/** Like `modelByRef`, and a bare task name means that task's production model. */
export function resolveModel(db: Executor, ref: string): Promise<ModelRecord> {
  return modelByRef(
    db,
    ref.includes(":") || /^[0-9a-f]{4,16}$/.test(ref) ? ref : `${ref}:production`,
  );
}

/** Makes a model its task's production model if it beats the current one on the same folds
 * (see `promotion`), audited with before and after; the check and the change in one
 * transaction, so two promotions at once cannot both pass against the same old model. */
export async function promoteModel(
  db: OperationsDatabase,
  ref: string,
  { force = false }: { force?: boolean },
  actor: Actor,
): Promise<Promotion> {
  return db.transaction(async (tx) => {
    const candidate = await modelByRef(tx, ref);
    await tx.query(
      sql`SELECT pg_advisory_xact_lock(hashtext(${sql.value(`model:${candidate.task}`)}))::text AS locked`,
      z.object({ locked: z.string() }),
    );
    const [current] = await tx.query(
      sql`SELECT m.id, m.body FROM model_aliases a JOIN models m ON m.id = a.model_id
          WHERE a.task = ${sql.value(candidate.task)} AND a.alias = 'production'`,
      BODY,
    );
    const currentRecord = current ? parseRecord(current.body, `model ${current.id}`) : null;
    const decided = promotion(candidate, currentRecord, { force });
    await putAlias(tx, candidate.task, "production", candidate.id, actor.caller);
    await recordAudit(tx, actor, {
      action: "promote-model",
      entity: "model",
      entityId: candidate.id,
      ...(currentRecord ? { before: modelFacts(currentRecord) } : {}),
      after: { ...modelFacts(candidate), alias: "production", reason: decided.reason, force },
    });
    return decided;
  });
}
