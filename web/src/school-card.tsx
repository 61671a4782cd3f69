/** The details of one school, opened by clicking its point on the map. */
import { useEffect, useRef, useState } from "preact/hooks";
import { school, type SchoolPoints } from "./api.ts";
import { fill, formatNumber, MESSAGES, type Lang } from "./i18n.ts";
import { useRequest } from "./use-request.ts";

export function SchoolCard({
  lang,
  code,
  onClose,
}: {
  lang: Lang;
  code: string;
  onClose: () => void;
}) {
  const t = MESSAGES[lang];
  const { data: detail, error } = useRequest((signal) => school(code, signal), [code]);
  const problem = error?.message ?? null;
  // Chosen from the finder on a phone, the card opens above the list: it is brought into view.
  const card = useRef<HTMLElement>(null);
  useEffect(() => {
    card.current?.scrollIntoView({ block: "nearest" });
  }, [code]);
  const yesNo = (v: boolean | null) =>
    v === null ? t.school.unknown : v ? t.school.yes : t.school.no;
  /** A census code (red_publica, a_pie…) in words. */
  const word = (code: string | null) => (code === null ? "–" : (t.school.codes[code] ?? code));
  return (
    <aside ref={card} class="school-card" role="dialog" aria-label={fill(t.school.title, { code })}>
      <button type="button" class="close" onClick={onClose} aria-label={t.school.close}>
        ×
      </button>
      {problem && <p class="error">{problem}</p>}
      {!detail && !problem && <p class="loading">{t.loading}</p>}
      {detail && (
        <>
          <h2>{detail.name ?? code}</h2>
          <p class="note">
            {fill(t.school.title, { code })}
            {detail.synthetic ? ` · ${t.school.synthetic}` : ""}
          </p>
          <dl>
            <dt>{t.school.level}</dt>
            <dd>{word(detail.level)}</dd>
            <dt>{t.school.management}</dt>
            <dd>{word(detail.management)}</dd>
            <dt>{t.school.area}</dt>
            <dd>{word(detail.area)}</dd>
            {detail.kind && (
              <>
                <dt>{t.school.kind}</dt>
                <dd>{detail.kind}</dd>
              </>
            )}
            <dt>{t.school.students}</dt>
            <dd>{formatNumber(lang, detail.students, 0)}</dd>
            <dt>{t.school.teachers}</dt>
            <dd>{formatNumber(lang, detail.teachers, 0)}</dd>
            <dt>{t.school.premises}</dt>
            <dd>{detail.premisesCode ?? "–"}</dd>
            <dt>{t.school.internet}</dt>
            <dd>
              {yesNo(detail.internet)}
              {detail.internetType ? ` (${word(detail.internetType)})` : ""}
            </dd>
            <dt>{t.school.electricity}</dt>
            <dd>
              {yesNo(detail.electricity)}
              {detail.electricitySource ? ` (${word(detail.electricitySource)})` : ""}
            </dd>
            <dt>{t.school.water}</dt>
            <dd>{yesNo(detail.water)}</dd>
            {detail.accessMinutes !== null && (
              <>
                <dt>{t.school.access}</dt>
                <dd>
                  {fill(t.school.minutes, {
                    minutes: formatNumber(lang, detail.accessMinutes, 0),
                    mode: word(detail.accessMode),
                  })}
                </dd>
              </>
            )}
          </dl>
          {detail.censusYear !== null && (
            <p class="note">{fill(t.school.census, { year: detail.censusYear })}</p>
          )}
        </>
      )}
    </aside>
  );
}

/** Finds a school of the area by name or code, for keyboard users and long lists. */
export function SchoolFinder({
  lang,
  schools,
  onPick,
}: {
  lang: Lang;
  schools: SchoolPoints;
  onPick: (code: string) => void;
}) {
  const t = MESSAGES[lang].school;
  const [q, setQ] = useState("");
  const needle = fold(q.trim());
  const found = needle
    ? schools.features
        .filter(
          (f) =>
            f.properties.code.startsWith(needle) || fold(f.properties.name ?? "").includes(needle),
        )
        .slice(0, 20)
    : [];
  return (
    <div class="school-finder">
      <label>
        {t.find}
        <input
          type="search"
          value={q}
          onInput={(e) => setQ((e.target as HTMLInputElement).value)}
        />
      </label>
      {found.length > 0 && (
        <ul>
          {found.map((f) => (
            <li key={f.properties.code}>
              <button type="button" class="link" onClick={() => onPick(f.properties.code)}>
                {f.properties.name ?? f.properties.code} ({f.properties.code})
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Lower case without accents, as the resource search folds text. */
const fold = (text: string) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
