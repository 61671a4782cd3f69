import { createRandom } from "../domain/index.ts";
import { permuteColumn, type FeatureMatrix } from "./matrix.ts";
import { predict, type TrainedModel } from "./learner.ts";
import { higherIsBetter, metricsFor, type Objective } from "./metrics.ts";

/**
 * Permutation importance (Breiman 2001; Fisher et al. 2019): how much the model's score worsens
 * when one feature's values are shuffled, averaged over `repeats` seeded shuffles. Computed on
 * the data given (use held-out data to judge generalisation).
 */
export function permutationImportance(
  model: TrainedModel,
  objective: Objective,
  x: FeatureMatrix,
  y: Float64Array,
  { repeats = 5, seed = 1 }: { repeats?: number; seed?: number } = {},
): Array<{ feature: string; drop: number; sd: number }> {
  const metric = objective === "regression" ? "rmse" : "logLoss";
  const sign = higherIsBetter(metric) ? 1 : -1;
  const score = (m: FeatureMatrix) => sign * metricsFor(objective, y, predict(model, m))[metric]!;
  const baseline = score(x);
  const random = createRandom(seed);
  return x.names
    .map((feature, f) => {
      const drops: number[] = [];
      for (let r = 0; r < repeats; r++) {
        const order = Array.from({ length: x.rows }, (_, i) => i);
        for (let i = order.length - 1; i > 0; i--) {
          const j = Math.floor(random() * (i + 1));
          [order[i], order[j]] = [order[j]!, order[i]!];
        }
        drops.push(baseline - score(permuteColumn(x, f, order)));
      }
      const mean = drops.reduce((a, b) => a + b, 0) / repeats;
      const sd = Math.sqrt(
        drops.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, repeats - 1),
      );
      return { feature, drop: mean, sd };
    })
    .sort((a, b) => b.drop - a.drop);
}
