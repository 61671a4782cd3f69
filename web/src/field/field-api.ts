/** The people's calls: sign-in, school requests, their review, shipments, efficiency and
 * recommendations. Writes go with the session cookie and its anti-forgery token (api.ts). */
import {
  ACCOUNT,
  ACCOUNT_LIST,
  EFFICIENCY,
  RECOMMENDATIONS,
  SCHOOL_REQUEST,
  SCHOOL_REQUEST_LIST,
  SHIPMENT,
  SHIPMENT_LIST,
  SHIPMENTS_CREATED,
  SIGNED_IN,
  SIGNED_OUT,
  VOTE,
} from "../../../src/contract/index.ts";
import { get, send } from "../api.ts";

export type {
  AccountAnswer as Account,
  EfficiencyAnswer as Efficiency,
  RecommendationsAnswer as Recommendations,
  SchoolRequestAnswer as SchoolRequest,
  ShipmentAnswer as Shipment,
  SignedIn,
} from "../../../src/contract/index.ts";

export type Needs = {
  devices?: Record<string, number>;
  services?: Record<string, boolean>;
  materials?: Record<string, number>;
};

const query = (values: Record<string, string | number | undefined>): string => {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(values))
    if (value !== undefined && value !== "") q.set(key, String(value));
  const text = q.toString();
  return text ? `?${text}` : "";
};

export const field = {
  me: (signal?: AbortSignal) => get("/api/v1/auth/me", SIGNED_IN, signal),
  signIn: (username: string, password: string) =>
    send("POST", "/api/v1/auth/login", "", SIGNED_IN, { username, password }),
  signOut: () => send("POST", "/api/v1/auth/logout", "", SIGNED_OUT),

  accounts: (signal?: AbortSignal) => get("/api/v1/accounts", ACCOUNT_LIST, signal),
  createAccount: (body: {
    username: string;
    displayName: string;
    role: string;
    scope: { kind: string; code: string } | null;
    password: string;
  }) => send("POST", "/api/v1/accounts", "", ACCOUNT, body),
  setActive: (username: string, active: boolean) =>
    send("PUT", `/api/v1/accounts/${encodeURIComponent(username)}/active`, "", ACCOUNT, { active }),

  requests: (filter: { status?: string; school?: string } = {}, signal?: AbortSignal) =>
    get(`/api/v1/requests${query(filter)}`, SCHOOL_REQUEST_LIST, signal),
  file: (body: { school: string; needs: Needs; students: number; reason: string }) =>
    send("POST", "/api/v1/requests", "", SCHOOL_REQUEST, body),
  review: (
    id: number,
    body: { decision: "approve" | "partial" | "reject"; reason: string; approved?: Needs },
  ) => send("POST", `/api/v1/requests/${id}/review`, "", SCHOOL_REQUEST, body),
  withdraw: (id: number) => send("POST", `/api/v1/requests/${id}/withdraw`, "", SCHOOL_REQUEST),

  shipments: (filter: { status?: string; plan?: string } = {}, signal?: AbortSignal) =>
    get(`/api/v1/shipments${query(filter)}`, SHIPMENT_LIST, signal),
  shipPlan: (job: string, key: string) =>
    send("POST", "/api/v1/shipments", key, SHIPMENTS_CREATED, { job }),
  dispatch: (id: number) => send("POST", `/api/v1/shipments/${id}/dispatch`, "", SHIPMENT),
  receive: (id: number, units: number, note: string) =>
    send("POST", `/api/v1/shipments/${id}/receive`, "", SHIPMENT, {
      units,
      ...(note ? { note } : {}),
    }),
  efficiency: (by: "department" | "ugel", signal?: AbortSignal) =>
    get(`/api/v1/efficiency?by=${by}`, EFFICIENCY, signal),

  recommendations: (
    profile: { language: string; level: string; connectivity: string; device: string },
    signal?: AbortSignal,
  ) => get(`/api/v1/recommendations${query({ ...profile, limit: 10 })}`, RECOMMENDATIONS, signal),
  vote: (resource: string, vote: { rating?: number; useful?: boolean }) =>
    send("POST", `/api/v1/resources/${encodeURIComponent(resource)}/feedback`, "", VOTE, vote),
};
