import { haversineKm } from "../../domain/index.ts";
export { haversineKm };
import { weightsFromNeighbors, type SpatialWeights } from "./weights.ts";

/**
 * k-nearest-neighbour weights by great-circle distance between points (e.g. district centroids).
 * Directed by default, as in PySAL's KNN and spdep's knn2nb: each unit's row holds exactly its k
 * nearest (ties broken by position). `symmetric: true` also links a unit to whoever counts it among
 * theirs, so rows may hold more than k. Either way no unit is an island.
 */
export function knnWeights(
  ids: readonly string[],
  points: ReadonlyArray<readonly [number, number]>,
  k: number,
  { symmetric = false }: { symmetric?: boolean } = {},
): SpatialWeights {
  if (!Number.isInteger(k) || k < 1 || k >= ids.length)
    throw new RangeError(`knnWeights: k must be between 1 and ${ids.length - 1}, got ${k}`);
  const neighborIds = new Map<string, string[]>();
  const distances = new Float64Array(ids.length);
  const order = Array.from(ids.keys());
  for (let i = 0; i < ids.length; i++) {
    for (let j = 0; j < ids.length; j++)
      distances[j] = i === j ? Infinity : haversineKm(points[i]!, points[j]!);
    order.sort((a, b) => distances[a]! - distances[b]! || a - b);
    neighborIds.set(
      ids[i]!,
      order.slice(0, k).map((j) => ids[j]!),
    );
  }
  return weightsFromNeighbors(ids, neighborIds, { symmetric });
}

/**
 * Links every island (a unit with no neighbour) to its nearest unit by great-circle distance, both
 * ways, so that it takes part in local statistics. The links added are returned for reporting.
 */
export function attachIslands(
  w: SpatialWeights,
  points: ReadonlyArray<readonly [number, number]>,
): { weights: SpatialWeights; links: Array<[string, string]> } {
  if (w.islands.length === 0) return { weights: w, links: [] };
  const neighborIds = new Map<string, string[]>(
    w.ids.map((id, i) => [id, Array.from(w.neighbors[i]!, (j) => w.ids[j]!)]),
  );
  const links: Array<[string, string]> = [];
  for (const i of w.islands) {
    let best = -1;
    let bestKm = Infinity;
    for (let j = 0; j < w.ids.length; j++) {
      if (j === i) continue;
      const km = haversineKm(points[i]!, points[j]!);
      if (km < bestKm) {
        bestKm = km;
        best = j;
      }
    }
    neighborIds.get(w.ids[i]!)!.push(w.ids[best]!);
    links.push([w.ids[i]!, w.ids[best]!]);
  }
  return { weights: weightsFromNeighbors(w.ids, neighborIds), links };
}
