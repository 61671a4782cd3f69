/**
 * Class breaks and colours. Quantile breaks (equal counts); a sequential palette from cividis-like
 * blues to yellows that stays ordered for the common colour-vision deficiencies and in greyscale.
 */
export const PALETTE = ["#00204d", "#414d6b", "#7c7b78", "#bcaf6f", "#ffea46"] as const;
export const NO_DATA = "#d9d9d9";

export function quantileBreaks(values: readonly number[], classes = PALETTE.length): number[] {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const breaks: number[] = [];
  for (let k = 1; k < classes; k++) {
    const b = sorted[Math.floor((k * sorted.length) / classes)]!;
    // Few areas or ties give repeated breaks: merge those classes rather than show empty ones.
    if (b > sorted[0]! && (breaks.length === 0 || b > breaks[breaks.length - 1]!)) breaks.push(b);
  }
  return breaks;
}

/**
 * Jenks natural breaks: the partition of the sorted values into `classes` runs with the smallest
 * total within-class sum of squared deviations, found exactly by dynamic programming (Fisher
 * 1958), O(classes × n²): about 20 ms for Peru's 1,891 districts. Returns the first value of
 * each class after the first, the same form as `quantileBreaks`.
 */
export function jenksBreaks(values: readonly number[], classes: number = PALETTE.length): number[] {
  const x = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const n = x.length;
  const k = Math.min(classes, new Set(x).size);
  if (k <= 1) return [];
  // Prefix sums give the squared deviation of any run x[i..j] in O(1).
  const s1 = new Float64Array(n + 1);
  const s2 = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    s1[i + 1] = s1[i]! + x[i]!;
    s2[i + 1] = s2[i]! + x[i]! * x[i]!;
  }
  const ssd = (i: number, j: number) => {
    const m = j - i + 1;
    const sum = s1[j + 1]! - s1[i]!;
    return s2[j + 1]! - s2[i]! - (sum * sum) / m;
  };
  // cost[c][j]: best cost of x[0..j] in c+1 classes; start[c][j]: where its last class begins.
  let cost = Float64Array.from({ length: n }, (_, j) => ssd(0, j));
  const start: Int32Array[] = [new Int32Array(n)];
  for (let c = 1; c < k; c++) {
    const next = new Float64Array(n).fill(Infinity);
    const from = new Int32Array(n);
    for (let j = c; j < n; j++) {
      for (let i = c; i <= j; i++) {
        const v = cost[i - 1]! + ssd(i, j);
        if (v < next[j]!) {
          next[j] = v;
          from[j] = i;
        }
      }
    }
    cost = next;
    start.push(from);
  }
  const breaks: number[] = [];
  let j = n - 1;
  for (let c = k - 1; c >= 1; c--) {
    const i = start[c]![j]!;
    breaks.unshift(x[i]!);
    j = i - 1;
  }
  // Ties can put equal values on both sides of a cut: keep breaks strictly increasing.
  return breaks.filter((b, idx) => b > x[0]! && (idx === 0 || b > breaks[idx - 1]!));
}

/** Class index of a value: 0 … breaks.length. */
export function classOf(value: number, breaks: readonly number[]): number {
  let k = 0;
  while (k < breaks.length && value >= breaks[k]!) k++;
  return k;
}

/**
 * One colour per class (breaks + 1 classes), spread over the palette, ordered so that the worst
 * values are always the darkest.
 */
export function paletteFor(direction: string, classes: number = PALETTE.length): string[] {
  const ordered = direction === "higher-better" ? [...PALETTE] : [...PALETTE].reverse();
  if (classes >= ordered.length) return ordered;
  if (classes <= 1) return [ordered[Math.floor(ordered.length / 2)]!];
  return Array.from(
    { length: classes },
    (_, k) => ordered[Math.round((k * (ordered.length - 1)) / (classes - 1))]!,
  );
}
