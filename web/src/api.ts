/** Calls to the Brecha API (same origin); every answer is parsed with the schema the server
 * publishes for it (src/contract), never cast. */
import { safeParse } from "zod/mini";
import {
  AREA_LIST,
  BOUNDARIES,
  DEVICE_PLAN,
  ERROR_BODY,
  GAP_REPORT,
  HOTSPOTS,
  HUB_PLAN,
  INDICATOR_CATALOGUE,
  INDICATOR_TABLE,
  INEQUALITY_REPORT,
  INFRA_PLAN,
  JOB,
  RESOURCE_ITEM,
  RESOURCE_LIST,
  SCENARIO_COMPARISON,
  SCENARIO_LIST,
  SCHOOL_DETAIL,
  SCHOOL_POINTS,
  TYPOLOGY,
  type ResponseSchema,
} from "../../src/contract/index.ts";
import { MESSAGES } from "./i18n.ts";
import { noteAnswer } from "./offline.ts";

export type {
  AreaValues,
  Boundaries,
  DevicePlan,
  GapLine,
  Hotspots,
  HubPlan,
  Indicator,
  InequalityReport,
  InfraPlan,
  Job,
  PlanKind,
  ScenarioComparison,
  ScenarioSummary,
  SchoolDetail,
  SchoolPoints,
  Typology,
} from "../../src/contract/index.ts";
import type {
  DevicePlan,
  HubPlan,
  InfraPlan,
  PlanKind,
  ResourceItem,
} from "../../src/contract/index.ts";
export type { IndicatorTableAnswer as IndicatorTable } from "../../src/contract/index.ts";
export type { GapReportAnswer as GapReport } from "../../src/contract/index.ts";
export type { ResourceItem as Resource } from "../../src/contract/index.ts";

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

/** The error an answer that is not a success carries, in the server's words. */
async function failure(response: Response): Promise<ApiError> {
  const parsed = safeParse(ERROR_BODY, await response.json().catch(() => ({})));
  const body = parsed.success ? parsed.data : {};
  return new ApiError(
    body.message ?? `${response.status} ${response.statusText}`,
    body.code,
    body.details ?? {},
  );
}

/** A success's JSON parsed with the schema the server publishes for it. An answer of another
 * shape (a server of another version, a proxy's page) is an error in words, not a broken screen. */
async function parsed<T>(response: Response, schema: ResponseSchema<T>, path: string): Promise<T> {
  const result = safeParse(schema, await response.json());
  if (result.success) return result.data;
  const at = `${path.split("?")[0]} · ${result.error.issues[0]?.path.join(".") || "(raíz)"}`;
  throw new ApiError(
    MESSAGES[language].offline.badAnswer.replace("{at}", at),
    "BRECHA_RESPONSE_SHAPE",
    { path },
  );
}

/** GET a JSON answer; `signal` aborts it (a newer view no longer needs it). */
export async function get<T>(
  path: string,
  schema: ResponseSchema<T>,
  signal?: AbortSignal,
): Promise<T> {
  const response = await request(path, { headers: headers(), ...(signal ? { signal } : {}) });
  noteAnswer(response);
  if (!response.ok) throw await failure(response);
  return parsed(response, schema, path);
}

export const api = {
  catalogue: (signal?: AbortSignal) =>
    get("/api/v1/indicators/catalogue", INDICATOR_CATALOGUE, signal),
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
    return get(`/api/v1/indicators?${q.toString()}`, INDICATOR_TABLE, signal);
  },
  areas: (level: string, parent?: string, signal?: AbortSignal) =>
    get(`/api/v1/areas?level=${level}${parent ? `&parent=${parent}` : ""}`, AREA_LIST, signal),
  schools: (area: string, signal?: AbortSignal) =>
    get(`/api/v1/schools?area=${area}`, SCHOOL_POINTS, signal),
  boundaries: (level: string, parent?: string, signal?: AbortSignal) =>
    get(
      `/api/v1/boundaries?level=${level}${parent ? `&parent=${parent}` : ""}`,
      BOUNDARIES,
      signal,
    ),
};

/** The signed-in person's anti-forgery token: every write their session cookie makes repeats it. */
let csrf: string | null = null;
export function setCsrf(token: string | null): void {
  csrf = token;
}

/** Sends a request with an API key, or ("" for the key) with the signed-in person's session
 * cookie and anti-forgery token; a failure becomes an ApiError with the server's words. */
export async function send<T>(
  method: string,
  path: string,
  key: string,
  schema: ResponseSchema<T>,
  body?: object,
): Promise<T> {
  const response = await request(path, {
    method,
    headers: headers({
      ...(key ? { "x-api-key": key } : {}),
      ...(csrf && method !== "GET" ? { "x-csrf-token": csrf } : {}),
      ...(body ? { "content-type": "application/json" } : {}),
    }),
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw await failure(response);
  return parsed(response, schema, path);
}

type PlanOf = { hubs: HubPlan; infra: InfraPlan; devices: DevicePlan };
const PLAN_SCHEMAS: { [K in PlanKind]: ResponseSchema<PlanOf[K]> } = {
  hubs: HUB_PLAN,
  infra: INFRA_PLAN,
  devices: DEVICE_PLAN,
};

export const jobs = {
  get: (id: string, key: string) => send("GET", `/api/v1/jobs/${id}`, key, JOB),
  /** A finished plan, parsed with the schema of its kind. */
  result: <K extends PlanKind>(id: string, key: string, kind: K): Promise<PlanOf[K]> =>
    send("GET", `/api/v1/jobs/${id}/result`, key, PLAN_SCHEMAS[kind]),
  cancel: (id: string, key: string) => send("DELETE", `/api/v1/jobs/${id}`, key, JOB),
};

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
) => send("POST", "/api/v1/plans/hubs", key, JOB, body);

export const planInfra = (
  key: string,
  body: PlanCommon & { budgetPen: number; objective: "benefit" | "maxmin" },
) => send("POST", "/api/v1/plans/infra", key, JOB, body);

export const planDevices = (
  key: string,
  body: PlanCommon & { tablets: number; shareRural: number; shareUrban: number },
) => send("POST", "/api/v1/plans/devices", key, JOB, body);

export const scenarios = (signal?: AbortSignal) => get("/api/v1/scenarios", SCENARIO_LIST, signal);
export const compareScenarios = (a: string, b: string, signal?: AbortSignal) =>
  get(
    `/api/v1/scenarios/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`,
    SCENARIO_COMPARISON,
    signal,
  );

export const school = (code: string, signal?: AbortSignal) =>
  get(`/api/v1/schools/${code}`, SCHOOL_DETAIL, signal);

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
  return get(`/api/v1/resources?${params.toString()}`, RESOURCE_LIST, signal);
};

/** Creates (no id given) or replaces a resource; deletes with `remove`. Admin key. */
export async function saveResource(
  key: string,
  resource: ResourceItem,
  replacing: string | null,
): Promise<ResourceItem> {
  const response = await request(
    replacing ? `/api/v1/resources/${encodeURIComponent(replacing)}` : "/api/v1/resources",
    {
      method: replacing ? "PUT" : "POST",
      headers: headers({ "content-type": "application/json", "x-api-key": key }),
      body: JSON.stringify(resource),
    },
  );
  if (!response.ok) throw await failure(response);
  return parsed(response, RESOURCE_ITEM, "/api/v1/resources");
}
export async function removeResource(key: string, id: string): Promise<void> {
  const response = await request(`/api/v1/resources/${encodeURIComponent(id)}`, {
    method: "DELETE",
    headers: headers({ "x-api-key": key }),
  });
  if (!response.ok) throw await failure(response);
}

export const inequality = (indicator: string, area: string, signal?: AbortSignal) => {
  const params = new URLSearchParams({ level: "district", permutations: "0" });
  if (area.length === 2) {
    params.set("department", area);
    params.set("by", "province");
  } else if (area.length === 4) params.set("province", area);
  return get(
    `/api/v1/inequality/${encodeURIComponent(indicator)}?${params.toString()}`,
    INEQUALITY_REPORT,
    signal,
  );
};
export const gap = (area: string, signal?: AbortSignal) =>
  get(`/api/v1/gap/${area}`, GAP_REPORT, signal);

export const hotspots = (indicator: string, signal?: AbortSignal) =>
  get(`/api/v1/hotspots/${encodeURIComponent(indicator)}`, HOTSPOTS, signal);

export const typology = (signal?: AbortSignal) => get("/api/v1/typology", TYPOLOGY, signal);
