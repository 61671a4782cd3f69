import { createRandom } from "../../domain/index.ts";
import { theilDecomposition, type TheilKind } from "./theil.ts";
import type { Values } from "./weighted.ts";

export interface BetweenShareTest {
  readonly observed: number;
  readonly permutations: number;
  /** Pseudo p-value (count of permuted shares ≥ observed, plus 1) / (permutations + 1). */
  readonly pValue: number;
  readonly meanPermuted: number;
}

/**
 * Is the between-group share of Theil larger than group labels drawn at random would give? Shuffles
 * the labels (Fisher-Yates, seeded), keeping group sizes; one-sided pseudo p-value as in PySAL's
 * `TheilDSim` (Rey & Sastré-Gutiérrez 2010, "Interregional inequality dynamics in Mexico").
 */
export function betweenShareTest(
  values: Values,
  groups: ArrayLike<string>,
  {
    weights,
    kind = "T",
    permutations = 999,
    seed = 1,
  }: { weights?: Values; kind?: TheilKind; permutations?: number; seed?: number } = {},
): BetweenShareTest {
  const observed = theilDecomposition(values, groups, {
    ...(weights === undefined ? {} : { weights }),
    kind,
  }).betweenShare;
  const random = createRandom(seed);
  const labels = Array.from(groups);
  let atLeast = 0;
  let sum = 0;
  for (let p = 0; p < permutations; p++) {
    for (let i = labels.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [labels[i], labels[j]] = [labels[j]!, labels[i]!];
    }
    const share = theilDecomposition(values, labels, {
      ...(weights === undefined ? {} : { weights }),
      kind,
    }).betweenShare;
    sum += share;
    if (share >= observed - 1e-15) atLeast++;
  }
  return {
    observed,
    permutations,
    pValue: (atLeast + 1) / (permutations + 1),
    meanPermuted: sum / permutations,
  };
}
