import type { PolygonGeometry } from "../../src/analytics/index.ts";

/** A rows × cols grid of unit squares with ids "r,c": a map whose contiguity is known by heart. */
export function squareGrid(
  rows: number,
  cols: number,
): { ids: string[]; geometries: PolygonGeometry[] } {
  const ids: string[] = [];
  const geometries: PolygonGeometry[] = [];
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      ids.push(`${r},${c}`);
      geometries.push({
        type: "Polygon",
        coordinates: [
          [
            [c, r],
            [c + 1, r],
            [c + 1, r + 1],
            [c, r + 1],
            [c, r],
          ],
        ],
      });
    }
  return { ids, geometries };
}
