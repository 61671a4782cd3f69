import type { FastifyReply } from "fastify";
import { z } from "zod";
import { ACCOUNT, ACCOUNT_LIST, AUDIT_LIST, SIGNED_IN, SIGNED_OUT } from "../contract/index.ts";
import { BrechaError } from "../errors/index.ts";
import { ACCOUNT_ROLES, SCOPE_KINDS, type Person } from "../operations/index.ts";
import { SESSION_COOKIE } from "./authorise.ts";
import type { RoutesPlugin } from "./context.ts";
import { integer } from "./read-params.ts";
import { forbidden } from "./scoped.ts";

function onlyAdmin(person: Person | null): void {
  if (person?.role !== "admin")
    throw forbidden("only an administrator does this", "solo un administrador puede hacer esto");
}

function sessionCookie(reply: FastifyReply, token: string, seconds: number, secure: boolean) {
  void reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    secure,
    sameSite: "strict",
    path: "/",
    maxAge: seconds,
  });
}

const USERNAME = z.string().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/);

/** Signing in and out, the accounts an administrator manages, and the audit log. */
export const accountRoutes: RoutesPlugin = async (instance, { context, routesOn }) => {
  const register = routesOn(instance);
  const server = context.config.server;

  register({
    method: "POST",
    url: "/api/v1/auth/login",
    summary:
      "Sign in: sets the session cookie (httpOnly, SameSite=Strict, Secure) and returns the token writes repeat in x-csrf-token. Repeated failures are slowed down (429 with Retry-After).",
    tags: ["accounts"],
    body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) }),
    role: "anyone",
    audited: true,
    status: 200,
    response: SIGNED_IN,
    handler: async ({ body, request, reply }) => {
      const ops = await context.operations();
      const { token, session } = await ops.signIn(
        body.username.trim().toLowerCase(),
        body.password,
        request.ip,
        server.sessionHours,
      );
      sessionCookie(reply, token, server.sessionHours * 3600, server.secureCookies);
      return { account: session.account, csrf: session.csrf, expiresAt: session.expiresAt };
    },
  });

  register({
    method: "POST",
    url: "/api/v1/auth/logout",
    summary: "Sign out: the session ends on every server and the cookie is cleared",
    tags: ["accounts"],
    role: "anyone",
    audited: true,
    status: 200,
    response: SIGNED_OUT,
    handler: async ({ request, reply, principal }) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token && principal.session)
        await (
          await context.operations()
        ).signOut(token, { caller: principal.caller, address: request.ip });
      void reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return { signedOut: true as const };
    },
  });

  register({
    method: "GET",
    url: "/api/v1/auth/me",
    summary: "The signed-in person and their anti-forgery token (401 when not signed in)",
    tags: ["accounts"],
    role: "person",
    response: SIGNED_IN,
    handler: async ({ principal }) => {
      if (!principal.session)
        throw new BrechaError("BRECHA_UNAUTHORIZED", "sign in first", {
          es: "primero ingrese con su cuenta",
        });
      const { account, csrf, expiresAt } = principal.session;
      return { account, csrf, expiresAt };
    },
  });

  register({
    method: "GET",
    url: "/api/v1/accounts",
    summary: "Every account (administrator)",
    tags: ["accounts"],
    role: "person",
    response: ACCOUNT_LIST,
    handler: async ({ principal }) => {
      onlyAdmin(principal.person);
      return (await context.operations()).listAccounts();
    },
  });

  register({
    method: "POST",
    url: "/api/v1/accounts",
    summary:
      "Create an account (administrator): officers take a department or UGEL, schools a código modular or código de local",
    tags: ["accounts"],
    body: z.object({
      username: USERNAME,
      displayName: z.string().min(1).max(120),
      role: z.enum(ACCOUNT_ROLES),
      scope: z
        .object({ kind: z.enum(SCOPE_KINDS), code: z.string().regex(/^\d{2,7}$/) })
        .nullable()
        .default(null),
      password: z.string().min(10).max(200),
    }),
    role: "person",
    audited: true,
    response: ACCOUNT,
    handler: async ({ body, principal, request }) => {
      onlyAdmin(principal.person);
      return (await context.operations()).createAccount(body, {
        caller: principal.caller,
        address: request.ip,
      });
    },
  });

  register({
    method: "PUT",
    url: "/api/v1/accounts/:username/active",
    summary: "Turn an account on or off (administrator); turning it off ends its sessions",
    tags: ["accounts"],
    params: z.object({ username: USERNAME }),
    body: z.object({ active: z.boolean() }),
    role: "person",
    audited: true,
    response: ACCOUNT,
    handler: async ({ params, body, principal, request }) => {
      onlyAdmin(principal.person);
      return (await context.operations()).setAccountActive(params.username, body.active, {
        caller: principal.caller,
        address: request.ip,
      });
    },
  });

  register({
    method: "GET",
    url: "/api/v1/audit",
    summary: "The audit log, newest first (administrator): who wrote what, when, before and after",
    tags: ["accounts"],
    query: z.object({
      entity: z.string().max(40).optional(),
      entityId: z.string().max(200).optional(),
      actor: z.string().max(120).optional(),
      limit: integer(1, 1000).optional(),
    }),
    role: "person",
    response: AUDIT_LIST,
    handler: async ({ query, principal }) => {
      onlyAdmin(principal.person);
      const filter = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
      return (await context.operations()).audit(filter);
    },
  });
};
