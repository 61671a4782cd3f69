// The thread that holds the embedded operational store (PGlite: PostgreSQL compiled to
// WebAssembly). PGlite runs each statement synchronously; on the server's own thread a burst of
// statements would stall every HTTP answer, so it runs here and the server thread only sends
// statements and receives rows. Plain JavaScript: it needs nothing of the TypeScript sources.
import { parentPort, workerData } from "node:worker_threads";
import { PGlite, types } from "@electric-sql/pglite";

// Timestamps come back as the engine's text, like the PostgreSQL driver's: the row schemas
// turn both into ISO strings.
const PARSERS = { [types.TIMESTAMPTZ]: (text) => text };

/** Open transactions by the id the server thread gave them. */
const open = new Map();

function failure(error) {
  return {
    message: error instanceof Error ? error.message : String(error),
    code: typeof error?.code === "string" ? error.code : undefined,
    detail: typeof error?.detail === "string" ? error.detail : undefined,
  };
}

/** Begins a transaction that stays open until the server thread commits or rolls it back. */
async function begin(db, id) {
  let started;
  const ready = new Promise((resolve) => (started = resolve));
  const entry = {};
  entry.finished = db.transaction(
    (tx) =>
      new Promise((resolve, reject) => {
        Object.assign(entry, { tx, resolve, reject });
        started();
      }),
  );
  // A rollback rejects `finished`; the server thread hears of it through its own message.
  entry.finished.catch(() => undefined);
  await ready;
  open.set(id, entry);
}

async function end(id, commit) {
  const entry = open.get(id);
  if (!entry) throw new Error(`no open transaction ${id}`);
  open.delete(id);
  if (commit) {
    entry.resolve();
    await entry.finished;
  } else {
    entry.reject(new Error("rolled back"));
    await entry.finished.catch(() => undefined);
  }
}

let db;
try {
  db = await PGlite.create(workerData.dataDir, { parsers: PARSERS, relaxedDurability: false });
  await db.exec("SET TIME ZONE 'UTC'");
  parentPort.postMessage({ ready: true });
} catch (error) {
  parentPort.postMessage({ ready: false, error: failure(error) });
}

parentPort.on("message", async ({ id, op, tx, text, params }) => {
  try {
    let result = null;
    if (op === "query") {
      const on = tx === undefined ? db : open.get(tx)?.tx;
      if (!on) throw new Error(`no open transaction ${tx}`);
      const answer = await on.query(text, params);
      result = { rows: answer.rows, affectedRows: answer.affectedRows ?? 0 };
    } else if (op === "begin") await begin(db, tx);
    else if (op === "commit") await end(tx, true);
    else if (op === "rollback") await end(tx, false);
    else if (op === "close") await db.close();
    parentPort.postMessage({ id, ok: true, result });
  } catch (error) {
    parentPort.postMessage({ id, ok: false, error: failure(error) });
  }
});
