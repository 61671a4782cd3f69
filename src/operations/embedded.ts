import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { PGlite, types, type Transaction } from "@electric-sql/pglite";
import type { z } from "zod";
import { StorageError } from "../errors/index.ts";
import { validateRows, type Sql } from "../storage/index.ts";
import { dollar, POSTGRES_NAMES, type Executor, type OperationsDatabase } from "./database.ts";

// Timestamps come back as the engine's text, like the PostgreSQL driver's (see postgresql.ts):
// the row schemas turn both into ISO strings.
const PARSERS = { [types.TIMESTAMPTZ]: (text: string) => text };

function executorOf(db: PGlite | Transaction): Executor {
  return {
    async query<Row>(query: Sql, rows: z.core.$ZodType<Row>): Promise<Row[]> {
      const { text, params } = query.render(POSTGRES_NAMES, dollar);
      const result = await db.query<Record<string, unknown>>(text, params);
      return validateRows(result.rows, rows, text);
    },
    async execute(query: Sql): Promise<number> {
      const { text, params } = query.render(POSTGRES_NAMES, dollar);
      const result = await db.query(text, params);
      return result.affectedRows ?? 0;
    },
  };
}

/** Whether a process with this id is running on this machine. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes the folder for this process: PGlite is one process's database, and two processes writing
 * the same folder would damage it. A lock left by a process that is gone is taken over.
 */
function lockFolder(folder: string): () => void {
  const lock = join(folder, "brecha.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(readFileSync(lock, "utf8"));
      if (Number.isInteger(holder) && holder > 0 && alive(holder))
        throw new StorageError(
          "BRECHA_STORE_LOCKED",
          `the operational store ${folder} is in use by process ${holder}; stop it, or use PostgreSQL (operations.url) for several processes`,
          {
            es: `el almacén operativo ${folder} está en uso por el proceso ${holder}; deténgalo, o use PostgreSQL (operations.url) para varios procesos`,
            details: { pid: holder },
          },
        );
      rmSync(lock, { force: true });
    }
  }
  throw new StorageError("BRECHA_STORE_LOCKED", `cannot lock the operational store ${folder}`);
}

/**
 * The embedded engine: PostgreSQL compiled to WebAssembly, its files in `folder` (created when
 * missing; the first opening initialises it, a few seconds). One process at a time.
 */
export async function openEmbedded(folder: string): Promise<OperationsDatabase> {
  mkdirSync(folder, { recursive: true });
  const unlock = lockFolder(folder);
  let db: PGlite;
  try {
    db = await PGlite.create(join(folder, "pgdata"), {
      parsers: PARSERS,
      relaxedDurability: false,
    });
    await db.exec("SET TIME ZONE 'UTC'");
  } catch (error) {
    unlock();
    throw error;
  }
  return {
    engine: "embedded",
    ...executorOf(db),
    transaction: (work) => db.transaction((tx) => work(executorOf(tx))),
    async close() {
      try {
        await db.close();
      } finally {
        unlock();
      }
    },
  };
}
