import { UsageError } from "../../errors/index.ts";
import type { Store } from "../../storage/index.ts";
import { indicatorTable } from "../indicators/index.ts";
import { typology, type TypologyResult } from "../typology/index.ts";

/** Real sources only: household internet (Census 2017) stands for the digital divide, ENLA for
 * learning; indicators the workspace lacks (mirror-only rurality and census) are skipped. */
export const DEFAULT_TYPOLOGY_INDICATORS = [
  "pobreza",
  "ruralidad",
  "altitud",
  "idh",
  "hogares_internet",
  "matematica_satisfactorio",
] as const;

export interface DistrictTypology extends Omit<TypologyResult, "labels" | "composite"> {
  readonly indicators: readonly string[];
  readonly districts: ReadonlyArray<{
    ubigeo: string;
    name: string | null;
    cluster: number;
    composite: number;
  }>;
  readonly loadings: Readonly<Record<string, number>>;
  readonly explained: number;
  readonly excluded: number;
  readonly datasetVersions: Readonly<Record<string, string>>;
  readonly synthetic: readonly string[];
}

/** Typology of districts over the chosen indicators (those not available are skipped and said). */
export async function districtTypology(
  store: Store,
  {
    indicators = DEFAULT_TYPOLOGY_INDICATORS,
    kMin = 2,
    kMax = 8,
    seed = 1,
    pin = {},
  }: {
    indicators?: readonly string[];
    kMin?: number;
    kMax?: number;
    seed?: number;
    pin?: Readonly<Record<string, string>>;
  } = {},
): Promise<DistrictTypology> {
  const table = await indicatorTable(store, { level: "district", ids: indicators, pin });
  if (table.indicators.length < 2)
    throw new UsageError(
      "BRECHA_USAGE",
      `a typology needs at least 2 available indicators; available: ${table.indicators.map((i) => i.id).join(", ") || "none"}`,
    );
  const ids = table.indicators.map((i) => i.id);
  const rows = table.areas.filter((a) => ids.every((id) => a.values[id] !== null));
  const result = typology(
    {
      ids: rows.map((r) => r.code),
      columns: ids.map((id) => rows.map((r) => r.values[id]!)),
      indicators: table.indicators,
    },
    { kMin, kMax, seed },
  );
  return {
    k: result.k,
    silhouettes: result.silhouettes,
    clusters: result.clusters,
    indicators: ids,
    districts: rows.map((r, i) => ({
      ubigeo: r.code,
      name: r.name,
      cluster: result.labels[i]!,
      composite: result.composite.scores[i]!,
    })),
    loadings: result.composite.loadings,
    explained: result.composite.explained,
    excluded: table.areas.length - rows.length,
    datasetVersions: table.datasetVersions,
    synthetic: table.synthetic,
  };
}
