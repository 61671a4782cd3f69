import { z } from "zod";
import { sql } from "../storage/index.ts";
import { recordAudit, type Actor } from "./audit.ts";
import type { Executor, OperationsDatabase } from "./database.ts";
import { timestamp } from "./rows.ts";

/** existing: open and serving; planned: decided, not open yet; closed: kept for the record. */
export const HUB_STATUSES = ["existing", "planned", "closed"] as const;
export type HubStatus = (typeof HUB_STATUSES)[number];

/** A community tech hub as people registered it: where (an INEI centro poblado), what it is
 * called, whether it is open, the school premises that hosts it, and when it opens. No personal
 * data: a hub's contact is a place, not a person. */
export const HUB_ENTRY = z.object({
  code: z.string().regex(/^\d{10}$/, "an INEI centro poblado code: 10 digits"),
  name: z.string().trim().min(3).max(200),
  status: z.enum(HUB_STATUSES),
  /** Código de local of the school premises that hosts it, when a school does. */
  host: z
    .string()
    .regex(/^\d{6}$/, "a código de local: 6 digits")
    .nullable()
    .default(null),
  /** Opening hours as people write them ("lun-vie 8:00-18:00"). */
  hours: z.string().trim().max(200).nullable().default(null),
  note: z.string().trim().max(600).nullable().default(null),
});
export type HubEntry = z.infer<typeof HUB_ENTRY>;

const HUB_ROW = HUB_ENTRY.extend({
  name: z.string(),
  updatedBy: z.string(),
  updatedAt: timestamp,
});
export type RegisteredHub = z.infer<typeof HUB_ROW>;

const COLUMNS = sql`code, name, status, host, hours, note, updated_by AS "updatedBy", updated_at::text AS "updatedAt"`;

/** Registers a hub or changes one (by its place code), with its audit row in the same
 * transaction. */
export async function putHub(
  db: OperationsDatabase,
  hub: HubEntry,
  actor: Actor,
): Promise<RegisteredHub> {
  return db.transaction(async (tx) => {
    const [before] = await tx.query(
      sql`SELECT ${COLUMNS} FROM hubs WHERE code = ${sql.value(hub.code)} FOR UPDATE`,
      HUB_ROW,
    );
    const [after] = await tx.query(
      sql`INSERT INTO hubs (code, name, status, host, hours, note, updated_by)
          VALUES (${sql.value(hub.code)}, ${sql.value(hub.name)}, ${sql.value(hub.status)}, ${sql.value(hub.host)},
                  ${sql.value(hub.hours)}, ${sql.value(hub.note)}, ${sql.value(actor.caller)})
          ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, status = EXCLUDED.status,
            host = EXCLUDED.host, hours = EXCLUDED.hours, note = EXCLUDED.note,
            updated_by = EXCLUDED.updated_by, updated_at = clock_timestamp()
          RETURNING ${COLUMNS}`,
      HUB_ROW,
    );
    await recordAudit(tx, actor, {
      action: before ? "change-hub" : "register-hub",
      entity: "hub",
      entityId: hub.code,
      ...(before ? { before } : {}),
      after,
    });
    return after!;
  });
}

/** Registered hubs, by place code; closed ones only when asked for. */
export async function listHubs(
  db: Executor,
  { closed = false }: { closed?: boolean } = {},
): Promise<RegisteredHub[]> {
  return db.query(
    sql`SELECT ${COLUMNS} FROM hubs ${closed ? sql.empty : sql`WHERE status <> 'closed'`} ORDER BY code`,
    HUB_ROW,
  );
}
