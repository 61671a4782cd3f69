/** Okabe-Ito qualitative colours, distinguishable with the common colour-vision deficiencies. */
export const TYPE_COLOURS = [
  "#E69F00",
  "#56B4E9",
  "#009E73",
  "#F0E442",
  "#0072B2",
  "#D55E00",
  "#CC79A7",
  "#000000",
] as const;

export const typeColour = (cluster: number): string => TYPE_COLOURS[cluster % TYPE_COLOURS.length]!;

export const LISA_CLASSES = [
  "high-high",
  "low-low",
  "high-low",
  "low-high",
  "not-significant",
  "island",
] as const;

/** Orange for high clusters, purple for low ones (ColorBrewer PuOr, readable with colour-blindness). */
export const LISA_COLOURS: Record<string, string> = {
  "high-high": "#b35806",
  "low-low": "#542788",
  "high-low": "#f1a340",
  "low-high": "#998ec3",
  "not-significant": "#e8e8e8",
  island: "#ffffff",
};
