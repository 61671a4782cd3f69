import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { ResponseSchema } from "../contract/index.ts";
import { BrechaError } from "../errors/index.ts";
import { SCHEMA_MESSAGES_ES } from "./schema-words.ts";

/** zod's issue messages in Spanish. */
const SPANISH_ISSUES = z.locales.es().localeError;
const WHERE_ES: Record<string, string> = {
  query: "parámetro de consulta",
  path: "parámetro de ruta",
  body: "cuerpo",
};

const listed = (issues: z.core.$ZodIssue[], words: Record<string, string> = {}) =>
  issues.map((i) => `${i.path.join(".") || "(root)"}: ${words[i.message] ?? i.message}`).join("; ");

/**
 * A request's query, path or body parsed with its route's schema; a refusal lists every issue, in
 * English and (zod's own Spanish words, plus the schema's custom messages translated) in Spanish.
 */
export function parseInput<T extends z.ZodType>(
  schema: T | undefined,
  value: unknown,
  where: "query" | "path" | "body",
  request: FastifyRequest,
): z.infer<T> {
  if (!schema) return value as z.infer<T>;
  // No value (a POST without a body) reads as {}; a body that is JSON `null` does not.
  const empty = value === undefined || (value === null && !request.headers["content-type"]);
  const input = empty ? {} : value;
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const spanish = schema.safeParse(input, { error: SPANISH_ISSUES });
  throw new BrechaError("BRECHA_USAGE", `invalid ${where}: ${listed(result.error.issues)}`, {
    es: `${WHERE_ES[where]} no válido: ${listed(spanish.error?.issues ?? result.error.issues, SCHEMA_MESSAGES_ES)}`,
    details: {
      issues: result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    },
  });
}

/**
 * Checks an answer against the schema the route publishes (and the dashboard parses with) before
 * it is sent or cached. A mismatch is the server's fault: a 500 that names the route and the
 * first field, never an answer the dashboard would misread.
 */
export function checkResponse(schema: ResponseSchema | undefined, value: unknown, url: string) {
  if (!schema) return;
  const result = z.safeParse(schema, value);
  if (result.success) return;
  const issue = result.error.issues[0]!;
  const at = issue.path.join(".") || "(root)";
  throw new BrechaError(
    "BRECHA_RESPONSE_SHAPE",
    `the answer of ${url} does not match its schema at ${at}: ${issue.message}`,
    { es: `la respuesta de ${url} no coincide con su esquema en ${at}: ${issue.message}` },
  );
}
