import pg from "pg";
import type { z } from "zod";
import { validateRows, type Sql } from "../storage/index.ts";
import { dollar, POSTGRES_NAMES, type Executor, type OperationsDatabase } from "./database.ts";

// Timestamps as the server's text (the embedded engine does the same): the row schemas turn both
// into ISO strings. A parser set on this pool's own type table, not the driver's global one.
const TYPES = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === pg.types.builtins.TIMESTAMPTZ
      ? (text: string) => text
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

function executorOf(client: pg.Pool | pg.PoolClient): Executor {
  return {
    async query<Row>(query: Sql, rows: z.core.$ZodType<Row>): Promise<Row[]> {
      const { text, params } = query.render(POSTGRES_NAMES, dollar);
      const result = await client.query<Record<string, unknown>>({
        text,
        values: params,
        types: TYPES,
      });
      return validateRows(result.rows, rows, text);
    },
    async execute(query: Sql): Promise<number> {
      const { text, params } = query.render(POSTGRES_NAMES, dollar);
      const result = await client.query({ text, values: params, types: TYPES });
      return result.rowCount ?? 0;
    },
  };
}

/**
 * A PostgreSQL server (`postgresql://user:password@host:port/database`): several Brecha server
 * processes share it, and each sees the others' writes at once. A pool of `connections`.
 */
export async function openPostgres(url: string, connections = 10): Promise<OperationsDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: connections, options: "-c TimeZone=UTC" });
  // Idle connections that fail (the server restarted) are dropped by the pool; without a listener
  // the error would end the process.
  pool.on("error", () => undefined);
  const client = await pool.connect();
  client.release();
  return {
    engine: "postgresql",
    ...executorOf(pool),
    async transaction(work) {
      const tx = await pool.connect();
      try {
        await tx.query("BEGIN");
        const result = await work(executorOf(tx));
        await tx.query("COMMIT");
        return result;
      } catch (error) {
        await tx.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        tx.release();
      }
    },
    close: () => pool.end(),
  };
}
