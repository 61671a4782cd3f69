/** Typed calls to the Brecha API (same origin). */
import { MESSAGES } from "./i18n.ts";
import { noteAnswer } from "./offline.ts";

export interface Indicator {
  id: string;
  datasets: string[];
  name: { es: string; en: string };
  unit: string;
  direction: string;
  note: { es: string; en: string };
  /** From the catalogue: whether the workspace has its data, what it lacks, whether it is
   * synthetic, and the years it can be shown for. */
  available?: boolean;
  missing?: string[];
  synthetic?: boolean;
  years?: number[];
}
export interface AreaValues {
  code: string;
  name: string | null;
  values: Record<string, number | null>;
  basis?: Record<string, "official" | "official-combined">;
  /** Ids of this area's values that come from synthetic demo data. */
  synthetic?: string[];
}
export interface IndicatorTable {
  level: string;
  indicators: Indicator[];
  unavailable: Array<{ id: string; missing: string[] }>;
  areas: AreaValues[];
  datasetVersions: Record<string, string>;
  synthetic: string[];
  syntheticIndicators: string[];
  years: Record<string, { year: number | null; available: number[] }>;
}
export interface Boundaries {
  type: "FeatureCollection";
  features: Array<{
    type: "Feature";
    properties: { code: string; name: string | null };
    geometry: unknown;
  }>;
}

/** An API error with its stable code and details (e.g. `details.missing`: a dataset). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly details: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** The dashboard's language: the API words its error messages and explanations in it. */
let language: "es" | "en" = "es";
export function setApiLanguage(lang: "es" | "en"): void {
  language = lang;
}
const headers = (extra: Record<string, string> = {}) => ({
  accept: "application/json",
  "accept-language": language,
  ...extra,
});

/** fetch, with a failure of the network (no answer at all) said in the dashboard's words. */
async function request(path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(path, init);
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new ApiError(MESSAGES[language].offline.unreachable, "BRECHA_OFFLINE", {});
  }
}

/** GET a JSON answer; `signal` aborts it (a newer view no longer needs it). */
async function get<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await request(path, { headers: headers(), ...(signal ? { signal } : {}) });
  noteAnswer(response);
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as {
      message?: string;
      code?: string;
      details?: Record<string, unknown>;
    };
    throw new ApiError(
      body.message ?? `${response.status} ${response.statusText}`,
      body.code,
      body.details ?? {},
    );
  }
  return (await response.json()) as T;
}

export const api = {
  catalogue: (signal?: AbortSignal) => get<Indicator[]>("/api/v1/indicators/catalogue", signal),
  indicators: (
    level: string,
    id: string,
    filters: { area?: string; gestion?: string; year?: number | null } = {},
    signal?: AbortSignal,
  ) => {
    const q = new URLSearchParams({ level, ids: id });
    if (filters.area) q.set("area", filters.area);
    if (filters.gestion) q.set("gestion", filters.gestion);
    if (filters.year) q.set("year", String(filters.year));
    return get<IndicatorTable>(`/api/v1/indicators?${q.toString()}`, signal);
  },
  areas: (level: string, parent?: string, signal?: AbortSignal) =>
    get<Array<{ code: string; name: string | null }>>(
      `/api/v1/areas?level=${level}${parent ? `&parent=${parent}` : ""}`,
      signal,
    ),
  schools: (area: string, signal?: AbortSignal) =>
    get<SchoolPoints>(`/api/v1/schools?area=${area}`, signal),
  boundaries: (level: string, parent?: string, signal?: AbortSignal) =>
    get<Boundaries>(
      `/api/v1/boundaries?level=${level}${parent ? `&parent=${parent}` : ""}`,
      signal,
    ),
};

export interface HubPlan {
  hubs: Array<{
    code: string;
    name: string;
    peopleServed: number;
    /** What opening it costs, when the plan had opening costs. */
    costPen?: number;
    reason: string;
    lon: number | null;
    lat: number | null;
  }>;
  /** Opening costs and the budget, when the plan had them. */
  costs?: { openingCostPen: number | null; budgetPen: number | null; spentPen: number };
  shareCovered: number;
  totalPopulation: number;
  radiusKm: number;
  gap: number;
  /** False when the solver could not close the gap to its bound: the best plan found, unproven. */
  proven: boolean;
}
export interface Resource {
  id: string;
  title: string;
  description: string;
  subject: string;
  grades: string[];
  languages: string[];
  format: string;
  sizeMb: number | null;
  worksOffline: boolean;
  licence: string;
  url: string;
  hubs: string[];
}

/** Sends a request with an API key; a failure becomes an ApiError with the server's words. */
async function send<T>(method: string, path: string, key: string, body?: object): Promise<T> {
  const response = await request(path, {
    method,
    headers: headers({
      "x-api-key": key,
      ...(body ? { "content-type": "application/json" } : {}),
    }),
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await response.json().catch(() => ({}))) as T & {
    message?: string;
    code?: string;
    details?: Record<string, unknown>;
  };
  if (!response.ok)
    throw new ApiError(json.message ?? String(response.status), json.code, json.details ?? {});
  return json;
}

/** A plan queued on the server, as it reports itself while it runs. */
export interface Job {
  id: string;
  kind: string;
  state: "queued" | "running" | "succeeded" | "failed" | "cancelled" | "interrupted";
  progress: { phase: string; percent: number; bound?: number; gap?: number };
  seconds: number | null;
  gap: number | null;
  error: { code: string; message: string } | null;
  saved: { scenario?: { name: string; version: number } } | null;
}

export const jobs = {
  get: (id: string, key: string) => send<Job>("GET", `/api/v1/jobs/${id}`, key),
  result: <T>(id: string, key: string) => send<T>("GET", `/api/v1/jobs/${id}/result`, key),
  cancel: (id: string, key: string) => send<Job>("DELETE", `/api/v1/jobs/${id}`, key),
};

export type PlanKind = "hubs" | "infra" | "devices";
interface PlanCommon {
  /** A department, or none for the whole country. */
  department?: string;
  save?: string;
  lang: "es" | "en";
}
export const planHubs = (
  key: string,
  body: PlanCommon & {
    p: number;
    radiusKm: number;
    capacity?: number;
    openingCostPen?: number;
    budgetPen?: number;
  },
) => send<Job>("POST", "/api/v1/plans/hubs", key, body);

export interface InfraPlan {
  chosen: Array<{
    codigoLocal: string;
    ubigeo: string;
    kind: string;
    costPen: number;
    benefit: number;
    reason: string;
    lon: number | null;
    lat: number | null;
  }>;
  spentPen: number;
  budgetPen: number;
  benefit: number;
  gap: number;
  leftOut: Array<{ codigoLocal: string; kind: string; costPen: number; why: string }>;
  marginalBenefitPer1000Pen: number | null;
  synthetic: string[];
}
export const planInfra = (
  key: string,
  body: PlanCommon & { budgetPen: number; objective: "benefit" | "maxmin" },
) => send<Job>("POST", "/api/v1/plans/infra", key, body);

export interface DevicePlan {
  shipments: Array<{
    from: string;
    codigoLocal: string;
    devices: number;
    bundle: string;
    km: number;
    costPen: number;
    lon: number | null;
    lat: number | null;
  }>;
  delivered: number;
  need: number;
  transportCostPen: number;
  bundles: Record<string, number>;
  shortfalls: Array<{ codigoLocal: string; need: number; delivered: number; why: string }>;
  assumptions: string[];
  synthetic: string[];
}
export const planDevices = (
  key: string,
  body: PlanCommon & { tablets: number; shareRural: number; shareUrban: number },
) => send<Job>("POST", "/api/v1/plans/devices", key, body);

export interface ScenarioSummary {
  name: string;
  kind: PlanKind;
  createdAt: string;
  params: Record<string, unknown>;
  summary: Record<string, number | string>;
}
export interface ScenarioComparison {
  kind: PlanKind;
  a: string;
  b: string;
  params: Array<{ key: string; a: unknown; b: unknown }>;
  figures: Array<{
    key: string;
    a: number | string | null;
    b: number | string | null;
    delta: number | null;
  }>;
  sites: { onlyA: string[]; onlyB: string[]; both: number };
}
export const scenarios = (signal?: AbortSignal) =>
  get<ScenarioSummary[]>("/api/v1/scenarios", signal);
export const compareScenarios = (a: string, b: string, signal?: AbortSignal) =>
  get<ScenarioComparison>(
    `/api/v1/scenarios/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`,
    signal,
  );

export interface SchoolDetail {
  code: string;
  premisesCode: string | null;
  name: string | null;
  level: string | null;
  management: string | null;
  area: string | null;
  kind: string | null;
  ubigeo: string | null;
  ugel: string | null;
  students: number | null;
  teachers: number | null;
  internet: boolean | null;
  internetType: string | null;
  electricity: boolean | null;
  electricitySource: string | null;
  water: boolean | null;
  accessMinutes: number | null;
  accessMode: string | null;
  censusYear: number | null;
  synthetic: boolean;
}
export const school = (code: string, signal?: AbortSignal) =>
  get<SchoolDetail>(`/api/v1/schools/${code}`, signal);

export interface ResourceFilters {
  q: string;
  language: string;
  subject: string;
  grade: string;
  offline: boolean;
  hub: string;
}
export const searchResources = (f: ResourceFilters, signal?: AbortSignal) => {
  const params = new URLSearchParams();
  if (f.q) params.set("q", f.q);
  if (f.language) params.set("language", f.language);
  if (f.subject) params.set("subject", f.subject);
  if (f.grade) params.set("grade", f.grade);
  if (f.offline) params.set("offline", "true");
  if (f.hub) params.set("hub", f.hub);
  return get<Resource[]>(`/api/v1/resources?${params.toString()}`, signal);
};

/** Creates (no id given) or replaces a resource; deletes with `remove`. Admin key. */
export async function saveResource(
  key: string,
  resource: Resource,
  replacing: string | null,
): Promise<Resource> {
  const response = await request(
    replacing ? `/api/v1/resources/${encodeURIComponent(replacing)}` : "/api/v1/resources",
    {
      method: replacing ? "PUT" : "POST",
      headers: headers({ "content-type": "application/json", "x-api-key": key }),
      body: JSON.stringify(resource),
    },
  );
  const json = (await response.json()) as Resource & { message?: string };
  if (!response.ok) throw new Error(json.message ?? String(response.status));
  return json;
}
export async function removeResource(key: string, id: string): Promise<void> {
  const response = await request(`/api/v1/resources/${encodeURIComponent(id)}`, {
    method: "DELETE",
    headers: headers({ "x-api-key": key }),
  });
  if (!response.ok) {
    const json = (await response.json()) as { message?: string };
    throw new Error(json.message ?? String(response.status));
  }
}

export interface InequalityReport {
  units: number;
  excluded: number;
  gini: number;
  theilT: { total: number; between: number; within: number; betweenShare: number };
  atkinson: Record<string, number>;
  p90p10: number | null;
  synthetic: string[];
}
export interface GapLine {
  indicator: string;
  name: { es: string; en: string };
  direction: string;
  unit: string;
  value: number | null;
  department: number | null;
  nation: number | null;
  rankNational: number | null;
  rankInDepartment: number | null;
  peers: number;
  gapZ: number | null;
  trend: Array<{ year: number; value: number }> | null;
  year: number | null;
  synthetic: boolean;
  official: boolean;
}
export interface GapReport {
  code: string;
  level: string;
  name: string | null;
  lines: GapLine[];
  largestGaps: string[];
  datasetVersions: Record<string, string>;
  synthetic: string[];
}

export const inequality = (indicator: string, area: string, signal?: AbortSignal) => {
  const params = new URLSearchParams({ level: "district", permutations: "0" });
  if (area.length === 2) {
    params.set("department", area);
    params.set("by", "province");
  } else if (area.length === 4) params.set("province", area);
  return get<InequalityReport>(
    `/api/v1/inequality/${encodeURIComponent(indicator)}?${params.toString()}`,
    signal,
  );
};
export const gap = (area: string, signal?: AbortSignal) =>
  get<GapReport>(`/api/v1/gap/${area}`, signal);

export interface Hotspots {
  moran: { I: number; pPermutation: number | null };
  districts: Array<{ ubigeo: string; lisa: string }>;
  counts: Record<string, number>;
}
export const hotspots = (indicator: string, signal?: AbortSignal) =>
  get<Hotspots>(`/api/v1/hotspots/${encodeURIComponent(indicator)}`, signal);

export interface SchoolPoints {
  type: "FeatureCollection";
  synthetic: boolean;
  features: Array<{ properties: { code: string; name: string | null; students: number | null } }>;
}

export interface Typology {
  k: number;
  explained: number;
  clusters: Array<{ cluster: number; size: number; description: { es: string; en: string } }>;
  districts: Array<{ ubigeo: string; cluster: number | null }>;
  synthetic: string[];
}
export const typology = (signal?: AbortSignal) => get<Typology>("/api/v1/typology", signal);
