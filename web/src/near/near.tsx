/**
 * "¿Dónde hay un centro cerca?": the public hub finder. A page of its own, light enough for a
 * phone on a slow link (no map library, no dashboard code): from the browser's location or a
 * chosen district, the nearest open and planned hubs, how far and how long, and what each offers.
 */
import { render } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { safeParse } from "zod/mini";
import {
  AREA_NAMES,
  HUBS_NEAR,
  type HubsNear,
  type NearHub,
  type ResponseSchema,
} from "../../../src/contract/index.ts";
import "./near.css";
import { fill, NEAR_WORDS, type NearLang } from "./words.ts";

/** A JSON answer parsed with its schema; a failure in the server's words when it sends some. */
async function getJson<T>(path: string, schema: ResponseSchema<T>, lang: NearLang): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      headers: { accept: "application/json", "accept-language": lang },
    });
  } catch {
    throw new Error(NEAR_WORDS[lang].offlineNow);
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message = (body as { message?: unknown } | null)?.message;
    throw new Error(typeof message === "string" ? message : `${response.status}`);
  }
  const parsed = safeParse(schema, body);
  if (!parsed.success) throw new Error(`${path.split("?")[0]}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

const number = (lang: NearLang, value: number, digits = 1) =>
  new Intl.NumberFormat(lang === "es" ? "es-PE" : "en-GB", {
    maximumFractionDigits: digits,
  }).format(value);

function duration(lang: NearLang, minutes: number): string {
  const t = NEAR_WORDS[lang];
  const rounded = Math.max(
    1,
    Math.round(minutes / (minutes < 60 ? 1 : 5)) * (minutes < 60 ? 1 : 5),
  );
  return rounded < 60
    ? fill(t.minutes, { n: rounded })
    : fill(t.hoursMinutes, { h: Math.floor(rounded / 60), m: rounded % 60 });
}

type Where = { lat: number; lon: number } | { district: string };

function Finder() {
  const [lang, setLang] = useState<NearLang>(() =>
    new URLSearchParams(location.search).get("lang") === "en" ? "en" : "es",
  );
  const t = NEAR_WORDS[lang];
  const [where, setWhere] = useState<Where | null>(null);
  const [answer, setAnswer] = useState<HubsNear | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [locating, setLocating] = useState(false);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `${t.title} — Brecha`;
  }, [lang, t.title]);
  useEffect(() => {
    if (!where) return;
    const q = new URLSearchParams(
      "district" in where
        ? { district: where.district }
        : { lat: where.lat.toFixed(5), lon: where.lon.toFixed(5) },
    );
    let current = true;
    setProblem(null);
    getJson(`/api/v1/hubs/near?${q.toString()}`, HUBS_NEAR, lang).then(
      (found) => current && setAnswer(found),
      (error: Error) =>
        current && (setAnswer(null), setProblem(fill(t.failed, { message: error.message }))),
    );
    return () => {
      current = false;
    };
  }, [where, lang, t.failed]);
  const locate = () => {
    if (!("geolocation" in navigator)) {
      setProblem(t.geoMissing);
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        setWhere({ lat: position.coords.latitude, lon: position.coords.longitude });
      },
      (error) => {
        setLocating(false);
        setProblem(fill(t.geoDenied, { reason: error.message }));
      },
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 600_000 },
    );
  };
  return (
    <>
      <header>
        <h1>{t.title}</h1>
        <button
          type="button"
          lang={lang === "es" ? "en" : "es"}
          onClick={() => setLang(lang === "es" ? "en" : "es")}
        >
          {t.language}
        </button>
      </header>
      <main>
        <p>{t.intro}</p>
        <p>
          <button type="button" class="primary" onClick={locate} disabled={locating}>
            {locating ? t.locating : t.locate}
          </button>
        </p>
        <DistrictChoice lang={lang} onDistrict={(district) => setWhere({ district })} />
        {problem && (
          <p class="problem" role="alert">
            {problem}
          </p>
        )}
        {answer && <Results lang={lang} answer={answer} />}
        <p class="foot">
          <a href={`/app/${lang === "en" ? "?lang=en" : ""}`}>{t.dashboard}</a>
        </p>
      </main>
    </>
  );
}

/** Department, then province, then district, each list asked for when the one before is chosen. */
function DistrictChoice({
  lang,
  onDistrict,
}: {
  lang: NearLang;
  onDistrict: (code: string) => void;
}) {
  const t = NEAR_WORDS[lang];
  const [department, setDepartment] = useState("");
  const [province, setProvince] = useState("");
  // The district asked about stays shown, so the choice can be read back and changed.
  const [district, setDistrict] = useState("");
  const [lists, setLists] = useState<Record<string, Array<{ code: string; name: string | null }>>>(
    {},
  );
  const asked = useRef(new Set<string>());
  const load = (level: string, parent = "") => {
    const key = `${level}:${parent}`;
    if (asked.current.has(key)) return;
    asked.current.add(key);
    getJson(
      `/api/v1/areas?level=${level}${parent ? `&parent=${parent}` : ""}`,
      AREA_NAMES,
      lang,
    ).then(
      (areas) =>
        setLists((l) => ({
          ...l,
          [key]: [...areas].sort((a, b) =>
            (a.name ?? a.code).localeCompare(b.name ?? b.code, "es"),
          ),
        })),
      () => asked.current.delete(key),
    );
  };
  useEffect(() => load("department"));
  useEffect(() => {
    if (department) load("province", department);
    if (province) load("district", province);
  });
  const select = (
    label: string,
    name: string,
    options: Array<{ code: string; name: string | null }> | undefined,
    value: string,
    onChange: (code: string) => void,
    disabled: boolean,
  ) => (
    <label>
      {label}
      <select
        name={name}
        value={value}
        disabled={disabled || !options}
        onChange={(e) => onChange((e.target as HTMLSelectElement).value)}
      >
        <option value="">{t.choose}</option>
        {options?.map((o) => (
          <option value={o.code} key={o.code}>
            {o.name ?? o.code}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <fieldset class="choice">
      <legend>{t.orChoose}</legend>
      {select(
        t.department,
        "department",
        lists["department:"],
        department,
        (code) => {
          setDepartment(code);
          setProvince("");
          setDistrict("");
        },
        false,
      )}
      {select(
        t.province,
        "province",
        lists[`province:${department}`],
        province,
        (code) => {
          setProvince(code);
          setDistrict("");
        },
        !department,
      )}
      {select(
        t.district,
        "district",
        lists[`district:${province}`],
        district,
        (code) => {
          setDistrict(code);
          if (code) onDistrict(code);
        },
        !province,
      )}
    </fieldset>
  );
}

function Results({ lang, answer }: { lang: NearLang; answer: HubsNear }) {
  const t = NEAR_WORDS[lang];
  const place =
    answer.origin.from === "location"
      ? t.yourLocation
      : [answer.origin.district, answer.origin.department].filter(Boolean).join(", ");
  return (
    <section class="results" aria-live="polite">
      {answer.synthetic.length > 0 && (
        <p class="synthetic" role="status">
          {fill(t.synthetic, { datasets: answer.synthetic.join(", ") })}
        </p>
      )}
      <h2>{fill(t.near, { place })}</h2>
      {answer.hubs.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <ol class="hubs">
          {answer.hubs.map((hub) => (
            <HubItem lang={lang} hub={hub} key={hub.code} />
          ))}
        </ol>
      )}
      <details>
        <summary>{t.how}</summary>
        <ul>
          {answer.assumptions.map((a, i) => (
            <li key={i}>{a[lang]}</li>
          ))}
        </ul>
      </details>
    </section>
  );
}

function HubItem({ lang, hub }: { lang: NearLang; hub: NearHub }) {
  const t = NEAR_WORDS[lang];
  const status =
    hub.status === "existing"
      ? t.open
      : hub.scenario
        ? fill(t.plannedBy, { scenario: hub.scenario })
        : t.planned;
  return (
    <li data-code={hub.code}>
      <h3>
        {hub.name} <span class={`status ${hub.status}`}>{status}</span>
      </h3>
      <p class="where">{[hub.place, hub.district, hub.department].filter(Boolean).join(" · ")}</p>
      <p>
        {hub.km < 0.05
          ? t.here
          : fill(t.distance, { km: number(lang, hub.km), road: number(lang, hub.roadKm) })}
        <br />
        <strong>{fill(t.time, { time: duration(lang, hub.minutes) })}</strong>
        {hub.walkMinutes !== null &&
          ` · ${fill(t.walk, { time: duration(lang, hub.walkMinutes) })}`}
      </p>
      {hub.hours && <p>{fill(t.hours, { hours: hub.hours })}</p>}
      <p class="resources-title">{t.resources}</p>
      {hub.resources.length === 0 ? (
        <p class="quiet">{t.noResources}</p>
      ) : (
        <ul>
          {hub.resources.map((r) => (
            <li key={r.id}>
              <a href={r.url} rel="noopener noreferrer">
                {r.title}
              </a>
              {r.worksOffline && ` (${t.offline})`}
            </li>
          ))}
        </ul>
      )}
      <p>
        <a
          href={`https://www.openstreetmap.org/?mlat=${hub.lat}&mlon=${hub.lon}#map=15/${hub.lat}/${hub.lon}`}
          rel="noopener noreferrer"
        >
          {t.directions}
        </a>
      </p>
    </li>
  );
}

render(<Finder />, document.getElementById("near")!);
