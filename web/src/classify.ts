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
