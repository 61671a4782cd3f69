import type { z } from "zod";
import type { ColumnDef, DatasetVersion, Provenance, QuarantineRecord } from "../domain/index.ts";
import type { Dialect } from "./dialect.ts";
import type { Sql } from "./sql.ts";

/** A dataset version ready to publish: rows as canonical CSV (RFC 4180, header first, null as an
 * empty unquoted field, "" for the empty string). CSV is the one bulk format every engine we
 * target loads natively (DuckDB `COPY`, ClickHouse `CSVWithNames`, PostgreSQL `COPY`), so the
 * adapters need no row-by-row inserts. */
export interface PublishRequest {
  readonly dataset: string;
  readonly versionId: string;
  readonly columns: readonly ColumnDef[];
  readonly csv: Uint8Array;
  readonly provenance: Provenance;
  readonly quarantine: readonly QuarantineRecord[];
}

/** `published`: new version made current; `unchanged`: it already was current (no-op);
 * `reinstated`: an existing older version was made current again. */
export type PublishStatus = "published" | "unchanged" | "reinstated";

/**
 * The one interface analytics, tables and the API use to reach data. Each engine adapter lives in
 * its own folder (`duckdb/` today) and is the only code that imports its driver.
 */
export interface Store {
  readonly engine: "duckdb" | "clickhouse";
  readonly dialect: Dialect;
  readonly readOnly: boolean;
  /** Runs a query written with the `sql` tag and validates every row with `rows` (any zod schema). */
  query<Row>(query: Sql, rows: z.core.$ZodType<Row>): Promise<Row[]>;
  /** Publishes a version atomically: either the table, its provenance, its quarantine and the
   * current-version pointer are all written, or nothing is. */
  publish(request: PublishRequest): Promise<PublishStatus>;
  /** Versions, newest first, of one dataset or all. */
  versions(dataset?: string): Promise<DatasetVersion[]>;
  /** The columns of a version's table, as storage-neutral types. */
  describe(tableName: string): Promise<ColumnDef[]>;
  /** The quarantined rows and cells of a version. */
  quarantine(versionId: string, { limit }?: { limit?: number }): Promise<QuarantineRecord[]>;
  close(): Promise<void>;
}
