/**
 * Douglas-Peucker simplification of GeoJSON polygons and coordinate rounding, so that boundaries
 * travel light on slow connections: a level's map is simplified at a tolerance suited to it.
 */
type Position = [number, number];
type Ring = Position[];

function perpendicular(p: Position, a: Position, b: Position): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const length = dx * dx + dy * dy;
  if (length === 0) return Math.hypot(p[0] - a[0], p[1] - a[1]);
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

function simplifyRing(ring: Ring, tolerance: number): Ring {
  if (ring.length <= 5) return ring;
  const keep = new Uint8Array(ring.length);
  keep[0] = keep[ring.length - 1] = 1;
  const stack: Array<[number, number]> = [[0, ring.length - 1]];
  while (stack.length > 0) {
    const [from, to] = stack.pop()!;
    let worst = -1;
    let at = -1;
    for (let k = from + 1; k < to; k++) {
      const d = perpendicular(ring[k]!, ring[from]!, ring[to]!);
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
  const out = ring.filter((_, k) => keep[k]);
  // A ring needs 4 positions (closed triangle); fall back to the original when it collapses.
  return out.length >= 4 ? out : ring;
}

const round = (ring: Ring, digits: number): Ring => {
  const f = 10 ** digits;
  return ring.map(([x, y]) => [Math.round(x * f) / f, Math.round(y * f) / f]);
};

/** Simplified copy of a Polygon or MultiPolygon geometry. */
export function simplifyGeometry(
  geometry: { type: string; coordinates: unknown },
  tolerance: number,
  digits = 4,
): { type: string; coordinates: unknown } {
  const ring = (r: Ring) => round(simplifyRing(r, tolerance), digits);
  if (geometry.type === "Polygon")
    return { type: "Polygon", coordinates: (geometry.coordinates as Ring[]).map(ring) };
  if (geometry.type === "MultiPolygon")
    return {
      type: "MultiPolygon",
      coordinates: (geometry.coordinates as Ring[][]).map((polygon) => polygon.map(ring)),
    };
  return geometry;
}
