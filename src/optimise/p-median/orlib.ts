/**
 * OR-Library uncapacitated p-median instances (Beasley 1985, "A note on solving large p-median
 * problems", EJOR 21): `n m p`, then m lines `u v cost` of an undirected graph. Allocation costs are
 * shortest-path distances. Beasley's generator lists some edges more than once: the LAST cost read
 * overwrites earlier ones (taking the minimum gives other, wrong optima, e.g. pmed1 5718 not 5819).
 */
export interface PMedianInstance {
  readonly n: number;
  readonly p: number;
  /** n × n shortest-path distances, row-major. */
  readonly distances: Float64Array;
}

export function parseOrlibPmed(text: string): PMedianInstance {
  const numbers = text.trim().split(/\s+/).map(Number);
  const [n, m, p] = numbers as [number, number, number];
  if (
    !Number.isInteger(n) ||
    !Number.isInteger(m) ||
    !Number.isInteger(p) ||
    numbers.length < 3 + 3 * m
  ) {
    throw new RangeError(`parseOrlibPmed: expected "n m p" and ${m} edge lines`);
  }
  const edges = new Map<number, number>();
  for (let k = 0; k < m; k++) {
    const u = numbers[3 + 3 * k]! - 1;
    const v = numbers[4 + 3 * k]! - 1;
    const cost = numbers[5 + 3 * k]!;
    edges.set(u < v ? u * n + v : v * n + u, cost); // last one wins
  }
  const adjacency: Array<Array<[number, number]>> = Array.from({ length: n }, () => []);
  for (const [key, cost] of edges) {
    const u = Math.floor(key / n);
    const v = key % n;
    adjacency[u]!.push([v, cost]);
    adjacency[v]!.push([u, cost]);
  }
  return { n, p, distances: allPairsShortestPaths(adjacency) };
}

/** Dijkstra from every vertex with a binary heap: O(n m log n), far below Floyd's n³ on sparse graphs. */
export function allPairsShortestPaths(
  adjacency: ReadonlyArray<ReadonlyArray<readonly [number, number]>>,
): Float64Array {
  const n = adjacency.length;
  const out = new Float64Array(n * n).fill(Infinity);
  const heapNode = new Int32Array(n * 8 + 8);
  const heapDist = new Float64Array(n * 8 + 8);
  for (let s = 0; s < n; s++) {
    const row = s * n;
    out[row + s] = 0;
    let size = 0;
    const push = (node: number, dist: number) => {
      let i = size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (heapDist[parent]! <= dist) break;
        heapNode[i] = heapNode[parent]!;
        heapDist[i] = heapDist[parent]!;
        i = parent;
      }
      heapNode[i] = node;
      heapDist[i] = dist;
    };
    push(s, 0);
    while (size > 0) {
      const node = heapNode[0]!;
      const dist = heapDist[0]!;
      size--;
      const lastNode = heapNode[size]!;
      const lastDist = heapDist[size]!;
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= size) break;
        if (child + 1 < size && heapDist[child + 1]! < heapDist[child]!) child++;
        if (heapDist[child]! >= lastDist) break;
        heapNode[i] = heapNode[child]!;
        heapDist[i] = heapDist[child]!;
        i = child;
      }
      heapNode[i] = lastNode;
      heapDist[i] = lastDist;
      if (dist > out[row + node]!) continue;
      for (const [next, cost] of adjacency[node]!) {
        const candidate = dist + cost;
        if (candidate < out[row + next]!) {
          out[row + next] = candidate;
          if (size >= heapNode.length) throw new RangeError("allPairsShortestPaths: heap overflow");
          push(next, candidate);
        }
      }
    }
  }
  return out;
}
