import type { Indicator, IndicatorTable } from "../api.ts";
import { fill, MESSAGES } from "../i18n.ts";
import { linkTo, type View } from "../view.ts";

/** The indicator, its year, what it lacks, the school filters and the kind of map. */
export function AtlasControls({
  view,
  go,
  catalogue,
  indicator,
  table,
  datasetName,
}: {
  view: View;
  go: (change: Partial<View>) => void;
  catalogue: readonly Indicator[];
  indicator: Indicator | undefined;
  table: IndicatorTable | null;
  datasetName: (dataset: string) => string;
}) {
  const t = MESSAGES[view.lang];
  const yearInfo = table?.years?.[view.indicator];
  const lacking =
    indicator?.available === false
      ? (indicator.missing ?? [])
      : (table?.unavailable.find((u) => u.id === view.indicator)?.missing ?? []);
  const schoolBased = (indicator?.datasets ?? []).some(
    (d) => d === "schools" || d === "school_premises",
  );
  return (
    <>
      <label>
        {t.indicator}
        <select
          value={view.indicator}
          onChange={(e) => go({ indicator: (e.target as HTMLSelectElement).value, year: null })}
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
            value={String(yearInfo.year ?? "")}
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
          <p>{fill(t.missing.needs, { datasets: lacking.map(datasetName).join("; ") })}</p>
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
            onChange={(e) => go({ zone: (e.target as HTMLSelectElement).value as View["zone"] })}
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
      <fieldset class="modes">
        <legend>{t.mapMode}</legend>
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
      </fieldset>
    </>
  );
}

/** Peru › department › province, each a link back up, and the level shown. */
export function Crumbs({
  view,
  go,
  names,
  levelName,
}: {
  view: View;
  go: (change: Partial<View>) => void;
  names: Record<string, string>;
  levelName: string;
}) {
  const t = MESSAGES[view.lang];
  const crumbs = crumbsOf(view.area, names, t.peru);
  return (
    <nav class="crumbs" aria-label={t.crumbs}>
      {crumbs.map((c, k) => (
        <span key={c.code}>
          {k > 0 && " › "}
          {k < crumbs.length - 1 ? (
            <a
              href={linkTo(view, { area: c.code })}
              onClick={(e) => {
                e.preventDefault();
                go({ area: c.code });
              }}
            >
              {c.name}
            </a>
          ) : (
            <strong aria-current="location">{c.name}</strong>
          )}
        </span>
      ))}
      <span class="level"> · {levelName}</span>
    </nav>
  );
}

/** The areas above and at `area`, with their names when known. */
export function crumbsOf(
  area: string,
  names: Record<string, string>,
  peru: string,
): Array<{ code: string; name: string }> {
  return [
    { code: "", name: peru },
    ...(area.length >= 2
      ? [{ code: area.slice(0, 2), name: names[area.slice(0, 2)] ?? area.slice(0, 2) }]
      : []),
    ...(area.length === 4 ? [{ code: area, name: names[area] ?? area }] : []),
  ];
}

/** The fewest decimals (1-4) that print every class break differently. */
export function digitsToTellApart(breaks: readonly number[]): number {
  for (let d = 1; d < 4; d++) {
    const printed = breaks.map((b) => b.toFixed(d));
    if (new Set(printed).size === printed.length) return d;
  }
  return 4;
}
