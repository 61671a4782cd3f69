import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { statSync } from "node:fs";
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

describe("backup and restore between engines", { skip: POSTGRESQL_MISSING }, () => {
  const dir = tempDir();
  let server: LocalPostgres;
  before(async () => {
    server = await startPostgres();
  });
  after(async () => {
    await server?.stop();
    dir.cleanup();
  });

  test("brecha backup of the embedded store, brecha restore into PostgreSQL: accounts sign in, ids go on", async () => {
    const home = join(dir.path, "embedded");
    const setup = { caller: "test:setup", address: null };
    const embedded = await openOperations({ home, operations: { url: null, connections: 1 } });
    const teacher = await embedded.createAccount(
      {
        username: "docente",
        displayName: "Docente",
        role: "school",
        scope: { kind: "school", code: "0201234" },
        password: "clave-segura-2026",
      },
      setup,
    );
    const place = {
      codigoModular: "0201234",
      codigoLocal: "305010",
      name: "IE 1",
      ubigeo: "080101",
      ugel: "080001",
    };
    const request = await embedded.fileRequest(
      place,
      {
        needs: { devices: { tablets: 3 } },
        students: 9,
        reason: "Faltan equipos para el aula multigrado.",
      },
      setup,
    );
    await embedded.reviewRequest(request.id, { decision: "approve", reason: "" }, setup);
    await embedded.createShipments(
      "job:x",
      [
        {
          origin: "UGEL 0801",
          codigoLocal: "305010",
          schools: ["0201234"],
          ubigeo: "080101",
          ugel: "080001",
          bundle: "tablet",
          units: 3,
          requests: [request.id],
        },
      ],
      7,
      setup,
    );
    await embedded.giveFeedback(teacher.id, "kolibri", { rating: 4, useful: true }, setup);
    const file = join(dir.path, "operaciones.jsonl.gz");
    await embedded.close();
    const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
      spawnSync(process.execPath, [join(REPO_ROOT, "bin/brecha.js"), "--home", home, ...args], {
        encoding: "utf8",
        env: { ...process.env, LANG: "es_PE.UTF-8", ...env },
      });
    const backup = cli(["backup", file]);
    assert.equal(backup.status, 0, backup.stderr);
    assert.match(backup.stdout, /accounts 1, school_requests 1, shipments 1, resource_feedback 1/);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const url = await server.createDatabase("restored");
    const restore = cli(["restore", file], { BRECHA_OPERATIONS_URL: url });
    assert.equal(restore.status, 0, restore.stderr);
    const again = cli(["restore", file], { BRECHA_OPERATIONS_URL: url });
    assert.equal(again.status, 2);
    assert.match(again.stderr, /BRECHA_CONFLICT/);
    const restored = await openOperations({ home, operations: { url, connections: 2 } });
    try {
      const { session } = await restored.signIn("docente", "clave-segura-2026", "10.0.0.1", 1);
      assert.equal(session.account.id, teacher.id);
      assert.equal((await restored.request(request.id))!.status, "approved");
      const [shipment] = await restored.shipments({});
      assert.deepEqual([shipment!.units, shipment!.requests], [3, [request.id]]);
      assert.deepEqual(
        (await restored.votesOf(teacher.id)).map((v) => v.rating),
        [4],
      );
      const next = await restored.fileRequest(
        place,
        {
          needs: { services: { water: true } },
          students: 9,
          reason: "Sin agua potable en el local escolar.",
        },
        setup,
      );
      assert.equal(next.id, request.id + 1);
      assert.ok(
        (await restored.audit({ entity: "operations" })).some((r) => r.action === "restore"),
      );
    } finally {
      await restored.close();
    }
  });
});
