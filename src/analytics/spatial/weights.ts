/**
 * Spatial weights as sparse rows: for each unit, its neighbours (indices into `ids`) and their
 * weights. Built from contiguity, k nearest neighbours or a GAL file; `rowStandardize` makes each
 * non-empty row sum to 1 (PySAL's transform "r"). Units with no neighbour (islands) keep an empty
 * row and are listed, never dropped silently.
 */
export interface SpatialWeights {
  readonly ids: readonly string[];
  readonly neighbors: readonly Int32Array[];
  readonly weights: readonly Float64Array[];
  /** Indices of units with no neighbour. */
  readonly islands: readonly number[];
  readonly transform: "binary" | "row";
}

/** Builds binary weights from neighbour lists given by id. Links are made symmetric unless
 * `symmetric` is false (k-nearest-neighbour lists, which are directed). */
export function weightsFromNeighbors(
  ids: readonly string[],
  neighborIds: ReadonlyMap<string, readonly string[]>,
  { symmetric = true }: { symmetric?: boolean } = {},
): SpatialWeights {
  const index = new Map(ids.map((id, i) => [id, i]));
  const sets = ids.map(() => new Set<number>());
  for (const [id, list] of neighborIds) {
    const i = index.get(id);
    if (i === undefined) throw new RangeError(`weightsFromNeighbors: unknown id ${id}`);
    for (const other of list) {
      const j = index.get(other);
      if (j === undefined)
        throw new RangeError(`weightsFromNeighbors: ${id} names unknown neighbour ${other}`);
      if (j === i) continue;
      sets[i]!.add(j);
      if (symmetric) sets[j]!.add(i);
    }
  }
  const neighbors = sets.map((s) => Int32Array.from([...s].sort((a, b) => a - b)));
  return {
    ids,
    neighbors,
    weights: neighbors.map((n) => new Float64Array(n.length).fill(1)),
    islands: neighbors.flatMap((n, i) => (n.length === 0 ? [i] : [])),
    transform: "binary",
  };
}

/** Each non-empty row scaled to sum 1. */
export function rowStandardize(w: SpatialWeights): SpatialWeights {
  return {
    ...w,
    weights: w.weights.map((row) => {
      const sum = row.reduce((a, b) => a + b, 0);
      return sum === 0 ? row : row.map((v) => v / sum);
    }),
    transform: "row",
  };
}

/**
 * Parses a GAL file (GeoDa's neighbour list): a header with the number of units (optionally
 * `0 n name key`), then for each unit a line `id k` and a line with its k neighbour ids.
 * Links are kept as listed (GAL files are symmetric by construction).
 */
export function parseGal(text: string): SpatialWeights {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
  const header = lines[0]!.split(/\s+/);
  const n = Number(header.length >= 2 ? header[1] : header[0]);
  if (!Number.isInteger(n) || n <= 0)
    throw new RangeError(`parseGal: header "${lines[0]}" does not give a unit count`);
  const ids: string[] = [];
  const lists: string[][] = [];
  let k = 1;
  for (let u = 0; u < n; u++) {
    const [id, countText] = (lines[k++] ?? "").split(/\s+/);
    const count = Number(countText);
    if (id === undefined || !Number.isInteger(count))
      throw new RangeError(`parseGal: line ${k} should be "id count"`);
    ids.push(id);
    lists.push(count === 0 ? [] : (lines[k++] ?? "").split(/\s+/));
  }
  const index = new Map(ids.map((id, i) => [id, i]));
  const neighbors = lists.map((list) =>
    Int32Array.from(
      list.map((id) => {
        const j = index.get(id);
        if (j === undefined) throw new RangeError(`parseGal: neighbour ${id} is not a unit`);
        return j;
      }),
    ),
  );
  return {
    ids,
    neighbors,
    weights: neighbors.map((list) => new Float64Array(list.length).fill(1)),
    islands: neighbors.flatMap((list, i) => (list.length === 0 ? [i] : [])),
    transform: "binary",
  };
}

/** The spatial lag Σ_j w_ij x_j of every unit. */
export function spatialLag(w: SpatialWeights, x: ArrayLike<number>): Float64Array {
  const lag = new Float64Array(w.ids.length);
  for (let i = 0; i < lag.length; i++) {
    const nb = w.neighbors[i]!;
    const wt = w.weights[i]!;
    let s = 0;
    for (let k = 0; k < nb.length; k++) s += wt[k]! * x[nb[k]!]!;
    lag[i] = s;
  }
  return lag;
}

/** Reorders a weights object to follow `ids` (e.g. the order of a data table). */
export function alignWeights(w: SpatialWeights, ids: readonly string[]): SpatialWeights {
  const from = new Map(w.ids.map((id, i) => [id, i]));
  const order = ids.map((id) => {
    const i = from.get(id);
    if (i === undefined) throw new RangeError(`alignWeights: id ${id} has no row in the weights`);
    return i;
  });
  const to = new Int32Array(w.ids.length).fill(-1);
  order.forEach((old, neu) => (to[old] = neu));
  const neighbors = order.map((old) =>
    Int32Array.from(w.neighbors[old]!, (j) => to[j]!).filter((j) => j >= 0),
  );
  const weights = order.map((old) =>
    w.weights[old]!.filter((_, k) => to[w.neighbors[old]![k]!]! >= 0),
  );
  return {
    ids,
    neighbors,
    weights,
    islands: neighbors.flatMap((n, i) => (n.length === 0 ? [i] : [])),
    transform: w.transform,
  };
}
