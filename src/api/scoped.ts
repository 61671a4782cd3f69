import { BrechaError } from "../errors/index.ts";

/** Refused for the caller's role or scope (403), in both languages. */
export const forbidden = (en: string, es: string): BrechaError =>
  new BrechaError("BRECHA_FORBIDDEN", en, { es });

/**
 * A record the caller asked for by id: 404 when there is none, 403 when it lies outside what the
 * caller's role and scope may see. `what` names it in both languages ("request 12", "la
 * solicitud 12").
 */
export function seenBy<T>(
  found: T | null,
  allowed: (record: T) => boolean,
  what: { en: string; es: string },
): T {
  if (!found)
    throw new BrechaError("BRECHA_NOT_FOUND", `no ${what.en}`, { es: `no existe ${what.es}` });
  if (!allowed(found))
    throw forbidden(`${what.en} is outside your scope`, `${what.es} está fuera de su ámbito`);
  return found;
}
