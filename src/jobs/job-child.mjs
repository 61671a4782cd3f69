// A child process that runs one job (a plan or a training run) and exits: it opens the workspace
// read-only with its own engine, reports progress to the server over IPC, and sends the output.
// A process of its own means a job can be cancelled at any moment (the server kills it) and its
// memory never weighs on the server.
import { register } from "tsx/esm/api";

register();
const { performJob } = await import("./work.ts");
const { openStore } = await import("../storage/index.ts");

const send = (message) => new Promise((resolve) => process.send(message, () => resolve()));

process.once("message", async ({ kind, input, path }) => {
  let store;
  let code = 0;
  try {
    store = await openStore(path, { readOnly: true });
    let last = 0;
    let lastPhase = "";
    const output = await performJob(kind, input, store, (progress) => {
      const now = Date.now();
      // A few updates a second at most; a new phase always goes through.
      if (progress.phase === lastPhase && now - last < 250) return;
      last = now;
      lastPhase = progress.phase;
      process.send({ type: "progress", progress });
    });
    await store.close();
    store = undefined;
    await send({ type: "done", output });
  } catch (error) {
    code = 1;
    await send({
      type: "failed",
      error: {
        name: error?.name,
        code: typeof error?.code === "string" ? error.code : undefined,
        message: error instanceof Error ? error.message : String(error),
        es: typeof error?.es === "string" ? error.es : undefined,
        details: error?.details ?? {},
        stack: error instanceof Error ? error.stack : undefined,
      },
    });
  } finally {
    await store?.close();
  }
  process.exit(code);
});
