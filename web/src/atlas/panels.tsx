import { gap, inequality } from "../api.ts";
import { Trend } from "../charts.tsx";
import { fill, formatNumber, MESSAGES, type Lang } from "../i18n.ts";
import { useRequest } from "../use-request.ts";

/** Gini, Theil T split between and within departments (or provinces), Atkinson and P90/P10. */
export function InequalityPanel({
  lang,
  area,
  indicator,
}: {
  lang: Lang;
  area: string;
  indicator: string;
}) {
  const t = MESSAGES[lang].inequality;
  // One province: too few districts to split.
  const { data: report } = useRequest(
    (signal) => (area.length === 4 ? null : inequality(indicator, area, signal)),
    [indicator, area],
  );
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
export function GapPanel({
  lang,
  area,
  indicator,
}: {
  lang: Lang;
  area: string;
  indicator: string;
}) {
  const t = MESSAGES[lang].gap;
  const { data: report } = useRequest((signal) => gap(area, signal), [area]);
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
