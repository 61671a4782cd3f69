import { Distribution } from "../charts.tsx";
import { downloadCsv } from "../download.ts";
import { formatNumber, MESSAGES } from "../i18n.ts";
import { SchoolFinder } from "../school-card.tsx";
import { linkTo, type View } from "../view.ts";
import { AtlasControls, Crumbs } from "./controls.tsx";
import { classLabel, Legend } from "./legend.tsx";
import { exportMapPng } from "./map-export.ts";
import { GapPanel, InequalityPanel } from "./panels.tsx";
import { Ranking } from "./ranking.tsx";
import type { AtlasData, AtlasView } from "./use-atlas-view.ts";

/** The atlas tab: what to map, the legend, the distribution, the ranking with its exports, and
 * the selected area's gap and inequality. */
export function AtlasPanel({
  view,
  go,
  data,
  atlas,
  rankingId,
  syntheticShown,
  datasetName,
  onOpen,
  onSchool,
}: {
  view: View;
  go: (change: Partial<View>) => void;
  data: AtlasData;
  atlas: AtlasView;
  rankingId: string;
  /** Names of the synthetic datasets on screen (for the PNG). */
  syntheticShown: readonly string[];
  datasetName: (dataset: string) => string;
  onOpen: (code: string) => void;
  onSchool: (code: string) => void;
}) {
  const t = MESSAGES[view.lang];
  const { table, level } = data;
  const { indicator, shownYear, breaks, digits, palette } = atlas;
  const exportCsv = () =>
    downloadCsv(`brecha-${view.indicator}-${view.area || "peru"}-${level}.csv`, [
      [
        "ubigeo",
        t.area,
        `${indicator?.name[view.lang] ?? view.indicator}${shownYear ? ` ${shownYear}` : ""} (${indicator?.unit ?? ""})`,
        t.csv.synthetic,
        t.csv.basis,
      ],
      // Every value says whether it is synthetic and whether it is UMC's own figure.
      ...atlas.ranking.map((a) => [
        a.code,
        a.name,
        a.values[view.indicator] ?? null,
        atlas.syntheticValues ? t.csv.yes : t.csv.no,
        a.basis?.[view.indicator] ? t.csv.official : t.csv.aggregate,
      ]),
    ]);
  const exportPng = () =>
    exportMapPng({
      lang: view.lang,
      file: `brecha-${view.indicator}-${view.area || "peru"}-${view.mode}.png`,
      title: `${atlas.title} — ${atlas.place}`,
      unit: indicator?.unit ?? "",
      legend:
        view.mode === "values"
          ? palette.map((colour, k) => ({
              colour,
              label: classLabel(view.lang, breaks, k, digits),
            }))
          : [],
      sources: Object.keys(table?.datasetVersions ?? {}).map(datasetName),
      synthetic: syntheticShown,
    });
  return (
    <>
      <AtlasControls
        view={view}
        go={go}
        catalogue={data.catalogue}
        indicator={indicator}
        table={table}
        datasetName={datasetName}
      />
      <label class="check schools-toggle">
        <input
          type="checkbox"
          checked={view.schools}
          disabled={!view.area}
          onChange={(e) => go({ schools: (e.target as HTMLInputElement).checked })}
        />
        {view.area ? t.schools.show : t.schools.chooseArea}
        {data.schools && ` (${formatNumber(view.lang, data.schools.features.length, 0)})`}
      </label>
      {data.schools && <SchoolFinder lang={view.lang} schools={data.schools} onPick={onSchool} />}
      <Crumbs view={view} go={go} names={data.names} levelName={t.level[level]} />
      <Legend
        lang={view.lang}
        mode={view.mode}
        classes={view.classes}
        onClasses={(classes) => go({ classes })}
        colours={palette}
        breaks={breaks}
        digits={digits}
        lisa={data.lisa}
        types={data.types}
      />
      {view.mode === "values" && (
        <Distribution
          lang={view.lang}
          values={[...atlas.values.values()].filter((v): v is number => v !== null)}
          breaks={breaks}
          colours={palette}
          level={t.level[level]}
          unit={indicator?.unit ?? ""}
        />
      )}
      <Ranking
        id={rankingId}
        lang={view.lang}
        indicatorId={view.indicator}
        indicator={indicator}
        areas={atlas.ranking}
        synthetic={atlas.syntheticValues}
        hrefOf={(code) => linkTo(view, atlas.canDrill ? { area: code } : { report: code })}
        onOpen={onOpen}
        actions={
          <>
            <button type="button" onClick={exportCsv}>
              {t.exportCsv}
            </button>
            <button type="button" onClick={exportPng}>
              {t.exportPng}
            </button>
            {view.area && (
              <button type="button" onClick={() => go({ report: view.area })}>
                {t.report.open}
              </button>
            )}
          </>
        }
      />
      {view.area.length > 0 && (
        <GapPanel lang={view.lang} area={view.area} indicator={view.indicator} />
      )}
      <InequalityPanel lang={view.lang} area={view.area} indicator={view.indicator} />
      <p class="versions">
        {t.sources}:{" "}
        {Object.entries(table?.datasetVersions ?? {})
          .map(([d, v]) => `${d}@${v.slice(0, 8)}`)
          .join(", ")}
      </p>
    </>
  );
}
