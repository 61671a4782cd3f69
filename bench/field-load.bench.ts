import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import type { ChildProcess } from "node:child_process";
import { z } from "zod";
import { loadConfig } from "../src/config/index.ts";
import { openOperations } from "../src/operations/index.ts";
import { openStore, sql } from "../src/storage/index.ts";
import { POSTGRESQL_MISSING, startPostgres } from "../test/helpers/postgresql-server.ts";
import { benchWorkspace, startServe } from "./api.bench.ts";

export interface FieldLoadFigure {
  readonly engine: "embedded" | "postgresql";
  readonly users: number;
  readonly seconds: number;
  readonly requests: number;
  readonly writes: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly errors: number;
}

const PASSWORD = "clave-de-carga-2026";
const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/**
 * `users` teachers, each of their own school, signed in, for `seconds`: each files a request
 * (3 in 10 actions) or reads their school's list or one request (7 in 10), then thinks for 0.5 to
 * 1.5 s, as people at a screen do; they arrive over the first five seconds. Against `brecha serve` in a process of its own on the
 * embedded operational store, or on a PostgreSQL server started here. Target: no errors, p99
 * under 100 ms.
 */
export async function benchFieldLoad(
  dir: string,
  engine: "embedded" | "postgresql",
  users = 200,
  seconds = 60,
): Promise<FieldLoadFigure | null> {
  if (engine === "postgresql" && POSTGRESQL_MISSING) return null;
  const home = await benchWorkspace(dir, `field-${engine}`);
  const store = await openStore(`${home}/brecha.duckdb`, { readOnly: true });
  const schools = await store.query(
    sql`SELECT codigo_modular AS code FROM schools
        WHERE ubigeo IS NOT NULL AND length(codigo_modular) = 7 ORDER BY codigo_modular LIMIT ${sql.value(users)}`,
    z.object({ code: z.string() }),
  );
  await store.close();
  const postgres = engine === "postgresql" ? await startPostgres() : null;
  let child: ChildProcess | undefined;
  try {
    const url = postgres ? await postgres.createDatabase("field_load") : null;
    const config = loadConfig({ overrides: { home, operations: { url } }, env: {} });
    const ops = await openOperations(config);
    for (const [i, s] of schools.entries())
      await ops.createAccount(
        {
          username: `docente${i}`,
          displayName: `Docente ${i}`,
          role: "school",
          scope: { kind: "school", code: s.code },
          password: PASSWORD,
        },
        { caller: "bench", address: null },
      );
    await ops.close();
    const served = await startServe(home, url ? { BRECHA_OPERATIONS_URL: url } : {});
    child = served.child;
    const base = served.base;
    const sessions = await signInAll(base, schools);
    const { latencies, errors, writes } = await runUsers(base, sessions, seconds);
    return {
      engine,
      users,
      seconds,
      requests: latencies.length,
      writes,
      requestsPerSecond: latencies.length / seconds,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: latencies.at(-1) ?? 0,
      errors,
    };
  } finally {
    if (child) {
      child.kill("SIGTERM");
      if (child.exitCode === null) await new Promise((r) => child!.once("exit", r));
    }
    await postgres?.stop();
  }
}

interface User {
  readonly school: string;
  readonly cookie: string;
  readonly csrf: string;
  readonly filed: number[];
}

const FILING = (school: string, tablets: number) =>
  JSON.stringify({
    school,
    needs: { devices: { tablets } },
    students: 20,
    reason: "Estudiantes sin equipo para las clases a distancia.",
  });

/** Every teacher signs in (not measured: scrypt is meant to be slow). */
function signInAll(base: string, schools: ReadonlyArray<{ code: string }>): Promise<User[]> {
  return Promise.all(
    schools.map(async (s, i) => {
      const answer = await fetch(`${base}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: `docente${i}`, password: PASSWORD }),
      });
      if (answer.status !== 200)
        throw new Error(`sign-in ${answer.status}: ${await answer.text()}`);
      const cookie = answer.headers.getSetCookie()[0]!.split(";")[0]!;
      const { csrf } = (await answer.json()) as { csrf: string };
      return { school: s.code, cookie, csrf, filed: [] };
    }),
  );
}

/** One action of a user: file (`roll` < 0.3, or nothing filed yet), read the list, or read one. */
async function act(
  base: string,
  user: User,
  roll: number,
  random: () => number,
): Promise<{ status: number; write: boolean }> {
  if (roll < 0.3 || user.filed.length === 0) {
    const answer = await fetch(`${base}/api/v1/requests`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        cookie: user.cookie,
        "x-csrf-token": user.csrf,
      },
      body: FILING(user.school, 1 + Math.floor(random() * 30)),
    });
    if (answer.status === 201) user.filed.push(((await answer.json()) as { id: number }).id);
    else await answer.arrayBuffer();
    return { status: answer.status, write: true };
  }
  const url =
    roll < 0.8
      ? `${base}/api/v1/requests?limit=20`
      : `${base}/api/v1/requests/${user.filed[Math.floor(random() * user.filed.length)]}`;
  const answer = await fetch(url, { headers: { cookie: user.cookie } });
  await answer.arrayBuffer();
  return { status: answer.status, write: false };
}

/** The measured run: a warm-up filing, then every user acting and thinking until time is up. */
async function runUsers(base: string, users: readonly User[], seconds: number) {
  // Warm-up, not measured: one filing loads the padrón's school places into the server, as the
  // first filing after a start does.
  const first = users[0]!;
  const warm = await act(base, first, 0, () => 0.5);
  if (warm.status !== 201) throw new Error(`warm-up filing answered ${warm.status}`);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const latencies: number[] = [];
  let errors = 0;
  let writes = 0;
  const end = Date.now() + seconds * 1000;
  let seed = 1;
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  await Promise.all(
    users.map(async (user) => {
      // People arrive over the first five seconds, not all in the same instant.
      await new Promise((r) => setTimeout(r, random() * 5000));
      while (Date.now() < end) {
        const started = performance.now();
        try {
          const { status, write } = await act(base, user, random(), random);
          if (write) writes++;
          if (status >= 300) errors++;
        } catch {
          errors++;
        }
        const took = performance.now() - started;
        latencies.push(took);
        if (process.env.BENCH_FIELD_TRACE && took > 100)
          console.error(
            `slow ${took.toFixed(0)} ms at ${(seconds - (end - Date.now()) / 1000).toFixed(1)} s`,
          );
        await new Promise((r) => setTimeout(r, 500 + random() * 1000));
      }
    }),
  );
  loop.disable();
  if (process.env.BENCH_FIELD_TRACE) await trace(base, loop);
  latencies.sort((a, b) => a - b);
  return { latencies, errors, writes };
}

/** With BENCH_FIELD_TRACE: the server's own latency buckets, event-loop lag and GC, and the
 * client's event-loop delay (a slow client shows up as slow answers too). */
async function trace(base: string, loop: IntervalHistogram): Promise<void> {
  const text = await (await fetch(`${base}/metrics`)).text();
  for (const line of text.split("\n"))
    if (
      /brecha_http_request_duration_seconds_bucket.*requests/.test(line) ||
      /eventloop_lag_(p99|max)|gc_duration_seconds_sum|cpu_seconds_total/.test(line)
    )
      console.error(line);
  console.error(
    `client event loop delay max ${(loop.max / 1e6).toFixed(0)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms`,
  );
}
