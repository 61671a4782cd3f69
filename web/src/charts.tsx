/** Small SVG charts drawn here (no chart library: the first view stays light on slow links). */
import { classOf } from "./classify.ts";
import { fill, formatNumber, MESSAGES, type Lang } from "./i18n.ts";

const WIDTH = 300;

/**
 * Histogram of an indicator over the areas on the map: equal-width bins, each bar stacked by the
 * map's classes of the values in it (so every area is drawn in its map colour), with the median
 * marked and the selected value (if any) as a line.
 */
export function Distribution({
  lang,
  values,
  breaks,
  colours,
  level,
  unit,
  marker,
}: {
  lang: Lang;
  values: readonly number[];
  breaks: readonly number[];
  colours: readonly string[];
  level: string;
  unit: string;
  marker?: { label: string; value: number } | null;
}) {
  const t = MESSAGES[lang].charts;
  if (values.length < 3) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const lo = sorted[0]!;
  const hi = sorted[sorted.length - 1]!;
  const bins = Math.min(20, Math.max(5, Math.ceil(Math.sqrt(values.length))));
  const width = (hi - lo) / bins || 1;
  const counts = new Array<number>(bins).fill(0);
  const byClass = Array.from({ length: bins }, () => new Array<number>(colours.length).fill(0));
  for (const v of sorted) {
    const bin = Math.min(bins - 1, Math.floor((v - lo) / width));
    counts[bin]!++;
    byClass[bin]![classOf(v, breaks)]!++;
  }
  const top = Math.max(...counts);
  const median =
    sorted.length % 2
      ? sorted[(sorted.length - 1) / 2]!
      : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  const h = 90;
  const x = (v: number) => ((v - lo) / (hi - lo || 1)) * WIDTH;
  const title = fill(t.distribution, { level: level.toLowerCase(), count: values.length });
  return (
    <figure class="chart" aria-label={title}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${h + 16}`} role="img" aria-label={title}>
        {counts.map((c, k) => {
          let y = h;
          return (
            <g key={k}>
              <title>
                {formatNumber(lang, lo + k * width)} – {formatNumber(lang, lo + (k + 1) * width)}{" "}
                {unit}: {c}
              </title>
              {byClass[k]!.map((n, cls) => {
                if (n === 0) return null;
                const barH = (n / top) * h;
                y -= barH;
                return (
                  <rect
                    key={cls}
                    x={(k * WIDTH) / bins + 0.5}
                    y={y}
                    width={WIDTH / bins - 1}
                    height={barH}
                    fill={colours[cls] ?? "#888"}
                  />
                );
              })}
            </g>
          );
        })}
        <line x1={x(median)} x2={x(median)} y1={0} y2={h} class="median" />
        {marker && <line x1={x(marker.value)} x2={x(marker.value)} y1={0} y2={h} class="marker" />}
        <text x={0} y={h + 13} class="axis">
          {formatNumber(lang, lo)}
        </text>
        <text x={WIDTH} y={h + 13} class="axis" text-anchor="end">
          {formatNumber(lang, hi)} {unit}
        </text>
      </svg>
      <p class="note">
        <span class="key median" /> {fill(t.median, { value: formatNumber(lang, median) })}
        {marker && (
          <>
            {" · "}
            <span class="key marker" /> {marker.label} {formatNumber(lang, marker.value)}
          </>
        )}
      </p>
    </figure>
  );
}

/** A yearly series as a line with its points, e.g. the rural share 2019-2023. */
export function Trend({
  lang,
  name,
  unit,
  series,
}: {
  lang: Lang;
  name: string;
  unit: string;
  series: ReadonlyArray<{ year: number; value: number }>;
}) {
  if (series.length < 2) return null;
  const t = MESSAGES[lang].charts;
  const h = 80;
  const pad = 24;
  const years = series.map((p) => p.year);
  const vals = series.map((p) => p.value);
  const [y0, y1] = [Math.min(...years), Math.max(...years)];
  const [lo, hi] = [Math.min(...vals), Math.max(...vals)];
  const span = hi - lo || Math.abs(hi) * 0.1 || 1;
  const x = (year: number) => pad + ((year - y0) / (y1 - y0 || 1)) * (WIDTH - 2 * pad);
  const y = (v: number) => 6 + (1 - (v - (lo - span * 0.1)) / (span * 1.2)) * (h - 12);
  const title = fill(t.trend, { name });
  return (
    <figure class="chart" aria-label={title}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${h + 16}`} role="img" aria-label={title}>
        <polyline
          points={series.map((p) => `${x(p.year)},${y(p.value)}`).join(" ")}
          class="trend-line"
        />
        {series.map((p) => (
          <g key={p.year}>
            <circle cx={x(p.year)} cy={y(p.value)} r={3} class="trend-point">
              <title>
                {p.year}: {formatNumber(lang, p.value)} {unit}
              </title>
            </circle>
            <text x={x(p.year)} y={h + 13} class="axis" text-anchor="middle">
              {p.year}
            </text>
          </g>
        ))}
        <text x={x(y0)} y={y(series[0]!.value) - 6} class="axis" text-anchor="start">
          {formatNumber(lang, series[0]!.value)}
        </text>
        <text x={x(y1)} y={y(series[series.length - 1]!.value) - 6} class="axis" text-anchor="end">
          {formatNumber(lang, series[series.length - 1]!.value)} {unit}
        </text>
      </svg>
    </figure>
  );
}
