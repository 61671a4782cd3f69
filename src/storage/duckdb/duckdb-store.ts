import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import type { z } from "zod";
import type {
  ColumnDef,
  ColumnType,
  DatasetVersion,
  Provenance,
  QuarantineRecord,
} from "../../domain/index.ts";
import { StorageError } from "../../errors/index.ts";
import type { PublishRequest, PublishStatus, Store } from "../store.ts";
import type { Sql } from "../sql.ts";
import { csvLine } from "../../contract/index.ts";
import { validateRows, versionTableName } from "../rows.ts";
import { duckdbDialect } from "./duckdb-dialect.ts";

const q = duckdbDialect.quoteIdentifier;
const s = duckdbDialect.quoteString;

// Metadata tables. Every dataset version is its own immutable table `<dataset>__v<hash16>`; the
// view `<dataset>` points at the current one and adds `_synthetic`, so that synthetic demo rows
// stay marked in every query that reads them.
const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS brecha_versions (
  version_id VARCHAR PRIMARY KEY,
  dataset VARCHAR NOT NULL,
  table_name VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  synthetic BOOLEAN NOT NULL,
  provenance VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS brecha_current (
  dataset VARCHAR PRIMARY KEY,
  version_id VARCHAR NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS brecha_quarantine (
  version_id VARCHAR NOT NULL,
  file VARCHAR,
  "row" BIGINT,
  line BIGINT,
  column_name VARCHAR,
  value VARCHAR,
  reason VARCHAR,
  action VARCHAR
);`;

/**
 * The embedded default store: one DuckDB file. Statements on the one connection are queued, so
 * callers may issue queries concurrently.
 */
export class DuckDBStore implements Store {
  readonly engine = "duckdb" as const;
  readonly dialect = duckdbDialect;
  readonly readOnly: boolean;
  readonly #instance: DuckDBInstance;
  readonly #connection: DuckDBConnection;
  readonly #stagingDir: string;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(
    instance: DuckDBInstance,
    connection: DuckDBConnection,
    readOnly: boolean,
    stagingDir: string,
    /** The store file (null in memory), so other threads can open it read-only. */
    readonly path: string | null,
  ) {
    this.#instance = instance;
    this.#connection = connection;
    this.readOnly = readOnly;
    this.#stagingDir = stagingDir;
  }

  /**
   * Opens (creating if needed) the store at `path`; `:memory:` for a throw-away store.
   *
   * @example const store = await DuckDBStore.open(".brecha/brecha.duckdb");
   */
  static async open(
    path: string,
    { readOnly = false }: { readOnly?: boolean } = {},
  ): Promise<DuckDBStore> {
    const memory = path === ":memory:";
    const stagingDir = memory
      ? join(process.cwd(), ".brecha-staging")
      : join(dirname(path), "staging");
    if (!memory && !readOnly) mkdirSync(dirname(path), { recursive: true });
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, readOnly ? { access_mode: "READ_ONLY" } : {});
    } catch (cause) {
      throw toStorageError(cause, `opening ${path}`);
    }
    const connection = await instance.connect();
    const store = new DuckDBStore(instance, connection, readOnly, stagingDir, memory ? null : path);
    if (!readOnly) {
      await store.#exec(SCHEMA_SQL);
      // Staging files of a load that was killed are useless: their transaction never committed.
      rmSync(stagingDir, { recursive: true, force: true });
    }
    return store;
  }

  #run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(task, task);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #exec(sql: string): Promise<void> {
    try {
      await this.#connection.run(sql);
    } catch (cause) {
      throw toStorageError(cause, "running a statement");
    }
  }

  async #rows(
    sql: string,
    params?: readonly (string | number | boolean | null)[],
  ): Promise<Record<string, unknown>[]> {
    try {
      const reader = await this.#connection.runAndReadAll(
        sql,
        params === undefined ? undefined : [...params],
      );
      return reader.getRowObjectsJS().map(toPlainRow);
    } catch (cause) {
      throw toStorageError(cause, "running a query");
    }
  }

  query<Row>(query: Sql, rows: z.core.$ZodType<Row>): Promise<Row[]> {
    const { text, params } = query.render(duckdbDialect);
    return this.#run(async () => {
      return validateRows(await this.#rows(text, params), rows, text);
    });
  }

  publish(request: PublishRequest): Promise<PublishStatus> {
    if (this.readOnly)
      return Promise.reject(
        new StorageError("BRECHA_READ_ONLY", "the store is open read-only; cannot publish"),
      );
    return this.#run(async () => {
      const { dataset, versionId, columns, csv, provenance, quarantine } = request;
      const existing = await this.#rows(
        "SELECT v.version_id, c.version_id AS current_id FROM brecha_versions v LEFT JOIN brecha_current c ON c.dataset = v.dataset WHERE v.version_id = ?",
        [versionId],
      );
      const table = versionTableName(dataset, versionId);
      const viewSql = `CREATE OR REPLACE VIEW ${q(dataset)} AS SELECT *, ${provenance.synthetic ? "true" : "false"} AS _synthetic FROM ${q(table)}`;
      const pointerSql = `INSERT OR REPLACE INTO brecha_current VALUES (${s(dataset)}, ${s(versionId)}, now())`;
      if (existing.length > 0) {
        if (existing[0]!.current_id === versionId) return "unchanged";
        await this.#transaction([pointerSql, viewSql]);
        return "reinstated";
      }
      mkdirSync(this.#stagingDir, { recursive: true });
      const stem = join(this.#stagingDir, randomUUID());
      const rowsFile = `${stem}.rows.csv`;
      const quarantineFile = `${stem}.quarantine.csv`;
      try {
        writeFileSync(rowsFile, csv);
        writeFileSync(quarantineFile, quarantineCsv(versionId, quarantine));
        const csvOptions =
          "HEADER true, DELIMITER ',', QUOTE '\"', ESCAPE '\"', ALLOW_QUOTED_NULLS false, NULLSTR ''";
        await this.#transaction([
          `CREATE TABLE ${q(table)} (${columns.map((c) => `${q(c.name)} ${this.dialect.columnType(c.type)}`).join(", ")})`,
          `COPY ${q(table)} FROM ${s(rowsFile)} (${csvOptions})`,
          `INSERT INTO brecha_versions VALUES (${s(versionId)}, ${s(dataset)}, ${s(table)}, now(), ${provenance.synthetic}, ${s(JSON.stringify(provenance))})`,
          `COPY brecha_quarantine FROM ${s(quarantineFile)} (${csvOptions})`,
          pointerSql,
          viewSql,
        ]);
      } finally {
        rmSync(rowsFile, { force: true });
        rmSync(quarantineFile, { force: true });
      }
      return "published";
    });
  }

  async #transaction(statements: readonly string[]): Promise<void> {
    await this.#exec("BEGIN TRANSACTION");
    try {
      for (const sql of statements) await this.#exec(sql);
      await this.#exec("COMMIT");
    } catch (error) {
      await this.#connection.run("ROLLBACK").catch(() => undefined);
      throw error;
    }
  }

  versions(dataset?: string): Promise<DatasetVersion[]> {
    return this.#run(async () => {
      const rows = await this.#rows(
        `SELECT v.version_id, v.dataset, v.table_name, CAST(v.created_at AS VARCHAR) AS created_at, v.provenance, (c.version_id IS NOT NULL) AS current
         FROM brecha_versions v LEFT JOIN brecha_current c ON c.version_id = v.version_id
         ${dataset === undefined ? "" : "WHERE v.dataset = ?"} ORDER BY v.created_at DESC, v.dataset`,
        dataset === undefined ? undefined : [dataset],
      );
      return rows.map((r) => ({
        versionId: String(r.version_id),
        dataset: String(r.dataset),
        tableName: String(r.table_name),
        createdAt: String(r.created_at),
        current: r.current === true,
        provenance: JSON.parse(String(r.provenance)) as Provenance,
      }));
    });
  }

  describe(tableName: string): Promise<ColumnDef[]> {
    return this.#run(async () => {
      const rows = await this.#rows(`DESCRIBE ${q(tableName)}`);
      return rows.map((r) => ({
        name: String(r.column_name),
        type: neutralType(String(r.column_type)),
      }));
    });
  }

  quarantine(
    versionId: string,
    { limit = 1_000 }: { limit?: number } = {},
  ): Promise<QuarantineRecord[]> {
    return this.#run(async () => {
      const rows = await this.#rows(
        `SELECT * FROM brecha_quarantine WHERE version_id = ? ORDER BY "row" LIMIT ${Math.max(0, Math.floor(limit))}`,
        [versionId],
      );
      return rows.map((r) => ({
        file: String(r.file),
        row: Number(r.row),
        line: Number(r.line),
        column: r.column_name === null ? null : String(r.column_name),
        value: r.value === null ? null : String(r.value),
        reason: String(r.reason),
        action: r.action === "cleared" ? "cleared" : "rejected",
      }));
    });
  }

  async close(): Promise<void> {
    await this.#queue;
    this.#connection.closeSync();
    this.#instance.closeSync();
  }
}

function quarantineCsv(versionId: string, records: readonly QuarantineRecord[]): string {
  let out = "version_id,file,row,line,column_name,value,reason,action\n";
  for (const r of records)
    out +=
      csvLine([versionId, r.file, r.row, r.line, r.column, r.value, r.reason, r.action]) + "\n";
  return out;
}

/** Engine values as plain JSON values: safe integers as numbers, others as text; dates as ISO. */
export function toPlainRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (typeof value === "bigint")
      out[key] = Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
    else if (value instanceof Date) out[key] = value.toISOString();
    else out[key] = value;
  }
  return out;
}

/** DuckDB's own message, prefixed with what we were doing, plus a hint for the lock conflict,
 * whose raw text ("Could not set lock on file") does not say what the user should do. */
export function toStorageError(cause: unknown, action: string): StorageError {
  const message = cause instanceof Error ? cause.message : String(cause);
  if (/Could not set lock|Conflicting lock/i.test(message)) {
    const pid = /PID (\d+)/.exec(message)?.[1];
    return new StorageError(
      "BRECHA_STORE_LOCKED",
      `${action}: the workspace store is open in another process${pid ? ` (PID ${pid})` : ""}; stop it (for example a running \`brecha up\`) and try again`,
      { cause },
    );
  }
  if (/read-only|read only/i.test(message)) {
    return new StorageError(
      "BRECHA_READ_ONLY",
      `${action}: the query tried to change data, but this store is read-only (${message.split("\n")[0]})`,
      { cause },
    );
  }
  return new StorageError("BRECHA_STORAGE", `${action}: ${message.split("\n")[0]}`, {
    cause,
    details: { engineMessage: message },
  });
}

function neutralType(engineType: string): ColumnType {
  if (/^(VARCHAR|TEXT)/i.test(engineType)) return "text";
  if (/^(BIGINT|INTEGER|HUGEINT|SMALLINT|TINYINT|UBIGINT|UINTEGER)/i.test(engineType))
    return "integer";
  if (/^(DOUBLE|FLOAT|REAL|DECIMAL)/i.test(engineType)) return "double";
  if (/^BOOLEAN/i.test(engineType)) return "boolean";
  throw new StorageError("BRECHA_STORAGE", `column type ${engineType} has no neutral type`);
}
