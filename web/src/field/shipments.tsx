/** Deliveries: the shipments a person may see, dispatched by the UGEL and received by the school,
 * and the distribution-efficiency view of officers and planners. */
import { useState } from "preact/hooks";
import { fill, formatNumber, MESSAGES, type Lang } from "../i18n.ts";
import { useRequest } from "../use-request.ts";
import { field, type Shipment } from "./field-api.ts";
import { formatDate, MoreButton, PAGE } from "./requests.tsx";
import { FIELD_WORDS } from "./words.ts";
import { ProblemLine } from "./outcome.tsx";
import { ScrollTable } from "./scroll-table.tsx";

export function ShipmentList({
  lang,
  title,
  version,
  onChanged,
  act,
}: {
  lang: Lang;
  title: string;
  version: number;
  onChanged: () => void;
  /** What this person does to shipments: dispatch them (UGEL), receive them (school), or watch. */
  act: "dispatch" | "receive" | "watch";
}) {
  const w = FIELD_WORDS[lang];
  const list = useRequest((signal) => field.shipments({}, signal), [], { refresh: version });
  const [shown, setShown] = useState(PAGE);
  return (
    <section class="field-list shipments">
      <h2>{title}</h2>
      <ProblemLine lang={lang} message={list.error?.message} />
      {list.data && list.data.shipments.length === 0 && <p class="note">{w.shipments.none}</p>}
      <ul class="requests">
        {list.data?.shipments.slice(0, shown).map((s) => (
          <ShipmentCard lang={lang} shipment={s} act={act} onChanged={onChanged} key={s.id} />
        ))}
      </ul>
      <MoreButton
        lang={lang}
        shown={shown}
        total={list.data?.shipments.length ?? 0}
        onMore={() => setShown((n) => n + PAGE)}
      />
    </section>
  );
}

function ShipmentCard({
  lang,
  shipment: s,
  act,
  onChanged,
}: {
  lang: Lang;
  shipment: Shipment;
  act: "dispatch" | "receive" | "watch";
  onChanged: () => void;
}) {
  const w = FIELD_WORDS[lang];
  const [units, setUnits] = useState(s.units);
  const [note, setNote] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const run = (step: Promise<unknown>) =>
    step.then(onChanged, (error: Error) => setProblem(error.message));
  return (
    <li class={`shipment status-${s.status}`} data-shipment={s.id}>
      <p>
        <strong>{fill(MESSAGES[lang].plan.premises, { code: s.codigoLocal })}</strong>{" "}
        <span class="badge">{w.status[s.status]}</span>
        {s.delayed && <span class="badge warn">{w.shipments.delayed}</span>}
        {s.discrepancy && <span class="badge warn">{w.shipments.discrepancy}</span>}
      </p>
      <p class="meta">
        {fill(w.shipments.line, {
          id: s.id,
          units: s.units,
          bundle: MESSAGES[lang].plan.bundles[s.bundle] ?? s.bundle,
          origin: s.origin,
          due: formatDate(lang, s.due),
        })}
      </p>
      {s.requests.length > 0 && (
        <p class="meta">{fill(w.shipments.forRequests, { ids: s.requests.join(", ") })}</p>
      )}
      {s.receivedAt && (
        <p>
          {fill(w.shipments.received, {
            units: s.receivedUnits ?? 0,
            date: formatDate(lang, s.receivedAt),
          })}
          {s.note ? ` · «${s.note}»` : ""}
        </p>
      )}
      {act === "dispatch" && s.status === "planned" && (
        <p class="actions">
          <button type="button" onClick={() => void run(field.dispatch(s.id))}>
            {w.shipments.dispatch}
          </button>
        </p>
      )}
      {act === "receive" && s.status === "dispatched" && (
        <form
          class="receive"
          onSubmit={(e) => {
            e.preventDefault();
            void run(field.receive(s.id, units, note.trim()));
          }}
        >
          <label>
            {w.shipments.units}
            <input
              type="number"
              name="units"
              min={0}
              value={units}
              onInput={(e) => setUnits(Number((e.target as HTMLInputElement).value))}
            />
          </label>
          <label>
            {w.shipments.note}
            <input
              type="text"
              name="note"
              maxLength={600}
              value={note}
              onInput={(e) => setNote((e.target as HTMLInputElement).value)}
            />
          </label>
          <p class="actions">
            <button type="submit">{w.shipments.receive}</button>
          </p>
        </form>
      )}
      <ProblemLine lang={lang} message={problem} />
    </li>
  );
}

const share = (lang: Lang, value: number | null) =>
  value === null ? "–" : `${formatNumber(lang, value * 100, 0)} %`;

export function EfficiencyView({
  lang,
  by: initial,
  version,
}: {
  lang: Lang;
  by: "department" | "ugel";
  version: number;
}) {
  const w = FIELD_WORDS[lang];
  const [by, setBy] = useState(initial);
  const view = useRequest((signal) => field.efficiency(by, signal), [by], { refresh: version });
  return (
    <section class="field-list efficiency">
      <h2>{w.efficiency.title}</h2>
      <p class="actions" role="group">
        {(["department", "ugel"] as const).map((b) => (
          <button type="button" key={b} aria-pressed={by === b} onClick={() => setBy(b)}>
            {b === "department" ? w.efficiency.byDepartment : w.efficiency.byUgel}
          </button>
        ))}
      </p>
      <ProblemLine lang={lang} message={view.error?.message} />
      {view.data && view.data.rows.length === 0 && <p class="note">{w.efficiency.none}</p>}
      {view.data && view.data.rows.length > 0 && (
        <ScrollTable
          label={w.efficiency.title}
          head={[
            w.efficiency.area,
            w.efficiency.delivered,
            w.efficiency.days,
            w.efficiency.flags,
            w.efficiency.needMet,
          ]}
        >
          {view.data.rows.map((r) => (
            <tr key={r.code} data-area={r.code}>
              <th scope="row">{r.name ? `${r.name} (${r.code})` : r.code}</th>
              <td class="n">
                {r.deliveredUnits} / {r.plannedUnits} ({share(lang, r.deliveredShare)})
              </td>
              <td class="n">{formatNumber(lang, r.medianDaysToDelivery)}</td>
              <td class="n">
                {r.delayed} · {r.discrepancies}
              </td>
              <td class="n">{share(lang, r.approvedNeedMet)}</td>
            </tr>
          ))}
        </ScrollTable>
      )}
      {view.data && view.data.oldestUnmet.length > 0 && (
        <>
          <h3>{w.efficiency.oldest}</h3>
          <ol class="oldest">
            {view.data.oldestUnmet.map((o) => (
              <li key={o.id}>
                {fill(w.efficiency.oldestLine, {
                  id: o.id,
                  school: o.schoolName ?? o.codigoModular,
                  waiting: o.waitingDays,
                  delivered: o.deliveredUnits,
                  approved: o.approvedUnits,
                })}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
