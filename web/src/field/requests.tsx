/** A school's requests: the form that files one, the list of its requests with their status, and
 * the UGEL's review of the pending ones. */
import { useEffect, useState } from "preact/hooks";
import type { MapPoint } from "../planning.tsx";
import { NEED_ITEMS, type NeedGroup } from "../../../src/contract/index.ts";
import { fill, type Lang } from "../i18n.ts";
import { useRequest } from "../use-request.ts";
import { field, type Needs, type SchoolRequest } from "./field-api.ts";
import { FIELD_WORDS } from "./words.ts";
import { REQUEST_COLOURS } from "./status-colours.ts";
import { failure, OutcomeLine, ProblemLine, type Outcome } from "./outcome.tsx";

const GROUPS = Object.keys(NEED_ITEMS) as NeedGroup[];

/** "12 tabletas, internet": what a needs record asks for, in words. */
export function needsText(lang: Lang, needs: Needs | null): string {
  const w = FIELD_WORDS[lang].needs;
  const parts: string[] = [];
  for (const group of GROUPS)
    for (const [item, value] of Object.entries(needs?.[group] ?? {}))
      if (value === true) parts.push(w[item] ?? item);
      else if (typeof value === "number" && value > 0) parts.push(`${value} ${w[item] ?? item}`);
  return parts.join(", ") || "–";
}

/** Needs from a form's amounts: counts above zero, services ticked. */
function needsOf(amounts: Record<string, number>): Needs {
  const needs: Needs = {};
  for (const group of GROUPS)
    for (const item of NEED_ITEMS[group]) {
      const amount = amounts[item] ?? 0;
      if (amount <= 0) continue;
      if (group === "services") (needs.services ??= {})[item] = true;
      else (needs[group] ??= {})[item] = amount;
    }
  return needs;
}

/** Amount inputs for every item (services as tick boxes). */
function NeedInputs({
  lang,
  amounts,
  onChange,
  idPrefix,
}: {
  lang: Lang;
  amounts: Record<string, number>;
  onChange: (item: string, amount: number) => void;
  idPrefix: string;
}) {
  const w = FIELD_WORDS[lang].needs;
  return (
    <>
      {GROUPS.map((group) => (
        <fieldset class="needs" key={group}>
          <legend>{w[group]}</legend>
          {NEED_ITEMS[group].map((item) =>
            group === "services" ? (
              <label class="check" key={item}>
                <input
                  type="checkbox"
                  name={`${idPrefix}-${item}`}
                  checked={(amounts[item] ?? 0) > 0}
                  onChange={(e) => onChange(item, (e.target as HTMLInputElement).checked ? 1 : 0)}
                />
                {w[item]}
              </label>
            ) : (
              <label key={item}>
                {w[item]}
                <input
                  type="number"
                  min={0}
                  max={100000}
                  name={`${idPrefix}-${item}`}
                  value={amounts[item] ?? 0}
                  onInput={(e) => onChange(item, Number((e.target as HTMLInputElement).value))}
                />
              </label>
            ),
          )}
        </fieldset>
      ))}
    </>
  );
}

export function RequestForm({
  lang,
  school,
  onFiled,
}: {
  lang: Lang;
  /** The account's school, when its scope names one. */
  school: string;
  onFiled: () => void;
}) {
  const w = FIELD_WORDS[lang];
  const [code, setCode] = useState(school);
  const [amounts, setAmounts] = useState<Record<string, number>>({});
  const [students, setStudents] = useState(1);
  const [reason, setReason] = useState("");
  const [said, setSaid] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const needs = needsOf(amounts);
    if (Object.keys(needs).length === 0) {
      setSaid({ ok: false, text: w.request.nothing });
      return;
    }
    setBusy(true);
    try {
      const filed = await field.file({ school: code, needs, students, reason });
      setSaid({ ok: true, text: fill(w.request.sent, { id: filed.id }) });
      setAmounts({});
      setReason("");
      onFiled();
    } catch (error) {
      setSaid(failure(lang, (error as Error).message));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="field-form request-form" onSubmit={submit}>
      <h2>{w.request.title}</h2>
      <label>
        {w.request.school}
        <input
          type="text"
          name="school"
          inputMode="numeric"
          pattern="\d{7}"
          required
          value={code}
          readOnly={school !== ""}
          onInput={(e) => setCode((e.target as HTMLInputElement).value.trim())}
        />
      </label>
      <NeedInputs
        lang={lang}
        amounts={amounts}
        idPrefix="need"
        onChange={(item, amount) => setAmounts((a) => ({ ...a, [item]: amount }))}
      />
      <label>
        {w.request.students}
        <input
          type="number"
          name="students"
          min={1}
          max={5000}
          required
          value={students}
          onInput={(e) => setStudents(Number((e.target as HTMLInputElement).value))}
        />
      </label>
      <label>
        {w.request.reason}
        <textarea
          name="reason"
          required
          minLength={10}
          maxLength={600}
          rows={3}
          value={reason}
          aria-describedby="reason-hint"
          onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)}
        />
      </label>
      <p class="note" id="reason-hint">
        {w.request.reasonHint}
      </p>
      <p class="actions">
        <button type="submit" disabled={busy}>
          {w.request.submit}
        </button>
      </p>
      <OutcomeLine outcome={said} />
    </form>
  );
}

const date = (lang: Lang, iso: string | null) =>
  iso
    ? new Intl.DateTimeFormat(lang === "es" ? "es-PE" : "en-GB", { dateStyle: "medium" }).format(
        new Date(iso),
      )
    : "–";

/** One request: what was asked, its status and, once reviewed, what was approved and why. */
function RequestCard({
  lang,
  request,
  children,
}: {
  lang: Lang;
  request: SchoolRequest;
  children?: preact.ComponentChildren;
}) {
  const w = FIELD_WORDS[lang];
  return (
    <li class={`request status-${request.status}`} data-request={request.id}>
      <p>
        <strong>{request.schoolName ?? request.codigoModular}</strong>{" "}
        <span class="badge">{w.status[request.status]}</span>
      </p>
      <p class="meta">
        {fill(w.request.filed, {
          id: request.id,
          date: date(lang, request.filedAt),
          students: request.students,
        })}
      </p>
      <p>
        {w.request.asked}: {needsText(lang, request.needs as Needs)}
      </p>
      <p class="quote">«{request.reason}»</p>
      {request.approved && (
        <p>
          {w.request.granted}: {needsText(lang, request.approved as Needs)}
        </p>
      )}
      {request.reviewReason && (
        <p>
          {w.request.reviewReason}: {request.reviewReason}
        </p>
      )}
      {children}
    </li>
  );
}

/** The requests the signed-in person may see; a school withdraws its pending ones. */
export function RequestList({
  lang,
  title,
  version,
  onChanged,
  canWithdraw,
  onPoints,
}: {
  lang: Lang;
  title: string;
  version: number;
  onChanged: () => void;
  canWithdraw: boolean;
  /** Told where the listed requests' schools are, for the map, and which of the datasets behind
   * them are synthetic. */
  onPoints?: (points: MapPoint[], synthetic: string[]) => void;
}) {
  const w = FIELD_WORDS[lang];
  const list = useRequest((signal) => field.requests({}, signal), [], { refresh: version });
  const [shown, setShown] = useState(PAGE);
  useEffect(() => {
    if (!onPoints) return;
    onPoints(
      (list.data?.requests ?? []).flatMap((r) =>
        typeof r.lon === "number" && typeof r.lat === "number"
          ? [
              {
                lon: r.lon,
                lat: r.lat,
                colour: REQUEST_COLOURS[r.status],
                name: fill(w.request.onMap, {
                  id: r.id,
                  school: r.schoolName ?? r.codigoModular,
                  needs: needsText(lang, r.needs as Needs),
                  status: w.status[r.status] ?? r.status,
                }),
              },
            ]
          : [],
      ),
      list.data?.synthetic ?? [],
    );
  }, [list.data, onPoints, lang, w]);
  const [problem, setProblem] = useState<string | null>(null);
  const withdraw = (id: number) =>
    field.withdraw(id).then(onChanged, (error: Error) => setProblem(error.message));
  return (
    <section class="field-list">
      <h2>{title}</h2>
      <ProblemLine lang={lang} message={problem ?? list.error?.message} />
      {list.data && list.data.requests.length === 0 && <p class="note">{w.request.none}</p>}
      {onPoints && list.data && list.data.requests.length > 0 && (
        <MapKey lang={lang} statuses={list.data.requests.map((r) => r.status)} />
      )}
      <ul class="requests">
        {list.data?.requests.slice(0, shown).map((r) => (
          <RequestCard lang={lang} request={r} key={r.id}>
            {canWithdraw && r.status === "pending" && (
              <p class="actions">
                <button type="button" onClick={() => void withdraw(r.id)}>
                  {w.request.withdraw}
                </button>
              </p>
            )}
          </RequestCard>
        ))}
      </ul>
      <MoreButton
        lang={lang}
        shown={shown}
        total={list.data?.requests.length ?? 0}
        onMore={() => setShown((n) => n + PAGE)}
      />
    </section>
  );
}

/** The pending requests of the officer's department or UGEL, each with its decision. */
export function ReviewQueue({
  lang,
  version,
  onChanged,
}: {
  lang: Lang;
  version: number;
  onChanged: () => void;
}) {
  const w = FIELD_WORDS[lang];
  const list = useRequest((signal) => field.requests({ status: "pending" }, signal), [], {
    refresh: version,
  });
  return (
    <section class="field-list review-queue">
      <h2>{w.review.title}</h2>
      <ProblemLine lang={lang} message={list.error?.message} />
      {list.data && list.data.requests.length === 0 && <p class="note">{w.review.none}</p>}
      <ul class="requests">
        {list.data?.requests.map((r) => (
          <RequestCard lang={lang} request={r} key={r.id}>
            <Decision lang={lang} request={r} onDecided={onChanged} />
          </RequestCard>
        ))}
      </ul>
    </section>
  );
}

function Decision({
  lang,
  request,
  onDecided,
}: {
  lang: Lang;
  request: SchoolRequest;
  onDecided: () => void;
}) {
  const w = FIELD_WORDS[lang];
  const asked = request.needs as Needs;
  const [reason, setReason] = useState("");
  const [amounts, setAmounts] = useState<Record<string, number>>(() => {
    const start: Record<string, number> = {};
    for (const group of GROUPS)
      for (const [item, value] of Object.entries(asked[group] ?? {}))
        start[item] = value === true ? 1 : typeof value === "number" ? value : 0;
    return start;
  });
  const [problem, setProblem] = useState<string | null>(null);
  const decide = async (decision: "approve" | "partial" | "reject") => {
    try {
      await field.review(request.id, {
        decision,
        reason,
        ...(decision === "partial" ? { approved: needsOf(amounts) } : {}),
      });
      onDecided();
    } catch (error) {
      setProblem((error as Error).message);
    }
  };
  return (
    <div class="decision">
      <details>
        <summary>{w.review.approvedAmount}</summary>
        <NeedInputs
          lang={lang}
          amounts={amounts}
          idPrefix={`grant-${request.id}`}
          onChange={(item, amount) => setAmounts((a) => ({ ...a, [item]: amount }))}
        />
      </details>
      <label>
        {w.review.reason}
        <textarea
          name="review-reason"
          rows={2}
          maxLength={600}
          value={reason}
          onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)}
        />
      </label>
      <p class="actions">
        <button type="button" onClick={() => void decide("approve")}>
          {w.review.approve}
        </button>
        <button type="button" onClick={() => void decide("partial")}>
          {w.review.partial}
        </button>
        <button type="button" onClick={() => void decide("reject")}>
          {w.review.reject}
        </button>
      </p>
      <ProblemLine lang={lang} message={problem} />
    </div>
  );
}

export { date as formatDate };

/** How many cards a list shows at first, and adds each time more are asked for. */
export const PAGE = 20;

/** "Show 20 more (of 114)", while the list holds more than is shown. */
export function MoreButton({
  lang,
  shown,
  total,
  onMore,
}: {
  lang: Lang;
  shown: number;
  total: number;
  onMore: () => void;
}) {
  if (total <= shown) return null;
  return (
    <p class="actions">
      <button type="button" class="more" onClick={onMore}>
        {fill(FIELD_WORDS[lang].more, { count: Math.min(PAGE, total - shown), total })}
      </button>
    </p>
  );
}

/** What the markers' colours mean, for the statuses in the list. */
function MapKey({ lang, statuses }: { lang: Lang; statuses: readonly string[] }) {
  const w = FIELD_WORDS[lang];
  const present = Object.keys(REQUEST_COLOURS).filter((s) => statuses.includes(s));
  return (
    <p class="map-key">
      {w.request.mapKey}
      {present.map((s) => (
        <span key={s}>
          <span class="dot" style={{ background: REQUEST_COLOURS[s] }} aria-hidden="true" />
          {w.status[s] ?? s}
        </span>
      ))}
    </p>
  );
}
