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
