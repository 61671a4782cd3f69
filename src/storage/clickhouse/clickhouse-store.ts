import { randomUUID } from "node:crypto";
import { createClient, type ClickHouseClient } from "@clickhouse/client";
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
import { validateRows, versionTableName } from "../rows.ts";
import { canonicalRows } from "./canonical-rows.ts";
import { clickhouseDialect, toClickHouseSql } from "./clickhouse-dialect.ts";

const q = clickhouseDialect.quoteIdentifier;
const s = clickhouseDialect.quoteString;

// The catalogue is append-only: a publish writes its "version" and "current" rows in one insert,
// which ClickHouse applies atomically (one block, one part), so a version is either fully
// catalogued and current or not there at all. The current version of a dataset is the
// "current" row with the highest sequence number.
const CATALOG_SQL = `CREATE TABLE IF NOT EXISTS brecha_catalog (
  seq UInt64, kind String, dataset String, version_id String, table_name String,
  created_at DateTime, synthetic UInt8, provenance String, attempt String
) ENGINE = MergeTree() ORDER BY (dataset, seq)`;
const QUARANTINE_SQL = `CREATE TABLE IF NOT EXISTS brecha_quarantine (
  attempt String, version_id String, file String, row Int64, line Int64,
  column_name Nullable(String), value Nullable(String), reason String, action String
) ENGINE = MergeTree() ORDER BY (version_id, row)`;

export interface ClickHouseOptions {
  /** HTTP address of each node; the first one takes queries and inserts. */
  readonly urls: readonly string[];
  readonly database?: string;
  readonly username?: string;
  readonly password?: string;
  /** With a cluster name (from the servers' `remote_servers`), dataset tables are sharded: a
   * MergeTree table on every node behind a `Distributed` table. */
  readonly cluster?: string;
  readonly readOnly?: boolean;
}

type Json = Record<string, unknown>;

/**
 * The scale-out store: ClickHouse over HTTP (`@clickhouse/client`). Written for the SQL that both
 * ClickHouse 18.16 (Debian's package) and current releases accept. Dataset versions are immutable
 * tables; the view `<dataset>` points at the current one and adds `_synthetic`, as in DuckDB.
 */
export class ClickHouseStore implements Store {
  readonly engine = "clickhouse" as const;
  readonly dialect = clickhouseDialect;
  readonly readOnly: boolean;
  readonly #clients: ClickHouseClient[];
  readonly #cluster: string | null;
  readonly #database: string;
  #seq = 0;

  private constructor(options: ClickHouseOptions) {
    this.readOnly = options.readOnly ?? false;
    this.#cluster = options.cluster ?? null;
    this.#database = options.database ?? "default";
    this.#clients = options.urls.map((url) =>
      createClient({
        url,
        username: options.username ?? "default",
        password: options.password ?? "",
        database: this.#database,
        request_timeout: 600_000,
        clickhouse_settings: {
          output_format_json_quote_64bit_integers: 0,
          // Unmatched rows of a LEFT JOIN give NULL, as in SQL, not the type's default (0, '').
          join_use_nulls: 1,
          // Long loads and scans keep the connection alive with progress headers.
          send_progress_in_http_headers: 1,
          http_headers_progress_interval_ms: "60000",
          // Read-only sessions may still set per-query settings (readonly = 2).
          ...(this.readOnly ? { readonly: "2" } : {}),
        },
      }),
    );
  }

  /** Connects (every node must answer) and, when writable, creates the catalogue tables. */
  static async open(options: ClickHouseOptions): Promise<ClickHouseStore> {
    if (options.urls.length === 0)
      throw new StorageError("BRECHA_STORAGE", "no ClickHouse URL given");
    if (!options.readOnly) {
      // The database is created on every node when missing (the client's session needs it).
      for (const url of options.urls) {
        const admin = createClient({
          url,
          username: options.username ?? "default",
          password: options.password ?? "",
        });
        try {
          await admin.command({
            query: `CREATE DATABASE IF NOT EXISTS ${q(options.database ?? "default")}`,
          });
        } catch (cause) {
          throw toStorageError(cause, `creating the database at ${url}`);
        } finally {
          await admin.close();
        }
      }
    }
    const store = new ClickHouseStore(options);
    for (const [i, client] of store.#clients.entries()) {
      const ping = await client.ping();
      if (!ping.success)
        throw new StorageError(
          "BRECHA_STORAGE",
          `ClickHouse at ${options.urls[i]} does not answer: ${String(ping.error?.message ?? "")}`,
        );
    }
    if (!store.readOnly) {
      await store.#command(CATALOG_SQL);
      await store.#command(QUARANTINE_SQL);
    }
    return store;
  }

  get #main(): ClickHouseClient {
    return this.#clients[0]!;
  }

  async #command(sql: string, clients: readonly ClickHouseClient[] = [this.#main]): Promise<void> {
    try {
      for (const c of clients) await c.command({ query: sql });
    } catch (cause) {
      throw toStorageError(cause, "running a statement");
    }
  }

  async #select(
    sql: string,
  ): Promise<{ meta: Array<{ name: string; type: string }>; data: Json[] }> {
    try {
      const result = await this.#main.query({ query: sql, format: "JSON" });
      return (await result.json()) as unknown as {
        meta: Array<{ name: string; type: string }>;
        data: Json[];
      };
    } catch (cause) {
      throw toStorageError(cause, "running a query");
    }
  }

  async query<Row>(query: Sql, rows: z.core.$ZodType<Row>): Promise<Row[]> {
    const { text: sql, params } = query.render(clickhouseDialect);
    let translated: string;
    try {
      translated = toClickHouseSql(sql, params);
    } catch (error) {
      throw new StorageError("BRECHA_STORAGE", `preparing a query: ${(error as Error).message}`);
    }
    const { meta, data } = await this.#select(translated);
    // UInt8 is how booleans are stored (see the dialect): give them back as booleans.
    const booleans = meta.filter((m) => /^(Nullable\()?UInt8\)?$/.test(m.type)).map((m) => m.name);
    for (const row of data)
      for (const name of booleans) if (row[name] !== null) row[name] = row[name] === 1;
    return validateRows(data, rows, sql);
  }

  async #catalog(where: string): Promise<Json[]> {
    return (
      await this.#select(
        `SELECT seq, kind, dataset, version_id, table_name, toString(created_at) AS created_at, synthetic, provenance, attempt
         FROM brecha_catalog WHERE ${where} ORDER BY seq`,
      )
    ).data;
  }

  async #currentOf(dataset?: string): Promise<Map<string, string>> {
    const rows = (
      await this.#select(
        `SELECT dataset, argMax(version_id, seq) AS version_id FROM brecha_catalog
         WHERE kind = 'current' ${dataset === undefined ? "" : `AND dataset = ${s(dataset)}`} GROUP BY dataset`,
      )
    ).data;
    return new Map(rows.map((r) => [String(r.dataset), String(r.version_id)]));
  }

  #nextSeq(): number {
    // Milliseconds × 1000 plus a counter: increasing across processes and within one.
    this.#seq = Math.max(this.#seq + 1, Date.now() * 1000);
    return this.#seq;
  }

  async publish(request: PublishRequest): Promise<PublishStatus> {
    if (this.readOnly)
      throw new StorageError("BRECHA_READ_ONLY", "the store is open read-only; cannot publish");
    const { dataset, versionId, columns, csv, provenance, quarantine } = request;
    const existing = await this.#catalog(`kind = 'version' AND version_id = ${s(versionId)}`);
    const current = (await this.#currentOf(dataset)).get(dataset);
    if (existing.length > 0) {
      if (current === versionId) return "unchanged";
      const v = existing[0]!;
      await this.#insert("brecha_catalog", [
        this.#catalogRow(
          "current",
          dataset,
          versionId,
          String(v.table_name),
          provenance.synthetic,
          "",
          String(v.attempt),
        ),
      ]);
      await this.#pointView(dataset, String(v.table_name), provenance.synthetic);
      return "reinstated";
    }
    // Typed rows first: a value that does not fit fails before anything is written.
    const rows = canonicalRows(csv, columns, dataset);
    const table = versionTableName(dataset, versionId);
    const attempt = randomUUID();
    const columnSql = columns
      .map((c) => `${q(c.name)} ${this.dialect.columnType(c.type)}`)
      .join(", ");
    try {
      await this.#dropData(table);
      if (this.#cluster) {
        await this.#command(
          `CREATE TABLE ${q(`${table}__local`)} (${columnSql}) ENGINE = MergeTree() ORDER BY tuple()`,
          this.#clients,
        );
        await this.#command(
          `CREATE TABLE ${q(table)} (${columnSql}) ENGINE = Distributed(${q(this.#cluster)}, ${q(this.#database)}, ${q(`${table}__local`)}, rand())`,
          this.#clients,
        );
      } else
        await this.#command(
          `CREATE TABLE ${q(table)} (${columnSql}) ENGINE = MergeTree() ORDER BY tuple()`,
        );
      for (let i = 0; i < rows.length; i += 100_000)
        await this.#insert(
          table,
          rows.slice(i, i + 100_000).map((r) => encodeBooleans(r)),
        );
      if (quarantine.length > 0)
        await this.#insert(
          "brecha_quarantine",
          quarantine.map((r) => ({
            attempt,
            version_id: versionId,
            file: r.file,
            row: r.row,
            line: r.line,
            column_name: r.column,
            value: r.value,
            reason: r.reason,
            action: r.action,
          })),
        );
      // The commit: the version and its current pointer in one insert.
      await this.#insert("brecha_catalog", [
        this.#catalogRow(
          "version",
          dataset,
          versionId,
          table,
          provenance.synthetic,
          JSON.stringify(provenance),
          attempt,
        ),
        this.#catalogRow("current", dataset, versionId, table, provenance.synthetic, "", attempt),
      ]);
    } catch (error) {
      await this.#dropData(table).catch(() => undefined);
      throw error instanceof StorageError ? error : toStorageError(error, `publishing ${dataset}`);
    }
    await this.#pointView(dataset, table, provenance.synthetic);
    return "published";
  }

  #catalogRow(
    kind: "version" | "current",
    dataset: string,
    versionId: string,
    table: string,
    synthetic: boolean,
    provenance: string,
    attempt: string,
  ): Json {
    return {
      seq: this.#nextSeq(),
      kind,
      dataset,
      version_id: versionId,
      table_name: table,
      created_at: Math.floor(Date.now() / 1000),
      synthetic: synthetic ? 1 : 0,
      provenance,
      attempt,
    };
  }

  async #insert(table: string, values: Json[]): Promise<void> {
    try {
      await this.#main.insert({
        table,
        values,
        format: "JSONEachRow",
        clickhouse_settings: this.#cluster ? { insert_distributed_sync: 1 } : {},
      });
    } catch (cause) {
      throw toStorageError(cause, `inserting into ${table}`);
    }
  }

  async #dropData(table: string): Promise<void> {
    await this.#command(
      `DROP TABLE IF EXISTS ${q(table)}`,
      this.#cluster ? this.#clients : [this.#main],
    );
    if (this.#cluster)
      await this.#command(`DROP TABLE IF EXISTS ${q(`${table}__local`)}`, this.#clients);
  }

  /** Points the view `<dataset>` at a version: a new view swapped in by one RENAME. */
  async #pointView(dataset: string, table: string, synthetic: boolean): Promise<void> {
    const next = `${dataset}__view_next`;
    const old = `${dataset}__view_old`;
    await this.#command(`DROP TABLE IF EXISTS ${q(next)}`);
    await this.#command(
      `CREATE VIEW ${q(next)} AS SELECT *, ${synthetic ? 1 : 0} AS _synthetic FROM ${q(table)}`,
    );
    const exists = (
      await this.#select(
        `SELECT count() AS n FROM system.tables WHERE database = ${s(this.#database)} AND name = ${s(dataset)}`,
      )
    ).data[0]!.n;
    if (Number(exists) > 0) {
      await this.#command(`DROP TABLE IF EXISTS ${q(old)}`);
      await this.#command(`RENAME TABLE ${q(dataset)} TO ${q(old)}, ${q(next)} TO ${q(dataset)}`);
      await this.#command(`DROP TABLE IF EXISTS ${q(old)}`);
    } else await this.#command(`RENAME TABLE ${q(next)} TO ${q(dataset)}`);
  }

  async versions(dataset?: string): Promise<DatasetVersion[]> {
    const rows = await this.#catalog(
      `kind = 'version' ${dataset === undefined ? "" : `AND dataset = ${s(dataset)}`}`,
    );
    const current = await this.#currentOf(dataset);
    return rows
      .sort((a, b) => Number(b.seq) - Number(a.seq))
      .map((r) => ({
        versionId: String(r.version_id),
        dataset: String(r.dataset),
        tableName: String(r.table_name),
        createdAt: `${String(r.created_at).replace(" ", "T")}Z`,
        current: current.get(String(r.dataset)) === String(r.version_id),
        provenance: JSON.parse(String(r.provenance)) as Provenance,
      }));
  }

  async describe(tableName: string): Promise<ColumnDef[]> {
    const rows = (
      await this.#select(
        `SELECT name, type FROM system.columns WHERE database = ${s(this.#database)} AND table = ${s(tableName)}`,
      )
    ).data;
    return rows.map((r) => ({ name: String(r.name), type: neutralType(String(r.type)) }));
  }

  async quarantine(
    versionId: string,
    { limit = 1_000 }: { limit?: number } = {},
  ): Promise<QuarantineRecord[]> {
    const version = await this.#catalog(`kind = 'version' AND version_id = ${s(versionId)}`);
    if (version.length === 0) return [];
    const rows = (
      await this.#select(
        `SELECT file, row, line, column_name, value, reason, action FROM brecha_quarantine
         WHERE version_id = ${s(versionId)} AND attempt = ${s(String(version[0]!.attempt))}
         ORDER BY row LIMIT ${Math.max(0, Math.floor(limit))}`,
      )
    ).data;
    return rows.map((r) => ({
      file: String(r.file),
      row: Number(r.row),
      line: Number(r.line),
      column: r.column_name === null ? null : String(r.column_name),
      value: r.value === null ? null : String(r.value),
      reason: String(r.reason),
      action: r.action === "cleared" ? "cleared" : "rejected",
    }));
  }

  async close(): Promise<void> {
    await Promise.all(this.#clients.map((c) => c.close()));
  }
}

function encodeBooleans(row: Record<string, string | number | boolean | null>): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(row)) out[k] = typeof v === "boolean" ? (v ? 1 : 0) : v;
  return out;
}

function toStorageError(cause: unknown, action: string): StorageError {
  const message = cause instanceof Error ? cause.message : String(cause);
  if (/readonly|read-only/i.test(message))
    return new StorageError(
      "BRECHA_READ_ONLY",
      `${action}: this store is read-only (${message.split("\n")[0]})`,
      { cause },
    );
  return new StorageError("BRECHA_STORAGE", `${action}: ${message.split("\n")[0]}`, {
    cause,
    details: { engineMessage: message },
  });
}

function neutralType(engineType: string): ColumnType {
  const t = engineType.replace(/^Nullable\((.*)\)$/, "$1");
  if (t === "String") return "text";
  if (t === "UInt8") return "boolean";
  if (/^U?Int(8|16|32|64)$/.test(t)) return "integer";
  if (/^Float(32|64)$/.test(t)) return "double";
  throw new StorageError("BRECHA_STORAGE", `column type ${engineType} has no neutral type`);
}
