import type { Bilingual } from "../../sources/index.ts";
import { kMeans, silhouette } from "./kmeans.ts";
import { pca, standardize } from "./pca.ts";

export interface TypologyInput {
  readonly ids: readonly string[];
  /** One column per indicator, aligned with `ids`; units with any missing value must be removed first. */
  readonly columns: readonly ArrayLike<number>[];
  readonly indicators: ReadonlyArray<{
    id: string;
    name: Bilingual;
    direction: "higher-better" | "higher-worse" | "neutral";
    trait: { es: string; en: string; gender: "f" | "m"; plural?: boolean };
  }>;
}

export interface TypologyCluster {
  readonly cluster: number;
  readonly size: number;
  /** Mean standardised value of each indicator in the cluster (0 = national average of units). */
  readonly profile: Readonly<Record<string, number>>;
  readonly description: Bilingual;
}

export interface TypologyResult {
  readonly k: number;
  readonly silhouettes: ReadonlyArray<{ k: number; silhouette: number }>;
  readonly labels: Int32Array;
  readonly clusters: readonly TypologyCluster[];
  /** Composite index: first principal component, oriented so that higher means more deprived. */
  readonly composite: {
    readonly scores: Float64Array;
    readonly explained: number;
    readonly loadings: Readonly<Record<string, number>>;
  };
}

function describe(
  profile: Record<string, number>,
  indicators: TypologyInput["indicators"],
): Bilingual {
  const salient = indicators
    .map((i) => ({ i, z: profile[i.id]! }))
    .filter((x) => Math.abs(x.z) >= 0.5)
    .sort((a, b) => Math.abs(b.z) - Math.abs(a.z))
    .slice(0, 4);
  if (salient.length === 0)
    return {
      es: "Distritos cercanos al promedio en todos los indicadores",
      en: "Districts close to the average on every indicator",
    };
  // Spanish puts the adjective after the noun and makes it agree: "pobreza muy alta", "desarrollo humano bajo".
  const adjective = (high: boolean, t: { gender: "f" | "m"; plural?: boolean }) =>
    `${high ? "alt" : "baj"}${t.gender === "f" ? "a" : "o"}${t.plural ? "s" : ""}`;
  const es = salient.map(
    ({ i, z }) => `${i.trait.es} ${Math.abs(z) > 1 ? "muy " : ""}${adjective(z > 0, i.trait)}`,
  );
  const en = salient.map(
    ({ i, z }) => `${Math.abs(z) > 1 ? "very " : ""}${z > 0 ? "high" : "low"} ${i.trait.en}`,
  );
  const join = (parts: string[], and: string) =>
    parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(", ")} ${and} ${parts.at(-1)!}`;
  return { es: `Distritos con ${join(es, "y")}`, en: `Districts with ${join(en, "and")}` };
}

/**
 * District typology: standardise the indicators, build a composite index (first principal component,
 * signed so that deprivation is positive), run k-means for each k in [kMin, kMax], keep the k with
 * the best mean silhouette, and describe each cluster in words from its standardised profile.
 */
export function typology(
  input: TypologyInput,
  { kMin = 2, kMax = 8, seed = 1 }: { kMin?: number; kMax?: number; seed?: number } = {},
): TypologyResult {
  const names = input.indicators.map((i) => i.id);
  const { z } = standardize(input.columns, names);
  // Orient each column so that "worse" is positive before the composite: better-is-higher columns flip.
  const oriented = z.map((column, j) =>
    input.indicators[j]!.direction === "higher-better" ? column.map((v) => -v) : column,
  );
  const orientBy = Math.max(
    0,
    input.indicators.findIndex((i) => i.direction !== "neutral"),
  );
  const components = pca(oriented, { orientBy });
  const points = input.ids.map((_, i) => Float64Array.from(z, (column) => column[i]!));
  const tried: Array<{ k: number; silhouette: number; labels: Int32Array }> = [];
  for (let k = kMin; k <= Math.min(kMax, input.ids.length - 1); k++) {
    const run = kMeans(points, k, { seed });
    tried.push({ k, silhouette: silhouette(points, run.labels, k), labels: run.labels });
  }
  const best = tried.reduce((a, b) => (b.silhouette > a.silhouette ? b : a));
  const clusters = Array.from({ length: best.k }, (_, c): TypologyCluster => {
    const members = Array.from(best.labels.keys()).filter((i) => best.labels[i] === c);
    const profile = Object.fromEntries(
      names.map((id, j) => [
        id,
        members.reduce((s, i) => s + z[j]![i]!, 0) / Math.max(1, members.length),
      ]),
    );
    return {
      cluster: c,
      size: members.length,
      profile,
      description: describe(profile, input.indicators),
    };
  });
  return {
    k: best.k,
    silhouettes: tried.map(({ k, silhouette: s }) => ({ k, silhouette: s })),
    labels: best.labels,
    clusters,
    composite: {
      scores: components.firstScores,
      explained: components.explained[0]!,
      loadings: Object.fromEntries(names.map((id, j) => [id, components.loadings[j]![0]!])),
    },
  };
}
