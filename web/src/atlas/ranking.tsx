import type { AreaValues, Indicator } from "../api.ts";
import { digitsFor, formatNumber, MESSAGES, type Lang } from "../i18n.ts";

/** The areas in order, worst first, each a link into it (or to its report at district level),
 * with the marks of synthetic values and UMC's official figures explained below. This table is
 * also the keyboard's way into the map's areas. */
export function Ranking({
  id,
  lang,
  indicatorId,
  indicator,
  areas,
  synthetic,
  hrefOf,
  onOpen,
  actions,
}: {
  id: string;
  lang: Lang;
  indicatorId: string;
  indicator: Indicator | undefined;
  /** In ranking order. */
  areas: readonly AreaValues[];
  synthetic: boolean;
  hrefOf: (code: string) => string;
  onOpen: (code: string) => void;
  actions: preact.ComponentChildren;
}) {
  const t = MESSAGES[lang];
  const markOf = (a: AreaValues) => `${synthetic ? " *" : ""}${a.basis?.[indicatorId] ? " ◆" : ""}`;
  return (
    <section class="ranking" id={id} aria-label={t.ranking}>
      <div class="ranking-head">
        <h2>{t.ranking}</h2>
        <span class="actions">{actions}</span>
      </div>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t.area}</th>
              <th scope="col" class="n">
                {indicator?.unit ?? t.value}
              </th>
            </tr>
          </thead>
          <tbody>
            {areas.map((a, k) => (
              <tr key={a.code}>
                <td>{k + 1}</td>
                <td>
                  <a
                    href={hrefOf(a.code)}
                    data-code={a.code}
                    onClick={(e) => {
                      e.preventDefault();
                      onOpen(a.code);
                    }}
                  >
                    {a.name ?? a.code}
                  </a>
                </td>
                <td class="n">
                  {formatNumber(lang, a.values[indicatorId] ?? null, digitsFor(indicator?.unit))}
                  {a.values[indicatorId] !== null && markOf(a)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {synthetic && <p class="note marks">{t.marks.synthetic}</p>}
      {areas.some((a) => a.basis?.[indicatorId]) && <p class="note marks">{t.marks.official}</p>}
      {areas.some((a) => a.basis?.[indicatorId] === "official-combined") && (
        <p class="note">{t.officialLima}</p>
      )}
    </section>
  );
}
