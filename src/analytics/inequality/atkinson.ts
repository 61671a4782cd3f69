import { checkInputs, type Values } from "./weighted.ts";

/**
 * Atkinson index A(ε) = 1 − ξ/μ, where ξ is the equally distributed equivalent:
 * ξ = [(1/W) Σ w_i y_i^(1−ε)]^(1/(1−ε)) for ε ≠ 1 and ξ = exp((1/W) Σ w_i ln y_i) for ε = 1
 * (Atkinson 1970; Cowell 2011, eq. 3.8). ε ≥ 1 needs values > 0. Usual aversions: 0.5, 1, 2.
 *
 * @example atkinson([1, 2, 3, 4], 1) // 1 − geometric mean / mean
 */
export function atkinson(values: Values, epsilon: number, weights?: Values): number {
  if (!(epsilon >= 0) || !Number.isFinite(epsilon))
    throw new RangeError(
      `atkinson: inequality aversion must be a finite number ≥ 0, got ${epsilon}`,
    );
  const { y, w, totalWeight, mean } = checkInputs(values, weights, `atkinson(${epsilon})`, {
    positive: epsilon >= 1,
  });
  if (mean === 0) return 0;
  let sum = 0;
  if (epsilon === 1) {
    for (let i = 0; i < y.length; i++) sum += w[i]! * Math.log(y[i]!);
    return 1 - Math.exp(sum / totalWeight) / mean;
  }
  for (let i = 0; i < y.length; i++) sum += w[i]! * Math.pow(y[i]! / mean, 1 - epsilon);
  return 1 - Math.pow(sum / totalWeight, 1 / (1 - epsilon));
}
