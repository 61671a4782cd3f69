import type { Hotspots, Typology } from "../api.ts";
import { NO_DATA } from "../classify.ts";
import { fill, formatNumber, MESSAGES, type Lang } from "../i18n.ts";
import type { MapMode, View } from "../view.ts";
import { LISA_CLASSES, LISA_COLOURS, typeColour } from "./colours.ts";

/** The label of class k of a legend: below the first break, then at or above each break. */
export const classLabel = (
  lang: Lang,
  breaks: readonly number[],
  k: number,
  digits: number,
): string =>
  `${k === 0 ? "< " : "≥ "}${formatNumber(lang, k === 0 ? (breaks[0] ?? null) : (breaks[k - 1] ?? null), digits)}`;

/** The legend of whatever the map shows: classes of values, LISA clusters or district types. */
export function Legend({
  lang,
  mode,
  classes,
  onClasses,
  colours,
  breaks,
  digits,
  lisa,
  types,
}: {
  lang: Lang;
  mode: MapMode;
  classes: View["classes"];
  onClasses: (classes: View["classes"]) => void;
  colours: readonly string[];
  breaks: readonly number[];
  digits: number;
  lisa: Hotspots | null;
  types: Typology | null;
}) {
  const t = MESSAGES[lang];
  if (mode === "typology") {
    const title = fill(t.typology.title, { k: types?.k ?? "…" });
    return (
      <section class="legend" aria-label={title}>
        <strong>{title}</strong>
        {(types?.clusters ?? []).map((c) => (
          <div key={c.cluster} class="type">
            <span class="swatch" style={{ background: typeColour(c.cluster) }} />
            {c.description[lang]} ({formatNumber(lang, c.size, 0)})
          </div>
        ))}
        {types && (
          <p class="note">
            {fill(t.typology.note, { share: formatNumber(lang, types.explained * 100, 0) })}
          </p>
        )}
      </section>
    );
  }
  if (mode === "lisa")
    return (
      <section class="legend" aria-label={t.lisa.title}>
        <strong>{t.lisa.title}</strong>
        {LISA_CLASSES.map((c) => (
          <div key={c}>
            <span class="swatch" style={{ background: LISA_COLOURS[c] }} />
            {t.lisa.classes[c]} {lisa ? `(${lisa.counts[c] ?? 0})` : ""}
          </div>
        ))}
        {lisa && (
          <p class="note">
            {fill(t.lisa.moran, {
              i: formatNumber(lang, lisa.moran.I, 3),
              p: formatNumber(lang, lisa.moran.pPermutation, 3),
            })}
          </p>
        )}
      </section>
    );
  return (
    <section class="legend" aria-label={t.legend}>
      <strong>{t.legend}</strong>
      <label class="check inline">
        {t.classes.label}
        <select
          value={classes}
          onChange={(e) => onClasses((e.target as HTMLSelectElement).value as View["classes"])}
        >
          <option value="quantiles">{t.classes.quantiles}</option>
          <option value="jenks">{t.classes.jenks}</option>
        </select>
      </label>
      {colours.map((colour, k) => (
        <div key={colour}>
          <span class="swatch" style={{ background: colour }} />
          {classLabel(lang, breaks, k, digits)}
        </div>
      ))}
      <div>
        <span class="swatch" style={{ background: NO_DATA }} /> {t.noData}
      </div>
    </section>
  );
}
