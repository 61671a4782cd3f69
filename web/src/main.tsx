import { render } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";
// MapLibre's styles first: ours (e.g. the map's absolute position) override them.
import "maplibre-gl/dist/maplibre-gl.css";
import "./style.css";
import { setApiLanguage } from "./api.ts";
import { AtlasPanel } from "./atlas/atlas-panel.tsx";
import { ChoroplethMap } from "./atlas/choropleth-map.tsx";
import { useAtlasData } from "./atlas/use-atlas-data.ts";
import { useAtlasView } from "./atlas/use-atlas-view.ts";
import { fill, formatNumber, MESSAGES, type Lang } from "./i18n.ts";
import { PlanningPanel, type MapPoint } from "./planning.tsx";
import { AreaReport } from "./report.tsx";
import { ResourcesPanel } from "./resources.tsx";
import { SchoolCard } from "./school-card.tsx";
import { panelId, tabId, Tabs } from "./tabs.tsx";
import { registerServiceWorker, useOfflineCopy } from "./offline.ts";
import { useView, type Tab } from "./view.ts";
import { FieldPanel } from "./field/field-panel.tsx";

const TABS: readonly Tab[] = ["atlas", "plan", "resources", "account"];
const NO_POINTS: readonly MapPoint[] = [];
const RANKING_ID = "ranking";

function App() {
  const [view, go] = useView();
  const t = MESSAGES[view.lang];
  // Module state read by every request: set before this render's requests start.
  setApiLanguage(view.lang);
  useEffect(() => {
    document.documentElement.lang = view.lang;
    document.title = t.title;
  }, [view.lang, t.title]);

  const data = useAtlasData(view);
  const offlineSince = useOfflineCopy();
  const { table, level } = data;
  const [planPoints, setPlanPoints] = useState<readonly MapPoint[]>(NO_POINTS);
  const [requestPoints, setRequestPoints] = useState<readonly MapPoint[]>(NO_POINTS);
  const [accountSynthetic, setAccountSynthetic] = useState<string[]>([]);
  const onRequestPoints = useCallback((points: MapPoint[], synthetic: string[]) => {
    setRequestPoints(points);
    setAccountSynthetic(synthetic);
  }, []);
  const [planSynthetic, setPlanSynthetic] = useState<string[]>([]);
  const [reportSynthetic, setReportSynthetic] = useState<string[]>([]);
  const [schoolCode, setSchoolCode] = useState<string | null>(null);
  const [hoverCode, setHoverCode] = useState<string | null>(null);
  const [hoverSchool, setHoverSchool] = useState<string | null>(null);

  const datasetName = useCallback((d: string) => t.datasets[d] ?? d, [t]);
  const atlas = useAtlasView(view, data);
  const { canDrill, indicator } = atlas;
  const open = useCallback(
    (code: string) => go(canDrill ? { area: code } : { report: code }),
    [go, canDrill],
  );
  const syntheticShown = [
    ...new Set([
      ...(table?.synthetic ?? []),
      ...(data.schools?.synthetic ? ["schools"] : []),
      ...(data.types?.synthetic ?? []),
      ...(view.tab === "plan" ? planSynthetic : []),
      ...(view.tab === "account" ? accountSynthetic : []),
      ...(view.report ? reportSynthetic : []),
    ]),
  ];

  const hoverText = hoverSchool
    ? hoverSchool
    : hoverCode
      ? `${data.names[hoverCode] ?? hoverCode}: ${formatNumber(view.lang, atlas.values.get(hoverCode) ?? null)} ${indicator?.unit ?? ""}${atlas.syntheticValues ? ` (${t.syntheticMark})` : ""}`
      : canDrill
        ? t.clickToDrill
        : t.clickForReport;

  const top = (
    <Top
      lang={view.lang}
      onLanguage={() => go({ lang: view.lang === "es" ? "en" : "es" })}
      synthetic={syntheticShown.map(datasetName)}
      offlineSince={offlineSince}
      error={data.error?.message ?? null}
      missingLayer={data.missingLayer && datasetName(data.missingLayer)}
    />
  );
  if (view.report)
    return (
      <div class="layout report-layout">
        {top}
        <AreaReport
          lang={view.lang}
          code={view.report}
          onBack={() => go({ report: "" })}
          onSynthetic={setReportSynthetic}
        />
      </div>
    );
  return (
    <div class="layout">
      {top}
      <aside>
        <Tabs
          label={t.tabsLabel}
          tabs={TABS}
          selected={view.tab}
          names={t.tabs}
          onSelect={(tab) => go({ tab })}
        />
        <div role="tabpanel" id={panelId(view.tab)} aria-labelledby={tabId(view.tab)}>
          {view.tab === "plan" && (
            <PlanningPanel
              lang={view.lang}
              department={view.area.slice(0, 2)}
              kind={view.kind}
              onDepartment={(code) => go({ area: code })}
              onKind={(kind) => go({ kind })}
              onPoints={setPlanPoints}
              onHubResources={(hub) => go({ tab: "resources", hub })}
              onSynthetic={setPlanSynthetic}
            />
          )}
          {view.tab === "resources" && <ResourcesPanel lang={view.lang} hub={view.hub} />}
          {view.tab === "account" && <FieldPanel lang={view.lang} onPoints={onRequestPoints} />}
          {view.tab === "atlas" && (
            <AtlasPanel
              view={view}
              go={go}
              data={data}
              atlas={atlas}
              rankingId={RANKING_ID}
              syntheticShown={syntheticShown.map(datasetName)}
              datasetName={datasetName}
              onOpen={open}
              onSchool={setSchoolCode}
            />
          )}
        </div>
      </aside>
      <main>
        <ChoroplethMap
          label={fill(t.mapLabel, {
            indicator: atlas.title,
            place: atlas.place,
            level: t.level[level],
          })}
          describedBy={RANKING_ID}
          shapes={data.shapes}
          colours={atlas.colours}
          schools={data.schools}
          markers={
            view.tab === "plan" ? planPoints : view.tab === "account" ? requestPoints : NO_POINTS
          }
          onHover={setHoverCode}
          onClick={open}
          onSchoolHover={setHoverSchool}
          onSchoolClick={setSchoolCode}
        />
        {schoolCode && (
          <SchoolCard lang={view.lang} code={schoolCode} onClose={() => setSchoolCode(null)} />
        )}
        <p class="hover">{hoverText}</p>
        {/* Selections are announced; hovering is not (it would speak on every mouse move). */}
        <p class="sr-only" aria-live="polite">
          {fill(t.showing, { indicator: atlas.title, place: atlas.place, level: t.level[level] })}
        </p>
        {!table && !data.error && <p class="loading">{t.loading}</p>}
      </main>
    </div>
  );
}

/** The title bar and the notices above every screen: synthetic data shown, an offline copy,
 * an error, a map layer the workspace lacks. */
function Top({
  lang,
  onLanguage,
  synthetic,
  offlineSince,
  error,
  missingLayer,
}: {
  lang: Lang;
  onLanguage: () => void;
  /** Names of the synthetic datasets on screen. */
  synthetic: readonly string[];
  /** When the offline copy on screen was saved ("" unknown), or null when it is live. */
  offlineSince: string | null;
  error: string | null;
  missingLayer: string | null;
}) {
  const t = MESSAGES[lang];
  return (
    <>
      <header>
        <h1>{t.title}</h1>
        <button type="button" class="lang" lang={lang === "es" ? "en" : "es"} onClick={onLanguage}>
          {t.language}
        </button>
      </header>
      {synthetic.length > 0 && (
        <p class="synthetic" role="alert">
          {fill(t.synthetic, { datasets: synthetic.join("; ") })}
        </p>
      )}
      {offlineSince !== null && (
        <p class="offline" role="status">
          {fill(t.offline.stale, {
            date: offlineSince
              ? new Intl.DateTimeFormat(lang === "es" ? "es-PE" : "en-GB", {
                  dateStyle: "long",
                  timeStyle: "short",
                }).format(new Date(offlineSince))
              : "–",
          })}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {fill(t.error, { message: error })}
        </p>
      )}
      {missingLayer && (
        <p class="missing" role="status">
          {fill(t.missing.boundaries, { layer: missingLayer })}
        </p>
      )}
    </>
  );
}

render(<App />, document.getElementById("app")!);
registerServiceWorker();
