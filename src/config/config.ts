import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import { ConfigError } from "../errors/index.ts";

/**
 * All settings in one place, with their defaults and units. Parsed once at start-up from (in
 * increasing priority) built-in defaults, `brecha.config.json` in the working directory,
 * environment variables and command-line flags; then frozen and passed down. This is the only
 * module that reads `process.env`.
 */
export const ConfigSchema = z
  .object({
    /** Workspace folder: the DuckDB file, the download cache, raw copies of ingested files. */
    home: z.string().min(1).default(".brecha"),
    /** Local folder holding copies of the catalogued source files, looked up first. */
    mirror: z.string().min(1).nullable().default(null),
    /** Never try the network (downloads are skipped, not failed). */
    offline: z.boolean().default(false),
    /** Use the starter pack shipped in the repository (`data/starter/`) for sources found
     * nowhere else, before the synthetic demo. */
    starterPack: z.boolean().default(true),
    /** Per-file download timeout, milliseconds. */
    downloadTimeoutMs: z.number().int().positive().default(8_000),
    /** `auto`: synthetic demo data fill only what no real source provides, labelled as such;
     * `never`: fail instead; `only`: build a fully synthetic demo workspace. */
    synthetic: z.enum(["auto", "never", "only"]).default("auto"),
    /** Seed of the synthetic demo; the same seed gives the same workspace. */
    seed: z.number().int().default(2026),
    /** Share (0-1) of data rows that may be quarantined before a load is refused. */
    maxBadRowShare: z.number().min(0).max(1).default(0.05),
    lang: z.enum(["es", "en"]).default("es"),
    /** Progress on stderr: `auto` draws a bar on a terminal; `plain` writes one line per stage
     * (for logs and supervisors); `none` stays silent. */
    progress: z.enum(["auto", "plain", "none"]).default("auto"),
    /** Where the API reads data: the embedded DuckDB workspace (default), or ClickHouse servers
     * filled with `brecha store copy` (many rows, many concurrent users). */
    store: z
      .object({
        engine: z.enum(["duckdb", "clickhouse"]).default("duckdb"),
        clickhouse: z
          .object({
            /** HTTP address of each node; queries go to the first. */
            urls: z.array(z.url()).min(1),
            database: z.string().regex(/^\w+$/).default("default"),
            /** Cluster name from the servers' remote_servers: tables sharded over its nodes. */
            cluster: z.string().regex(/^\w+$/).nullable().default(null),
            username: z.string().default("default"),
            password: z.string().default(""),
          })
          .nullable()
          .default(null),
      })
      .prefault({}),
    /** Where what people write is kept (accounts, sessions, school requests, the audit log):
     * the embedded engine in the workspace (`<home>/operations`, one server process) unless
     * `url` names a PostgreSQL database (`postgresql://user:password@host:port/db`), which
     * several server processes can share. */
    operations: z
      .object({
        url: z
          .string()
          .regex(/^postgres(ql)?:\/\//, "a postgresql:// address")
          .nullable()
          .default(null),
        /** Connections each server process keeps open to PostgreSQL. */
        connections: z.number().int().min(1).max(100).default(10),
      })
      .prefault({}),
    /** Pipeline definition files (JSON) the server schedules by their cron expressions. */
    pipelines: z.array(z.string().min(1)).default([]),
    server: z
      .object({
        host: z.string().default("127.0.0.1"),
        port: z.number().int().min(0).max(65_535).default(8080),
        /** Whether reads need no API key. */
        publicReads: z.boolean().default(true),
        /** API keys and their roles: viewer (reads), analyst (+ plans, training, scenarios), admin
         * (+ ingest, resources). Keys of at least 16 characters. */
        apiKeys: z
          .array(
            z.object({ key: z.string().min(16), role: z.enum(["viewer", "analyst", "admin"]) }),
          )
          .default([]),
        /** Requests per minute per client address (health checks are never limited). */
        rateLimitPerMinute: z.number().int().positive().default(1200),
        /** Trust X-Forwarded-For from a reverse proxy for the client address (rate limit, logs):
         * false (default, direct exposure), true, or the proxy's addresses (CIDR allowed). */
        trustProxy: z
          .union([z.boolean(), z.string().min(1), z.array(z.string().min(1))])
          .default(false),
        /** Whether /metrics needs an API key with the admin role (for a server reachable by
         * more than its Prometheus). */
        protectMetrics: z.boolean().default(false),
        /** Whether the session cookie carries the Secure flag (sent over https only). Browsers
         * also accept it from http://localhost; turn it off only for a plain-http test address. */
        secureCookies: z.boolean().default(true),
        /** How long a sign-in lasts, hours. */
        sessionHours: z
          .number()
          .positive()
          .max(24 * 30)
          .default(12),
        /** Largest request body accepted, bytes. */
        bodyLimitBytes: z.number().int().positive().default(1_048_576),
        /** Plans and training runs at once, each a process of its own (one leaves the other core
         * of a 2-core machine to the server). */
        jobConcurrency: z.number().int().min(1).max(64).default(1),
        /** Plans and training runs queued or running; past it a submission is told to retry. */
        jobQueue: z.number().int().min(1).max(10_000).default(32),
      })
      .prefault({}),
  })
  .strict();

export type Config = Readonly<z.infer<typeof ConfigSchema>>;
export type ConfigInput = z.input<typeof ConfigSchema>;

/** Spanish unless the locale clearly asks for English; Spanish when unknown. */
export function languageFromLocale(env: NodeJS.ProcessEnv): "es" | "en" {
  const locale = env.BRECHA_LANG ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? "";
  return /^en\b|^en[_-]/i.test(locale) ? "en" : "es";
}

function fromEnv(env: NodeJS.ProcessEnv): ConfigInput {
  const out: Record<string, unknown> = { lang: languageFromLocale(env) };
  if (env.BRECHA_HOME) out.home = env.BRECHA_HOME;
  if (env.BRECHA_MIRROR) out.mirror = env.BRECHA_MIRROR;
  if (env.BRECHA_OFFLINE) out.offline = env.BRECHA_OFFLINE === "1" || env.BRECHA_OFFLINE === "true";
  if (env.BRECHA_SYNTHETIC) out.synthetic = env.BRECHA_SYNTHETIC;
  if (env.BRECHA_PROGRESS) out.progress = env.BRECHA_PROGRESS;
  if (env.BRECHA_CLICKHOUSE_URLS)
    out.store = {
      engine: "clickhouse",
      clickhouse: {
        urls: env.BRECHA_CLICKHOUSE_URLS.split(",").map((u) => u.trim()),
        ...(env.BRECHA_CLICKHOUSE_CLUSTER ? { cluster: env.BRECHA_CLICKHOUSE_CLUSTER } : {}),
        ...(env.BRECHA_CLICKHOUSE_DATABASE ? { database: env.BRECHA_CLICKHOUSE_DATABASE } : {}),
        ...(env.BRECHA_CLICKHOUSE_PASSWORD ? { password: env.BRECHA_CLICKHOUSE_PASSWORD } : {}),
      },
    };
  if (env.BRECHA_OPERATIONS_URL) out.operations = { url: env.BRECHA_OPERATIONS_URL };
  if (env.BRECHA_PIPELINES)
    out.pipelines = env.BRECHA_PIPELINES.split(",")
      .map((p) => p.trim())
      .filter(Boolean);
  const server: Record<string, unknown> = {};
  if (env.BRECHA_PORT) server.port = Number(env.BRECHA_PORT);
  if (env.BRECHA_HOST) server.host = env.BRECHA_HOST;
  if (env.BRECHA_PUBLIC_READS)
    server.publicReads = env.BRECHA_PUBLIC_READS === "1" || env.BRECHA_PUBLIC_READS === "true";
  if (env.BRECHA_RATE_LIMIT) server.rateLimitPerMinute = Number(env.BRECHA_RATE_LIMIT);
  if (env.BRECHA_API_KEYS)
    server.apiKeys = env.BRECHA_API_KEYS.split(",").map((pair) => {
      const at = pair.lastIndexOf(":");
      return { key: pair.slice(0, at).trim(), role: pair.slice(at + 1).trim() };
    });
  if (Object.keys(server).length > 0) out.server = server;
  return out as ConfigInput;
}

function readConfigFile(cwd: string): ConfigInput {
  const path = resolve(cwd, "brecha.config.json");
  if (!existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, "utf8")) as ConfigInput;
  } catch (cause) {
    throw new ConfigError("BRECHA_CONFIG_INVALID", `${path}: not valid JSON`, { cause });
  }
}

/**
 * Loads, validates and freezes the settings.
 *
 * @example const config = loadConfig({ overrides: { mirror: "data/peru" } });
 */
export function loadConfig({
  overrides = {},
  env = process.env,
  cwd = process.cwd(),
}: { overrides?: ConfigInput; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Config {
  const merged = { ...readConfigFile(cwd), ...fromEnv(env), ...dropUndefined(overrides) };
  const server = {
    ...(readConfigFile(cwd).server ?? {}),
    ...(fromEnv(env).server ?? {}),
    ...(overrides.server ?? {}),
  };
  const parsed = ConfigSchema.safeParse({ ...merged, server });
  if (parsed.success && parsed.data.store.engine === "clickhouse" && !parsed.data.store.clickhouse)
    throw new ConfigError(
      "BRECHA_CONFIG_INVALID",
      "invalid settings: store.engine is clickhouse but store.clickhouse.urls is not set (or BRECHA_CLICKHOUSE_URLS)",
    );
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${i.path.join(".") || "(root)"}: ${i.message}`,
    );
    throw new ConfigError("BRECHA_CONFIG_INVALID", `invalid settings: ${problems.join("; ")}`, {
      details: { problems },
    });
  }
  const config = {
    ...parsed.data,
    home: resolve(cwd, parsed.data.home),
    mirror: parsed.data.mirror === null ? null : resolve(cwd, parsed.data.mirror),
    pipelines: parsed.data.pipelines.map((p) => resolve(cwd, p)),
  };
  return deepFreeze(config);
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** A ClickHouse connection: explicit choices (command-line options, pipeline parameters) first,
 * then `store.clickhouse` in the settings; null when no server address is known. */
export function clickhouseConnection(
  config: Config,
  chosen: {
    readonly urls?: readonly string[] | undefined;
    readonly cluster?: string | undefined;
    readonly database?: string | undefined;
  } = {},
): {
  urls: string[];
  database: string;
  username: string;
  password: string;
  cluster?: string;
} | null {
  const configured = config.store.clickhouse;
  const urls = chosen.urls ?? configured?.urls;
  if (!urls?.length) return null;
  const cluster = chosen.cluster ?? configured?.cluster ?? undefined;
  return {
    urls: [...urls],
    database: chosen.database ?? configured?.database ?? "default",
    username: configured?.username ?? "default",
    password: configured?.password ?? "",
    ...(cluster ? { cluster } : {}),
  };
}
