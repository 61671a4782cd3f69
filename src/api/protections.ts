import type { FastifyInstance } from "fastify";
import compress from "@fastify/compress";
import etag from "@fastify/etag";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import type { Config } from "../config/index.ts";
import { BrechaError } from "../errors/index.ts";

/** Security headers, the per-client rate limit, compression and ETags: what every answer gets. */
export async function installProtections(
  app: FastifyInstance,
  server: Config["server"],
): Promise<void> {
  // Security headers (Fastify's helmet plugin): a content security policy that lets the dashboard
  // load only its own scripts, workers and data (MapLibre's worker is a bundled file, its images
  // may be blob: or data: URLs), no framing, no MIME sniffing, no referrer. Requests are not
  // upgraded to https: the server is often reached on loopback or behind a TLS proxy.
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        workerSrc: ["'self'", "blob:"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", "data:"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: "no-referrer" },
  });
  // Rate limit (Fastify's plugin): a one-minute window per client address. Health checks are never
  // limited, so that a busy client cannot make an orchestrator restart the server.
  await app.register(rateLimit, {
    max: server.rateLimitPerMinute,
    timeWindow: 60_000,
    cache: 10_000,
    // Only a refused request is told about the limit (Retry-After): three headers fewer on every
    // answer.
    addHeadersOnExceeding: {
      "x-ratelimit-limit": false,
      "x-ratelimit-remaining": false,
      "x-ratelimit-reset": false,
    },
    addHeaders: {
      "x-ratelimit-limit": false,
      "x-ratelimit-remaining": false,
      "x-ratelimit-reset": false,
      "retry-after": true,
    },
    allowList: (request) => {
      const path = request.url.split("?")[0];
      return path === "/healthz" || path === "/readyz";
    },
    errorResponseBuilder: (request, limit) =>
      new BrechaError(
        "BRECHA_RATE_LIMITED",
        `more than ${limit.max} requests in a minute from ${request.ip}; retry in ${Math.ceil(limit.ttl / 1000)} s`,
        {
          es: `más de ${limit.max} solicitudes en un minuto desde ${request.ip}; vuelva a intentar en ${Math.ceil(limit.ttl / 1000)} s`,
        },
      ),
  });
  // Compression and ETags (Fastify's plugins) for every response. Cached API responses carry their
  // own ETag and are gzipped once, then served as bytes: both plugins leave such responses as
  // they are, and answer a matching If-None-Match with 304.
  await app.register(compress, { threshold: 1024, encodings: ["gzip", "deflate"] });
  await app.register(etag);
}
