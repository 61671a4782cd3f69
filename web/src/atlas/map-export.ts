import { NO_DATA } from "../classify.ts";
import { download } from "../download.ts";
import { fill, MESSAGES, type Lang } from "../i18n.ts";
import { mapSheet } from "../map-sheet.ts";

/** The map as a PNG sheet: title, the map, its legend, the sources with today's date and, when
 * any is shown, the mark of synthetic data. */
export function exportMapPng({
  lang,
  file,
  title,
  unit,
  legend,
  sources,
  synthetic,
}: {
  lang: Lang;
  file: string;
  title: string;
  unit: string;
  legend: ReadonlyArray<{ colour: string; label: string }>;
  /** Names of the datasets behind the map. */
  sources: readonly string[];
  /** Names of the synthetic datasets shown, or none. */
  synthetic: readonly string[];
}): void {
  const canvas = document.querySelector<HTMLCanvasElement>(".map canvas");
  if (!canvas) return;
  const t = MESSAGES[lang];
  const sheet = mapSheet(canvas, {
    title,
    unit,
    legend: [...legend, { colour: NO_DATA, label: t.noData }],
    source: fill(t.png.source, {
      sources: sources.join("; "),
      date: new Intl.DateTimeFormat(lang === "es" ? "es-PE" : "en-GB", {
        dateStyle: "long",
      }).format(new Date()),
    }),
    synthetic:
      synthetic.length > 0 ? fill(t.png.synthetic, { datasets: synthetic.join("; ") }) : null,
  });
  download(file, sheet.toDataURL("image/png"));
}
