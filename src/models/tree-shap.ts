import type { Tree } from "./gbt.ts";

/**
 * Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent individualized feature
 * attribution for tree ensembles", Algorithm 2): the Shapley values of one prediction of one tree,
 * where a feature outside the coalition is integrated out by following both children weighted by
 * their training cover. Runs in O(leaves × depth²) instead of O(2^features). Adds into `phi`.
 */
export function treeShap(tree: Tree, data: Float64Array, offset: number, phi: Float64Array): void {
  // The path: feature index, fraction of "zero" (feature absent) and "one" (present) paths, and
  // the weight of each subset size. Kept in parallel arrays, one frame per depth.
  const maxDepth = depthOf(tree) + 2;
  const size = (maxDepth * (maxDepth + 1)) / 2 + maxDepth;
  const d = new Int32Array(size);
  const z = new Float64Array(size);
  const o = new Float64Array(size);
  const w = new Float64Array(size);
  recurse(tree, data, offset, phi, 0, { d, z, o, w }, 0, 0, 1, 1, -1);
}

interface Path {
  d: Int32Array;
  z: Float64Array;
  o: Float64Array;
  w: Float64Array;
}

function depthOf(tree: Tree): number {
  const depth = new Int32Array(tree.feature.length);
  let max = 0;
  for (let node = 0; node < tree.feature.length; node++) {
    if (tree.feature[node]! < 0) continue;
    depth[tree.left[node]!] = depth[node]! + 1;
    depth[tree.right[node]!] = depth[node]! + 1;
    max = Math.max(max, depth[node]! + 1);
  }
  return max;
}

/** Appends a feature to the path (at `start`, `length` elements so far) and updates the weights. */
function extend(
  path: Path,
  start: number,
  length: number,
  pz: number,
  po: number,
  pi: number,
): void {
  const { d, z, o, w } = path;
  d[start + length] = pi;
  z[start + length] = pz;
  o[start + length] = po;
  w[start + length] = length === 0 ? 1 : 0;
  for (let i = length - 1; i >= 0; i--) {
    w[start + i + 1] = w[start + i + 1]! + (po * w[start + i]! * (i + 1)) / (length + 1);
    w[start + i] = (pz * w[start + i]! * (length - i)) / (length + 1);
  }
}

/** Removes element i from the path (`length` elements including it). */
function unwind(path: Path, start: number, length: number, i: number): void {
  const { d, z, o, w } = path;
  const l = length - 1;
  let n = w[start + l]!;
  const oi = o[start + i]!;
  const zi = z[start + i]!;
  for (let j = l - 1; j >= 0; j--) {
    if (oi !== 0) {
      const t = w[start + j]!;
      w[start + j] = (n * (l + 1)) / ((j + 1) * oi);
      n = t - (w[start + j]! * zi * (l - j)) / (l + 1);
    } else {
      w[start + j] = (w[start + j]! * (l + 1)) / (zi * (l - j));
    }
  }
  for (let j = i; j < l; j++) {
    d[start + j] = d[start + j + 1]!;
    z[start + j] = z[start + j + 1]!;
    o[start + j] = o[start + j + 1]!;
  }
}

/** Total weight of the path if element i were removed (without removing it). */
function unwoundSum(path: Path, start: number, length: number, i: number): number {
  const { z, o, w } = path;
  const l = length - 1;
  const oi = o[start + i]!;
  const zi = z[start + i]!;
  let total = 0;
  if (oi !== 0) {
    let n = w[start + l]!;
    for (let j = l - 1; j >= 0; j--) {
      const t = (n * (l + 1)) / ((j + 1) * oi);
      total += t;
      n = w[start + j]! - (t * zi * (l - j)) / (l + 1);
    }
  } else {
    for (let j = l - 1; j >= 0; j--) total += (w[start + j]! * (l + 1)) / (zi * (l - j));
  }
  return total;
}

function recurse(
  tree: Tree,
  data: Float64Array,
  offset: number,
  phi: Float64Array,
  node: number,
  path: Path,
  parentStart: number,
  parentLength: number,
  pz: number,
  po: number,
  pi: number,
): void {
  // Each call works on its own copy of the parent's path, placed right after it.
  const start = parentStart + parentLength;
  for (let k = 0; k < parentLength; k++) {
    path.d[start + k] = path.d[parentStart + k]!;
    path.z[start + k] = path.z[parentStart + k]!;
    path.o[start + k] = path.o[parentStart + k]!;
    path.w[start + k] = path.w[parentStart + k]!;
  }
  extend(path, start, parentLength, pz, po, pi);
  let length = parentLength + 1;
  const feature = tree.feature[node]!;
  if (feature < 0) {
    for (let i = 1; i < length; i++) {
      const weight = unwoundSum(path, start, length, i);
      const f = path.d[start + i]!;
      phi[f] = phi[f]! + weight * (path.o[start + i]! - path.z[start + i]!) * tree.value[node]!;
    }
    return;
  }
  const v = data[offset + feature]!;
  const goLeft = Number.isNaN(v) ? tree.missingLeft[node] === 1 : v <= tree.threshold[node]!;
  const hot = goLeft ? tree.left[node]! : tree.right[node]!;
  const cold = goLeft ? tree.right[node]! : tree.left[node]!;
  let iz = 1;
  let io = 1;
  // A feature already on the path: undo it and carry its fractions on.
  for (let k = 1; k < length; k++) {
    if (path.d[start + k] === feature) {
      iz = path.z[start + k]!;
      io = path.o[start + k]!;
      unwind(path, start, length, k);
      length--;
      break;
    }
  }
  const cover = tree.cover[node]!;
  recurse(
    tree,
    data,
    offset,
    phi,
    hot,
    path,
    start,
    length,
    (iz * tree.cover[hot]!) / cover,
    io,
    feature,
  );
  recurse(
    tree,
    data,
    offset,
    phi,
    cold,
    path,
    start,
    length,
    (iz * tree.cover[cold]!) / cover,
    0,
    feature,
  );
}

/** The tree's expected output: leaf values weighted by training cover. */
export function expectedValue(tree: Tree): number {
  let total = 0;
  for (let node = 0; node < tree.feature.length; node++)
    if (tree.feature[node]! < 0) total += tree.value[node]! * tree.cover[node]!;
  return total / tree.cover[0]!;
}
