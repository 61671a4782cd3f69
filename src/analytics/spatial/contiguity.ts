import { weightsFromNeighbors, type SpatialWeights } from "./weights.ts";

/** A polygon or multipolygon geometry as in GeoJSON (RFC 7946). */
export interface PolygonGeometry {
  readonly type: "Polygon" | "MultiPolygon";
  readonly coordinates: number[][][] | number[][][][];
}

/**
 * Contiguity weights from boundaries. Queen: units sharing at least one boundary point; rook: units
 * sharing at least one edge (two consecutive points). Points are compared after rounding to
 * `precision` decimals (the mapsPERU boundaries are written to 5 decimals, about 1 m), which is
 * how shared borders written twice are recognised as the same.
 *
 * @example contiguityWeights(ids, geometries, { kind: "queen" })
 */
export function contiguityWeights(
  ids: readonly string[],
  geometries: readonly PolygonGeometry[],
  { kind = "queen", precision = 5 }: { kind?: "queen" | "rook"; precision?: number } = {},
): SpatialWeights {
  if (ids.length !== geometries.length)
    throw new RangeError(
      `contiguityWeights: ${ids.length} ids but ${geometries.length} geometries`,
    );
  const scale = 10 ** precision;
  const owners = new Map<string, number[]>();
  const key = (p: number[]) => `${Math.round(p[0]! * scale)},${Math.round(p[1]! * scale)}`;
  geometries.forEach((geometry, unit) => {
    const polygons = (
      geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates
    ) as number[][][][];
    const seen = new Set<string>();
    for (const polygon of polygons) {
      for (const ring of polygon) {
        for (let k = 0; k < ring.length; k++) {
          let token: string;
          if (kind === "queen") token = key(ring[k]!);
          else {
            if (k + 1 >= ring.length) break;
            const a = key(ring[k]!);
            const b = key(ring[k + 1]!);
            if (a === b) continue;
            token = a < b ? `${a}|${b}` : `${b}|${a}`;
          }
          if (seen.has(token)) continue;
          seen.add(token);
          const list = owners.get(token);
          if (list) list.push(unit);
          else owners.set(token, [unit]);
        }
      }
    }
  });
  const neighborIds = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const list of owners.values()) {
    if (list.length < 2) continue;
    for (const a of list)
      for (const b of list) if (a !== b) neighborIds.get(ids[a]!)!.push(ids[b]!);
  }
  return weightsFromNeighbors(ids, neighborIds);
}
