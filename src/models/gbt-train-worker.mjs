// The second core while a large table trains: fills its share of the features of each histogram
// the main thread asks for, from memory both threads share. The main thread writes the request
// into `control` and bumps its sequence number; this thread answers by writing the same number
// (negated on failure) to the done slot. A negative sequence number ends the loop.
import { workerData } from "node:worker_threads";
import { addToHistogram, BINS, CHANNELS, REQUEST } from "./gbt-kernel.mjs";

const { SEQ, DONE, START, END, OFFSET, FROM, TO } = REQUEST;
const SPINS = 200_000;

const { control, bins, grad, hess, indices, arena, cols } = workerData;
const ctl = new Int32Array(control);
const binCodes = new Uint8Array(bins);
const gradients = new Float64Array(grad);
const hessians = new Float64Array(hess);
const rows = new Int32Array(indices);
let seen = 0;
for (;;) {
  // Requests come in bursts while a tree grows: spin a little before sleeping, because waking a
  // sleeping thread costs more than a small histogram.
  for (let spin = 0; spin < SPINS && Atomics.load(ctl, SEQ) === seen; spin++);
  Atomics.wait(ctl, SEQ, seen);
  const seq = Atomics.load(ctl, SEQ);
  if (seq < 0) break;
  seen = seq;
  try {
    const hist = new Float64Array(arena, ctl[OFFSET], cols * BINS * CHANNELS);
    addToHistogram(
      binCodes,
      cols,
      gradients,
      hessians,
      rows,
      ctl[START],
      ctl[END],
      hist,
      ctl[FROM],
      ctl[TO],
    );
    Atomics.store(ctl, DONE, seq);
  } catch {
    Atomics.store(ctl, DONE, -seq);
  }
  Atomics.notify(ctl, DONE);
}
