import { z } from "zod";
import { BrechaError } from "../errors/index.ts";
import { sql } from "../storage/index.ts";
import { recordAudit, type Actor } from "./audit.ts";
import type { Executor, OperationsDatabase } from "./database.ts";
import { approvedDemand } from "./requests.ts";
import { count, timestamp } from "./rows.ts";

export const SHIPMENT_STATUSES = ["planned", "dispatched", "received", "cancelled"] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

export const SHIPMENT_ROW = z.object({
  id: z.number(),
  plan: z.string(),
  origin: z.string(),
  codigoLocal: z.string(),
  schools: z.array(z.string()),
  ubigeo: z.string(),
  department: z.string(),
  ugel: z.string().nullable(),
  bundle: z.string(),
  units: z.number(),
  requests: z.array(z.number()),
  status: z.enum(SHIPMENT_STATUSES),
  due: z.string(),
  plannedAt: timestamp,
  createdBy: z.string(),
  dispatchedAt: timestamp.nullable(),
  dispatchedBy: z.string().nullable(),
  receivedAt: timestamp.nullable(),
  receivedBy: z.string().nullable(),
  receivedUnits: z.number().nullable(),
  note: z.string().nullable(),
  /** Not received by its due date (still on its way, or received late). */
  delayed: z.boolean(),
  /** Received, but not the units planned (partial receipt, or more). */
  discrepancy: z.boolean(),
});
export type Shipment = z.infer<typeof SHIPMENT_ROW>;

const COLUMNS = sql`id, plan, origin, codigo_local AS "codigoLocal", schools, ubigeo, department, ugel, bundle,
  units, requests, status, due::text AS due, planned_at::text AS "plannedAt", created_by AS "createdBy",
  dispatched_at::text AS "dispatchedAt", dispatched_by AS "dispatchedBy", received_at::text AS "receivedAt",
  received_by AS "receivedBy", received_units AS "receivedUnits", note,
  coalesce(CASE WHEN status = 'received' THEN received_at::date > due
                WHEN status = 'cancelled' THEN false
                ELSE current_date > due END, false) AS delayed,
  coalesce(status = 'received' AND received_units <> units, false) AS discrepancy`;

/** One shipment of a plan, placed: where it goes, from where, how many units. */
export interface PlannedShipment {
  readonly origin: string;
  readonly codigoLocal: string;
  readonly schools: readonly string[];
  readonly ubigeo: string;
  readonly ugel: string | null;
  readonly bundle: string;
  readonly units: number;
  readonly requests: readonly number[];
}

/**
 * A plan's shipments, as planned, due `dueDays` from today. Creating the same plan's shipments
 * again adds only those not there yet (one per plan, origin and premises). One audit row for the
 * batch: the plan, how many, and the ids made.
 */
export async function createShipments(
  db: OperationsDatabase,
  plan: string,
  items: readonly PlannedShipment[],
  dueDays: number,
  actor: Actor,
): Promise<{ created: number; existing: number }> {
  return db.transaction(async (tx) => {
    const ids: number[] = [];
    for (const item of items) {
      const [row] = await tx.query(
        sql`INSERT INTO shipments (plan, origin, codigo_local, schools, ubigeo, department, ugel, bundle, units, requests, due, created_by)
            VALUES (${sql.value(plan)}, ${sql.value(item.origin)}, ${sql.value(item.codigoLocal)},
                    ${sql.value(JSON.stringify(item.schools))}::jsonb, ${sql.value(item.ubigeo)},
                    ${sql.value(item.ubigeo.slice(0, 2))}, ${sql.value(item.ugel)}, ${sql.value(item.bundle)},
                    ${sql.value(item.units)}, ${sql.value(JSON.stringify(item.requests))}::jsonb,
                    current_date + ${sql.value(dueDays)}::integer, ${sql.value(actor.caller)})
            ON CONFLICT (plan, origin, codigo_local) DO NOTHING
            RETURNING id`,
        z.object({ id: z.number() }),
      );
      if (row) ids.push(row.id);
    }
    if (ids.length > 0)
      await recordAudit(tx, actor, {
        action: "create-from-plan",
        entity: "shipment",
        entityId: plan,
        after: { plan, created: ids.length, ids, dueDays },
      });
    return { created: ids.length, existing: items.length - ids.length };
  });
}

export async function shipmentById(db: Executor, id: number): Promise<Shipment | null> {
  const [row] = await db.query(
    sql`SELECT ${COLUMNS} FROM shipments WHERE id = ${sql.value(id)}`,
    SHIPMENT_ROW,
  );
  return row ?? null;
}

export interface ShipmentFilter {
  readonly department?: string;
  readonly ugel?: string;
  readonly codigoLocal?: string;
  /** A school's shipments: those to its premises. */
  readonly school?: string;
  readonly plan?: string;
  readonly status?: readonly ShipmentStatus[];
  readonly before?: number;
  readonly limit?: number;
}

function whereOf(filter: ShipmentFilter) {
  const where = [
    filter.department === undefined ? null : sql`department = ${sql.value(filter.department)}`,
    filter.ugel === undefined ? null : sql`ugel = ${sql.value(filter.ugel)}`,
    filter.codigoLocal === undefined ? null : sql`codigo_local = ${sql.value(filter.codigoLocal)}`,
    filter.school === undefined ? null : sql`schools ? ${sql.value(filter.school)}`,
    filter.plan === undefined ? null : sql`plan = ${sql.value(filter.plan)}`,
    filter.status?.length ? sql`status IN (${sql.values(filter.status)})` : null,
    filter.before === undefined ? null : sql`id < ${sql.value(filter.before)}`,
  ].filter((w) => w !== null);
  return where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql.empty;
}

export async function listShipments(db: Executor, filter: ShipmentFilter): Promise<Shipment[]> {
  return db.query(
    sql`SELECT ${COLUMNS} FROM shipments ${whereOf(filter)}
        ORDER BY id DESC LIMIT ${sql.value(Math.min(Math.max(filter.limit ?? 100, 1), 1000))}`,
    SHIPMENT_ROW,
  );
}

const STATUS_ES: Record<ShipmentStatus, string> = {
  planned: "planificado",
  dispatched: "despachado",
  received: "recibido",
  cancelled: "anulado",
};

async function transition(
  db: OperationsDatabase,
  id: number,
  from: readonly ShipmentStatus[],
  action: string,
  actor: Actor,
  change: (before: Shipment) => ReturnType<typeof sql>,
): Promise<Shipment> {
  return db.transaction(async (tx) => {
    const [before] = await tx.query(
      sql`SELECT ${COLUMNS} FROM shipments WHERE id = ${sql.value(id)} FOR UPDATE`,
      SHIPMENT_ROW,
    );
    if (!before)
      throw new BrechaError("BRECHA_NOT_FOUND", `no shipment ${id}`, {
        es: `no existe el envío ${id}`,
      });
    if (!from.includes(before.status))
      throw new BrechaError("BRECHA_CONFLICT", `shipment ${id} is already ${before.status}`, {
        es: `el envío ${id} ya está ${STATUS_ES[before.status]}`,
        details: { status: before.status },
      });
    await tx.execute(sql`UPDATE shipments SET ${change(before)} WHERE id = ${sql.value(id)}`);
    const after = (await shipmentById(tx, id))!;
    await recordAudit(tx, actor, {
      action,
      entity: "shipment",
      entityId: String(id),
      before,
      after,
    });
    return after;
  });
}

/** Planned → dispatched (by the UGEL that sends it). */
export function dispatchShipment(
  db: OperationsDatabase,
  id: number,
  actor: Actor,
): Promise<Shipment> {
  return transition(
    db,
    id,
    ["planned"],
    "dispatch",
    actor,
    () =>
      sql`status = 'dispatched', dispatched_at = clock_timestamp(), dispatched_by = ${sql.value(actor.caller)}`,
  );
}

/**
 * Dispatched (or planned, when the dispatch was not recorded) → received, with the units that
 * arrived. Fewer (a partial receipt) or more than planned is allowed and flagged as a
 * discrepancy, and then needs a note saying what happened.
 */
export function receiveShipment(
  db: OperationsDatabase,
  id: number,
  received: { units: number; note?: string | undefined },
  actor: Actor,
): Promise<Shipment> {
  return transition(db, id, ["planned", "dispatched"], "receive", actor, (before) => {
    const note = received.note?.trim() ?? "";
    if (received.units !== before.units && note.length < 5)
      throw new BrechaError(
        "BRECHA_USAGE",
        `note: ${received.units} units received of ${before.units} planned; say what happened (at least 5 characters)`,
        {
          es: `nota: se recibieron ${received.units} de ${before.units} unidades; diga qué pasó (al menos 5 caracteres)`,
          details: { field: "note" },
        },
      );
    return sql`status = 'received', received_at = clock_timestamp(), received_by = ${sql.value(actor.caller)},
               received_units = ${sql.value(received.units)}, note = ${sql.value(note || null)}`;
  });
}

/** A planned shipment that will not go. */
export function cancelShipment(
  db: OperationsDatabase,
  id: number,
  reason: string,
  actor: Actor,
): Promise<Shipment> {
  return transition(
    db,
    id,
    ["planned"],
    "cancel",
    actor,
    () => sql`status = 'cancelled', note = ${sql.value(reason.trim())}`,
  );
}

/** Distribution efficiency of one area (a department or a UGEL). */
export interface EfficiencyRow {
  readonly code: string;
  readonly shipments: number;
  readonly plannedUnits: number;
  readonly deliveredUnits: number;
  /** delivered / planned over received and outstanding shipments (cancelled left out). */
  readonly deliveredShare: number | null;
  /** Median days from planned to received, over received shipments. */
  readonly medianDaysToDelivery: number | null;
  readonly delayed: number;
  readonly discrepancies: number;
  /** Devices the UGELs approved in requests, and the share of it delivered to those premises. */
  readonly approvedUnits: number;
  readonly approvedNeedMet: number | null;
}

const AREA_ROW = z.object({
  code: z.string(),
  shipments: count,
  plannedUnits: count,
  deliveredUnits: count,
  medianDays: z.number().nullable(),
  delayed: count,
  discrepancies: count,
});

/**
 * Delivered against planned, days to delivery, flags, and the share of approved need met, by
 * department or UGEL (optionally inside one department or UGEL).
 */
export async function distributionEfficiency(
  db: Executor,
  by: "department" | "ugel",
  filter: { department?: string; ugel?: string } = {},
): Promise<EfficiencyRow[]> {
  const area = by === "department" ? sql`department` : sql`coalesce(ugel, '—')`;
  const rows = await db.query(
    sql`SELECT ${area} AS code, count(*) AS shipments, sum(units) AS "plannedUnits",
               coalesce(sum(received_units), 0) AS "deliveredUnits",
               (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM received_at - planned_at) / 86400))::double precision AS "medianDays",
               count(*) FILTER (WHERE CASE WHEN status = 'received' THEN received_at::date > due ELSE current_date > due END) AS delayed,
               count(*) FILTER (WHERE status = 'received' AND received_units <> units) AS discrepancies
        FROM shipments ${whereOf({ ...filter, status: ["planned", "dispatched", "received"] })}
        GROUP BY 1 ORDER BY 1`,
    AREA_ROW,
  );
  // Approved need met: per premises, what arrived up to what was approved.
  const demand = await approvedDemand(
    db,
    filter.department ? { department: filter.department } : {},
  );
  const received = await db.query(
    sql`SELECT codigo_local AS "codigoLocal", ${area} AS code, sum(received_units) AS units
        FROM shipments ${whereOf({ ...filter, status: ["received"] })} GROUP BY 1, 2`,
    z.object({ codigoLocal: z.string(), code: z.string(), units: count }),
  );
  const arrived = new Map(received.map((r) => [r.codigoLocal, r.units]));
  const areaOfPremises = await db.query(
    sql`SELECT DISTINCT codigo_local AS "codigoLocal", ${area} AS code FROM school_requests
        WHERE status IN ('approved', 'partial') AND codigo_local IS NOT NULL
        ${filter.department ? sql`AND department = ${sql.value(filter.department)}` : sql.empty}
        ${filter.ugel ? sql`AND ugel = ${sql.value(filter.ugel)}` : sql.empty}`,
    z.object({ codigoLocal: z.string(), code: z.string() }),
  );
  const areaOf = new Map(areaOfPremises.map((r) => [r.codigoLocal, r.code]));
  const approved = new Map<string, { units: number; met: number }>();
  for (const d of demand) {
    const code = areaOf.get(d.codigoLocal);
    if (code === undefined || d.devices === 0) continue;
    const entry = approved.get(code) ?? { units: 0, met: 0 };
    entry.units += d.devices;
    entry.met += Math.min(d.devices, arrived.get(d.codigoLocal) ?? 0);
    approved.set(code, entry);
  }
  const codes = [...new Set([...rows.map((r) => r.code), ...approved.keys()])].sort();
  const byCode = new Map(rows.map((r) => [r.code, r]));
  return codes.map((code) => {
    const r = byCode.get(code);
    const a = approved.get(code);
    return {
      code,
      shipments: r?.shipments ?? 0,
      plannedUnits: r?.plannedUnits ?? 0,
      deliveredUnits: r?.deliveredUnits ?? 0,
      deliveredShare: r && r.plannedUnits > 0 ? r.deliveredUnits / r.plannedUnits : null,
      medianDaysToDelivery: r?.medianDays ?? null,
      delayed: r?.delayed ?? 0,
      discrepancies: r?.discrepancies ?? 0,
      approvedUnits: a?.units ?? 0,
      approvedNeedMet: a && a.units > 0 ? a.met / a.units : null,
    };
  });
}

/** Approved requests whose devices have not all arrived, the longest waiting first. */
export async function oldestUnmetRequests(
  db: Executor,
  filter: { department?: string; ugel?: string } = {},
  limit = 10,
): Promise<
  Array<{
    id: number;
    codigoModular: string;
    schoolName: string | null;
    ugel: string | null;
    department: string;
    approvedUnits: number;
    deliveredUnits: number;
    waitingDays: number;
  }>
> {
  const rows = await db.query(
    sql`SELECT r.id, r.codigo_modular AS "codigoModular", r.school_name AS "schoolName", r.ugel, r.department,
               (coalesce((coalesce(r.approved, r.needs) -> 'devices' ->> 'tablets')::int, 0)
                + coalesce((coalesce(r.approved, r.needs) -> 'devices' ->> 'laptops')::int, 0)) AS "approvedUnits",
               coalesce((SELECT sum(s.received_units) FROM shipments s
                         WHERE s.status = 'received' AND s.requests @> to_jsonb(r.id)), 0) AS "deliveredUnits",
               (extract(epoch FROM clock_timestamp() - r.reviewed_at) / 86400)::double precision AS "waitingDays"
        FROM school_requests r
        WHERE r.status IN ('approved', 'partial')
        ${filter.department ? sql`AND r.department = ${sql.value(filter.department)}` : sql.empty}
        ${filter.ugel ? sql`AND r.ugel = ${sql.value(filter.ugel)}` : sql.empty}
        ORDER BY r.reviewed_at, r.id`,
    z.object({
      id: z.number(),
      codigoModular: z.string(),
      schoolName: z.string().nullable(),
      ugel: z.string().nullable(),
      department: z.string(),
      approvedUnits: count,
      deliveredUnits: count,
      waitingDays: z.number(),
    }),
  );
  return rows.filter((r) => r.deliveredUnits < r.approvedUnits).slice(0, limit);
}
