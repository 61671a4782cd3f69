import type { FastifyRequest } from "fastify";

export type ApiLang = "es" | "en";

/**
 * The language to answer in, from the Accept-Language header: the first of Spanish and English
 * by the client's preference (q-values), Spanish when the header names neither or is absent.
 * `es-PE, es;q=0.9, en;q=0.8` → es; `en-GB,en;q=0.9` → en.
 */
export function languageOf(header: string | undefined): ApiLang {
  if (!header) return "es";
  let best: { lang: ApiLang; q: number } | null = null;
  for (const part of header.split(",").slice(0, 20)) {
    const [tag, ...params] = part.trim().toLowerCase().split(";");
    const base = tag?.split("-")[0];
    if (base !== "es" && base !== "en") continue;
    const qParam = params.find((p) => p.trim().startsWith("q="));
    const q = qParam ? Number(qParam.trim().slice(2)) : 1;
    if (Number.isFinite(q) && q > 0 && (!best || q > best.q)) best = { lang: base, q };
  }
  return best?.lang ?? "es";
}

export const requestLanguage = (request: FastifyRequest): ApiLang =>
  languageOf(request.headers["accept-language"]);
