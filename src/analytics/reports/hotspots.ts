import { z } from "zod";
import { UsageError } from "../../errors/index.ts";
import { sql, type Store } from "../../storage/index.ts";
import { indicatorById, indicatorTable, publishedDatasets } from "../indicators/index.ts";
import {
  attachIslands,
  contiguityWeights,
  getisOrdGiStar,
  knnWeights,
  localMoran,
  moran,
  rowStandardize,
  type LisaClass,
  type MoranResult,
  type PolygonGeometry,
  type SpatialWeights,
} from "../spatial/index.ts";

export interface HotspotDistrict {
  readonly ubigeo: string;
  readonly name: string | null;
  readonly value: number;
  readonly localI: number;
  readonly pValue: number | null;
  readonly lisa: LisaClass;
  readonly giZ: number;
  readonly giP: number;
}

export interface HotspotReport {
  readonly indicator: string;
  /** `knn`: each district's k nearest, directed (as PySAL and spdep); `knn-symmetric`: also whoever
   * counts it among theirs. */
  readonly weights: "queen" | "rook" | "knn" | "knn-symmetric";
  readonly k: number | null;
  readonly moran: MoranResult;
  readonly districts: readonly HotspotDistrict[];
  /** Districts with no contiguous neighbour (lake islands, detached coast). With `islands: "keep"`
   * they get no LISA class; with "nearest" each is linked to its nearest district (`islandLinks`). */
  readonly islands: readonly string[];
  readonly islandLinks: ReadonlyArray<[string, string]>;
  /** Districts left out because the indicator or the boundary is missing. */
  readonly excluded: readonly string[];
  readonly counts: Readonly<Record<LisaClass, number>>;
  readonly datasetVersions: Readonly<Record<string, string>>;
  readonly synthetic: readonly string[];
}

const BOUNDARY = z.object({
  ubigeo: z.string(),
  geometry: z.string(),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
});

/**
 * Hot spots of an indicator over district boundaries: global Moran's I, LISA clusters with FDR
 * significance and Getis-Ord Gi*. Contiguity comes from the published district boundaries; islands
 * are reported, not silently dropped.
 */
export async function hotspots(
  store: Store,
  {
    indicator,
    weights = "queen",
    k = 6,
    permutations = 999,
    seed = 1,
    alpha = 0.05,
    islands = "keep",
    pin = {},
  }: {
    indicator: string;
    weights?: "queen" | "rook" | "knn" | "knn-symmetric";
    k?: number;
    permutations?: number;
    seed?: number;
    alpha?: number;
    islands?: "keep" | "nearest";
    pin?: Readonly<Record<string, string>>;
  },
): Promise<HotspotReport> {
  if (!indicatorById(indicator))
    throw new UsageError("BRECHA_USAGE", `unknown indicator "${indicator}"`);
  const table = await indicatorTable(store, { level: "district", ids: [indicator], pin });
  if (table.indicators.length === 0)
    throw new UsageError(
      "BRECHA_USAGE",
      `indicator "${indicator}" needs datasets that are not published: ${table.unavailable[0]?.missing.join(", ")}`,
    );
  const published = await publishedDatasets(
    store,
    pin.district_boundaries === undefined ? {} : { district_boundaries: pin.district_boundaries },
  );
  if (!published.available.has("district_boundaries"))
    throw new UsageError(
      "BRECHA_USAGE",
      "hot spots need district boundaries: ingest limites-distritos (brecha up --mirror …)",
    );
  const boundaries = await store.query(
    sql`${published.shadows.length ? sql`WITH ${sql.join(published.shadows)} ` : sql.empty}SELECT ubigeo, geometry, centroide_lon AS lon, centroide_lat AS lat FROM district_boundaries ORDER BY ubigeo`,
    BOUNDARY,
  );
  const byId = new Map(boundaries.map((b) => [b.ubigeo, b]));
  const rows = table.areas.filter((a) => a.values[indicator] !== null && byId.has(a.code));
  const excluded = table.areas.filter((a) => !rows.includes(a)).map((a) => a.code);
  const ids = rows.map((a) => a.code);
  const points = ids.map(
    (id) => [byId.get(id)!.lon ?? 0, byId.get(id)!.lat ?? 0] as [number, number],
  );
  let w: SpatialWeights;
  if (weights === "knn" || weights === "knn-symmetric") {
    w = knnWeights(ids, points, k, { symmetric: weights === "knn-symmetric" });
  } else {
    w = contiguityWeights(
      ids,
      ids.map((id) => JSON.parse(byId.get(id)!.geometry) as PolygonGeometry),
      { kind: weights },
    );
  }
  const islandIds = w.islands.map((i) => ids[i]!);
  let islandLinks: Array<[string, string]> = [];
  if (islands === "nearest") ({ weights: w, links: islandLinks } = attachIslands(w, points));
  const values = rows.map((a) => a.values[indicator]!);
  const standardized = rowStandardize(w);
  const global = moran(values, standardized, { permutations, seed });
  const lisa = localMoran(values, standardized, { permutations, seed, alpha });
  const gi = getisOrdGiStar(values, w);
  const counts = {
    "high-high": 0,
    "low-high": 0,
    "low-low": 0,
    "high-low": 0,
    "not-significant": 0,
    island: 0,
  } as Record<LisaClass, number>;
  for (const c of lisa.classes) counts[c]++;
  return {
    indicator,
    weights,
    k: weights === "knn" || weights === "knn-symmetric" ? k : null,
    moran: global,
    districts: rows.map((a, i) => ({
      ubigeo: a.code,
      name: a.name,
      value: values[i]!,
      localI: lisa.Is[i]!,
      pValue: Number.isNaN(lisa.pValues[i]!) ? null : lisa.pValues[i]!,
      lisa: lisa.classes[i]!,
      giZ: gi.z[i]!,
      giP: gi.pValues[i]!,
    })),
    islands: islandIds,
    islandLinks,
    excluded,
    counts,
    datasetVersions: {
      ...table.datasetVersions,
      district_boundaries: published.versions.district_boundaries!,
    },
    synthetic: table.synthetic,
  };
}
