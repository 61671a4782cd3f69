import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { z } from "zod";
import { loadConfig } from "../src/config/index.ts";
import { openOperations } from "../src/operations/index.ts";
import { openStore, sql } from "../src/storage/index.ts";
import { buildWorkspace } from "../src/tables/index.ts";
import { REAL_MIRROR, REPO_ROOT, tempDir } from "./helpers/paths.ts";
import { operationsContract } from "./helpers/operations-contract.ts";
import {
  POSTGRESQL_MISSING,
  startPostgres,
  type LocalPostgres,
} from "./helpers/postgresql-server.ts";

// The same contract as the embedded engine, on a real PostgreSQL server started on loopback.
describe("PostgreSQL operational store", { skip: POSTGRESQL_MISSING }, () => {
  let server: LocalPostgres;
  let databases = 0;
  before(async () => {
    server = await startPostgres();
  });
  after(async () => server?.stop());
  operationsContract("postgresql", async () =>
    openOperations({
      home: "unused",
      operations: { url: await server.createDatabase(`contract_${++databases}`), connections: 5 },
    }),
  );
});

/** `brecha serve` in a process of its own; its address once it listens. */
async function serve(
  home: string,
  env: NodeJS.ProcessEnv,
): Promise<{ base: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, "bin/brecha.js"), "--home", home, "serve", "--port", "0"],
    {
      env: { ...process.env, BRECHA_PROGRESS: "none", ...env },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  const base = await new Promise<string>((resolve, reject) => {
    let text = "";
    child.stderr!.on("data", (d: Buffer) => {
      text += d.toString();
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(text);
      if (m) resolve(`http://127.0.0.1:${m[1]}`);
    });
    child.once("exit", (code) => reject(new Error(`serve exited ${code}: ${text}`)));
  });
  return { base, child };
}

describe("two server processes on one PostgreSQL database", { skip: POSTGRESQL_MISSING }, () => {
  const dir = tempDir();
  let server: LocalPostgres;
  let url: string;
  const children: ChildProcess[] = [];
  before(async () => {
    server = await startPostgres();
    url = await server.createDatabase("shared");
    const writer = await openStore(join(dir.path, "brecha.duckdb"));
    await buildWorkspace(
      writer,
      loadConfig({ overrides: { home: dir.path, mirror: REAL_MIRROR, offline: true }, env: {} }),
    );
    await writer.close();
  });
  after(async () => {
    for (const child of children) {
      child.kill("SIGTERM");
      if (child.exitCode === null) await new Promise((r) => child.once("exit", r));
    }
    await server?.stop();
    dir.cleanup();
  });

  test("each sees the other's writes at once: sessions, requests, reviews", async () => {
    const store = await openStore(join(dir.path, "brecha.duckdb"), { readOnly: true });
    const [school] = await store.query(
      sql`SELECT codigo_modular AS code, codigo_ugel AS ugel FROM schools
          WHERE codigo_ugel IS NOT NULL AND ubigeo IS NOT NULL AND length(codigo_modular) = 7 ORDER BY 1 LIMIT 1`,
      z.object({ code: z.string(), ugel: z.string() }),
    );
    await store.close();
    const ops = await openOperations({ home: dir.path, operations: { url, connections: 2 } });
    const setup = { caller: "test:setup", address: null };
    await ops.createAccount(
      {
        username: "docente",
        displayName: "Docente",
        role: "school",
        scope: { kind: "school", code: school!.code },
        password: "clave-segura-2026",
      },
      setup,
    );
    await ops.createAccount(
      {
        username: "ugel",
        displayName: "UGEL",
        role: "officer",
        scope: { kind: "ugel", code: school!.ugel },
        password: "clave-segura-2026",
      },
      setup,
    );
    await ops.close();
    // Both read the same workspace file; the embedded workspace store is opened read-only by serve.
    const one = await serve(dir.path, { BRECHA_OPERATIONS_URL: url });
    children.push(one.child);
    const two = await serve(dir.path, { BRECHA_OPERATIONS_URL: url });
    children.push(two.child);
    const signIn = async (base: string, username: string) => {
      const answer = await fetch(`${base}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username, password: "clave-segura-2026" }),
      });
      assert.equal(answer.status, 200, await answer.clone().text());
      const cookie = answer.headers.getSetCookie()[0]!.split(";")[0]!;
      const { csrf } = (await answer.json()) as { csrf: string };
      return { cookie, csrf };
    };
    const teacher = await signIn(one.base, "docente");
    // The session started on one server is valid on the other.
    assert.equal(
      (await fetch(`${two.base}/api/v1/auth/me`, { headers: { cookie: teacher.cookie } })).status,
      200,
    );
    const filed = await fetch(`${one.base}/api/v1/requests`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        cookie: teacher.cookie,
        "x-csrf-token": teacher.csrf,
      },
      body: JSON.stringify({
        school: school!.code,
        needs: { devices: { tablets: 6 } },
        students: 18,
        reason: "Aula sin equipos para el curso de ciencia y tecnología.",
      }),
    });
    assert.equal(filed.status, 201, await filed.clone().text());
    const { id } = (await filed.json()) as { id: number };
    const officer = await signIn(two.base, "ugel");
    const queue = (await (
      await fetch(`${two.base}/api/v1/requests?status=pending`, {
        headers: { cookie: officer.cookie },
      })
    ).json()) as { requests: Array<{ id: number }> };
    assert.deepEqual(
      queue.requests.map((r) => r.id),
      [id],
    );
    const reviewed = await fetch(`${two.base}/api/v1/requests/${id}/review`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        cookie: officer.cookie,
        "x-csrf-token": officer.csrf,
      },
      body: JSON.stringify({ decision: "approve" }),
    });
    assert.equal(reviewed.status, 200, await reviewed.clone().text());
    const seen = (await (
      await fetch(`${one.base}/api/v1/requests/${id}`, { headers: { cookie: teacher.cookie } })
    ).json()) as { status: string };
    assert.equal(seen.status, "approved");
    // Signing out on one server ends the session on both.
    await fetch(`${two.base}/api/v1/auth/logout`, {
      method: "POST",
      headers: { cookie: teacher.cookie, "x-csrf-token": teacher.csrf },
    });
    assert.equal(
      (await fetch(`${one.base}/api/v1/auth/me`, { headers: { cookie: teacher.cookie } })).status,
      401,
    );
  });
});
