import { useMemo } from "preact/hooks";
import { classOf, jenksBreaks, NO_DATA, paletteFor, quantileBreaks } from "../classify.ts";
import { MESSAGES } from "../i18n.ts";
import type { View } from "../view.ts";
import { LISA_COLOURS, typeColour } from "./colours.ts";
import { crumbsOf, digitsToTellApart } from "./controls.tsx";
import type { useAtlasData } from "./use-atlas-data.ts";

export type AtlasData = ReturnType<typeof useAtlasData>;
export type AtlasView = ReturnType<typeof useAtlasView>;

/** What the atlas derives from its data for a view: the classes and colours of the map, the
 * ranking and the words that name what is shown. Each piece is recomputed only when what it
 * depends on changes, so the map repaints only when its colours really change. */
export function useAtlasView(view: View, data: AtlasData) {
  const t = MESSAGES[view.lang];
  const { table } = data;
  const indicator = data.catalogue.find((i) => i.id === view.indicator) ?? table?.indicators[0];
  const shownYear = table?.years?.[view.indicator]?.year ?? null;
  const syntheticValues = (table?.syntheticIndicators ?? []).includes(view.indicator);
  const values = useMemo(
    () => new Map((table?.areas ?? []).map((a) => [a.code, a.values[view.indicator] ?? null])),
    [table, view.indicator],
  );
  const breaks = useMemo(() => {
    const known = [...values.values()].filter((v): v is number => v !== null);
    return view.classes === "jenks" ? jenksBreaks(known) : quantileBreaks(known);
  }, [values, view.classes]);
  const direction = indicator?.direction ?? "higher-worse";
  const palette = useMemo(() => paletteFor(direction, breaks.length + 1), [direction, breaks]);
  const colours = useMemo(() => {
    const out = new Map<string, string>();
    if (view.mode === "typology")
      for (const d of data.types?.districts ?? [])
        out.set(d.ubigeo, d.cluster === null ? NO_DATA : typeColour(d.cluster));
    else if (view.mode === "lisa")
      for (const d of data.lisa?.districts ?? [])
        out.set(d.ubigeo, LISA_COLOURS[d.lisa] ?? NO_DATA);
    else
      for (const [code, v] of values)
        out.set(code, v === null ? NO_DATA : palette[classOf(v, breaks)]!);
    return out;
  }, [view.mode, data.types, data.lisa, values, palette, breaks]);
  const ranking = useMemo(
    () =>
      [...(table?.areas ?? [])].sort((a, b) => {
        const va = a.values[view.indicator] ?? -Infinity;
        const vb = b.values[view.indicator] ?? -Infinity;
        return direction === "higher-better" ? va - vb : vb - va;
      }),
    [table, view.indicator, direction],
  );
  const place = crumbsOf(view.area, data.names, t.peru)
    .map((c) => c.name)
    .join(" › ");
  return {
    indicator,
    shownYear,
    syntheticValues,
    values,
    breaks,
    digits: digitsToTellApart(breaks),
    palette,
    colours,
    ranking,
    /** Departments and provinces open into their parts; districts open their report. */
    canDrill: data.level !== "district",
    place,
    title: `${indicator?.name[view.lang] ?? view.indicator}${shownYear ? ` (${shownYear})` : ""}`,
  };
}
