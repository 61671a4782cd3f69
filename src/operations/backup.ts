import { createReadStream, createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { createGunzip, createGzip } from "node:zlib";
import { z } from "zod";
import { BrechaError } from "../errors/index.ts";
import { sql } from "../storage/index.ts";
import type { OperationsDatabase } from "./database.ts";
import { recordAudit, type Actor } from "./audit.ts";
import { MIGRATIONS } from "./migrations.ts";
import { count } from "./rows.ts";

/**
 * What a backup holds, in an order that respects the references between tables. Sessions and
 * login attempts are not kept: after a restore everyone signs in again.
 */
export const BACKUP_TABLES = [
  "accounts",
  "school_requests",
  "shipments",
  "resource_feedback",
  "hubs",
  "resources",
  "scenarios",
  "models",
  "model_aliases",
  "audit_log",
] as const;
/** Tables whose ids the database makes, by the column it counts in: the counters are moved past
 * the restored values. */
const IDENTITY = new Map([
  ["accounts", "id"],
  ["school_requests", "id"],
  ["shipments", "id"],
  ["audit_log", "id"],
  ["resources", "position"],
]);
/** Tables a new store fills by itself (the starter resources): a restore replaces their rows. */
const SEEDED = new Set(["resources"]);

const HEADER = z.object({
  format: z.literal("brecha-operations-backup"),
  schema: z.number().int(),
  createdAt: z.string(),
  engine: z.string(),
  tables: z.record(z.string(), z.number()),
});
type Header = z.infer<typeof HEADER>;

const latestSchema = () => Math.max(...MIGRATIONS.map((m) => m.version));

/**
 * Writes every table of the operational store to `file` (gzip, one JSON line per row after a
 * header line), from one consistent snapshot. It holds password hashes: keep it like a password
 * (it is written readable by its owner only).
 */
export async function backupOperations(
  db: OperationsDatabase,
  file: string,
  actor: Actor,
): Promise<Header> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ`);
    const lines: string[] = [];
    const tables: Record<string, number> = {};
    for (const table of BACKUP_TABLES) {
      const rows = await tx.query(
        sql`SELECT row_to_json(t)::text AS row FROM ${sql.id(table)} t ORDER BY 1`,
        z.object({ row: z.string() }),
      );
      tables[table] = rows.length;
      for (const { row } of rows)
        lines.push(JSON.stringify({ table, row: JSON.parse(row) as unknown }));
    }
    const header: Header = {
      format: "brecha-operations-backup",
      schema: latestSchema(),
      createdAt: new Date().toISOString(),
      engine: db.engine,
      tables,
    };
    await pipeline(
      Readable.from([`${JSON.stringify(header)}\n`, ...lines.map((l) => `${l}\n`)]),
      createGzip(),
      createWriteStream(file, { mode: 0o600 }),
    );
    // Who took a copy of the accounts is worth knowing.
    await recordAudit(tx, actor, {
      action: "backup",
      entity: "operations",
      entityId: null,
      after: header,
    });
    return header;
  });
}

/**
 * Loads a backup into an operational store that holds no accounts, requests or shipments yet
 * (a new one, on either engine), in one transaction: all of it or nothing.
 */
export async function restoreOperations(
  db: OperationsDatabase,
  file: string,
  actor: Actor,
): Promise<Header> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()) });
  let header: Header | undefined;
  const rows: Array<{ table: string; row: unknown }> = [];
  try {
    for await (const line of lines) {
      if (!header) {
        const parsed = HEADER.safeParse(JSON.parse(line));
        if (!parsed.success) throw notBackup(file);
        header = parsed.data;
        continue;
      }
      rows.push(JSON.parse(line) as { table: string; row: unknown });
    }
  } catch (error) {
    if (error instanceof BrechaError) throw error;
    throw notBackup(file, error);
  }
  if (!header) throw notBackup(file);
  if (header.schema > latestSchema())
    throw new BrechaError(
      "BRECHA_STORAGE",
      `${file} was written by a newer Brecha (schema ${header.schema}); update Brecha`,
      {
        es: `${file} fue escrito por un Brecha más nuevo (esquema ${header.schema}); actualice Brecha`,
      },
    );
  await db.transaction(async (tx) => {
    for (const table of BACKUP_TABLES) {
      const [held] = await tx.query(
        sql`SELECT count(*) AS n FROM ${sql.id(table)}`,
        z.object({ n: count }),
      );
      if (SEEDED.has(table)) await tx.execute(sql`DELETE FROM ${sql.id(table)}`);
      else if (table !== "audit_log" && held!.n > 0)
        throw new BrechaError(
          "BRECHA_CONFLICT",
          `the operational store already holds ${table}; restore into a new one`,
          {
            es: `el almacén operativo ya tiene ${table}; restaure en uno nuevo`,
          },
        );
    }
    for (const { table, row } of rows) {
      if (!(BACKUP_TABLES as readonly string[]).includes(table)) throw notBackup(file);
      await tx.execute(
        sql`INSERT INTO ${sql.id(table)} ${IDENTITY.has(table) ? sql`OVERRIDING SYSTEM VALUE` : sql.empty}
            SELECT * FROM json_populate_record(NULL::${sql.id(table)}, ${sql.value(JSON.stringify(row))}::json)`,
      );
    }
    for (const [table, column] of IDENTITY)
      await tx.query(
        sql`SELECT setval(pg_get_serial_sequence(${sql.value(table)}, ${sql.value(column)}), coalesce((SELECT max(${sql.id(column)}) FROM ${sql.id(table)}), 0) + 1, false)::text AS v`,
        z.object({ v: z.string() }),
      );
    await recordAudit(tx, actor, {
      action: "restore",
      entity: "operations",
      entityId: null,
      after: header,
    });
  });
  return header;
}

function notBackup(file: string, cause?: unknown): BrechaError {
  return new BrechaError(
    "BRECHA_CORRUPT_FILE",
    `${file} is not a Brecha operational backup (or is damaged)`,
    {
      es: `${file} no es una copia de seguridad operativa de Brecha (o está dañado)`,
      ...(cause === undefined ? {} : { cause }),
    },
  );
}
