import { z } from "zod";
import { StorageError } from "../errors/index.ts";
import { sql } from "../storage/index.ts";
import { STARTER_RESOURCES, type Resource } from "../resources/index.ts";
import type { ModelAliases, ModelFile } from "../models/index.ts";
import type { ScenarioFile } from "../optimise/index.ts";
import type { Executor, OperationsDatabase } from "./database.ts";
import { importModels } from "./models.ts";
import { seedResources } from "./resources.ts";
import { importScenarios } from "./scenarios.ts";

/** What a step may need from outside the database: what an older Brecha kept in files. */
export interface MigrationContext {
  /** The workspace's resources.json, when there is one: the repository's first entries. */
  readonly legacyResources?: readonly Resource[] | undefined;
  /** The workspace's scenarios folder, read. */
  readonly legacyScenarios?: readonly ScenarioFile[] | undefined;
  /** The workspace's models folder, read. */
  readonly legacyModels?: { models: readonly ModelFile[]; aliases: ModelAliases } | undefined;
}

/** One step of the operational schema. Versions only grow; a released step is never edited
 * (a change is a new step). Statements are the code's own text; `fill` puts a new table's first
 * rows in, in the same transaction. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
  readonly fill?: (tx: Executor, context: MigrationContext) => Promise<void>;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "accounts, sessions, login attempts, audit log, school requests",
    statements: [
      `CREATE TABLE accounts (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        username text NOT NULL UNIQUE,
        display_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'planner', 'officer', 'school', 'student')),
        scope_kind text CHECK (scope_kind IN ('department', 'ugel', 'school', 'local')),
        scope_code text,
        password_hash text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        CHECK ((scope_kind IS NULL) = (scope_code IS NULL))
      )`,
      `CREATE TABLE sessions (
        token_hash text PRIMARY KEY,
        account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        address text
      )`,
      `CREATE INDEX sessions_account ON sessions (account_id)`,
      `CREATE TABLE login_attempts (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        username text NOT NULL,
        address text NOT NULL,
        succeeded boolean NOT NULL,
        at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`,
      `CREATE INDEX login_attempts_username ON login_attempts (username, at)`,
      `CREATE INDEX login_attempts_address ON login_attempts (address, at)`,
      `CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor text NOT NULL,
        action text NOT NULL,
        entity text NOT NULL,
        entity_id text,
        before jsonb,
        after jsonb,
        address text
      )`,
      `CREATE INDEX audit_entity ON audit_log (entity, entity_id)`,
      `CREATE TABLE school_requests (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        codigo_modular text NOT NULL,
        codigo_local text,
        school_name text,
        ubigeo text NOT NULL,
        department text NOT NULL,
        ugel text,
        needs jsonb NOT NULL,
        students integer NOT NULL CHECK (students > 0),
        reason text NOT NULL,
        status text NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'approved', 'partial', 'rejected', 'withdrawn')),
        approved jsonb,
        review_reason text,
        reviewed_by text,
        reviewed_at timestamptz,
        filed_by text NOT NULL,
        filed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`,
      `CREATE INDEX requests_school ON school_requests (codigo_modular, id)`,
      `CREATE INDEX requests_local ON school_requests (codigo_local, id)`,
      `CREATE INDEX requests_ugel ON school_requests (ugel, status, id)`,
      `CREATE INDEX requests_department ON school_requests (department, status, id)`,
    ],
  },
  {
    version: 2,
    name: "shipments: planned, dispatched, received",
    statements: [
      `CREATE TABLE shipments (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        plan text NOT NULL,
        origin text NOT NULL,
        codigo_local text NOT NULL,
        schools jsonb NOT NULL,
        ubigeo text NOT NULL,
        department text NOT NULL,
        ugel text,
        bundle text NOT NULL,
        units integer NOT NULL CHECK (units > 0),
        requests jsonb NOT NULL,
        status text NOT NULL DEFAULT 'planned'
          CHECK (status IN ('planned', 'dispatched', 'received', 'cancelled')),
        due date NOT NULL,
        planned_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        created_by text NOT NULL,
        dispatched_at timestamptz,
        dispatched_by text,
        received_at timestamptz,
        received_by text,
        received_units integer CHECK (received_units >= 0),
        note text,
        UNIQUE (plan, origin, codigo_local)
      )`,
      `CREATE INDEX shipments_place ON shipments (department, ugel, status)`,
      `CREATE INDEX shipments_premises ON shipments (codigo_local)`,
    ],
  },
  {
    version: 3,
    name: "feedback on learning resources: one vote per account and resource",
    statements: [
      `CREATE TABLE resource_feedback (
        resource_id text NOT NULL,
        account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        rating smallint CHECK (rating BETWEEN 1 AND 5),
        useful boolean,
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (resource_id, account_id),
        CHECK (rating IS NOT NULL OR useful IS NOT NULL)
      )`,
      `CREATE INDEX resource_feedback_account ON resource_feedback (account_id, updated_at)`,
    ],
  },
  {
    version: 4,
    name: "community tech hubs registered by people",
    statements: [
      `CREATE TABLE hubs (
        code text PRIMARY KEY CHECK (code ~ '^[0-9]{10}$'),
        name text NOT NULL,
        status text NOT NULL CHECK (status IN ('existing', 'planned', 'closed')),
        host text CHECK (host ~ '^[0-9]{6}$'),
        hours text,
        note text,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`,
    ],
  },
  {
    version: 5,
    name: "the learning-resource repository (was a JSON file in the workspace)",
    statements: [
      `CREATE TABLE resources (
        id text PRIMARY KEY,
        position bigint GENERATED ALWAYS AS IDENTITY,
        body jsonb NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CHECK (body->>'id' = id)
      )`,
    ],
    fill: (tx, { legacyResources }) => seedResources(tx, legacyResources ?? STARTER_RESOURCES),
  },
  {
    version: 6,
    name: "saved scenarios and the model registry (were files in the workspace)",
    statements: [
      `CREATE TABLE scenarios (
        name text NOT NULL CHECK (name ~ '^[A-Za-z0-9_.-]{1,64}$'),
        version integer NOT NULL CHECK (version >= 1),
        kind text NOT NULL CHECK (kind IN ('hubs', 'infra', 'devices')),
        created_at timestamptz NOT NULL,
        created_by text NOT NULL,
        body text NOT NULL,
        content_hash text NOT NULL,
        PRIMARY KEY (name, version)
      )`,
      `CREATE TABLE models (
        id text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{16}$'),
        task text NOT NULL,
        trained_at timestamptz NOT NULL,
        metric text NOT NULL,
        score double precision,
        body text NOT NULL,
        saved_by text NOT NULL,
        saved_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`,
      `CREATE INDEX models_trained ON models (trained_at)`,
      `CREATE TABLE model_aliases (
        task text NOT NULL,
        alias text NOT NULL,
        model_id text NOT NULL REFERENCES models (id),
        set_by text NOT NULL,
        set_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (task, alias)
      )`,
    ],
    fill: async (tx, { legacyScenarios, legacyModels }) => {
      await importScenarios(tx, legacyScenarios ?? []);
      await importModels(tx, legacyModels ?? { models: [], aliases: {} });
    },
  },
];

/** Any number, checked, so that the advisory lock's key is the same on every engine. */
const MIGRATION_LOCK = 7_274_001;

/**
 * Brings the schema up to the newest step, each step in a transaction of its own with its row in
 * `schema_migrations`. Several processes starting at once wait for each other (an advisory lock),
 * so a step runs once. A database written by a newer Brecha (a step this code does not know) is
 * refused rather than guessed at.
 */
export async function migrate(
  db: OperationsDatabase,
  migrations: readonly Migration[] = MIGRATIONS,
  context: MigrationContext = {},
): Promise<number[]> {
  await db.execute(
    sql`CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
  const applied: number[] = [];
  await db.transaction(async (tx) => {
    await tx.query(
      sql`SELECT pg_advisory_xact_lock(${sql.value(MIGRATION_LOCK)})::text AS locked`,
      z.object({ locked: z.string() }),
    );
    const done = new Set(
      (
        await tx.query(
          sql`SELECT version FROM schema_migrations`,
          z.object({ version: z.number() }),
        )
      ).map((r) => r.version),
    );
    const known = new Set(migrations.map((m) => m.version));
    const unknown = [...done].filter((v) => !known.has(v));
    if (unknown.length > 0)
      throw new StorageError(
        "BRECHA_STORAGE",
        `the operational store has schema step ${Math.max(...unknown)}, newer than this Brecha knows (${Math.max(...known)}): update Brecha`,
        {
          es: `el almacén operativo tiene el paso de esquema ${Math.max(...unknown)}, más nuevo que los que conoce este Brecha (${Math.max(...known)}): actualice Brecha`,
        },
      );
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      for (const statement of migration.statements) await tx.execute(sql.trusted(statement));
      await migration.fill?.(tx, context);
      await tx.execute(
        sql`INSERT INTO schema_migrations (version, name) VALUES (${sql.value(migration.version)}, ${sql.value(migration.name)})`,
      );
      applied.push(migration.version);
    }
  });
  return applied;
}
