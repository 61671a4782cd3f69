/** A printable report of one area: every indicator against its department and Peru, and trends. */
import { useEffect } from "preact/hooks";
import { gap } from "./api.ts";
import { Trend } from "./charts.tsx";
import { digitsFor, fill, formatNumber, MESSAGES, type Lang } from "./i18n.ts";
import { useRequest } from "./use-request.ts";

export function AreaReport({
  lang,
  code,
  onBack,
  onSynthetic,
}: {
  lang: Lang;
  code: string;
  onBack: () => void;
  onSynthetic: (datasets: string[]) => void;
}) {
  const t = MESSAGES[lang];
  const { data: report, error } = useRequest((signal) => gap(code, signal), [code]);
  const problem = error?.message ?? null;
  useEffect(() => {
    if (report) onSynthetic(report.synthetic);
  }, [report, onSynthetic]);
  if (problem)
    return (
      <p class="error" role="alert">
        {fill(t.error, { message: problem })}
      </p>
    );
  if (!report) return <p class="loading">{t.loading}</p>;
  const name = report.name ?? report.code;
  const byId = new Map(report.lines.map((l) => [l.indicator, l]));
  const withDepartment = report.code.length > 2;
  return (
    <article class="report" aria-label={fill(t.report.title, { name })}>
      <div class="report-actions">
        <button type="button" onClick={onBack}>
          {t.report.back}
        </button>
        <button type="button" onClick={() => print()}>
          {t.print}
        </button>
      </div>
      <h2>{fill(t.report.title, { name })}</h2>
      <p class="note">
        ubigeo {report.code} ·{" "}
        {fill(t.report.generated, {
          date: new Intl.DateTimeFormat(lang === "es" ? "es-PE" : "en-GB", {
            dateStyle: "long",
          }).format(new Date()),
        })}
      </p>
      <section>
        <h3>{fill(t.report.largest, { name })}</h3>
        {report.largestGaps.length === 0 ? (
          <p>{t.report.noGaps}</p>
        ) : (
          <ol>
            {report.largestGaps.map((id) => {
              const l = byId.get(id)!;
              return (
                <li key={id}>
                  {`${l.name[lang]}: ${formatNumber(lang, l.value, digitsFor(l.unit))} ${l.unit} (${t.gap.nation} ${formatNumber(lang, l.nation, digitsFor(l.unit))})`}
                </li>
              );
            })}
          </ol>
        )}
      </section>
      {/* On a phone the table scrolls inside its box, not the page; the box takes the keyboard. */}
      <div class="table-scroll" tabIndex={0} role="region" aria-label={t.report.indicator}>
        <table class="report-table">
          <thead>
            <tr>
              <th>{t.report.indicator}</th>
              <th class="n">{name}</th>
              {withDepartment && <th class="n">{t.gap.department}</th>}
              <th class="n">{t.gap.nation}</th>
              <th class="n">{t.report.rank}</th>
              <th class="n">{t.report.gapZ}</th>
            </tr>
          </thead>
          <tbody>
            {report.lines.map((l) => (
              <tr key={l.indicator} class={l.gapZ !== null && l.gapZ > 1 ? "behind" : ""}>
                <td>
                  {l.name[lang]}
                  {l.year ? ` ${l.year}` : ""} <span class="unit">({l.unit})</span>
                </td>
                <td class="n">
                  {formatNumber(lang, l.value, digitsFor(l.unit))}
                  {l.value !== null && `${l.synthetic ? " *" : ""}${l.official ? " ◆" : ""}`}
                </td>
                {withDepartment && (
                  <td class="n">
                    {formatNumber(lang, l.department, digitsFor(l.unit))}
                    {l.department !== null && l.synthetic ? " *" : ""}
                  </td>
                )}
                <td class="n">
                  {formatNumber(lang, l.nation, digitsFor(l.unit))}
                  {l.nation !== null && l.synthetic ? " *" : ""}
                </td>
                <td class="n">
                  {l.rankNational === null ? "–" : `${l.rankNational} / ${l.peers}`}
                </td>
                <td class="n">{formatNumber(lang, l.gapZ, 2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="note">{fill(t.report.gapSign, { name })}</p>
      {report.lines.some((l) => l.gapZ !== null && l.gapZ > 1) && (
        <p class="note">
          <span class="swatch behind" aria-hidden="true" />
          {t.report.behind}
        </p>
      )}
      {report.lines.some((l) => l.synthetic && l.value !== null) && (
        <p class="note marks">{t.marks.synthetic}</p>
      )}
      {report.lines.some((l) => l.official && l.value !== null) && (
        <p class="note marks">{t.marks.official}</p>
      )}
      {report.lines
        .filter((l) => l.trend && l.trend.length > 1)
        .map((l) => (
          <Trend
            key={l.indicator}
            lang={lang}
            name={`${l.name[lang]} — ${name}`}
            unit={l.unit}
            series={l.trend!}
          />
        ))}
      <p class="versions">
        {t.sources}:{" "}
        {Object.entries(report.datasetVersions)
          .map(([d, v]) => `${d}@${v.slice(0, 8)}`)
          .join(", ")}
      </p>
    </article>
  );
}
