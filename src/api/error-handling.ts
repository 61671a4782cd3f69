import { randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../config/index.ts";
import { BrechaError, ERROR_CODES } from "../errors/index.ts";
import { requestLanguage } from "./language.ts";

/** The one error shape of the API. */
export interface ApiError {
  readonly status: number;
  readonly code: string;
  readonly error: string;
  readonly message: string;
  readonly details?: unknown;
}

const REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

function errorBody(status: number, code: string, message: string, details?: unknown): ApiError {
  return {
    status,
    code,
    error: REASONS[status] ?? "Error",
    message,
    ...(details === undefined ? {} : { details }),
  };
}

/** A message with the directories of any absolute path taken out: `no model file at
 * /srv/brecha/.brecha/models/x.json` becomes `… at x.json`. */
export function withoutPaths(message: string): string {
  return message.replace(
    /(^|[\s"'`(=])(?:[A-Za-z]:)?[\\/](?:[^\s"'`)\\/]+[\\/])+([^\s"'`)]*)/g,
    "$1$2",
  );
}

// A server error tells the client what kind of failure it was and a reference to quote; the
// engine's message, the SQL, paths and the stack go to the log under that reference only.
export function serverError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  error: unknown,
) {
  const reference = randomBytes(6).toString("hex");
  request.log.error({ err: error, reference }, "server error");
  const es = requestLanguage(request) === "es";
  return reply
    .status(status)
    .send(
      errorBody(
        status,
        code,
        status === 503
          ? es
            ? `el servicio no está disponible ahora; vuelva a intentar más tarde (referencia ${reference})`
            : `the service is not available right now; try again later (reference ${reference})`
          : es
            ? `el servidor no pudo responder a esta solicitud; indique la referencia ${reference} al administrador`
            : `the server could not answer this request; quote reference ${reference} to the administrator`,
        { reference },
      ),
    );
}

/** The error handler and the not-found handler: one JSON error shape, in the request's language,
 * with nothing of the server's insides (paths, SQL, stacks) in what the client reads. */
export function installErrorHandling(app: FastifyInstance, server: Config["server"]): void {
  // Messages go out in the request's language (Accept-Language; Spanish by default).
  app.setErrorHandler((error: unknown, request, reply) => {
    const lang = requestLanguage(request);
    if (error instanceof BrechaError) {
      const status = error.httpStatus;
      if (error.code === "BRECHA_BUSY") {
        // Not a failure: the caller is told when to come back.
        void reply.header("retry-after", String(error.details.retryAfterSeconds ?? 5));
        return reply.status(status).send(errorBody(status, error.code, error.messageIn(lang)));
      }
      // A refusal that says when to come back (slowed sign-ins) says it in the header too.
      if (typeof error.details.retryAfterSeconds === "number")
        void reply.header("retry-after", String(error.details.retryAfterSeconds));
      if (status >= 500) return serverError(request, reply, status, error.code, error);
      // An error without Spanish words of its own: the Spanish message is the code's summary,
      // and the English specifics go along in details.en for whoever can use them.
      const untranslated = lang === "es" && error.es === undefined;
      const details = {
        ...error.details,
        ...(untranslated ? { en: withoutPaths(error.message) } : {}),
      };
      return reply
        .status(status)
        .send(
          errorBody(
            status,
            error.code,
            withoutPaths(error.messageIn(lang)),
            Object.keys(details).length > 0 ? details : undefined,
          ),
        );
    }
    const e = error as { statusCode?: number; code?: string; message?: string };
    if (e.code === "FST_ERR_CTP_BODY_TOO_LARGE")
      return reply
        .status(413)
        .send(
          errorBody(
            413,
            "BRECHA_PAYLOAD_TOO_LARGE",
            lang === "es"
              ? `el cuerpo de la solicitud pasa de ${server.bodyLimitBytes} bytes`
              : `request body over ${server.bodyLimitBytes} bytes`,
          ),
        );
    if (typeof e.statusCode === "number" && e.statusCode >= 400 && e.statusCode < 500)
      return reply.status(e.statusCode).send(
        errorBody(
          e.statusCode,
          "BRECHA_USAGE",
          // Fastify's own words (a malformed JSON body, an unsupported content type) are English:
          // the Spanish reader gets the summary, and the detail stays in the log.
          lang === "es"
            ? ERROR_CODES.BRECHA_USAGE.resumen
            : withoutPaths(e.message ?? "bad request"),
        ),
      );
    return serverError(request, reply, 500, "BRECHA_INTERNAL", error);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0];
    return reply
      .status(404)
      .send(
        errorBody(
          404,
          "BRECHA_NOT_FOUND",
          requestLanguage(request) === "es"
            ? `no hay ruta ${request.method} ${path}; vea /docs`
            : `no route ${request.method} ${path}; see /docs`,
        ),
      );
  });
}
