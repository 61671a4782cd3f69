// A thread for the API's heavy reads (permutation statistics): it opens the workspace file
// read-only with its own engine, runs one report, and sends the result back, so the server's
// event loop keeps answering while it computes.
import { parentPort } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { hotspots, inequalityReport } = await import("../analytics/index.ts");
const { openStore } = await import("../storage/index.ts");

const REPORTS = { hotspots, inequality: inequalityReport };

parentPort.on("message", async ({ id, kind, path, args }) => {
  let store;
  try {
    store = await openStore(path, { readOnly: true });
    const result = await REPORTS[kind](store, args);
    parentPort.postMessage({ id, ok: true, result });
  } catch (error) {
    parentPort.postMessage({
      id,
      ok: false,
      error: {
        name: error?.name,
        code: error?.code,
        message: error instanceof Error ? error.message : String(error),
        es: typeof error?.es === "string" ? error.es : undefined,
        details: error?.details ?? {},
      },
    });
  } finally {
    await store?.close();
  }
});
