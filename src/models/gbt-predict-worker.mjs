// The second core for large prediction batches: walks the trees over the rows it is given, writing
// into a shared output, then raises the done flag the main thread waits on.
import { parentPort } from "node:worker_threads";
import { addTreeScores } from "./gbt-kernel.mjs";

parentPort.on("message", ({ trees, data, cols, from, to, out, done }) => {
  try {
    addTreeScores(trees, new Float64Array(data), cols, from, to, new Float64Array(out));
    Atomics.store(new Int32Array(done), 0, 1);
  } catch {
    Atomics.store(new Int32Array(done), 0, 2);
  }
  Atomics.notify(new Int32Array(done), 0);
});
