import type { FeatureMatrix } from "./matrix.ts";

/**
 * A feature's training distribution, kept with the model: decile edges and the share of rows in
 * each of the ten bins plus the missing share, and the sorted sample for the KS test.
 */
export interface FeatureProfile {
  readonly feature: string;
  readonly edges: number[];
  readonly shares: number[];
  readonly missingShare: number;
  /** Up to 1,000 training values, sorted (for the two-sample KS statistic). */
  readonly sample: number[];
}

function column(x: FeatureMatrix, f: number): { values: number[]; missing: number } {
  const values: number[] = [];
  let missing = 0;
  for (let i = 0; i < x.rows; i++) {
    const v = x.data[i * x.cols + f]!;
    if (Number.isNaN(v)) missing++;
    else values.push(v);
  }
  return { values: values.sort((a, b) => a - b), missing };
}

function binShares(values: readonly number[], edges: readonly number[], total: number): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const v of values) {
    let b = 0;
    while (b < edges.length && v > edges[b]!) b++;
    counts[b]!++;
  }
  return counts.map((c) => c / Math.max(1, total));
}

export function profileFeatures(x: FeatureMatrix): FeatureProfile[] {
  return x.names.map((feature, f) => {
    const { values, missing } = column(x, f);
    const edges: number[] = [];
    for (let q = 1; q < 10; q++) {
      const v = values[Math.floor((q * values.length) / 10)];
      if (v !== undefined && (edges.length === 0 || v > edges[edges.length - 1]!)) edges.push(v);
    }
    const step = Math.max(1, Math.floor(values.length / 1000));
    return {
      feature,
      edges,
      shares: binShares(values, edges, x.rows),
      missingShare: missing / Math.max(1, x.rows),
      sample: values.filter((_, i) => i % step === 0),
    };
  });
}

/** Two-sample Kolmogorov-Smirnov statistic of sorted samples. */
export function ksStatistic(a: readonly number[], b: readonly number[]): number {
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < a.length && j < b.length) {
    const v = Math.min(a[i]!, b[j]!);
    while (i < a.length && a[i]! <= v) i++;
    while (j < b.length && b[j]! <= v) j++;
    d = Math.max(d, Math.abs(i / a.length - j / b.length));
  }
  return d;
}

export interface DriftReport {
  readonly feature: string;
  /** Population stability index over the training deciles plus the missing bin. */
  readonly psi: number;
  readonly ks: number;
  readonly level: "stable" | "moderate" | "drift";
}

/**
 * Compares new data with the training profile. PSI < 0.1 stable, 0.1-0.25 moderate, ≥ 0.25 drift
 * (the usual credit-scoring thresholds); shares are floored at 0.1% so empty bins stay finite.
 */
export function driftReport(profiles: readonly FeatureProfile[], x: FeatureMatrix): DriftReport[] {
  return profiles.map((profile) => {
    const f = x.names.indexOf(profile.feature);
    if (f < 0) throw new RangeError(`drift: the new data lack feature "${profile.feature}"`);
    const { values, missing } = column(x, f);
    const expected = [...profile.shares, profile.missingShare];
    const actual = [...binShares(values, profile.edges, x.rows), missing / Math.max(1, x.rows)];
    let psi = 0;
    for (let b = 0; b < expected.length; b++) {
      const e = Math.max(expected[b]!, 1e-3);
      const a = Math.max(actual[b]!, 1e-3);
      psi += (a - e) * Math.log(a / e);
    }
    const ks =
      values.length > 0 && profile.sample.length > 0 ? ksStatistic(profile.sample, values) : 0;
    return {
      feature: profile.feature,
      psi,
      ks,
      level: psi >= 0.25 ? "drift" : psi >= 0.1 ? "moderate" : "stable",
    };
  });
}
