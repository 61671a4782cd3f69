import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { z } from "zod";
import { StorageError } from "../errors/index.ts";
import { validateRows, type Sql } from "../storage/index.ts";
import { dollar, POSTGRES_NAMES, type Executor, type OperationsDatabase } from "./database.ts";

interface Failure {
  readonly message: string;
  readonly code?: string;
  readonly detail?: string;
}
interface Answer {
  readonly id: number;
  readonly ok: boolean;
  readonly result?: { rows: Record<string, unknown>[]; affectedRows: number } | null;
  readonly error?: Failure;
}

/** The database error the worker reported, with PostgreSQL's code (SQLSTATE) when it had one. */
function databaseError(failure: Failure): Error {
  return Object.assign(new Error(failure.message), {
    ...(failure.code ? { code: failure.code } : {}),
    ...(failure.detail ? { detail: failure.detail } : {}),
  });
}

/**
 * The server thread's end of the store's thread (embedded-worker.mjs): each call is a message
 * with an id, answered once. The thread keeps the process alive only while calls are waiting, so
 * a command that forgets nothing open still ends.
 */
class StoreThread {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (a: Answer) => void }>();
  #next = 0;

  constructor(worker: Worker) {
    this.#worker = worker;
    worker.unref();
    worker.on("message", (answer: Answer) => {
      const waiting = this.#pending.get(answer.id);
      if (!waiting) return;
      this.#pending.delete(answer.id);
      if (this.#pending.size === 0) this.#worker.unref();
      waiting.resolve(answer);
    });
    worker.on("error", (error) => this.#failAll(error));
    worker.on("exit", (code) => this.#failAll(new Error(`the store's thread ended (${code})`)));
  }

  #failAll(error: Error): void {
    for (const [id, waiting] of this.#pending)
      waiting.resolve({ id, ok: false, error: { message: error.message } });
    this.#pending.clear();
  }

  async call(
    op: "query" | "begin" | "commit" | "rollback" | "close",
    message: { tx?: number; text?: string; params?: unknown[] } = {},
  ): Promise<{ rows: Record<string, unknown>[]; affectedRows: number }> {
    const id = ++this.#next;
    if (this.#pending.size === 0) this.#worker.ref();
    const answer = await new Promise<Answer>((resolve) => {
      this.#pending.set(id, { resolve });
      this.#worker.postMessage({ id, op, ...message });
    });
    if (!answer.ok) throw databaseError(answer.error ?? { message: "unknown failure" });
    return answer.result ?? { rows: [], affectedRows: 0 };
  }

  terminate(): Promise<number> {
    return this.#worker.terminate();
  }
}

function executorOf(thread: StoreThread, tx?: number): Executor {
  return {
    async query<Row>(query: Sql, rows: z.core.$ZodType<Row>): Promise<Row[]> {
      const { text, params } = query.render(POSTGRES_NAMES, dollar);
      const result = await thread.call("query", { text, params, ...(tx ? { tx } : {}) });
      return validateRows(result.rows, rows, text);
    },
    async execute(query: Sql): Promise<number> {
      const { text, params } = query.render(POSTGRES_NAMES, dollar);
      return (await thread.call("query", { text, params, ...(tx ? { tx } : {}) })).affectedRows;
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
 * missing; the first opening initialises it, a few seconds). One process at a time; inside it,
 * the database runs on a thread of its own so that its statements never stall the server's.
 */
export async function openEmbedded(folder: string): Promise<OperationsDatabase> {
  mkdirSync(folder, { recursive: true });
  const unlock = lockFolder(folder);
  const worker = new Worker(new URL("./embedded-worker.mjs", import.meta.url), {
    workerData: { dataDir: join(folder, "pgdata") },
  });
  const started = await new Promise<{ ready: boolean; error?: Failure }>((resolve) => {
    worker.once("message", resolve);
    worker.once("error", (error) => resolve({ ready: false, error: { message: error.message } }));
  });
  if (!started.ready) {
    await worker.terminate();
    unlock();
    throw new StorageError(
      "BRECHA_STORAGE",
      `the operational store ${folder} could not be opened: ${started.error?.message ?? "unknown"}`,
      {
        es: `no se pudo abrir el almacén operativo ${folder}: ${started.error?.message ?? "desconocido"}`,
      },
    );
  }
  const thread = new StoreThread(worker);
  let transactions = 0;
  return {
    engine: "embedded",
    ...executorOf(thread),
    async transaction(work) {
      const tx = ++transactions;
      await thread.call("begin", { tx });
      let result;
      try {
        result = await work(executorOf(thread, tx));
      } catch (error) {
        await thread.call("rollback", { tx }).catch(() => undefined);
        throw error;
      }
      await thread.call("commit", { tx });
      return result;
    },
    async close() {
      try {
        await thread.call("close");
        await thread.terminate();
      } finally {
        unlock();
      }
    },
  };
}
