/**
 * Which demand points each candidate site covers, as compressed lists (CSR): the points of
 * candidate j are `points[starts[j] .. starts[j+1])`. Built from great-circle distances scaled by a
 * per-demand terrain factor, with a uniform grid so that only nearby pairs are measured.
 */
export interface Coverage {
  readonly demands: number;
  readonly candidates: number;
  readonly starts: Int32Array;
  readonly points: Int32Array;
}

const EARTH_RADIUS_KM = 6371.0088;

export interface CoverageInput {
  /** [lon, lat] of demand points. */
  readonly demand: ArrayLike<readonly [number, number]>;
  /** [lon, lat] of candidate sites. */
  readonly sites: ArrayLike<readonly [number, number]>;
  readonly radiusKm: number;
  /** Multiplies the straight-line distance to each demand point (rough terrain, rivers): 1 if absent. */
  readonly terrainFactor?: ArrayLike<number>;
}

/** Coverage lists for a radius: candidate j covers demand i when factor_i × d(i, j) ≤ radius. */
export function buildCoverage({ demand, sites, radiusKm, terrainFactor }: CoverageInput): Coverage {
  if (!(radiusKm > 0))
    throw new RangeError(`buildCoverage: radius must be > 0 km, got ${radiusKm}`);
  // Grid of cells about one radius wide (in degrees of latitude); longitude cells are widened by
  // 1/cos(latitude) at the most poleward point, so neighbouring cells always contain every match.
  const cellDeg = radiusKm / 111.0;
  let maxAbsLat = 0;
  for (let i = 0; i < demand.length; i++) maxAbsLat = Math.max(maxAbsLat, Math.abs(demand[i]![1]));
  const lonCell = cellDeg / Math.cos((Math.min(maxAbsLat, 80) * Math.PI) / 180);
  const key = (lon: number, lat: number) =>
    `${Math.floor(lon / lonCell)},${Math.floor(lat / cellDeg)}`;
  const grid = new Map<string, number[]>();
  for (let i = 0; i < demand.length; i++) {
    const k = key(demand[i]![0], demand[i]![1]);
    const list = grid.get(k);
    if (list) list.push(i);
    else grid.set(k, [i]);
  }
  const starts = new Int32Array(sites.length + 1);
  const out: number[] = [];
  const rad = Math.PI / 180;
  for (let j = 0; j < sites.length; j++) {
    if (j > 0) sortTail(out, starts[j - 1]!); // each list in ascending order, whatever the grid order
    starts[j] = out.length;
    const [lon, lat] = sites[j]!;
    const cx = Math.floor(lon / lonCell);
    const cy = Math.floor(lat / cellDeg);
    const cosLat = Math.cos(lat * rad);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        const list = grid.get(`${cx + dx},${cy + dy}`);
        if (!list) continue;
        for (const i of list) {
          const [ilon, ilat] = demand[i]!;
          const dLat = (ilat - lat) * rad;
          const dLon = (ilon - lon) * rad;
          const h =
            Math.sin(dLat / 2) ** 2 + cosLat * Math.cos(ilat * rad) * Math.sin(dLon / 2) ** 2;
          const km = 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
          if (km * (terrainFactor?.[i] ?? 1) <= radiusKm) out.push(i);
        }
      }
    }
  }
  if (sites.length > 0) sortTail(out, starts[sites.length - 1]!);
  starts[sites.length] = out.length;
  return { demands: demand.length, candidates: sites.length, starts, points: Int32Array.from(out) };
}

function sortTail(list: number[], from: number): void {
  const tail = list.splice(from).sort((a, b) => a - b);
  for (const value of tail) list.push(value);
}

/** Coverage from planar coordinates (metres), as in the SJC benchmark instances. */
export function buildPlanarCoverage(
  points: ArrayLike<readonly [number, number]>,
  sites: ArrayLike<readonly [number, number]>,
  radius: number,
): Coverage {
  const starts = new Int32Array(sites.length + 1);
  const out: number[] = [];
  for (let j = 0; j < sites.length; j++) {
    starts[j] = out.length;
    for (let i = 0; i < points.length; i++) {
      const dx = points[i]![0] - sites[j]![0];
      const dy = points[i]![1] - sites[j]![1];
      if (dx * dx + dy * dy <= radius * radius) out.push(i);
    }
  }
  starts[sites.length] = out.length;
  return { demands: points.length, candidates: sites.length, starts, points: Int32Array.from(out) };
}

/**
 * Reads a São José dos Campos maximal covering instance (Lorena & Pereira): a header line
 * `n 9999 p S`, then `x y demand` per point, in metres; every point is also a candidate site.
 */
export function parseSjc(text: string): {
  points: Array<[number, number]>;
  demand: Float64Array;
} {
  const rows = text
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.trim().split(/\s+/).map(Number));
  return {
    points: rows.map((r) => [r[0]!, r[1]!] as [number, number]),
    demand: Float64Array.from(rows, (r) => r[2]!),
  };
}
