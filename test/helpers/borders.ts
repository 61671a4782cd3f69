import type { PolygonGeometry, Position } from "../../src/domain/index.ts";

// Checks that neighbouring polygons still share their borders after simplification.

export const key = (p: Position) => `${p[0]},${p[1]}`;
export const ringsOf = (g: PolygonGeometry): Position[][] =>
  g.type === "Polygon" ? (g.coordinates as Position[][]) : (g.coordinates as Position[][][]).flat();

/** For every vertex, the polygons whose rings pass through it. */
function sharers(geometries: readonly PolygonGeometry[]): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  geometries.forEach((g, k) => {
    for (const ring of ringsOf(g))
      for (const p of ring) {
        const set = out.get(key(p)) ?? new Set<number>();
        set.add(k);
        out.set(key(p), set);
      }
  });
  return out;
}

/** Vertices that were on a shared border before and are not shared by the same polygons after:
 * each is a gap or an overlap opening between neighbours. */
export function brokenBorders(
  before: readonly PolygonGeometry[],
  after: readonly PolygonGeometry[],
): number {
  const was = sharers(before);
  let broken = 0;
  for (const [vertex, now] of sharers(after)) {
    const then = was.get(vertex);
    if (then && then.size >= 2 && [...then].some((k) => !now.has(k))) broken++;
  }
  return broken;
}

export const validRing = (r: Position[]) =>
  r.length >= 4 && key(r[0]!) === key(r.at(-1)!) && new Set(r.map(key)).size >= 3;
export const validRings = (geometries: readonly PolygonGeometry[]) =>
  geometries.every((g) => ringsOf(g).every(validRing));
