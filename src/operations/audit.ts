import { z } from "zod";
import { sql } from "../storage/index.ts";
import type { Executor } from "./database.ts";
import { count, timestamp } from "./rows.ts";

/** Who wrote: the record name of the caller (`user:<name>`, `api:<role>:<key fingerprint>`) and
 * the client's address. */
export interface Actor {
  readonly caller: string;
  readonly address: string | null;
}

export interface AuditEntry {
  readonly action: string;
  readonly entity: string;
  readonly entityId: string | null;
  readonly before?: unknown;
  readonly after?: unknown;
}

export const AUDIT_ROW = z.object({
  id: count,
  at: timestamp,
  actor: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  address: z.string().nullable(),
});
export type AuditRow = z.infer<typeof AUDIT_ROW>;

const json = (value: unknown) =>
  value === undefined ? sql`NULL` : sql`${sql.value(JSON.stringify(value))}::jsonb`;

/** Adds a row to the audit log, in the caller's transaction: the write and its record stand or
 * fall together. */
export async function recordAudit(tx: Executor, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.execute(
    sql`INSERT INTO audit_log (actor, action, entity, entity_id, before, after, address)
        VALUES (${sql.value(actor.caller)}, ${sql.value(entry.action)}, ${sql.value(entry.entity)},
                ${sql.value(entry.entityId)}, ${json(entry.before)}, ${json(entry.after)},
                ${sql.value(actor.address)})`,
  );
}

/** The newest audit rows first, optionally of one entity (and one of its records) or one actor. */
export async function readAudit(
  db: Executor,
  filter: { entity?: string; entityId?: string; actor?: string; limit?: number } = {},
): Promise<AuditRow[]> {
  const where = [
    filter.entity === undefined ? null : sql`entity = ${sql.value(filter.entity)}`,
    filter.entityId === undefined ? null : sql`entity_id = ${sql.value(filter.entityId)}`,
    filter.actor === undefined ? null : sql`actor = ${sql.value(filter.actor)}`,
  ].filter((w) => w !== null);
  return db.query(
    sql`SELECT id, at::text AS at, actor, action, entity, entity_id AS "entityId", before, after, address
        FROM audit_log ${where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql.empty}
        ORDER BY id DESC LIMIT ${sql.value(Math.min(filter.limit ?? 100, 1000))}`,
    AUDIT_ROW,
  );
}
