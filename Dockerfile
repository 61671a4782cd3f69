# syntax=docker/dockerfile:1
# Brecha: build the dashboard with the development dependencies, then run on a slim image with the
# runtime dependencies only, as an unprivileged user. The workspace (DuckDB file, models,
# scenarios, pipeline state) lives in /data, a volume.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY web ./web
COPY pipelines ./pipelines
RUN npm run build:web && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    BRECHA_HOME=/data \
    BRECHA_HOST=0.0.0.0 \
    BRECHA_PORT=8080 \
    BRECHA_PROGRESS=plain
RUN groupadd --system --gid 10001 brecha \
 && useradd --system --uid 10001 --gid brecha --home-dir /data --shell /usr/sbin/nologin brecha \
 && mkdir -p /data && chown brecha:brecha /data
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/bin ./bin
COPY --from=build /app/src ./src
COPY --from=build /app/pipelines ./pipelines
COPY --from=build /app/dist ./dist
USER 10001:10001
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=60s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "bin/brecha.js"]
# `up` builds the workspace on first start (mirror, cache, downloads, labelled demo) and serves it.
CMD ["up"]
