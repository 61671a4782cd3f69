import { SCENARIO_NAME_PATTERN } from "../../src/contract/index.ts";
/** The planning screens: community hubs, school infrastructure and devices, and scenario comparison. */
import { useEffect, useRef, useState } from "preact/hooks";
import {
  api,
  jobs,
  compareScenarios,
  planDevices,
  planHubs,
  planInfra,
  scenarios,
  type DevicePlan,
  type HubPlan,
  type InfraPlan,
  type Job,
  type PlanKind,
  type ScenarioComparison,
  type ScenarioSummary,
} from "./api.ts";
import { field } from "./field/field-api.ts";
import { plansBySession, useSession } from "./field/session.ts";
import { FIELD_WORDS } from "./field/words.ts";
import { fill, formatNumber, MESSAGES, type Lang } from "./i18n.ts";
import { OutcomeLine, type Outcome } from "./field/outcome.tsx";

export interface MapPoint {
  lon: number;
  lat: number;
  name: string;
  /** The marker's colour; plans' orange when absent. */
  colour?: string | undefined;
}

/** How many items of a plan are listed (the whole plan is in the API's answer and the scenario). */
const LISTED = 50;

type Result =
  | { kind: "hubs"; plan: HubPlan }
  | { kind: "infra"; plan: InfraPlan }
  | { kind: "devices"; plan: DevicePlan };

/** The points a plan puts on the map: hubs, funded premises or schools receiving devices. */
function pointsOf(result: Result, lang: Lang): MapPoint[] {
  const t = MESSAGES[lang].plan;
  const located = <T extends { lon: number | null; lat: number | null }>(
    items: readonly T[],
    name: (item: T) => string,
  ) =>
    items.flatMap((i) =>
      i.lon !== null && i.lat !== null ? [{ lon: i.lon, lat: i.lat, name: name(i) }] : [],
    );
  if (result.kind === "hubs") return located(result.plan.hubs, (h) => h.name);
  if (result.kind === "infra")
    return located(
      result.plan.chosen,
      (c) =>
        `${fill(t.premises, { code: c.codigoLocal })}: ${t.interventions[c.kind as "agua"] ?? c.kind}`,
    );
  return located(
    result.plan.shipments,
    (s) => `${fill(t.premises, { code: s.codigoLocal })}: ${s.devices}`,
  );
}

export function PlanningPanel({
  lang,
  department,
  kind,
  onDepartment,
  onKind,
  onPoints,
  onSynthetic,
  onHubResources,
}: {
  lang: Lang;
  department: string;
  kind: PlanKind;
  onDepartment: (code: string) => void;
  onKind: (kind: PlanKind) => void;
  onPoints: (points: MapPoint[]) => void;
  onSynthetic: (datasets: string[]) => void;
  onHubResources: (hub: string) => void;
}) {
  const t = MESSAGES[lang];
  const [departments, setDepartments] = useState<Array<{ code: string; name: string | null }>>([]);
  const [params, setParams] = useState<PlanParams>(DEFAULT_PARAMS);
  const [save, setSave] = useState("");
  const [typedKey, setKey] = useState(() => sessionStorage.getItem("brecha-key") ?? "");
  // A signed-in planner or administrator plans with their session; others with an analyst key.
  const bySession = plansBySession(useSession());
  const key = bySession ? "" : typedKey;
  const [planJob, setPlanJob] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [job, setJob] = useState<Job | null>(null);
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );
  const [result, setResult] = useState<Result | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(0);
  useEffect(() => {
    api.areas("department").then(setDepartments, () => setDepartments([]));
  }, []);
  useEffect(() => {
    setResult(null);
    onPoints([]);
    onSynthetic([]);
  }, [kind, onPoints, onSynthetic]);
  /** Queues the plan as a job on the server, follows its progress, then shows its result. A plan
   * of the whole country takes up to two minutes; it can be cancelled meanwhile. */
  const run = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    setResult(null);
    onPoints([]);
    if (!bySession) sessionStorage.setItem("brecha-key", key);
    const common = { lang, ...(department ? { department } : {}), ...(save ? { save } : {}) };
    const planned = kind;
    try {
      const { p, radius, capacity, hubCost, hubBudget, budget, objective } = params;
      const { tablets, shareRural, shareUrban } = params;
      let current: Job =
        planned === "hubs"
          ? await planHubs(key, {
              ...common,
              p,
              radiusKm: radius,
              ...(capacity > 0 ? { capacity } : {}),
              ...(hubCost > 0 ? { openingCostPen: hubCost } : {}),
              ...(hubBudget > 0 ? { budgetPen: hubBudget } : {}),
            })
          : planned === "infra"
            ? await planInfra(key, { ...common, budgetPen: budget, objective })
            : await planDevices(key, { ...common, tablets, shareRural, shareUrban });
      current = await followJob(current, key, { alive, onUpdate: setJob });
      if (!alive.current) return;
      if (current.state !== "succeeded") {
        setProblem(
          current.state === "cancelled"
            ? t.job.cancelled
            : current.state === "interrupted"
              ? t.job.interrupted
              : (current.error?.message ?? t.job.failed),
        );
        return;
      }
      const next = await resultOf(planned, current.id, key);
      setResult(next);
      setPlanJob(current.id);
      onPoints(pointsOf(next, lang));
      onSynthetic(next.kind === "hubs" ? [] : next.plan.synthetic);
      if (save) setSaved((n) => n + 1);
    } catch (error) {
      setProblem((error as Error).message);
      setResult(null);
      onPoints([]);
    } finally {
      if (alive.current) {
        setBusy(false);
        setJob(null);
      }
    }
  };
  const cancel = () => {
    if (job) void jobs.cancel(job.id, key).catch(() => undefined);
  };
  return (
    <div class="panel">
      <form class="plan-form" onSubmit={run}>
        <PlanTarget
          lang={lang}
          kind={kind}
          department={department}
          departments={departments}
          onKind={onKind}
          onDepartment={onDepartment}
        />
        <PlanParameters
          lang={lang}
          kind={kind}
          params={params}
          set={(patch) => setParams((v) => ({ ...v, ...patch }))}
        />
        <SaveAndKey
          lang={lang}
          save={save}
          setSave={setSave}
          apiKey={bySession ? null : typedKey}
          setKey={setKey}
        />
        {!department && <p class="note">{t.plan.nationalNote}</p>}
        <button type="submit" disabled={busy}>
          {busy ? t.hubs.running : t.hubs.run}
        </button>
        {busy && job && <JobProgress lang={lang} job={job} onCancel={cancel} />}
        {problem && (
          <p class="error" role="alert">
            {problem}
          </p>
        )}
      </form>
      {result && <PlanResult lang={lang} result={result} onHubResources={onHubResources} />}
      {result?.kind === "devices" && planJob && <ShipPlan lang={lang} job={planJob} apiKey={key} />}
      <CompareScenarios lang={lang} kind={kind} refresh={saved} />
    </div>
  );
}

/** Polls a queued job every half second until it ends (or the panel is gone), telling each state. */
async function followJob(
  first: Job,
  key: string,
  { alive, onUpdate }: { alive: { current: boolean }; onUpdate: (job: Job) => void },
): Promise<Job> {
  let current = first;
  onUpdate(current);
  while ((current.state === "queued" || current.state === "running") && alive.current) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (!alive.current) break;
    current = await jobs.get(current.id, key);
    onUpdate(current);
  }
  return current;
}

/** The scenario name to save the plan as, and the analyst's API key. */
function SaveAndKey({
  lang,
  save,
  setSave,
  apiKey,
  setKey,
}: {
  lang: Lang;
  save: string;
  setSave: (name: string) => void;
  /** null: the signed-in person's session plans, no key is asked for. */
  apiKey: string | null;
  setKey: (key: string) => void;
}) {
  const t = MESSAGES[lang];
  return (
    <>
      <label>
        {t.plan.saveAs}
        <input
          type="text"
          pattern={SCENARIO_NAME_PATTERN}
          value={save}
          onInput={(e) => setSave((e.target as HTMLInputElement).value)}
        />
      </label>
      {apiKey !== null && (
        <label>
          {t.hubs.apiKey}
          <input
            type="password"
            autocomplete="off"
            value={apiKey}
            onInput={(e) => setKey((e.target as HTMLInputElement).value)}
          />
        </label>
      )}
    </>
  );
}

/** Which plan, and where: a department or the whole country. */
function PlanTarget({
  lang,
  kind,
  department,
  departments,
  onKind,
  onDepartment,
}: {
  lang: Lang;
  kind: PlanKind;
  department: string;
  departments: ReadonlyArray<{ code: string; name: string | null }>;
  onKind: (kind: PlanKind) => void;
  onDepartment: (code: string) => void;
}) {
  const t = MESSAGES[lang];
  return (
    <>
      <fieldset class="kinds">
        <legend>{t.plan.kind}</legend>
        {(["hubs", "infra", "devices"] as const).map((k) => (
          <label key={k} class="check">
            <input type="radio" name="kind" checked={kind === k} onChange={() => onKind(k)} />
            {t.plan.kinds[k]}
          </label>
        ))}
      </fieldset>
      <label>
        {t.hubs.department}
        <select
          value={department}
          onChange={(e) => onDepartment((e.target as HTMLSelectElement).value)}
        >
          <option value="">{t.plan.wholeCountry}</option>
          {departments.map((d) => (
            <option value={d.code} key={d.code}>
              {d.name ?? d.code}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

/** What the three plans ask for, with the form's starting values. */
interface PlanParams {
  p: number;
  radius: number;
  /** People one hub can serve; 0 for no limit. */
  capacity: number;
  /** Hub opening cost and budget in soles; 0 for none. */
  hubCost: number;
  hubBudget: number;
  budget: number;
  objective: "benefit" | "maxmin";
  tablets: number;
  shareRural: number;
  shareUrban: number;
}
const DEFAULT_PARAMS: PlanParams = {
  p: 5,
  radius: 10,
  capacity: 0,
  hubCost: 0,
  hubBudget: 0,
  budget: 1_000_000,
  objective: "benefit",
  tablets: 5_000,
  shareRural: 0.6,
  shareUrban: 0.3,
};

function NumberField({
  label,
  value,
  set,
  limits,
}: {
  label: string;
  value: number;
  set: (v: number) => void;
  limits: { min: number; max: number; step?: number };
}) {
  return (
    <label>
      {label}
      <input
        type="number"
        min={limits.min}
        max={limits.max}
        step={limits.step ?? 1}
        value={value}
        onInput={(e) => set(Number((e.target as HTMLInputElement).value))}
      />
    </label>
  );
}

/** The fields of the chosen plan. */
function PlanParameters({
  lang,
  kind,
  params,
  set,
}: {
  lang: Lang;
  kind: PlanKind;
  params: PlanParams;
  set: (patch: Partial<PlanParams>) => void;
}) {
  const t = MESSAGES[lang];
  return (
    <>
      {kind === "hubs" && (
        <>
          <NumberField
            label={t.hubs.count}
            value={params.p}
            set={(p) => set({ p })}
            limits={{ min: 1, max: 500 }}
          />
          <NumberField
            label={t.hubs.radius}
            value={params.radius}
            set={(radius) => set({ radius })}
            limits={{ min: 1, max: 200 }}
          />
          <NumberField
            label={t.hubs.capacity}
            value={params.capacity}
            set={(capacity) => set({ capacity })}
            limits={{
              min: 0,
              max: 100_000_000,
              step: 100,
            }}
          />
          <NumberField
            label={t.hubs.openingCost}
            value={params.hubCost}
            set={(hubCost) => set({ hubCost })}
            limits={{
              min: 0,
              max: 1e9,
              step: 1_000,
            }}
          />
          <NumberField
            label={t.hubs.budget}
            value={params.hubBudget}
            set={(hubBudget) => set({ hubBudget })}
            limits={{
              min: 0,
              max: 1e11,
              step: 10_000,
            }}
          />
        </>
      )}
      {kind === "infra" && (
        <>
          <NumberField
            label={t.plan.budget}
            value={params.budget}
            set={(budget) => set({ budget })}
            limits={{ min: 0, max: 1e11, step: 10_000 }}
          />
          <label>
            {t.plan.objective}
            <select
              value={params.objective}
              onChange={(e) =>
                set({ objective: (e.target as HTMLSelectElement).value as "benefit" | "maxmin" })
              }
            >
              <option value="benefit">{t.plan.objectives.benefit}</option>
              <option value="maxmin">{t.plan.objectives.maxmin}</option>
            </select>
          </label>
        </>
      )}
      {kind === "devices" && (
        <>
          <NumberField
            label={t.plan.tablets}
            value={params.tablets}
            set={(tablets) => set({ tablets })}
            limits={{ min: 0, max: 10_000_000 }}
          />
          <NumberField
            label={t.plan.shareRural}
            value={params.shareRural}
            set={(shareRural) => set({ shareRural })}
            limits={{
              min: 0,
              max: 1,
              step: 0.05,
            }}
          />
          <NumberField
            label={t.plan.shareUrban}
            value={params.shareUrban}
            set={(shareUrban) => set({ shareUrban })}
            limits={{
              min: 0,
              max: 1,
              step: 0.05,
            }}
          />
        </>
      )}
    </>
  );
}

/** A queued or running plan: its progress, phase and gap, and a way to cancel it. */
function JobProgress({ lang, job, onCancel }: { lang: Lang; job: Job; onCancel: () => void }) {
  const t = MESSAGES[lang];
  return (
    <div class="job">
      <progress
        max={100}
        value={job.progress.percent}
        aria-label={t.job.progress}
        aria-valuetext={`${job.progress.percent}%`}
      />
      <p class="note" role="status">
        {fill(t.job.status, {
          phase: t.job.phases[job.progress.phase as keyof typeof t.job.phases] ?? "",
          percent: formatNumber(lang, job.progress.percent),
        })}
        {job.progress.gap !== undefined &&
          ` · ${fill(t.job.gap, { gap: formatNumber(lang, job.progress.gap * 100, 3) })}`}
      </p>
      <button type="button" class="secondary" onClick={onCancel}>
        {t.job.cancel}
      </button>
    </div>
  );
}

function PlanResult({
  lang,
  result,
  onHubResources,
}: {
  lang: Lang;
  result: Result;
  onHubResources: (hub: string) => void;
}) {
  const t = MESSAGES[lang];
  const n = (v: number, digits = 0) => formatNumber(lang, v, digits);
  const shown = (count: number) => <ShownFirst lang={lang} count={count} />;
  if (result.kind === "hubs") {
    const plan = result.plan;
    return (
      <div class="plan" aria-live="polite">
        <p class="covered">
          {fill(t.hubs.covered, {
            share: n(plan.shareCovered * 100, 1),
            people: n(plan.totalPopulation),
            radius: n(plan.radiusKm),
            gap: n(plan.gap * 100, 2),
          })}
        </p>
        {plan.costs && (
          <p class="covered">
            {plan.costs.budgetPen === null
              ? fill(t.hubs.spent, { spent: n(plan.costs.spentPen) })
              : fill(t.hubs.spentOfBudget, {
                  spent: n(plan.costs.spentPen),
                  budget: n(plan.costs.budgetPen),
                })}
          </p>
        )}
        {plan.proven === false && (
          <p class="warning" role="note">
            {fill(t.hubs.unproven, { gap: n(plan.gap * 100, 2) })}
          </p>
        )}
        <ol>
          {plan.hubs.slice(0, LISTED).map((h) => (
            <li key={h.code}>
              <strong>{h.name}</strong> — {h.reason}{" "}
              <button type="button" class="link" onClick={() => onHubResources(h.code)}>
                {t.plan.hubResources}
              </button>
            </li>
          ))}
        </ol>
        {shown(plan.hubs.length)}
      </div>
    );
  }
  if (result.kind === "infra") return <InfraResult lang={lang} plan={result.plan} />;
  const plan = result.plan;
  return (
    <div class="plan" aria-live="polite">
      <p class="covered">
        {fill(t.plan.devicesResult, {
          delivered: n(plan.delivered),
          need: n(plan.need),
          share: n((100 * plan.delivered) / Math.max(1, plan.need), 1),
          cost: n(plan.transportCostPen),
        })}
      </p>
      <p class="note">
        {Object.entries(plan.bundles)
          .filter(([, count]) => count > 0)
          .map(([b, count]) => `${t.plan.bundles[b] ?? b}: ${n(count)}`)
          .join(" · ")}
      </p>
      {plan.observed && (
        <p class="observed">
          {fill(FIELD_WORDS[lang].shipments.observed, {
            requests: n(plan.observed.requests),
            devices: n(plan.observed.devices),
          })}
          {plan.shipments.some((sh) => (sh.requests ?? []).length > 0) &&
            ` ${fill(FIELD_WORDS[lang].shipments.observedIds, {
              ids: [...new Set(plan.shipments.flatMap((sh) => sh.requests ?? []))]
                .slice(0, 20)
                .join(", "),
            })}`}
        </p>
      )}
      {plan.shortfalls.length > 0 && (
        <details open>
          <summary>{t.plan.shortfalls}</summary>
          <ul>
            {plan.shortfalls.slice(0, 10).map((s) => (
              <li key={s.codigoLocal}>
                {fill(t.plan.premises, { code: s.codigoLocal })} {n(s.delivered)}/{n(s.need)}:{" "}
                {s.why}
              </li>
            ))}
          </ul>
        </details>
      )}
      <p class="note">{plan.assumptions.join("; ")}</p>
    </div>
  );
}

/** Says that only the first LISTED items of a longer list are shown. */
function ShownFirst({ lang, count }: { lang: Lang; count: number }) {
  if (count <= LISTED) return null;
  return <p class="note">{fill(MESSAGES[lang].plan.shownFirst, { shown: LISTED, count })}</p>;
}

/** An infrastructure plan: what it funds and why, what entered it from school requests, and the
 * best options left out. */
function InfraResult({ lang, plan }: { lang: Lang; plan: InfraPlan }) {
  const t = MESSAGES[lang];
  const n = (v: number, digits = 0) => formatNumber(lang, v, digits);
  return (
    <div class="plan" aria-live="polite">
      <p class="covered">
        {fill(t.plan.infraResult, {
          count: n(plan.chosen.length),
          spent: n(plan.spentPen),
          budget: n(plan.budgetPen),
          benefit: n(plan.benefit, 1),
          gap: n(plan.gap * 100, 2),
        })}
      </p>
      {plan.marginalBenefitPer1000Pen !== null && (
        <p class="note">{fill(t.plan.marginal, { value: n(plan.marginalBenefitPer1000Pen, 2) })}</p>
      )}
      {plan.observed && (
        <p class="observed">
          {fill(FIELD_WORDS[lang].shipments.observedServices, {
            requests: n(plan.observed.requests),
            premises: n(plan.observed.premises),
          })}
        </p>
      )}
      <ol>
        {plan.chosen.slice(0, LISTED).map((c) => (
          <li key={`${c.codigoLocal}:${c.kind}`}>
            <strong>
              {fill(t.plan.premises, { code: c.codigoLocal })} ·{" "}
              {t.plan.interventions[c.kind as "agua"] ?? c.kind} · {n(c.costPen)} PEN
            </strong>{" "}
            — {c.reason}
          </li>
        ))}
      </ol>
      <ShownFirst lang={lang} count={plan.chosen.length} />
      {plan.leftOut.length > 0 && (
        <details>
          <summary>{t.plan.leftOut}</summary>
          <ul>
            {plan.leftOut.slice(0, 10).map((l) => (
              <li key={`${l.codigoLocal}:${l.kind}`}>
                {fill(t.plan.premises, { code: l.codigoLocal })} ·{" "}
                {t.plan.interventions[l.kind as "agua"] ?? l.kind}: {l.why}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

/** Two saved scenarios of the current kind, side by side. */
function CompareScenarios({
  lang,
  kind,
  refresh,
}: {
  lang: Lang;
  kind: PlanKind;
  refresh: number;
}) {
  const t = MESSAGES[lang].compare;
  const [list, setList] = useState<ScenarioSummary[]>([]);
  const [a, setA] = useState("");
  const [b, setB] = useState("");
  const [comparison, setComparison] = useState<ScenarioComparison | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    scenarios().then(
      (all) => {
        const same = all.filter((s) => s.kind === kind);
        setList(same);
        setA((cur) => (same.some((s) => s.name === cur) ? cur : (same[0]?.name ?? "")));
        setB((cur) => (same.some((s) => s.name === cur) ? cur : (same[1]?.name ?? "")));
      },
      () => setList([]),
    );
  }, [kind, refresh]);
  useEffect(() => {
    setComparison(null);
    setProblem(null);
    if (a && b && a !== b)
      compareScenarios(a, b).then(setComparison, (e: Error) => setProblem(e.message));
  }, [a, b]);
  const show = (v: unknown) =>
    v === null || v === undefined
      ? "–"
      : typeof v === "number"
        ? formatNumber(lang, v, Number.isInteger(v) ? 0 : 2)
        : String(v);
  /** A plan's parameter in words: lists and tables by their size, codes by their name. */
  const param = (key: string, v: unknown): string =>
    key === "department" && (v === null || v === undefined)
      ? t.nation
      : Array.isArray(v)
        ? v.length === 0
          ? "–"
          : fill(t.listed, { count: v.length })
        : typeof v === "object" && v !== null
          ? Object.keys(v).length === 0
            ? "–"
            : fill(t.listed, { count: Object.keys(v).length })
          : typeof v === "string"
            ? (t.values[v] ?? v)
            : show(v);
  const pick = (label: string, value: string, set: (v: string) => void) => (
    <label>
      {label}
      <select value={value} onChange={(e) => set((e.target as HTMLSelectElement).value)}>
        {list.map((s) => (
          <option value={s.name} key={s.name}>
            {s.name}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section class="compare" aria-label={t.title}>
      <h2>{t.title}</h2>
      {list.length < 2 ? (
        <p class="note">{t.none}</p>
      ) : (
        <>
          <div class="pair">
            {pick(t.a, a, setA)}
            {pick(t.b, b, setB)}
          </div>
          {problem && (
            <p class="error" role="alert">
              {problem}
            </p>
          )}
          {comparison && (
            <>
              <div class="table-scroll" tabIndex={0} role="region" aria-label={t.title}>
                <table>
                  <thead>
                    <tr>
                      <th>{t.parameter}</th>
                      <th class="n">{comparison.a}</th>
                      <th class="n">{comparison.b}</th>
                      <th class="n">{t.delta}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {comparison.params
                      .filter((p) => !["save", "lang"].includes(p.key))
                      .map((p) => (
                        <tr key={`p-${p.key}`} class="param">
                          <td>{t.params[p.key] ?? p.key}</td>
                          <td class="n">{param(p.key, p.a)}</td>
                          <td class="n">{param(p.key, p.b)}</td>
                          <td />
                        </tr>
                      ))}
                    {comparison.figures.map((f) => (
                      <tr key={`f-${f.key}`}>
                        <td>{t.figures[f.key as "hubs"] ?? f.key}</td>
                        <td class="n">{show(f.a)}</td>
                        <td class="n">{show(f.b)}</td>
                        <td
                          class={`n ${f.delta === null ? "" : f.delta > 0 ? "up" : f.delta < 0 ? "down" : ""}`}
                        >
                          {f.delta === null ? "" : `${f.delta > 0 ? "+" : ""}${show(f.delta)}`}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <p class="note">
                {fill(t.sites, {
                  both: comparison.sites.both,
                  onlyA: comparison.sites.onlyA.length,
                  onlyB: comparison.sites.onlyB.length,
                })}
              </p>
            </>
          )}
        </>
      )}
    </section>
  );
}

/** A finished job's plan, parsed with its kind's schema, as the panel's result. */
async function resultOf(kind: PlanKind, id: string, key: string): Promise<Result> {
  if (kind === "hubs") return { kind, plan: await jobs.result(id, key, kind) };
  if (kind === "infra") return { kind, plan: await jobs.result(id, key, kind) };
  return { kind, plan: await jobs.result(id, key, kind) };
}

/** A finished device plan becomes shipments (planned, then dispatched by each UGEL and received
 * by each school): national planners and administrators, with their session or an admin or
 * analyst key. */
function ShipPlan({ lang, job, apiKey }: { lang: Lang; job: string; apiKey: string }) {
  const w = FIELD_WORDS[lang].shipments;
  const [said, setSaid] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setSaid(null), [job]);
  const ship = async () => {
    setBusy(true);
    try {
      const made = await field.shipPlan(job, apiKey);
      setSaid({
        ok: true,
        text: [
          fill(w.created, { created: made.created, existing: made.existing }),
          made.unplaced.length > 0 ? fill(w.unplaced, { count: made.unplaced.length }) : "",
        ].join(" "),
      });
    } catch (error) {
      setSaid({ ok: false, text: (error as Error).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="ship-plan">
      <button type="button" disabled={busy} onClick={() => void ship()}>
        {w.create}
      </button>
      <OutcomeLine outcome={said} />
    </div>
  );
}
