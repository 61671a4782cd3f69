import { createHash } from "node:crypto";
import { z } from "zod";
import { NotFoundError } from "../errors/index.ts";
import {
  checkScenarioName,
  parseScenario,
  type NewScenario,
  type Scenario,
  type ScenarioFile,
} from "../optimise/index.ts";
import { sql } from "../storage/index.ts";
import { recordAudit, type Actor } from "./audit.ts";
import type { Executor, OperationsDatabase } from "./database.ts";

// Saved plans (scenarios) in the operational store: every save of a name is a new version, kept;
// the record is stored as the JSON text it was saved as, with the text's hash, which a pipeline
// compares to tell whether its plan stage's output is still the one it made.

/** The content hash of a stored record (the first 16 hex digits of its SHA-256). */
export const contentHash = (text: string): string =>
  createHash("sha256").update(text).digest("hex").slice(0, 16);

const BODY = z.object({ body: z.string(), version: z.number().int() });
const VERSION = z.object({ version: z.number().int() });

const source = (name: string, version: number) => `scenario ${name} v${version}`;
const summaryOf = ({ plan: _plan, params: _params, ...rest }: Scenario) => rest;

/** Saves a plan as the next version of its name (never over an earlier one), recorded as the
 * actor's, with its audit row in the same transaction. Two saves of one name at once get two
 * versions. */
export async function saveScenario(
  db: OperationsDatabase,
  scenario: NewScenario,
  actor: Actor,
): Promise<Scenario> {
  checkScenarioName(scenario.name);
  return db.transaction(async (tx) => {
    // One save of a name at a time: the next version is counted under the lock.
    await tx.query(
      sql`SELECT pg_advisory_xact_lock(hashtext(${sql.value(`scenario:${scenario.name}`)}))::text AS locked`,
      z.object({ locked: z.string() }),
    );
    const [last] = await tx.query(
      sql`SELECT coalesce(max(version), 0)::integer AS version FROM scenarios WHERE name = ${sql.value(scenario.name)}`,
      VERSION,
    );
    const saved: Scenario = {
      ...scenario,
      createdBy: actor.caller,
      version: last!.version + 1,
      createdAt: new Date().toISOString(),
    };
    await insertScenario(tx, saved, JSON.stringify(saved, null, 2));
    await recordAudit(tx, actor, {
      action: "save-scenario",
      entity: "scenario",
      entityId: `${saved.name}@${saved.version}`,
      after: summaryOf(saved),
    });
    return saved;
  });
}

async function insertScenario(tx: Executor, scenario: Scenario, text: string): Promise<void> {
  await tx.execute(
    sql`INSERT INTO scenarios (name, version, kind, created_at, created_by, body, content_hash)
        VALUES (${sql.value(scenario.name)}, ${sql.value(scenario.version)}, ${sql.value(scenario.kind)},
                ${sql.value(scenario.createdAt)}::timestamptz, ${sql.value(scenario.createdBy)},
                ${sql.value(text)}, ${sql.value(contentHash(text))})`,
  );
}

/** Scenarios an earlier Brecha kept as files, with their text as it was (so their hashes, which
 * pipeline lock files hold, stay the same). */
export async function importScenarios(tx: Executor, files: readonly ScenarioFile[]): Promise<void> {
  for (const { scenario, text } of files) await insertScenario(tx, scenario, text);
}

/** Every version of a name, oldest first, in one read; not found when there is none. */
export async function scenarioHistory(db: Executor, name: string): Promise<Scenario[]> {
  checkScenarioName(name);
  const rows = await db.query(
    sql`SELECT body, version FROM scenarios WHERE name = ${sql.value(name)} ORDER BY version`,
    BODY,
  );
  if (rows.length === 0) return [await scenarioByName(db, name)]; // throws: not found, in words
  return rows.map((r) => parseScenario(r.body, source(name, r.version), r.version));
}

/** The versions of a name, ascending. */
async function scenarioVersions(db: Executor, name: string): Promise<number[]> {
  checkScenarioName(name);
  return (
    await db.query(
      sql`SELECT version FROM scenarios WHERE name = ${sql.value(name)} ORDER BY version`,
      VERSION,
    )
  ).map((r) => r.version);
}

/** A version of a scenario, the latest by default. */
export async function scenarioByName(
  db: Executor,
  name: string,
  version?: number,
): Promise<Scenario> {
  checkScenarioName(name);
  const [row] = await db.query(
    sql`SELECT body, version FROM scenarios WHERE name = ${sql.value(name)}
        ${version === undefined ? sql.empty : sql`AND version = ${sql.value(version)}`}
        ORDER BY version DESC LIMIT 1`,
    BODY,
  );
  if (row) return parseScenario(row.body, source(name, row.version), row.version);
  const known = await scenarioVersions(db, name);
  throw new NotFoundError(
    "BRECHA_NOT_FOUND",
    known.length === 0
      ? `no scenario "${name}"; see \`brecha plan scenarios\``
      : `scenario "${name}" has no version ${version}; it has ${known.join(", ")}`,
    {
      es:
        known.length === 0
          ? `no existe el escenario "${name}"; vea \`brecha plan scenarios\``
          : `el escenario "${name}" no tiene la versión ${version}; tiene ${known.join(", ")}`,
    },
  );
}

/** The latest version of every scenario, by name; of one kind when asked. */
export async function latestScenarios(
  db: Executor,
  filter: { kind?: Scenario["kind"] } = {},
): Promise<Scenario[]> {
  const rows = await db.query(
    sql`SELECT DISTINCT ON (name) name, body, version FROM scenarios
        ${filter.kind ? sql`WHERE kind = ${sql.value(filter.kind)}` : sql.empty}
        ORDER BY name, version DESC`,
    BODY.extend({ name: z.string() }),
  );
  return rows.map((r) => parseScenario(r.body, source(r.name, r.version), r.version));
}

/** The content hash of a name's latest version, or null when there is none. */
export async function latestScenarioHash(db: Executor, name: string): Promise<string | null> {
  const [row] = await db.query(
    sql`SELECT content_hash AS hash FROM scenarios WHERE name = ${sql.value(name)} ORDER BY version DESC LIMIT 1`,
    z.object({ hash: z.string() }),
  );
  return row?.hash ?? null;
}
