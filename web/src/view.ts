import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { PlanKind } from "./api.ts";
import type { Lang } from "./i18n.ts";

export type Tab = "atlas" | "plan" | "resources" | "account";
export type Level = "department" | "province" | "district";
export type MapMode = "values" | "lisa" | "typology";

/** What the dashboard shows. It lives in the URL so a view can be shared:
 * ?lang=en&i=pobreza&a=1601 is Maynas's districts by poverty, in English. */
export interface View {
  lang: Lang;
  tab: Tab;
  /** Map of values, LISA hot spots or district types (both at district level). */
  mode: MapMode;
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

const oneOf = <T extends string>(value: string | null, allowed: readonly T[], fallback: T): T =>
  allowed.includes(value as T) ? (value as T) : fallback;

/** The view in a query string; anything unknown or malformed falls back to the default. */
export function parseView(search: string): View {
  const q = new URLSearchParams(search);
  const matching = (key: string, pattern: RegExp) => {
    const value = q.get(key) ?? "";
    return pattern.test(value) ? value : "";
  };
  const year = matching("y", /^(19|20)\d{2}$/);
  return {
    lang: oneOf(q.get("lang"), ["es", "en"], "es"),
    // "hubs" is the planning tab's older name, kept so that shared links still open.
    tab:
      q.get("t") === "hubs"
        ? "plan"
        : oneOf(q.get("t"), ["atlas", "plan", "resources", "account"], "atlas"),
    mode: oneOf(q.get("m"), ["values", "lisa", "typology"], "values"),
    schools: q.get("s") === "1",
    indicator: matching("i", /^[a-z0-9_]{1,64}$/) || "pobreza",
    area: matching("a", /^(\d{2}|\d{4})$/),
    classes: oneOf(q.get("c"), ["quantiles", "jenks"], "quantiles"),
    zone: oneOf(q.get("u"), ["", "urbana", "rural"], ""),
    management: oneOf(q.get("g"), ["", "publica", "privada"], ""),
    kind: oneOf(q.get("k"), ["hubs", "infra", "devices"], "hubs"),
    report: matching("r", /^(\d{2}|\d{4}|\d{6})$/),
    hub: matching("h", /^\d{10}$/),
    year: year ? Number(year) : null,
  };
}

/** The query string of a view, leaving out what is at its default. */
export function formatView(view: View): string {
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
  return `?${q.toString()}`;
}

/** The link to a view changed from this one (for <a href>, so a new tab opens it too). */
export const linkTo = (view: View, change: Partial<View>): string =>
  formatView({ ...view, ...change });

/**
 * The view and a stable `go` that changes it: each change is a history entry, and the back
 * button returns to the previous view.
 */
export function useView(): [View, (change: Partial<View>) => void] {
  const [view, setView] = useState<View>(() => parseView(location.search));
  // The latest view, so that `go` stays the same function from render to render.
  const current = useRef(view);
  current.current = view;
  useEffect(() => {
    const onPop = () => setView(parseView(location.search));
    addEventListener("popstate", onPop);
    return () => removeEventListener("popstate", onPop);
  }, []);
  const go = useCallback((change: Partial<View>) => {
    const next = { ...current.current, ...change };
    current.current = next;
    const search = formatView(next);
    if (search !== location.search) history.pushState(null, "", search);
    setView(next);
  }, []);
  return [view, go];
}

export const levelInside = (area: string): Level =>
  area.length === 0 ? "department" : area.length === 2 ? "province" : "district";
