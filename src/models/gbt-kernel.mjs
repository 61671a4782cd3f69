// The tree walk of gradient-boosted trees, in plain JavaScript so that the main thread and the
// prediction helper thread (gbt-predict-worker.mjs) run the same code.

/**
 * Adds every tree's leaf value to out[i] for rows from..to-1 of a row-major matrix.
 * Trees are in the compact layout: feature (-1 at leaves), threshold, missingRight (NaN goes
 * right: 1), children (left at 2 node, right at 2 node + 1), value.
 */
export function addTreeScores(trees, data, cols, from, to, out) {
  // Blocks of rows stay in cache while every tree walks them.
  const BLOCK = 512;
  for (let start = from; start < to; start += BLOCK) {
    const end = Math.min(to, start + BLOCK);
    for (const tree of trees) {
      const { feature, threshold, missingRight, children, value } = tree;
      for (let i = start; i < end; i++) {
        const offset = i * cols;
        let node = 0;
        let f = feature[0];
        while (f >= 0) {
          const v = data[offset + f];
          // v > t goes right; NaN fails both comparisons and takes the learned side.
          const right = v > threshold[node] ? 1 : v <= threshold[node] ? 0 : missingRight[node];
          node = children[2 * node + right];
          f = feature[node];
        }
        out[i] += value[node];
      }
    }
  }
}

/** Bins per feature in a histogram (bin 0: missing) and numbers per bin (gradient, hessian, count). */
export const BINS = 256;
export const CHANNELS = 3;

/**
 * Adds rows indices[start..end) to a histogram laid out per feature, per bin: gradient sum,
 * hessian sum, count. Only features fromFeature..toFeature-1 are touched, so two threads can fill
 * one histogram side by side. Bin codes are row-major (bins[i * cols + f]): one row's codes are
 * contiguous, and the half of the histogram a thread fills stays in its cache.
 */
export function addToHistogram(
  bins,
  cols,
  grad,
  hess,
  indices,
  start,
  end,
  hist,
  fromFeature,
  toFeature,
) {
  const first = fromFeature * BINS * CHANNELS;
  for (let k = start; k < end; k++) {
    const i = indices[k];
    const g = grad[i];
    const h = hess[i];
    const row = i * cols;
    for (let f = fromFeature, off = first; f < toFeature; f++, off += BINS * CHANNELS) {
      const at = off + bins[row + f] * CHANNELS;
      hist[at] += g;
      hist[at + 1] += h;
      hist[at + 2] += 1;
    }
  }
}

/** Slots of the request a training thread writes for its helper (gbt-train-worker.mjs). */
export const REQUEST = Object.freeze({
  SEQ: 0,
  DONE: 1,
  START: 2,
  END: 3,
  OFFSET: 4,
  FROM: 5,
  TO: 6,
});
