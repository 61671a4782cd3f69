import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyRequest } from "fastify";
import type { Config } from "../config/index.ts";
import { BrechaError } from "../errors/index.ts";
import type { AccountRole, Person, Session } from "../operations/index.ts";
import { forbidden } from "./scoped.ts";

/** A key's role: viewer (reads), analyst (+ plans, training, scenarios), admin (+ ingest,
 * resources, accounts). */
export type Role = "viewer" | "analyst" | "admin";
/** What a route needs of its caller (see `authoriser`). */
export type Needed = "anyone" | "read" | Role | "person";

const RANK: Record<Role, number> = { viewer: 1, analyst: 2, admin: 3 };
/** What an account may do on the routes that API keys open: administrators all, national
 * planners what analysts may, everyone else what viewers may. */
const ACCOUNT_KEY_ROLE: Record<AccountRole, Role> = {
  admin: "admin",
  planner: "analyst",
  officer: "viewer",
  school: "viewer",
  student: "viewer",
};
/** What a key may do on the people's routes: an admin key acts as an administrator, an analyst
 * key as a national planner; a viewer key has no person behind it. */
const KEY_PERSON: Record<Role, Person | null> = {
  admin: { role: "admin", scope: null },
  analyst: { role: "planner", scope: null },
  viewer: null,
};

/** The session cookie: httpOnly, SameSite=Strict, Secure unless configured off. */
export const SESSION_COOKIE = "brecha_session";

/** Who is asking. */
export interface Principal {
  /** The record name every write is attributed to: `api:<role>:<key fingerprint>`,
   * `user:<role>:<user name>` or `api:public`. Never a key or a token. */
  readonly caller: string;
  readonly via: "key" | "session" | "public";
  /** What the caller may do on the key-guarded routes. */
  readonly role: Role | null;
  /** Who the caller is on the people's routes (requests, reviews), or null. */
  readonly person: Person | null;
  /** The signed-in account's session, when by cookie. */
  readonly session: Session | null;
}

const PUBLIC: Principal = {
  caller: "api:public",
  via: "public",
  role: null,
  person: null,
  session: null,
};

/** A key's role and a short fingerprint of it: attributable in records, useless as a key. */
function callerOf(role: Role, key: string): string {
  return `api:${role}:${createHash("sha256").update(key).digest("hex").slice(0, 8)}`;
}

/** Compares secrets in time that does not depend on where they differ. */
function same(known: string, given: string): boolean {
  const a = createHash("sha256").update(known).digest();
  const b = createHash("sha256").update(given).digest();
  return timingSafeEqual(a, b);
}

function keyOf(request: FastifyRequest): string | undefined {
  const header =
    request.headers["x-api-key"] ?? request.headers.authorization?.replace(/^Bearer\s+/i, "");
  return Array.isArray(header) ? header[0] : header;
}

const unauthorized = (en: string, es: string) => new BrechaError("BRECHA_UNAUTHORIZED", en, { es });

/** Reads that change nothing: the only ones a cookie may make without the anti-forgery token. */
const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Who is asking, from an API key (header x-api-key, or Authorization: Bearer) or a session
 * cookie, and whether they may do what the route needs: `anyone`; `read` (public unless the
 * server needs keys for reads); a key role (`viewer`, `analyst`, `admin`, which accounts reach
 * through their own role); or `person` (a signed-in account, or an admin or analyst key). A write
 * signed in by cookie must repeat the session's anti-forgery token in x-csrf-token.
 */
export function authoriser(
  server: Config["server"],
  sessionOf: (token: string) => Promise<Session | null>,
): (request: FastifyRequest, needed: Needed) => Promise<Principal> {
  const identify = async (request: FastifyRequest): Promise<Principal | null> => {
    const key = keyOf(request);
    if (key) {
      const entry = server.apiKeys.find((k) => same(k.key, key));
      if (!entry) throw unauthorized("unknown API key", "clave de API desconocida");
      return {
        caller: callerOf(entry.role, entry.key),
        via: "key",
        role: entry.role,
        person: KEY_PERSON[entry.role],
        session: null,
      };
    }
    const token = request.cookies?.[SESSION_COOKIE];
    if (!token) return null;
    const session = await sessionOf(token);
    if (!session) return null;
    if (!SAFE.has(request.method)) {
      const given = request.headers["x-csrf-token"];
      if (typeof given !== "string" || !same(session.csrf, given))
        throw new BrechaError(
          "BRECHA_CSRF",
          "this write needs the session's x-csrf-token header (sign in again if the page is old)",
          {
            es: "esta escritura necesita la cabecera x-csrf-token de la sesión (vuelva a ingresar si la página es antigua)",
          },
        );
    }
    const { account } = session;
    return {
      caller: `user:${account.role}:${account.username}`,
      via: "session",
      role: ACCOUNT_KEY_ROLE[account.role],
      person: { role: account.role, scope: account.scope },
      session,
    };
  };
  return async (request, needed) => {
    const who = await identify(request);
    if (needed === "anyone") return who ?? PUBLIC;
    if (needed === "read" && server.publicReads) return who ?? PUBLIC;
    if (needed === "person") {
      if (!who) throw unauthorized("sign in first", "primero ingrese con su cuenta");
      if (!who.person)
        throw forbidden(
          "this key cannot act for a person",
          "esta clave no puede actuar por una persona",
        );
      return who;
    }
    const wanted: Role = needed === "read" ? "viewer" : needed;
    if (!who)
      throw unauthorized(
        `this request needs an API key with role ${wanted} (header x-api-key) or a signed-in account`,
        `esta solicitud necesita una clave de API con el rol ${wanted} (cabecera x-api-key) o una cuenta con sesión iniciada`,
      );
    if (RANK[who.role!] < RANK[wanted])
      throw forbidden(
        `role ${who.role} cannot do this: it needs ${wanted}`,
        `el rol ${who.role} no puede hacer esto: necesita ${wanted}`,
      );
    return who;
  };
}
