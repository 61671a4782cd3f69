import { createRandom } from "../../domain/index.ts";

/** Rows as points: points[i] is unit i's standardised profile. */
export type Points = readonly Float64Array[];

function distance2(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j]! - b[j]!) ** 2;
  return s;
}

export interface KMeansResult {
  readonly k: number;
  readonly labels: Int32Array;
  readonly centers: Float64Array[];
  /** Within-cluster sum of squares. */
  readonly inertia: number;
}

/**
 * k-means (Lloyd's algorithm) with k-means++ seeding (Arthur & Vassilvitskii 2007), `restarts`
 * seeded runs, keeping the one with the least inertia. Clusters are numbered by size, largest first.
 */
export function kMeans(
  points: Points,
  k: number,
  {
    seed = 1,
    restarts = 10,
    maxIterations = 300,
  }: { seed?: number; restarts?: number; maxIterations?: number } = {},
): KMeansResult {
  const n = points.length;
  if (!Number.isInteger(k) || k < 1 || k > n)
    throw new RangeError(`kMeans: k must be between 1 and ${n}, got ${k}`);
  const random = createRandom(seed);
  let best: KMeansResult | undefined;
  for (let run = 0; run < restarts; run++) {
    const centers: Float64Array[] = [Float64Array.from(points[Math.floor(random() * n)]!)];
    const nearest = new Float64Array(n).fill(Infinity);
    while (centers.length < k) {
      let total = 0;
      for (let i = 0; i < n; i++) {
        nearest[i] = Math.min(nearest[i]!, distance2(points[i]!, centers[centers.length - 1]!));
        total += nearest[i]!;
      }
      let target = random() * total;
      let pick = n - 1;
      for (let i = 0; i < n; i++) {
        target -= nearest[i]!;
        if (target <= 0) {
          pick = i;
          break;
        }
      }
      centers.push(Float64Array.from(points[pick]!));
    }
    const labels = new Int32Array(n);
    let inertia = 0;
    for (let iteration = 0; iteration < maxIterations; iteration++) {
      let changed = false;
      inertia = 0;
      for (let i = 0; i < n; i++) {
        let bestC = 0;
        let bestD = Infinity;
        for (let c = 0; c < k; c++) {
          const d = distance2(points[i]!, centers[c]!);
          if (d < bestD) {
            bestD = d;
            bestC = c;
          }
        }
        if (labels[i] !== bestC) changed = true;
        labels[i] = bestC;
        inertia += bestD;
      }
      const sums = centers.map((c) => new Float64Array(c.length));
      const counts = new Int32Array(k);
      for (let i = 0; i < n; i++) {
        counts[labels[i]!]!++;
        const s = sums[labels[i]!]!;
        for (let j = 0; j < s.length; j++) s[j]! += points[i]![j]!;
      }
      for (let c = 0; c < k; c++)
        if (counts[c]! > 0) centers[c] = sums[c]!.map((v) => v / counts[c]!);
      if (!changed && iteration > 0) break;
    }
    if (!best || inertia < best.inertia)
      best = {
        k,
        labels: Int32Array.from(labels),
        centers: centers.map((c) => Float64Array.from(c)),
        inertia,
      };
  }
  // Renumber clusters by size, largest first, so that labels are stable across runs.
  const sizes = Array.from({ length: k }, (_, c) => best!.labels.filter((l) => l === c).length);
  const order = Array.from({ length: k }, (_, c) => c).sort(
    (a, b) => sizes[b]! - sizes[a]! || a - b,
  );
  const rename = new Int32Array(k);
  order.forEach((old, neu) => (rename[old] = neu));
  return {
    k,
    labels: best!.labels.map((l) => rename[l]!),
    centers: order.map((old) => best!.centers[old]!),
    inertia: best!.inertia,
  };
}

/**
 * Mean silhouette width (Rousseeuw 1987): for each point, (b − a)/max(a, b), where a is its mean
 * distance to its own cluster and b to the nearest other cluster. O(n²) distances.
 */
export function silhouette(points: Points, labels: Int32Array, k: number): number {
  const n = points.length;
  let total = 0;
  const sums = new Float64Array(k);
  const counts = new Int32Array(k);
  for (let i = 0; i < n; i++) counts[labels[i]!]!++;
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    for (let j = 0; j < n; j++)
      if (j !== i) sums[labels[j]!]! += Math.sqrt(distance2(points[i]!, points[j]!));
    const own = labels[i]!;
    if (counts[own]! <= 1) continue; // a singleton's silhouette is 0 by convention
    const a = sums[own]! / (counts[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++)
      if (c !== own && counts[c]! > 0) b = Math.min(b, sums[c]! / counts[c]!);
    total += (b - a) / Math.max(a, b);
  }
  return total / n;
}
