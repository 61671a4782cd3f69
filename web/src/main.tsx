import { render } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import {
  Map as MapLibre,
  setWorkerUrl,
  type GeoJSONSource,
  type MapLayerMouseEvent,
} from "maplibre-gl";
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?url";
import "maplibre-gl/dist/maplibre-gl.css";
import "./style.css";
import {
  api,
  ApiError,
  gap,
  hotspots,
  typology,
  inequality,
  type Boundaries,
  type GapReport,
  type Hotspots,
  type SchoolPoints,
  type Typology,
  type InequalityReport,
  type Indicator,
  type IndicatorTable,
  type PlanKind,
} from "./api.ts";
import { Distribution, Trend } from "./charts.tsx";
import { mapSheet } from "./map-sheet.ts";
import { PlanningPanel, type MapPoint } from "./planning.tsx";
import { AreaReport } from "./report.tsx";
import { ResourcesPanel } from "./resources.tsx";
import { SchoolCard, SchoolFinder } from "./school-card.tsx";
import { classOf, jenksBreaks, NO_DATA, paletteFor, quantileBreaks } from "./classify.ts";
import { digitsFor, fill, formatNumber, MESSAGES, type Lang } from "./i18n.ts";

setWorkerUrl(workerUrl);

type Level = "department" | "province" | "district";

/** The view lives in the URL so it can be shared: ?lang=es&i=pobreza&a=1601 */
type Tab = "atlas" | "plan" | "resources";

interface View {
  lang: Lang;
  tab: Tab;
  /** Map of values, or LISA hot spots (districts). */
  mode: "values" | "lisa" | "typology";
  /** School points on the map (inside a department, province or district). */
  schools: boolean;
  indicator: string;
  /** "" (Peru), a department (2 digits) or a province (4 digits): the area being looked inside. */
  area: string;
  /** Class breaks of the legend. */
  classes: "quantiles" | "jenks";
  /** Filters of school-based indicators: urban/rural and public/private. */
  zone: "" | "urbana" | "rural";
  management: "" | "publica" | "privada";
  /** What the planning tab plans. */
  kind: PlanKind;
  /** The area whose printable report is open (2, 4 or 6 digits), or "". */
  report: string;
  /** Resources linked to this hub (a centro poblado code), or "". */
  hub: string;
  /** Year of an indicator measured in several years (UMC results), or null for the latest. */
  year: number | null;
}

function readView(): View {
  const q = new URLSearchParams(location.search);
  const area = q.get("a") ?? "";
  return {
    lang: q.get("lang") === "en" ? "en" : "es",
    // "hubs" is the planning tab's older name, kept so that shared links still open.
    tab: ["plan", "hubs"].includes(q.get("t") ?? "")
      ? "plan"
      : q.get("t") === "resources"
        ? "resources"
        : "atlas",
    mode: q.get("m") === "lisa" ? "lisa" : q.get("m") === "typology" ? "typology" : "values",
    schools: q.get("s") === "1",
    indicator: q.get("i") ?? "pobreza",
    area: /^(\d{2}|\d{4})$/.test(area) ? area : "",
    classes: q.get("c") === "jenks" ? "jenks" : "quantiles",
    zone: q.get("u") === "urbana" ? "urbana" : q.get("u") === "rural" ? "rural" : "",
    management: q.get("g") === "publica" ? "publica" : q.get("g") === "privada" ? "privada" : "",
    kind: q.get("k") === "infra" ? "infra" : q.get("k") === "devices" ? "devices" : "hubs",
    report: /^(\d{2}|\d{4}|\d{6})$/.test(q.get("r") ?? "") ? q.get("r")! : "",
    hub: /^\d{10}$/.test(q.get("h") ?? "") ? q.get("h")! : "",
    year: /^(19|20)\d{2}$/.test(q.get("y") ?? "") ? Number(q.get("y")) : null,
  };
}

function writeView(view: View): void {
  const q = new URLSearchParams();
  if (view.lang !== "es") q.set("lang", view.lang);
  if (view.tab !== "atlas") q.set("t", view.tab);
  if (view.mode !== "values") q.set("m", view.mode);
  if (view.schools) q.set("s", "1");
  q.set("i", view.indicator);
  if (view.area) q.set("a", view.area);
  if (view.classes !== "quantiles") q.set("c", view.classes);
  if (view.zone) q.set("u", view.zone);
  if (view.management) q.set("g", view.management);
  if (view.tab === "plan" && view.kind !== "hubs") q.set("k", view.kind);
  if (view.report) q.set("r", view.report);
  if (view.tab === "resources" && view.hub) q.set("h", view.hub);
  if (view.year !== null) q.set("y", String(view.year));
  history.pushState(null, "", `?${q.toString()}`);
}

const levelInside = (area: string): Level =>
  area.length === 0 ? "department" : area.length === 2 ? "province" : "district";

/** The fewest decimals (1-4) that print every class break differently. */
function digitsToTellApart(breaks: readonly number[]): number {
  for (let d = 1; d < 4; d++) {
    const printed = breaks.map((b) => b.toFixed(d));
    if (new Set(printed).size === printed.length) return d;
  }
  return 4;
}

function csvCell(value: string | number | null): string {
  const text = value === null ? "" : String(value);
  return /[",\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function App() {
  const [view, setView] = useState<View>(readView);
  const [catalogue, setCatalogue] = useState<Indicator[]>([]);
  const [table, setTable] = useState<IndicatorTable | null>(null);
  const [shapes, setShapes] = useState<Boundaries | null>(null);
  const [names, setNames] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  /** A map layer the workspace lacks (e.g. department_boundaries): said in words, not as an error. */
  const [missingLayer, setMissingLayer] = useState<string | null>(null);
  const [hover, setHover] = useState<{
    name: string;
    value: number | null;
    text?: string;
    mark?: string;
  } | null>(null);
  const [planPoints, setPlanPoints] = useState<MapPoint[]>([]);
  const [planSynthetic, setPlanSynthetic] = useState<string[]>([]);
  const [reportSynthetic, setReportSynthetic] = useState<string[]>([]);
  const [schoolCode, setSchoolCode] = useState<string | null>(null);
  const [schools, setSchools] = useState<SchoolPoints | null>(null);
  useEffect(() => {
    setSchools(null);
    if (view.schools && view.area)
      api.schools(view.area).then(setSchools, (e: Error) => setError(e.message));
  }, [view.schools, view.area]);
  const t = MESSAGES[view.lang];
  const level: Level = view.mode === "values" ? levelInside(view.area) : "district";
  const [types, setTypes] = useState<Typology | null>(null);
  useEffect(() => {
    if (view.mode === "typology" && !types)
      typology().then(setTypes, (e: Error) => setError(e.message));
  }, [view.mode]);
  const typeOf = useMemo(
    () => new Map((types?.districts ?? []).map((d) => [d.ubigeo, d.cluster])),
    [types],
  );
  const [lisa, setLisa] = useState<Hotspots | null>(null);
  useEffect(() => {
    setLisa(null);
    if (view.mode === "lisa")
      hotspots(view.indicator).then(setLisa, (e: Error) => setError(e.message));
  }, [view.mode, view.indicator]);
  const lisaOf = useMemo(
    () => new Map((lisa?.districts ?? []).map((d) => [d.ubigeo, d.lisa])),
    [lisa],
  );

  const go = (next: Partial<View>) => {
    const merged = { ...view, ...next };
    writeView(merged);
    setView(merged);
  };
  useEffect(() => {
    const onPop = () => setView(readView());
    addEventListener("popstate", onPop);
    return () => removeEventListener("popstate", onPop);
  }, []);
  useEffect(() => {
    document.documentElement.lang = view.lang;
    document.title = t.title;
  }, [view.lang]);
  useEffect(() => {
    api.catalogue().then(setCatalogue, (e: Error) => setError(e.message));
  }, []);
  useEffect(() => {
    setError(null);
    setMissingLayer(null);
    Promise.all([
      api.indicators(level, view.indicator, {
        area: view.zone,
        gestion: view.management,
        year: view.year,
      }),
      api.boundaries(level, view.area || undefined),
    ])
      .then(([values, boundaries]) => {
        const inside = values.areas.filter((a) => a.code.startsWith(view.area));
        setTable({ ...values, areas: inside });
        setShapes(boundaries);
        setNames((known) => ({
          ...known,
          ...Object.fromEntries(inside.map((a) => [a.code, a.name ?? a.code])),
        }));
      })
      .catch((e: Error) => {
        const missing = e instanceof ApiError ? e.details.missing : undefined;
        if (typeof missing === "string") setMissingLayer(missing);
        else setError(e.message);
      });
  }, [level, view.area, view.indicator, view.zone, view.management, view.year]);

  const indicator = catalogue.find((i) => i.id === view.indicator) ?? table?.indicators[0];
  const yearInfo = table?.years?.[view.indicator];
  const shownYear = yearInfo?.year ?? null;
  const syntheticValues = (table?.syntheticIndicators ?? []).includes(view.indicator);
  const lacking =
    indicator?.available === false
      ? (indicator.missing ?? [])
      : (table?.unavailable.find((u) => u.id === view.indicator)?.missing ?? []);
  const nameOf = (dataset: string) => t.datasets[dataset] ?? dataset;
  /** "*" after a synthetic value, "◆" after UMC's official figure. */
  const markOf = (a: { basis?: Record<string, string> }) =>
    `${syntheticValues ? " *" : ""}${a.basis?.[view.indicator] ? " ◆" : ""}`;
  const values = useMemo(
    () => new Map((table?.areas ?? []).map((a) => [a.code, a.values[view.indicator] ?? null])),
    [table, view.indicator],
  );
  const breaks = useMemo(() => {
    const known = [...values.values()].filter((v): v is number => v !== null);
    return view.classes === "jenks" ? jenksBreaks(known) : quantileBreaks(known);
  }, [values, view.classes]);
  const breakDigits = digitsToTellApart(breaks);
  const schoolBased = (indicator?.datasets ?? []).some(
    (d) => d === "schools" || d === "school_premises",
  );
  const colours = paletteFor(indicator?.direction ?? "higher-worse", breaks.length + 1);
  const ranking = [...(table?.areas ?? [])].sort((a, b) => {
    const va = a.values[view.indicator] ?? -Infinity;
    const vb = b.values[view.indicator] ?? -Infinity;
    return indicator?.direction === "higher-better" ? va - vb : vb - va;
  });
  const canDrill = level !== "district";
  const crumbs = [
    { code: "", name: t.peru },
    ...(view.area.length >= 2
      ? [
          {
            code: view.area.slice(0, 2),
            name: names[view.area.slice(0, 2)] ?? view.area.slice(0, 2),
          },
        ]
      : []),
    ...(view.area.length === 4 ? [{ code: view.area, name: names[view.area] ?? view.area }] : []),
  ];

  const exportCsv = () => {
    const header = [
      "ubigeo",
      t.area,
      `${indicator?.name[view.lang] ?? view.indicator}${shownYear ? ` ${shownYear}` : ""} (${indicator?.unit ?? ""})`,
      t.csv.synthetic,
      t.csv.basis,
    ];
    // Every value says whether it is synthetic and whether it is UMC's own figure.
    const lines = ranking.map((a) =>
      [
        a.code,
        a.name,
        a.values[view.indicator] ?? null,
        syntheticValues ? t.csv.yes : t.csv.no,
        a.basis?.[view.indicator] ? t.csv.official : t.csv.aggregate,
      ]
        .map(csvCell)
        .join(","),
    );
    const blob = new Blob([`${[header.map(csvCell).join(","), ...lines].join("\n")}\n`], {
      type: "text/csv;charset=utf-8",
    });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = `brecha-${view.indicator}-${view.area || "peru"}-${level}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  };

  const syntheticShown = [
    ...new Set([
      ...(table?.synthetic ?? []),
      ...(view.schools && schools?.synthetic ? ["schools"] : []),
      ...(view.mode === "typology" ? (types?.synthetic ?? []) : []),
      ...(view.tab === "plan" ? planSynthetic : []),
      ...(view.report ? reportSynthetic : []),
    ]),
  ];
  // Names for the breadcrumbs when the page opens deep in the hierarchy.
  useEffect(() => {
    const missing = [view.area.slice(0, 2), view.area.length === 4 ? view.area : ""].filter(
      (code) => code && !names[code],
    );
    for (const code of missing) {
      api
        .areas(
          code.length === 2 ? "department" : "province",
          code.length === 4 ? code.slice(0, 2) : undefined,
        )
        .then((areas) =>
          setNames((known) => ({
            ...known,
            ...Object.fromEntries(areas.map((a) => [a.code, a.name ?? a.code])),
          })),
        )
        .catch(() => undefined);
    }
  }, [view.area, names]);

  const exportPng = () => {
    const canvas = document.querySelector<HTMLCanvasElement>(".map canvas");
    if (!canvas) return;
    const legend =
      view.mode === "values"
        ? colours.map((colour, k) => ({
            colour,
            label: `${k === 0 ? "< " : "≥ "}${formatNumber(view.lang, k === 0 ? (breaks[0] ?? null) : (breaks[k - 1] ?? null), breakDigits)}`,
          }))
        : [];
    const place = crumbs.map((c) => c.name).join(" › ");
    const sheet = mapSheet(canvas, {
      title: `${indicator?.name[view.lang] ?? view.indicator}${shownYear ? ` (${shownYear})` : ""} — ${place}`,
      unit: indicator?.unit ?? "",
      legend: [...legend, { colour: NO_DATA, label: t.noData }],
      source: fill(t.png.source, {
        sources: Object.keys(table?.datasetVersions ?? {})
          .map(nameOf)
          .join("; "),
        date: new Intl.DateTimeFormat(view.lang === "es" ? "es-PE" : "en-GB", {
          dateStyle: "long",
        }).format(new Date()),
      }),
      synthetic:
        syntheticShown.length > 0
          ? fill(t.png.synthetic, { datasets: syntheticShown.map(nameOf).join("; ") })
          : null,
    });
    const link = document.createElement("a");
    link.href = sheet.toDataURL("image/png");
    link.download = `brecha-${view.indicator}-${view.area || "peru"}-${view.mode}.png`;
    link.click();
  };

  const top = (
    <>
      <header>
        <h1>{t.title}</h1>
        <button
          type="button"
          class="lang"
          onClick={() => go({ lang: view.lang === "es" ? "en" : "es" })}
        >
          {t.language}
        </button>
      </header>
      {syntheticShown.length > 0 && (
        <p class="synthetic" role="alert">
          {fill(t.synthetic, { datasets: syntheticShown.map(nameOf).join("; ") })}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {fill(t.error, { message: error })}
        </p>
      )}
      {missingLayer && (
        <p class="missing" role="status">
          {fill(t.missing.boundaries, { layer: nameOf(missingLayer) })}
        </p>
      )}
    </>
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
        <div class="tabs" role="tablist">
          {(["atlas", "plan", "resources"] as const).map((tab) => (
            <button
              type="button"
              role="tab"
              aria-selected={view.tab === tab}
              class="tab"
              key={tab}
              onClick={() => go({ tab })}
            >
              {t.tabs[tab]}
            </button>
          ))}
        </div>
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
        {view.tab === "atlas" && (
          <>
            <label>
              {t.indicator}
              <select
                value={view.indicator}
                onChange={(e) =>
                  go({ indicator: (e.target as HTMLSelectElement).value, year: null })
                }
              >
                {catalogue.map((i) => (
                  <option value={i.id} key={i.id} disabled={i.available === false}>
                    {i.name[view.lang]} ({i.unit}){i.synthetic ? " *" : ""}
                    {i.available === false ? ` — ${t.missing.unavailable}` : ""}
                  </option>
                ))}
              </select>
            </label>
            {yearInfo && yearInfo.available.length > 1 && (
              <label>
                {t.year}
                <select
                  value={String(shownYear ?? "")}
                  onChange={(e) => go({ year: Number((e.target as HTMLSelectElement).value) })}
                >
                  {yearInfo.available.map((y) => (
                    <option value={String(y)} key={y}>
                      {y}
                    </option>
                  ))}
                </select>
              </label>
            )}
            {lacking.length > 0 && (
              <div class="missing" role="status">
                <strong>{t.missing.title}</strong>
                <p>{fill(t.missing.needs, { datasets: lacking.map(nameOf).join("; ") })}</p>
                <p>{fill(t.missing.how, { command: "brecha up --mirror <carpeta>" })}</p>
              </div>
            )}
            {indicator && (
              <p class="note">
                {indicator.note[view.lang]} —{" "}
                {indicator.direction === "higher-better" ? t.higherBetter : t.higherWorse}
              </p>
            )}
            <fieldset class="filters" disabled={!schoolBased}>
              <legend>{t.filters.title}</legend>
              <label>
                {t.filters.zone}
                <select
                  value={view.zone}
                  onChange={(e) =>
                    go({ zone: (e.target as HTMLSelectElement).value as View["zone"] })
                  }
                >
                  <option value="">{t.filters.all}</option>
                  <option value="urbana">{t.filters.urban}</option>
                  <option value="rural">{t.filters.rural}</option>
                </select>
              </label>
              <label>
                {t.filters.management}
                <select
                  value={view.management}
                  onChange={(e) =>
                    go({ management: (e.target as HTMLSelectElement).value as View["management"] })
                  }
                >
                  <option value="">{t.filters.all}</option>
                  <option value="publica">{t.filters.public}</option>
                  <option value="privada">{t.filters.private}</option>
                </select>
              </label>
              <p class="note">{schoolBased ? t.filters.applies : t.filters.notApplicable}</p>
            </fieldset>
            <div class="modes" role="radiogroup" aria-label={t.mapMode}>
              {(["values", "lisa", "typology"] as const).map((mode) => (
                <label key={mode} class="check">
                  <input
                    type="radio"
                    name="mode"
                    checked={view.mode === mode}
                    onChange={() => go({ mode })}
                  />
                  {t.modes[mode]}
                </label>
              ))}
            </div>
            <label class="check schools-toggle">
              <input
                type="checkbox"
                checked={view.schools}
                disabled={!view.area}
                onChange={(e) => go({ schools: (e.target as HTMLInputElement).checked })}
              />
              {view.area ? t.schools.show : t.schools.chooseArea}
              {schools && ` (${formatNumber(view.lang, schools.features.length, 0)})`}
            </label>
            {view.schools && schools && (
              <SchoolFinder lang={view.lang} schools={schools} onPick={setSchoolCode} />
            )}
            <nav class="crumbs" aria-label="breadcrumbs">
              {crumbs.map((c, k) => (
                <span key={c.code}>
                  {k > 0 && " › "}
                  {k < crumbs.length - 1 ? (
                    <a
                      href={`?i=${view.indicator}${c.code ? `&a=${c.code}` : ""}${view.lang === "en" ? "&lang=en" : ""}`}
                      onClick={(e) => {
                        e.preventDefault();
                        go({ area: c.code });
                      }}
                    >
                      {c.name}
                    </a>
                  ) : (
                    <strong>{c.name}</strong>
                  )}
                </span>
              ))}
              <span class="level"> · {t.level[level]}</span>
            </nav>
            {view.mode === "typology" ? (
              <div class="legend" aria-label={fill(t.typology.title, { k: types?.k ?? "…" })}>
                <strong>{fill(t.typology.title, { k: types?.k ?? "…" })}</strong>
                {(types?.clusters ?? []).map((c) => (
                  <div key={c.cluster} class="type">
                    <span
                      class="swatch"
                      style={{ background: TYPE_COLOURS[c.cluster % TYPE_COLOURS.length] }}
                    />
                    {c.description[view.lang]} ({formatNumber(view.lang, c.size, 0)})
                  </div>
                ))}
                {types && (
                  <p class="note">
                    {fill(t.typology.note, {
                      share: formatNumber(view.lang, types.explained * 100, 0),
                    })}
                  </p>
                )}
              </div>
            ) : view.mode === "lisa" ? (
              <div class="legend" aria-label={t.lisa.title}>
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
                      i: formatNumber(view.lang, lisa.moran.I, 3),
                      p: formatNumber(view.lang, lisa.moran.pPermutation, 3),
                    })}
                  </p>
                )}
              </div>
            ) : (
              <div class="legend" aria-label={t.legend}>
                <strong>{t.legend}</strong>
                <label class="check inline">
                  {t.classes.label}
                  <select
                    value={view.classes}
                    onChange={(e) =>
                      go({
                        classes: (e.target as HTMLSelectElement).value as View["classes"],
                      })
                    }
                  >
                    <option value="quantiles">{t.classes.quantiles}</option>
                    <option value="jenks">{t.classes.jenks}</option>
                  </select>
                </label>
                {colours.map((colour, k) => (
                  <div key={colour}>
                    <span class="swatch" style={{ background: colour }} />
                    {k === 0 ? "< " : "≥ "}
                    {formatNumber(
                      view.lang,
                      k === 0 ? (breaks[0] ?? null) : (breaks[k - 1] ?? null),
                      breakDigits,
                    )}
                  </div>
                ))}
                <div>
                  <span class="swatch" style={{ background: NO_DATA }} /> {t.noData}
                </div>
              </div>
            )}
            {view.mode === "values" && (
              <Distribution
                lang={view.lang}
                values={[...values.values()].filter((v): v is number => v !== null)}
                breaks={breaks}
                colours={colours}
                level={t.level[level]}
                unit={indicator?.unit ?? ""}
              />
            )}
            <div class="ranking">
              <div class="ranking-head">
                <strong>{t.ranking}</strong>
                <span class="actions">
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
                </span>
              </div>
              <table>
                <thead>
                  <tr>
                    <th>#</th>
                    <th>{t.area}</th>
                    <th class="n">{indicator?.unit ?? t.value}</th>
                  </tr>
                </thead>
                <tbody>
                  {ranking.map((a, k) => (
                    <tr key={a.code}>
                      <td>{k + 1}</td>
                      <td>
                        {canDrill ? (
                          <a
                            href={`?i=${view.indicator}&a=${a.code}`}
                            data-code={a.code}
                            onClick={(e) => {
                              e.preventDefault();
                              go({ area: a.code });
                            }}
                          >
                            {a.name ?? a.code}
                          </a>
                        ) : (
                          (a.name ?? a.code)
                        )}
                      </td>
                      <td class="n">
                        {formatNumber(
                          view.lang,
                          a.values[view.indicator] ?? null,
                          digitsFor(indicator?.unit),
                        )}
                        {a.values[view.indicator] !== null && markOf(a)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {syntheticValues && <p class="note marks">{t.marks.synthetic}</p>}
              {ranking.some((a) => a.basis?.[view.indicator]) && (
                <p class="note marks">{t.marks.official}</p>
              )}
              {ranking.some((a) => a.basis?.[view.indicator] === "official-combined") && (
                <p class="note">{t.officialLima}</p>
              )}
            </div>
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
        )}
      </aside>
      <main>
        <ChoroplethMap
          shapes={shapes}
          schools={view.schools ? schools : null}
          onSchool={(text) => setHover(text ? { name: text, value: null, text } : null)}
          points={view.tab === "plan" ? planPoints : NO_POINTS}
          onSchoolClick={setSchoolCode}
          colourOf={(code) => {
            const v = values.get(code);
            if (view.mode === "typology") {
              const c = typeOf.get(code);
              return c === null || c === undefined
                ? NO_DATA
                : TYPE_COLOURS[c % TYPE_COLOURS.length]!;
            }
            if (view.mode === "lisa")
              return LISA_COLOURS[lisaOf.get(code) ?? "not-significant"] ?? NO_DATA;
            return v === null || v === undefined ? NO_DATA : colours[classOf(v, breaks)]!;
          }}
          onHover={(code) =>
            setHover(
              code
                ? {
                    name: names[code] ?? code,
                    value: values.get(code) ?? null,
                    mark: syntheticValues ? ` (${t.syntheticMark})` : "",
                  }
                : null,
            )
          }
          onClick={(code) => (canDrill ? go({ area: code }) : go({ report: code }))}
        />
        {schoolCode && (
          <SchoolCard lang={view.lang} code={schoolCode} onClose={() => setSchoolCode(null)} />
        )}
        <p class="hover" aria-live="polite">
          {hover
            ? (hover.text ??
              `${hover.name}: ${formatNumber(view.lang, hover.value)} ${indicator?.unit ?? ""}${hover.mark ?? ""}`)
            : canDrill
              ? t.clickToDrill
              : t.clickForReport}
        </p>
        {!table && !error && <p class="loading">{t.loading}</p>}
      </main>
    </div>
  );
}

/** MapLibre with no tile server: a plain background and the boundaries as a GeoJSON layer. */
/** Okabe-Ito qualitative colours, distinguishable with the common colour-vision deficiencies. */
const TYPE_COLOURS = [
  "#E69F00",
  "#56B4E9",
  "#009E73",
  "#F0E442",
  "#0072B2",
  "#D55E00",
  "#CC79A7",
  "#000000",
];

const LISA_CLASSES = [
  "high-high",
  "low-low",
  "high-low",
  "low-high",
  "not-significant",
  "island",
] as const;
/** Orange for high clusters, purple for low ones (ColorBrewer PuOr, readable with colour-blindness). */
const LISA_COLOURS: Record<string, string> = {
  "high-high": "#b35806",
  "low-low": "#542788",
  "high-low": "#f1a340",
  "low-high": "#998ec3",
  "not-significant": "#e8e8e8",
  island: "#ffffff",
};

const NO_POINTS: ReadonlyArray<{ lon: number; lat: number; name: string }> = [];

function ChoroplethMap({
  shapes,
  schools,
  onSchool,
  onSchoolClick,
  points,
  colourOf,
  onHover,
  onClick,
}: {
  shapes: Boundaries | null;
  schools: SchoolPoints | null;
  onSchool: (name: string | null) => void;
  onSchoolClick: (code: string) => void;
  points: ReadonlyArray<{ lon: number; lat: number; name: string }>;
  colourOf: (code: string) => string;
  onHover: (code: string | null) => void;
  onClick: (code: string) => void;
}) {
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<MapLibre | null>(null);
  const loaded = useRef(false);
  const handlers = useRef({ onHover, onClick, onSchool, onSchoolClick });
  handlers.current = { onHover, onClick, onSchool, onSchoolClick };
  useEffect(() => {
    const m = new MapLibre({
      container: container.current!,
      style: {
        version: 8,
        sources: {
          areas: { type: "geojson", data: { type: "FeatureCollection", features: [] } },
          points: { type: "geojson", data: { type: "FeatureCollection", features: [] } },
          // Schools cluster when zoomed out; no text labels, since there is no glyph server.
          schools: {
            type: "geojson",
            data: { type: "FeatureCollection", features: [] },
            cluster: true,
            clusterRadius: 40,
            clusterMaxZoom: 12,
          },
        },
        layers: [
          { id: "background", type: "background", paint: { "background-color": "#f4f6f8" } },
          {
            id: "fill",
            type: "fill",
            source: "areas",
            paint: { "fill-color": ["get", "colour"], "fill-opacity": 0.9 },
          },
          {
            id: "line",
            type: "line",
            source: "areas",
            paint: { "line-color": "#ffffff", "line-width": 0.6 },
          },
          {
            id: "school-clusters",
            type: "circle",
            source: "schools",
            filter: ["has", "point_count"],
            paint: {
              "circle-color": "#2c7fb8",
              "circle-opacity": 0.75,
              "circle-stroke-color": "#ffffff",
              "circle-stroke-width": 1,
              "circle-radius": ["step", ["get", "point_count"], 8, 20, 12, 100, 17, 500, 23],
            },
          },
          {
            id: "school-points",
            type: "circle",
            source: "schools",
            filter: ["!", ["has", "point_count"]],
            paint: {
              "circle-color": "#2c7fb8",
              "circle-radius": 4,
              "circle-stroke-color": "#ffffff",
              "circle-stroke-width": 1,
            },
          },
          {
            id: "points",
            type: "circle",
            source: "points",
            paint: {
              "circle-radius": 7,
              "circle-color": "#e66100",
              "circle-stroke-color": "#ffffff",
              "circle-stroke-width": 2,
            },
          },
        ],
      },
      center: [-75, -9.5],
      zoom: 4,
      attributionControl: { compact: true, customAttribution: "INEI" },
      canvasContextAttributes: { preserveDrawingBuffer: true },
    });
    m.on("mousemove", "fill", (e: MapLayerMouseEvent) => {
      m.getCanvas().style.cursor = "pointer";
      handlers.current.onHover(String(e.features?.[0]?.properties?.code ?? ""));
    });
    m.on("mouseleave", "fill", () => {
      m.getCanvas().style.cursor = "";
      handlers.current.onHover(null);
    });
    m.on("click", "fill", (e: MapLayerMouseEvent) => {
      // A click on a school (or a cluster) is about the school, not the area under it.
      if (m.queryRenderedFeatures(e.point, { layers: ["school-points", "school-clusters"] }).length)
        return;
      const code = e.features?.[0]?.properties?.code;
      if (code) handlers.current.onClick(String(code));
    });
    m.once("load", () => (loaded.current = true));
    m.on("mousemove", "school-points", (e: MapLayerMouseEvent) => {
      const p = e.features?.[0]?.properties;
      handlers.current.onSchool(
        p ? `${String(p.name)} · ${String(p.level)} · ${String(p.students)}` : null,
      );
    });
    m.on("click", "school-points", (e: MapLayerMouseEvent) => {
      const code = e.features?.[0]?.properties?.code;
      if (code) handlers.current.onSchoolClick(String(code));
    });
    m.on("mouseenter", "school-points", () => (m.getCanvas().style.cursor = "pointer"));
    m.on("click", "school-clusters", (e: MapLayerMouseEvent) => {
      m.easeTo({ center: e.lngLat, zoom: m.getZoom() + 2 });
    });
    map.current = m;
    return () => m.remove();
  }, []);
  useEffect(() => {
    const m = map.current;
    if (!m || !shapes) return;
    const apply = () => {
      const data = {
        ...shapes,
        features: shapes.features.map((f) => ({
          ...f,
          properties: { ...f.properties, colour: colourOf(f.properties.code) },
        })),
      };
      (m.getSource("areas") as GeoJSONSource).setData(
        data as Parameters<GeoJSONSource["setData"]>[0],
      );
      let [w, s, e, n] = [180, 90, -180, -90];
      const visit = (c: unknown): void => {
        if (Array.isArray(c) && typeof c[0] === "number") {
          const [x, y] = c as [number, number];
          w = Math.min(w, x);
          e = Math.max(e, x);
          s = Math.min(s, y);
          n = Math.max(n, y);
        } else if (Array.isArray(c)) c.forEach(visit);
      };
      for (const f of shapes.features) visit((f.geometry as { coordinates: unknown }).coordinates);
      if (w < e)
        m.fitBounds(
          [
            [w, s],
            [e, n],
          ],
          { padding: 24, duration: 0 },
        );
      // Marks the first complete view (areas drawn) for tests and the benchmark.
      // readyMs: milliseconds from the start of navigation, as the browser measures them.
      m.once("idle", () => {
        document.body.dataset.readyMs ??= String(Math.round(performance.now()));
        document.body.dataset.ready = "1";
      });
    };
    // isStyleLoaded() turns false while a source updates and "load" fires only once: keep our own flag.
    if (loaded.current) apply();
    else m.once("load", apply);
  }, [shapes, colourOf]);
  useEffect(() => {
    const m = map.current;
    if (!m) return;
    const apply = () =>
      (m.getSource("points") as GeoJSONSource).setData({
        type: "FeatureCollection",
        features: points.map((p) => ({
          type: "Feature",
          properties: { name: p.name },
          geometry: { type: "Point", coordinates: [p.lon, p.lat] },
        })),
      } as Parameters<GeoJSONSource["setData"]>[0]);
    // isStyleLoaded() turns false while a source updates and "load" fires only once: keep our own flag.
    if (loaded.current) apply();
    else m.once("load", apply);
  }, [points]);
  useEffect(() => {
    const m = map.current;
    if (!m) return;
    const apply = () =>
      (m.getSource("schools") as GeoJSONSource).setData(
        (schools ?? { type: "FeatureCollection", features: [] }) as Parameters<
          GeoJSONSource["setData"]
        >[0],
      );
    if (loaded.current) apply();
    else m.once("load", apply);
  }, [schools]);
  return <div ref={container} class="map" role="img" aria-label="map" />;
}

/** Gini, Theil T split between and within departments (or provinces), Atkinson and P90/P10. */
function InequalityPanel({
  lang,
  area,
  indicator,
}: {
  lang: Lang;
  area: string;
  indicator: string;
}) {
  const t = MESSAGES[lang].inequality;
  const [report, setReport] = useState<InequalityReport | null>(null);
  useEffect(() => {
    setReport(null);
    if (area.length === 4) return; // one province: too few districts to split
    inequality(indicator, area).then(setReport, () => setReport(null));
  }, [indicator, area]);
  if (!report) return null;
  const groups = t.groups[area.length === 2 ? "province" : "department"];
  const share = report.theilT.betweenShare;
  return (
    <section class="inequality" aria-label={t.title}>
      <h2>{t.title}</h2>
      <dl>
        <dt>{t.gini}</dt>
        <dd>{formatNumber(lang, report.gini, 3)}</dd>
        <dt>{t.theil}</dt>
        <dd>{formatNumber(lang, report.theilT.total, 3)}</dd>
        <dt>{t.atkinson}</dt>
        <dd>{formatNumber(lang, report.atkinson["1"] ?? null, 3)}</dd>
        <dt>{t.ratio}</dt>
        <dd>{formatNumber(lang, report.p90p10, 1)}</dd>
      </dl>
      <svg
        viewBox="0 0 100 8"
        class="split"
        role="img"
        aria-label={`${fill(t.between, { groups })} ${formatNumber(lang, share * 100)}%`}
      >
        <rect x="0" y="0" width={100 * share} height="8" fill="#00204d" />
        <rect x={100 * share} y="0" width={100 * (1 - share)} height="8" fill="#bcaf6f" />
      </svg>
      <p class="note">
        <span class="swatch" style={{ background: "#00204d" }} />
        {fill(t.between, { groups })} {formatNumber(lang, share * 100)}% ·{" "}
        <span class="swatch" style={{ background: "#bcaf6f" }} />
        {fill(t.within, { groups })} {formatNumber(lang, (1 - share) * 100)}%
      </p>
      <p class="note">{fill(t.units, { units: report.units, excluded: report.excluded })}</p>
    </section>
  );
}

/** Where the selected area stands on the indicator against its department and Peru. */
function GapPanel({ lang, area, indicator }: { lang: Lang; area: string; indicator: string }) {
  const t = MESSAGES[lang].gap;
  const [report, setReport] = useState<GapReport | null>(null);
  useEffect(() => {
    gap(area).then(setReport, () => setReport(null));
  }, [area]);
  const line = report?.lines.find((l) => l.indicator === indicator);
  if (!report || !line) return null;
  const rows: Array<[string, number | null]> = [
    [report.name ?? report.code, line.value],
    ...(area.length > 2
      ? ([[t.department, line.department]] as Array<[string, number | null]>)
      : []),
    [t.nation, line.nation],
  ];
  const max = Math.max(...rows.map(([, v]) => v ?? 0), 1e-9);
  return (
    <section class="gap" aria-label={fill(t.title, { name: report.name ?? report.code })}>
      <h2>{fill(t.title, { name: report.name ?? report.code })}</h2>
      {rows.map(([label, value]) => (
        <div class="bar-row" key={label}>
          <span class="bar-label">{label}</span>
          <svg viewBox="0 0 100 6" class="bar" aria-hidden="true">
            <rect x="0" y="0" width={(100 * (value ?? 0)) / max} height="6" fill="#414d6b" />
          </svg>
          <span class="n">{formatNumber(lang, value)}</span>
        </div>
      ))}
      {(line.synthetic || line.official || line.year) && (
        <p class="note">
          {[
            line.year ? `${MESSAGES[lang].year} ${line.year}` : "",
            line.official ? `◆ ${MESSAGES[lang].officialMark}` : "",
            line.synthetic ? `* ${MESSAGES[lang].syntheticMark}` : "",
          ]
            .filter(Boolean)
            .join(" · ")}
        </p>
      )}
      {line.rankNational !== null && (
        <p class="note">{fill(t.rank, { rank: line.rankNational, peers: line.peers })}</p>
      )}
      {line.trend && (
        <Trend
          lang={lang}
          name={`${line.name[lang]} — ${report.name ?? report.code}`}
          unit={line.unit}
          series={line.trend}
        />
      )}
    </section>
  );
}

render(<App />, document.getElementById("app")!);
