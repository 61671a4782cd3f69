/**
 * Simplifies a set of neighbouring polygons together, so that borders they share stay shared.
 *
 * Simplifying each ring on its own (Douglas-Peucker) drops different vertices on the two sides of
 * a border, which opens slivers and overlaps between neighbours. Here the rings are first cut into
 * arcs at their junctions (vertices where the set of neighbouring rings changes), each arc is
 * simplified once with its two ends kept, and every ring is put back together from the same arcs:
 * the two sides of a border get the very same vertices.
 */

export type Position = readonly [number, number];
type Ring = Position[];
export interface PolygonGeometry {
  readonly type: "Polygon" | "MultiPolygon";
  readonly coordinates: unknown;
}

/** Coordinates are compared after rounding to 1e-7 degrees (about a centimetre). */
const keyOf = (p: Position): string => `${Math.round(p[0] * 1e7)},${Math.round(p[1] * 1e7)}`;

function perpendicular(p: Position, a: Position, b: Position): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const length = dx * dx + dy * dy;
  if (length === 0) return Math.hypot(p[0] - a[0], p[1] - a[1]);
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** Douglas-Peucker over an open line; both ends are kept. */
function simplifyLine(line: readonly Position[], tolerance: number): Position[] {
  if (line.length <= 2) return [...line];
  const keep = new Uint8Array(line.length);
  keep[0] = keep[line.length - 1] = 1;
  const stack: Array<[number, number]> = [[0, line.length - 1]];
  while (stack.length > 0) {
    const [from, to] = stack.pop()!;
    let worst = -1;
    let at = -1;
    for (let k = from + 1; k < to; k++) {
      const d = perpendicular(line[k]!, line[from]!, line[to]!);
      if (d > worst) {
        worst = d;
        at = k;
      }
    }
    if (at >= 0 && worst > tolerance) {
      keep[at] = 1;
      stack.push([from, at], [at, to]);
    }
  }
  return line.filter((_, k) => keep[k] === 1);
}

/** The rings of a Polygon or MultiPolygon, in order. */
function ringsOf(geometry: PolygonGeometry): Ring[] {
  if (geometry.type === "Polygon") return geometry.coordinates as Ring[];
  return (geometry.coordinates as Ring[][]).flat();
}

/** A ring with no area: fewer than three distinct positions (TopoJSON's quantisation leaves some
 * such slivers and pin-holes behind). */
const degenerate = (ring: Ring): boolean => ring.length < 4 || new Set(ring.map(keyOf)).size < 3;

/**
 * Rebuilds a geometry of the same type from its rings, in the order ringsOf gave them, without
 * rings that have no area: a hole goes, and so does a part whose outer ring has none. A geometry
 * left with no part keeps its original rings (it is drawn as it came).
 */
function withRings(geometry: PolygonGeometry, rings: Ring[]): PolygonGeometry {
  const polygons =
    geometry.type === "Polygon"
      ? [geometry.coordinates as Ring[]]
      : (geometry.coordinates as Ring[][]);
  let k = 0;
  const kept = polygons
    .map((polygon) => polygon.map(() => rings[k++]!))
    .filter((polygon) => polygon.length > 0 && !degenerate(polygon[0]!))
    .map((polygon) => [polygon[0]!, ...polygon.slice(1).filter((hole) => !degenerate(hole))]);
  if (kept.length === 0) return geometry;
  return geometry.type === "Polygon" && kept.length === 1
    ? { type: "Polygon", coordinates: kept[0]! }
    : { type: "MultiPolygon", coordinates: kept };
}

/** A ring without its closing repetition of the first position. */
const open = (ring: Ring): Ring =>
  ring.length > 1 && keyOf(ring[0]!) === keyOf(ring.at(-1)!) ? ring.slice(0, -1) : ring;

/**
 * Simplifies the polygons at `tolerance` (in coordinate units) keeping shared borders shared, then
 * rounds coordinates to `digits` decimals. A ring that would fall below a triangle keeps its
 * arcs unsimplified (and so do the rings it shares them with).
 */
export function simplifyTopology(
  geometries: readonly PolygonGeometry[],
  tolerance: number,
  digits = 4,
): PolygonGeometry[] {
  return simplifyTopologyAt(geometries, [tolerance], digits)[0]!;
}

/** The same at several tolerances, the arcs found once: one simplified copy per tolerance. */
export function simplifyTopologyAt(
  geometries: readonly PolygonGeometry[],
  tolerances: readonly number[],
  digits = 4,
): PolygonGeometry[][] {
  const rings = geometries.map((g) => ringsOf(g).map(open));
  // For every vertex, its neighbours along every ring that passes through it: a vertex is a
  // junction when the borders meeting there are not just one line passing through.
  const neighbours = new Map<string, Set<string>>();
  for (const polygon of rings)
    for (const ring of polygon)
      ring.forEach((p, i) => {
        const key = keyOf(p);
        const around = neighbours.get(key) ?? new Set<string>();
        around.add(keyOf(ring[(i - 1 + ring.length) % ring.length]!));
        around.add(keyOf(ring[(i + 1) % ring.length]!));
        neighbours.set(key, around);
      });
  const junction = (p: Position) => (neighbours.get(keyOf(p))?.size ?? 0) > 2;

  // Each ring as a list of arcs (ids into `arcs`); an arc and its reverse are one arc.
  const arcs: Position[][] = [];
  const arcIds = new Map<string, number>();
  const arcOf = (line: Position[]): { id: number; reversed: boolean } => {
    const forward = line.map(keyOf).join(";");
    const known = arcIds.get(forward);
    if (known !== undefined) return { id: known, reversed: false };
    const backward = line.map(keyOf).reverse().join(";");
    const knownBackward = arcIds.get(backward);
    if (knownBackward !== undefined) return { id: knownBackward, reversed: true };
    arcIds.set(forward, arcs.length);
    arcs.push(line);
    return { id: arcs.length - 1, reversed: false };
  };
  const ringArcs = rings.map((polygon) =>
    polygon.map((ring) => {
      if (ring.length < 3) return [];
      // Start at a junction so that arcs end at junctions; an island ring has none and is one arc
      // from its lowest vertex, so that the same ring met twice starts at the same place.
      let start = ring.findIndex(junction);
      if (start < 0) {
        start = 0;
        for (let i = 1; i < ring.length; i++) if (keyOf(ring[i]!) < keyOf(ring[start]!)) start = i;
      }
      const rotated = [...ring.slice(start), ...ring.slice(0, start), ring[start]!];
      const pieces: Array<{ id: number; reversed: boolean }> = [];
      let from = 0;
      for (let i = 1; i < rotated.length; i++)
        if (i === rotated.length - 1 || junction(rotated[i]!)) {
          pieces.push(arcOf(rotated.slice(from, i + 1)));
          from = i;
        }
      return pieces;
    }),
  );

  const f = 10 ** digits;
  const round = (p: Position): Position => [Math.round(p[0] * f) / f, Math.round(p[1] * f) / f];
  return tolerances.map((tolerance) => {
    const simplified = arcs.map((arc) => simplifyArc(arc, tolerance));
    const assemble = (pieces: Array<{ id: number; reversed: boolean }>): Ring => {
      const out: Ring = [];
      for (const { id, reversed } of pieces) {
        const line = reversed ? [...simplified[id]!].reverse() : simplified[id]!;
        out.push(...(out.length > 0 ? line.slice(1) : line));
      }
      return out;
    };
    // Rings that would collapse keep their arcs whole; a neighbour sharing one of those arcs then
    // gets it whole too, so the border stays shared.
    for (let changed = true; changed;) {
      changed = false;
      for (const polygon of ringArcs)
        for (const pieces of polygon)
          if (pieces.length > 0 && new Set(assemble(pieces).map(keyOf)).size < 3)
            for (const { id } of pieces)
              if (simplified[id] !== arcs[id]) {
                simplified[id] = arcs[id]!;
                changed = true;
              }
    }
    return geometries.map((geometry, g) =>
      withRings(
        geometry,
        ringArcs[g]!.map((pieces, r) =>
          pieces.length === 0
            ? [...rings[g]![r]!, rings[g]![r]![0]!].map(round)
            : assemble(pieces).map(round),
        ),
      ),
    );
  });
}

/** An arc simplified with both ends kept; a closed arc (an island) is split at its farthest
 * vertex first, so that it keeps at least a triangle's worth of vertices when it can. */
function simplifyArc(arc: readonly Position[], tolerance: number): Position[] {
  const closed = arc.length > 3 && keyOf(arc[0]!) === keyOf(arc.at(-1)!);
  if (!closed) return simplifyLine(arc, tolerance);
  let far = 1;
  for (let k = 2; k < arc.length - 1; k++)
    if (perpendicular(arc[k]!, arc[0]!, arc[0]!) > perpendicular(arc[far]!, arc[0]!, arc[0]!))
      far = k;
  return [
    ...simplifyLine(arc.slice(0, far + 1), tolerance),
    ...simplifyLine(arc.slice(far), tolerance).slice(1),
  ];
}
