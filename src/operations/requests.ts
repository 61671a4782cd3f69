import { z } from "zod";
import { BrechaError } from "../errors/index.ts";
import { sql } from "../storage/index.ts";
import { recordAudit, type Actor } from "./audit.ts";
import type { Executor, OperationsDatabase } from "./database.ts";
import { findPersonalData } from "./personal-data.ts";
import { timestamp } from "./rows.ts";

const units = z.number().int().min(0).max(100_000);

/** What a school can ask for: devices and materials by count, services by yes or no. */
export const NEEDS = z
  .object({
    devices: z
      .object({
        tablets: units,
        laptops: units,
        radios: units,
        dataPlans: units,
        solarChargers: units,
      })
      .partial()
      .strict(),
    services: z
      .object({ internet: z.boolean(), electricity: z.boolean(), water: z.boolean() })
      .partial()
      .strict(),
    materials: z
      .object({ printed: units, radioPrograms: units, offlinePacks: units })
      .partial()
      .strict(),
  })
  .partial()
  .strict();
export type Needs = z.infer<typeof NEEDS>;

/** Each asked-for item of a needs record, as `group.item` and its amount (1 for a service). */
export function needItems(needs: Needs): Map<string, number> {
  const items = new Map<string, number>();
  for (const [group, values] of Object.entries(needs))
    for (const [item, value] of Object.entries(values ?? {})) {
      const amount = typeof value === "boolean" ? (value ? 1 : 0) : value;
      if (amount > 0) items.set(`${group}.${item}`, amount);
    }
  return items;
}

export const REQUEST_STATUSES = [
  "pending",
  "approved",
  "partial",
  "rejected",
  "withdrawn",
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const REQUEST_ROW = z.object({
  id: z.number(),
  codigoModular: z.string(),
  codigoLocal: z.string().nullable(),
  schoolName: z.string().nullable(),
  ubigeo: z.string(),
  department: z.string(),
  ugel: z.string().nullable(),
  needs: NEEDS,
  students: z.number(),
  reason: z.string(),
  status: z.enum(REQUEST_STATUSES),
  approved: NEEDS.nullable(),
  reviewReason: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  reviewedAt: timestamp.nullable(),
  filedBy: z.string(),
  filedAt: timestamp,
  updatedAt: timestamp,
});
export type SchoolRequest = z.infer<typeof REQUEST_ROW>;

const COLUMNS = sql`id, codigo_modular AS "codigoModular", codigo_local AS "codigoLocal",
  school_name AS "schoolName", ubigeo, department, ugel, needs, students, reason, status, approved,
  review_reason AS "reviewReason", reviewed_by AS "reviewedBy", reviewed_at::text AS "reviewedAt",
  filed_by AS "filedBy", filed_at::text AS "filedAt", updated_at::text AS "updatedAt"`;

/** Where a school is, from the padrón: what a request is filed, scoped and reviewed by. */
export interface SchoolPlace {
  readonly codigoModular: string;
  readonly codigoLocal: string | null;
  readonly name: string | null;
  readonly ubigeo: string;
  readonly ugel: string | null;
}

export interface NewRequest {
  readonly needs: Needs;
  readonly students: number;
  readonly reason: string;
}

function refuse(field: string, en: string, es: string): BrechaError {
  return new BrechaError("BRECHA_USAGE", `${field}: ${en}`, {
    es: `${field}: ${es}`,
    details: { field },
  });
}

/** Refuses a request that asks for nothing, or whose reason looks like personal data. */
export function checkRequest(input: NewRequest): void {
  if (needItems(input.needs).size === 0)
    throw refuse(
      "needs",
      "ask for at least one device, service or material",
      "pida al menos un equipo, servicio o material",
    );
  if (!Number.isInteger(input.students) || input.students < 1 || input.students > 5_000)
    throw refuse(
      "students",
      "a whole number of students from 1 to 5000",
      "un número entero de estudiantes de 1 a 5000",
    );
  const reason = input.reason.trim();
  if (reason.length < 10 || reason.length > 600)
    throw refuse("reason", "a reason of 10 to 600 characters", "un motivo de 10 a 600 caracteres");
  const found = findPersonalData(reason);
  if (found)
    throw new BrechaError(
      "BRECHA_PERSONAL_DATA",
      `reason: ${found.en}; write counts and the situation, without names or numbers of people`,
      {
        es: `motivo: ${found.es}; escriba cantidades y la situación, sin nombres ni números de personas`,
        details: { field: "reason", kind: found.kind },
      },
    );
}

export async function fileRequest(
  db: OperationsDatabase,
  school: SchoolPlace,
  input: NewRequest,
  actor: Actor,
): Promise<SchoolRequest> {
  checkRequest(input);
  // One statement: the request and its audit row are written together (atomically) without
  // holding a transaction open across round trips, which under load would queue every other
  // write behind it.
  const [row] = await db.query(
    sql`WITH r AS (
          INSERT INTO school_requests (codigo_modular, codigo_local, school_name, ubigeo, department, ugel,
                                       needs, students, reason, filed_by)
          VALUES (${sql.value(school.codigoModular)}, ${sql.value(school.codigoLocal)}, ${sql.value(school.name)},
                  ${sql.value(school.ubigeo)}, ${sql.value(school.ubigeo.slice(0, 2))}, ${sql.value(school.ugel)},
                  ${sql.value(JSON.stringify(input.needs))}::jsonb, ${sql.value(input.students)},
                  ${sql.value(input.reason.trim())}, ${sql.value(actor.caller)})
          RETURNING ${COLUMNS}),
        audited AS (
          INSERT INTO audit_log (actor, action, entity, entity_id, after, address)
          SELECT ${sql.value(actor.caller)}, 'file', 'request', r.id::text, to_jsonb(r), ${sql.value(actor.address)} FROM r)
        SELECT * FROM r`,
    REQUEST_ROW,
  );
  return row!;
}

export async function requestById(db: Executor, id: number): Promise<SchoolRequest | null> {
  const [row] = await db.query(
    sql`SELECT ${COLUMNS} FROM school_requests WHERE id = ${sql.value(id)}`,
    REQUEST_ROW,
  );
  return row ?? null;
}

/** Which requests a list shows: every filter given must hold. */
export interface RequestFilter {
  readonly codigoModular?: string;
  readonly codigoLocal?: string;
  readonly department?: string;
  readonly ugel?: string;
  readonly ubigeo?: string;
  readonly status?: readonly RequestStatus[];
  /** Requests with a smaller id than this: the next page. */
  readonly before?: number;
  readonly limit?: number;
}

/** Newest first, at most `limit` (100 by default, 500 at most). */
export async function listRequests(db: Executor, filter: RequestFilter): Promise<SchoolRequest[]> {
  const where = [
    filter.codigoModular === undefined
      ? null
      : sql`codigo_modular = ${sql.value(filter.codigoModular)}`,
    filter.codigoLocal === undefined ? null : sql`codigo_local = ${sql.value(filter.codigoLocal)}`,
    filter.department === undefined ? null : sql`department = ${sql.value(filter.department)}`,
    filter.ugel === undefined ? null : sql`ugel = ${sql.value(filter.ugel)}`,
    filter.ubigeo === undefined ? null : sql`ubigeo LIKE ${sql.value(`${filter.ubigeo}%`)}`,
    filter.status?.length ? sql`status IN (${sql.values(filter.status)})` : null,
    filter.before === undefined ? null : sql`id < ${sql.value(filter.before)}`,
  ].filter((w) => w !== null);
  return db.query(
    sql`SELECT ${COLUMNS} FROM school_requests
        ${where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql.empty}
        ORDER BY id DESC LIMIT ${sql.value(Math.min(Math.max(filter.limit ?? 100, 1), 500))}`,
    REQUEST_ROW,
  );
}

export interface Review {
  readonly decision: "approve" | "partial" | "reject";
  readonly reason: string;
  /** What is approved, for `partial`: never more than asked of any item. */
  readonly approved?: Needs;
}

function checkReview(request: SchoolRequest, review: Review): Needs | null {
  const reason = review.reason.trim();
  if (review.decision !== "approve" && reason.length < 5)
    throw refuse(
      "reason",
      "say why (at least 5 characters)",
      "diga por qué (al menos 5 caracteres)",
    );
  if (reason.length > 600)
    throw refuse("reason", "at most 600 characters", "como máximo 600 caracteres");
  const found = findPersonalData(reason);
  if (found)
    throw new BrechaError("BRECHA_PERSONAL_DATA", `reason: ${found.en}`, {
      es: `motivo: ${found.es}`,
      details: { field: "reason", kind: found.kind },
    });
  if (review.decision === "approve") return request.needs;
  if (review.decision === "reject") return null;
  if (!review.approved) throw refuse("approved", "say what is approved", "indique qué se aprueba");
  const asked = needItems(request.needs);
  const given = needItems(review.approved);
  for (const [item, amount] of given) {
    const limit = asked.get(item) ?? 0;
    if (amount > limit)
      throw refuse(
        "approved",
        `${item}: ${amount} is more than the ${limit} asked for`,
        `${item}: ${amount} es más que lo pedido (${limit})`,
      );
  }
  if (given.size === 0)
    throw refuse(
      "approved",
      "approve at least one item, or reject",
      "apruebe al menos un ítem, o rechace",
    );
  return review.approved;
}

/** A pending request, locked until the transaction ends; a missing one or one already decided is
 * refused. */
async function lockPending(tx: Executor, id: number): Promise<SchoolRequest> {
  const [request] = await tx.query(
    sql`SELECT ${COLUMNS} FROM school_requests WHERE id = ${sql.value(id)} FOR UPDATE`,
    REQUEST_ROW,
  );
  if (!request) throw notFound(id);
  if (request.status !== "pending")
    throw new BrechaError("BRECHA_CONFLICT", `request ${id} is already ${request.status}`, {
      es: `la solicitud ${id} ya está ${STATUS_ES[request.status]}`,
      details: { status: request.status },
    });
  return request;
}

/**
 * The UGEL's (or DRE's) decision on a pending request, with its reason. A request is reviewed
 * once: a second decision, or one on a withdrawn request, is refused (`BRECHA_CONFLICT`), also
 * when two reviewers answer at the same moment.
 */
export async function reviewRequest(
  db: OperationsDatabase,
  id: number,
  review: Review,
  actor: Actor,
): Promise<SchoolRequest> {
  return db.transaction(async (tx) => {
    const before = await lockPending(tx, id);
    const approved = checkReview(before, review);
    const status: RequestStatus =
      review.decision === "approve"
        ? "approved"
        : review.decision === "partial"
          ? "partial"
          : "rejected";
    const [after] = await tx.query(
      sql`UPDATE school_requests SET status = ${sql.value(status)},
            approved = ${approved === null ? sql`NULL` : sql`${sql.value(JSON.stringify(approved))}::jsonb`},
            review_reason = ${sql.value(review.reason.trim() || null)}, reviewed_by = ${sql.value(actor.caller)},
            reviewed_at = clock_timestamp(), updated_at = clock_timestamp()
          WHERE id = ${sql.value(id)} RETURNING ${COLUMNS}`,
      REQUEST_ROW,
    );
    await recordAudit(tx, actor, {
      action: `review:${review.decision}`,
      entity: "request",
      entityId: String(id),
      before,
      after,
    });
    return after!;
  });
}

/** The school takes back a request that has not been reviewed yet. */
export async function withdrawRequest(
  db: OperationsDatabase,
  id: number,
  actor: Actor,
): Promise<SchoolRequest> {
  return db.transaction(async (tx) => {
    const before = await lockPending(tx, id);
    const [after] = await tx.query(
      sql`UPDATE school_requests SET status = 'withdrawn', updated_at = clock_timestamp()
          WHERE id = ${sql.value(id)} RETURNING ${COLUMNS}`,
      REQUEST_ROW,
    );
    await recordAudit(tx, actor, {
      action: "withdraw",
      entity: "request",
      entityId: String(id),
      before,
      after,
    });
    return after!;
  });
}

export const STATUS_ES: Record<RequestStatus, string> = {
  pending: "pendiente",
  approved: "aprobada",
  partial: "aprobada en parte",
  rejected: "rechazada",
  withdrawn: "retirada",
};

function notFound(id: number): BrechaError {
  return new BrechaError("BRECHA_NOT_FOUND", `no request ${id}`, {
    es: `no existe la solicitud ${id}`,
  });
}

/** What the UGELs approved for one premises: demand observed on the ground, for the planners. */
export interface ObservedDemand {
  readonly codigoLocal: string;
  /** Tablets and laptops approved. */
  readonly devices: number;
  readonly dataPlans: number;
  readonly solarChargers: number;
  readonly internet: boolean;
  readonly electricity: boolean;
  readonly water: boolean;
  /** The approved requests behind it. */
  readonly requests: readonly number[];
}

/**
 * Approved (and partly approved: what was approved) requests, added up per premises, optionally
 * of one department. Requests of a school with no código de local cannot be placed and are left
 * out here (the caller reports them).
 */
export async function approvedDemand(
  db: Executor,
  filter: { department?: string } = {},
): Promise<ObservedDemand[]> {
  const rows = await db.query(
    sql`SELECT ${COLUMNS} FROM school_requests
        WHERE status IN ('approved', 'partial') AND codigo_local IS NOT NULL
        ${filter.department ? sql`AND department = ${sql.value(filter.department)}` : sql.empty}
        ORDER BY id`,
    REQUEST_ROW,
  );
  const byPremises = new Map<
    string,
    {
      devices: number;
      dataPlans: number;
      solarChargers: number;
      internet: boolean;
      electricity: boolean;
      water: boolean;
      requests: number[];
    }
  >();
  for (const row of rows) {
    const granted = (row.status === "approved" ? row.needs : row.approved) ?? {};
    const entry = byPremises.get(row.codigoLocal!) ?? {
      devices: 0,
      dataPlans: 0,
      solarChargers: 0,
      internet: false,
      electricity: false,
      water: false,
      requests: [],
    };
    entry.devices += (granted.devices?.tablets ?? 0) + (granted.devices?.laptops ?? 0);
    entry.dataPlans += granted.devices?.dataPlans ?? 0;
    entry.solarChargers += granted.devices?.solarChargers ?? 0;
    entry.internet ||= granted.services?.internet === true;
    entry.electricity ||= granted.services?.electricity === true;
    entry.water ||= granted.services?.water === true;
    entry.requests.push(row.id);
    byPremises.set(row.codigoLocal!, entry);
  }
  return [...byPremises].map(([codigoLocal, e]) => ({ codigoLocal, ...e }));
}

/** How many requests are in each status, by department: for /metrics. */
export async function requestCounts(
  db: Executor,
): Promise<Array<{ department: string; status: RequestStatus; requests: number }>> {
  return db.query(
    sql`SELECT department, status, count(*) AS requests FROM school_requests GROUP BY 1, 2 ORDER BY 1, 2`,
    z.object({
      department: z.string(),
      status: z.enum(REQUEST_STATUSES),
      requests: z.coerce.number(),
    }),
  );
}
