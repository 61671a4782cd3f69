import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyRequest } from "fastify";
import type { Config } from "../config/index.ts";
import { BrechaError } from "../errors/index.ts";
import type { Role } from "./context.ts";

const RANK: Record<Role, number> = { viewer: 1, analyst: 2, admin: 3 };

/** A key's role and a short fingerprint of it: attributable in records, useless as a key. */
function callerOf(role: Role, key: string): string {
  return `api:${role}:${createHash("sha256").update(key).digest("hex").slice(0, 8)}`;
}

/** Compares API keys in time that does not depend on where they differ. */
function sameKey(known: string, given: string): boolean {
  const a = createHash("sha256").update(known).digest();
  const b = createHash("sha256").update(given).digest();
  return timingSafeEqual(a, b);
}

/**
 * Who is asking, from the API key (header x-api-key, or Authorization: Bearer): the caller's
 * record name, or a refusal when the route needs a role the key does not have (reads are public
 * unless the server needs keys for them).
 */
export function authoriser(
  server: Config["server"],
): (request: FastifyRequest, needed: "read" | Role) => string {
  return (request, needed) => {
    const header =
      request.headers["x-api-key"] ?? request.headers.authorization?.replace(/^Bearer\s+/i, "");
    const key = Array.isArray(header) ? header[0] : header;
    if (needed === "read" && server.publicReads) {
      const known = key ? server.apiKeys.find((k) => sameKey(k.key, key)) : undefined;
      return known ? callerOf(known.role, known.key) : "api:public";
    }
    const wanted: Role = needed === "read" ? "viewer" : needed;
    if (!key)
      throw new BrechaError(
        "BRECHA_UNAUTHORIZED",
        `this request needs an API key with role ${wanted} (header x-api-key)`,
        {
          es: `esta solicitud necesita una clave de API con el rol ${wanted} (cabecera x-api-key)`,
        },
      );
    const entry = server.apiKeys.find((k) => sameKey(k.key, key));
    if (!entry)
      throw new BrechaError("BRECHA_UNAUTHORIZED", "unknown API key", {
        es: "clave de API desconocida",
      });
    if (RANK[entry.role] < RANK[wanted])
      throw new BrechaError(
        "BRECHA_FORBIDDEN",
        `role ${entry.role} cannot do this: it needs ${wanted}`,
        { es: `el rol ${entry.role} no puede hacer esto: necesita ${wanted}` },
      );
    return callerOf(entry.role, entry.key);
  };
}
