import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { z } from "zod";
import type { FastifyInstance } from "fastify";
import { loadConfig, type Config } from "../config/index.ts";
import { openOperations, type OperationsStore } from "../operations/index.ts";
import { openStore, sql, type Store } from "../storage/index.ts";
import { buildWorkspace } from "../tables/index.ts";
import { REAL_MIRROR, tempDir } from "../../test/helpers/paths.ts";
import { runJob } from "../../test/helpers/jobs.ts";
import { buildApi } from "./app.ts";

// The people's routes over a workspace built as `brecha up` builds it: accounts, sessions,
// anti-forgery tokens, scopes, slowed guessing and the audit log, through HTTP as a browser
// would use them.
const dir = tempDir();
const ADMIN_KEY = "admin-key-0123456789abcdefgh";
let store: Store;
let ops: OperationsStore;
let app: FastifyInstance;
/** Two schools of different UGELs and departments, and a third of the first's UGEL. */
let A: { code: string; ugel: string; ubigeo: string };
let B: { code: string; ugel: string; ubigeo: string };

const config = (): Config =>
  loadConfig({
    overrides: {
      home: dir.path,
      mirror: REAL_MIRROR,
      offline: true,
      server: { apiKeys: [{ key: ADMIN_KEY, role: "admin" }], rateLimitPerMinute: 100_000 },
    },
    env: {},
  });

const NEED = {
  needs: { devices: { tablets: 12 }, services: { internet: true } },
  students: 30,
  reason: "Sin conexión a internet en el aula de innovación desde marzo.",
};

/** Signs in; the cookie and the anti-forgery token to send with writes. */
async function signIn(username: string, password = "clave-segura-2026") {
  const answer = await app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { username, password },
  });
  assert.equal(answer.statusCode, 200, answer.body);
  const cookie = answer.cookies.find((c) => c.name === "brecha_session")!;
  const { csrf } = answer.json() as { csrf: string };
  return {
    cookie,
    headers: { cookie: `brecha_session=${cookie.value}`, "x-csrf-token": csrf },
    read: { cookie: `brecha_session=${cookie.value}` },
  };
}

before(async () => {
  const writer = await openStore(join(dir.path, "brecha.duckdb"));
  await buildWorkspace(writer, config());
  await writer.close();
  store = await openStore(join(dir.path, "brecha.duckdb"), { readOnly: true });
  const schools = await store.query(
    sql`SELECT s.codigo_modular AS code, s.codigo_ugel AS ugel, s.ubigeo FROM schools s
        WHERE s.codigo_ugel IS NOT NULL AND s.ubigeo IS NOT NULL AND length(s.codigo_modular) = 7
          AND s.latitud IS NOT NULL
          AND s.codigo_local IN (SELECT codigo_local FROM school_premises)
        ORDER BY s.codigo_modular`,
    z.object({ code: z.string(), ugel: z.string(), ubigeo: z.string() }),
  );
  A = schools[0]!;
  B = schools.find((s) => s.ugel !== A.ugel && s.ubigeo.slice(0, 2) !== A.ubigeo.slice(0, 2))!;
  ops = await openOperations(config());
  const admin = { caller: "test:setup", address: null };
  const password = "clave-segura-2026";
  await ops.createAccount(
    { username: "admin", displayName: "Admin", role: "admin", scope: null, password },
    admin,
  );
  await ops.createAccount(
    {
      username: "docente.a",
      displayName: "Docente A",
      role: "school",
      scope: { kind: "school", code: A.code },
      password,
    },
    admin,
  );
  await ops.createAccount(
    {
      username: "docente.b",
      displayName: "Docente B",
      role: "school",
      scope: { kind: "school", code: B.code },
      password,
    },
    admin,
  );
  await ops.createAccount(
    {
      username: "ugel.a",
      displayName: "UGEL A",
      role: "officer",
      scope: { kind: "ugel", code: A.ugel },
      password,
    },
    admin,
  );
  await ops.createAccount(
    {
      username: "ugel.b",
      displayName: "UGEL B",
      role: "officer",
      scope: { kind: "ugel", code: B.ugel },
      password,
    },
    admin,
  );
  await ops.createAccount(
    {
      username: "dre.a",
      displayName: "DRE A",
      role: "officer",
      scope: { kind: "department", code: A.ubigeo.slice(0, 2) },
      password,
    },
    admin,
  );
  await ops.createAccount(
    {
      username: "adivinada",
      displayName: "Cuenta adivinada",
      role: "student",
      scope: null,
      password,
    },
    admin,
  );
  await ops.createAccount(
    { username: "alumna.rec", displayName: "Alumna", role: "student", scope: null, password },
    admin,
  );
  app = await buildApi({ store, config: config(), operations: ops });
});
after(async () => {
  await app?.close();
  await ops?.close();
  await store?.close();
  dir.cleanup();
});

test("sign-in sets an httpOnly, SameSite=Strict, Secure cookie; /auth/me answers only with it", async () => {
  const session = await signIn("docente.a");
  assert.equal(session.cookie.httpOnly, true);
  assert.equal(session.cookie.sameSite, "Strict");
  assert.equal(session.cookie.secure, true);
  assert.equal(session.cookie.path, "/");
  const me = await app.inject({ url: "/api/v1/auth/me", headers: session.read });
  assert.equal(me.statusCode, 200);
  assert.equal((me.json() as { account: { username: string } }).account.username, "docente.a");
  assert.ok(!me.body.includes("scrypt"));
  assert.equal((await app.inject({ url: "/api/v1/auth/me" })).statusCode, 401);
  const out = await app.inject({
    method: "POST",
    url: "/api/v1/auth/logout",
    headers: session.headers,
  });
  assert.equal(out.statusCode, 200);
  assert.equal(
    (await app.inject({ url: "/api/v1/auth/me", headers: session.read })).statusCode,
    401,
  );
});

test("a school's teacher files for their school only; another school's teacher gets 403", async () => {
  const a = await signIn("docente.a");
  const b = await signIn("docente.b");
  const filed = await app.inject({
    method: "POST",
    url: "/api/v1/requests",
    headers: a.headers,
    payload: { school: A.code, ...NEED },
  });
  assert.equal(filed.statusCode, 201, filed.body);
  const request = filed.json() as { id: number; status: string; ugel: string };
  assert.equal(request.status, "pending");
  assert.equal(request.ugel, A.ugel);
  // B cannot read, withdraw or file for A.
  assert.equal(
    (await app.inject({ url: `/api/v1/requests/${request.id}`, headers: b.read })).statusCode,
    403,
  );
  assert.equal(
    (
      await app.inject({
        method: "POST",
        url: `/api/v1/requests/${request.id}/withdraw`,
        headers: b.headers,
      })
    ).statusCode,
    403,
  );
  const foreign = await app.inject({
    method: "POST",
    url: "/api/v1/requests",
    headers: b.headers,
    payload: { school: A.code, ...NEED },
  });
  assert.equal(foreign.statusCode, 403);
  // B's list does not hold A's request, even when asked for A's school.
  const list = (
    await app.inject({ url: `/api/v1/requests?school=${A.code}`, headers: b.read })
  ).json() as { requests: unknown[] };
  assert.equal(list.requests.length, 0);
  // Personal data in the reason is refused, in Spanish, with nothing stored.
  const before = (await ops.requests({})).length;
  const pii = await app.inject({
    method: "POST",
    url: "/api/v1/requests",
    headers: a.headers,
    payload: { school: A.code, ...NEED, reason: "Tableta para el alumno con DNI 71234567" },
  });
  assert.equal(pii.statusCode, 422);
  assert.equal((pii.json() as { code: string }).code, "BRECHA_PERSONAL_DATA");
  assert.match((pii.json() as { message: string }).message, /documento de identidad/);
  assert.equal((await ops.requests({})).length, before);
});

test("a UGEL officer reviews only inside their UGEL; a department officer inside the department", async () => {
  const a = await signIn("docente.a");
  const id = (
    (
      await app.inject({
        method: "POST",
        url: "/api/v1/requests",
        headers: a.headers,
        payload: { school: A.code, ...NEED },
      })
    ).json() as { id: number }
  ).id;
  const outsider = await signIn("ugel.b");
  const refused = await app.inject({
    method: "POST",
    url: `/api/v1/requests/${id}/review`,
    headers: outsider.headers,
    payload: { decision: "approve" },
  });
  assert.equal(refused.statusCode, 403);
  assert.equal((await ops.request(id))!.status, "pending");
  const queue = (
    await app.inject({ url: "/api/v1/requests?status=pending", headers: outsider.read })
  ).json() as { requests: Array<{ id: number }> };
  assert.ok(!queue.requests.some((r) => r.id === id));
  const officer = await signIn("ugel.a");
  const mine = (
    await app.inject({ url: "/api/v1/requests?status=pending", headers: officer.read })
  ).json() as { requests: Array<{ id: number }> };
  assert.ok(mine.requests.some((r) => r.id === id));
  const approved = await app.inject({
    method: "POST",
    url: `/api/v1/requests/${id}/review`,
    headers: officer.headers,
    payload: {
      decision: "partial",
      reason: "Stock limitado este trimestre",
      approved: { devices: { tablets: 8 } },
    },
  });
  assert.equal(approved.statusCode, 200, approved.body);
  assert.equal((approved.json() as { status: string }).status, "partial");
  const again = await app.inject({
    method: "POST",
    url: `/api/v1/requests/${id}/review`,
    headers: officer.headers,
    payload: { decision: "approve" },
  });
  assert.equal(again.statusCode, 409);
  // The school sees the decision and its reason.
  const seen = (await app.inject({ url: `/api/v1/requests/${id}`, headers: a.read })).json() as {
    status: string;
    reviewReason: string;
  };
  assert.deepEqual([seen.status, seen.reviewReason], ["partial", "Stock limitado este trimestre"]);
  // A teacher cannot review at all.
  const id2 = (
    (
      await app.inject({
        method: "POST",
        url: "/api/v1/requests",
        headers: a.headers,
        payload: { school: A.code, ...NEED },
      })
    ).json() as { id: number }
  ).id;
  assert.equal(
    (
      await app.inject({
        method: "POST",
        url: `/api/v1/requests/${id2}/review`,
        headers: a.headers,
        payload: { decision: "approve" },
      })
    ).statusCode,
    403,
  );
  const dre = await signIn("dre.a");
  assert.equal(
    (
      await app.inject({
        method: "POST",
        url: `/api/v1/requests/${id2}/review`,
        headers: dre.headers,
        payload: { decision: "approve" },
      })
    ).statusCode,
    200,
  );
});

test("a cookie-signed write without its anti-forgery token fails, and changes nothing", async () => {
  const a = await signIn("docente.a");
  const before = (await ops.requests({})).length;
  for (const headers of [a.read, { ...a.read, "x-csrf-token": "not-the-token" }]) {
    const answer = await app.inject({
      method: "POST",
      url: "/api/v1/requests",
      headers,
      payload: { school: A.code, ...NEED },
    });
    assert.equal(answer.statusCode, 403);
    assert.equal((answer.json() as { code: string }).code, "BRECHA_CSRF");
  }
  // Another session's token is not this session's.
  const other = await signIn("docente.a");
  const mixed = await app.inject({
    method: "POST",
    url: "/api/v1/requests",
    headers: { ...a.read, "x-csrf-token": other.headers["x-csrf-token"] },
    payload: { school: A.code, ...NEED },
  });
  assert.equal(mixed.statusCode, 403);
  assert.equal((await ops.requests({})).length, before);
  // Reads need no token.
  assert.equal((await app.inject({ url: "/api/v1/requests", headers: a.read })).statusCode, 200);
});

test("password guessing is slowed: 429 with Retry-After, even for the right password", async () => {
  for (let i = 0; i < 5; i++) {
    const wrong = await app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { username: "adivinada", password: `intento-${i}-abc` },
    });
    assert.equal(wrong.statusCode, 401);
    assert.equal((wrong.json() as { message: string }).message, "usuario o contraseña incorrectos");
  }
  const started = performance.now();
  const limited = await app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { username: "adivinada", password: "clave-segura-2026" },
  });
  assert.equal(limited.statusCode, 429);
  assert.ok(Number(limited.headers["retry-after"]) >= 1);
  assert.ok(!limited.headers["set-cookie"]);
  assert.ok(performance.now() - started < 1000, "the refusal itself is quick");
});

test("every write leaves an audit row: who, what, before and after; refusals leave none", async () => {
  const start = (await ops.audit({ limit: 1 }))[0]!.id;
  const a = await signIn("docente.a"); // 1: sign-in
  const id = (
    (
      await app.inject({
        method: "POST",
        url: "/api/v1/requests",
        headers: a.headers,
        payload: { school: A.code, ...NEED },
      })
    ).json() as { id: number }
  ).id; // 2
  await app.inject({ method: "POST", url: `/api/v1/requests/${id}/withdraw`, headers: a.headers }); // 3
  await app.inject({ method: "POST", url: `/api/v1/requests/${id}/withdraw`, headers: a.headers }); // refused: 409
  await app.inject({
    method: "POST",
    url: "/api/v1/requests",
    headers: a.read,
    payload: { school: A.code, ...NEED },
  }); // refused: CSRF
  const created = await app.inject({
    method: "POST",
    url: "/api/v1/accounts",
    headers: { "x-api-key": ADMIN_KEY },
    payload: {
      username: "alumno.1",
      displayName: "Estudiante 1",
      role: "student",
      password: "clave-segura-2026",
    },
  }); // 4
  assert.equal(created.statusCode, 201, created.body);
  const resource = await app.inject({
    method: "POST",
    url: "/api/v1/resources",
    headers: { "x-api-key": ADMIN_KEY },
    payload: {
      id: "prueba-auditoria",
      title: "Fichas de matemática",
      subject: "matematica",
      grades: ["primaria"],
      languages: ["es"],
      format: "pdf",
      worksOffline: true,
      sizeMb: 2,
      url: "https://example.org/fichas.pdf",
      licence: "CC BY 4.0",
    },
  }); // 5 (in the store, with its audit row in the same transaction)
  assert.equal(resource.statusCode, 201, resource.body);
  const queued = await app.inject({
    method: "POST",
    url: "/api/v1/plans/hubs",
    headers: { "x-api-key": ADMIN_KEY },
    payload: { department: A.ubigeo.slice(0, 2), p: 1 },
  }); // 6 (a write outside the operational store: recorded by the route registrar)
  assert.equal(queued.statusCode, 202, queued.body);
  await app.inject({
    method: "DELETE",
    url: `/api/v1/jobs/${(queued.json() as { id: string }).id}`,
    headers: { "x-api-key": ADMIN_KEY },
  }); // 7
  const rows = (await ops.audit({ limit: 50 })).filter((r) => r.id > start).reverse();
  assert.deepEqual(
    rows.map((r) => [r.entity, r.action]),
    [
      ["session", "sign-in"],
      ["request", "file"],
      ["request", "withdraw"],
      ["account", "create"],
      ["resource", "add-resource"],
      ["api", "POST /api/v1/plans/hubs"],
      ["api", "DELETE /api/v1/jobs/:id"],
    ],
  );
  const withdraw = rows[2]!;
  assert.match(withdraw.actor, /^user:school:docente\.a$/);
  assert.equal((withdraw.before as { status: string }).status, "pending");
  assert.equal((withdraw.after as { status: string }).status, "withdrawn");
  assert.match(rows[3]!.actor, /^api:admin:[0-9a-f]{8}$/);
  assert.ok(!JSON.stringify(rows).includes("clave-segura"), "no password in the log");
  const log = await app.inject({
    url: "/api/v1/audit?entity=request",
    headers: { "x-api-key": ADMIN_KEY },
  });
  assert.equal(log.statusCode, 200);
  const teacher = await signIn("docente.a");
  assert.equal((await app.inject({ url: "/api/v1/audit", headers: teacher.read })).statusCode, 403);
});

test("an approved request enters the device plan (with its id), becomes a shipment, is dispatched and received, and the efficiency view shows it delivered", async () => {
  const a = await signIn("docente.a");
  const filed = await app.inject({
    method: "POST",
    url: "/api/v1/requests",
    headers: a.headers,
    payload: {
      school: A.code,
      needs: { devices: { tablets: 45, dataPlans: 45 } },
      students: 45,
      reason: "Estudiantes de secundaria sin equipo para las clases a distancia.",
    },
  });
  const request = filed.json() as { id: number; codigoLocal: string };
  const officer = await signIn("ugel.a");
  await app.inject({
    method: "POST",
    url: `/api/v1/requests/${request.id}/review`,
    headers: officer.headers,
    payload: { decision: "approve" },
  });
  type Plan = {
    shipments: Array<{ codigoLocal: string; devices: number; bundle: string; requests?: number[] }>;
    observed?: { requests: number; devices: number; unplaced: string[] };
    assumptions: string[];
  };
  const department = A.ubigeo.slice(0, 2);
  const { job, result } = await runJob<Plan>(
    app,
    "/api/v1/plans/devices",
    { department, tablets: 5000, timeLimitS: 60 },
    ADMIN_KEY,
  );
  const toA = result.shipments.filter((s) => s.codigoLocal === request.codigoLocal);
  assert.ok(toA.length > 0, "the requesting premises gets a shipment");
  assert.ok(toA.every((s) => s.requests?.includes(request.id) && s.bundle.includes("data")));
  assert.ok(toA.reduce((n, s) => n + s.devices, 0) >= 45, "at least what the UGEL approved");
  assert.ok(result.observed!.requests >= 1 && result.observed!.devices >= 45);
  assert.ok(result.assumptions.some((line) => /solicitud\(es\) aprobada\(s\)/.test(line)));
  // Without the requests, the same plan carries none.
  const { result: plain } = await runJob<Plan>(
    app,
    "/api/v1/plans/devices",
    { department, tablets: 5000, timeLimitS: 60, useRequests: false },
    ADMIN_KEY,
  );
  assert.ok(plain.shipments.every((s) => (s.requests ?? []).length === 0));
  assert.equal(plain.observed!.requests, 0);

  // The plan becomes shipments; A's UGEL dispatches A's, A's teacher records a partial receipt.
  const made = await app.inject({
    method: "POST",
    url: "/api/v1/shipments",
    headers: { "x-api-key": ADMIN_KEY },
    payload: { job: job.id, dueDays: 10 },
  });
  assert.equal(made.statusCode, 201, made.body);
  const created = made.json() as { created: number; unplaced: string[]; plan: string };
  assert.equal(created.created, result.shipments.length - created.unplaced.length);
  assert.equal(
    (
      (
        await app.inject({
          method: "POST",
          url: "/api/v1/shipments",
          headers: { "x-api-key": ADMIN_KEY },
          payload: { job: job.id },
        })
      ).json() as { created: number }
    ).created,
    0,
  );
  type Shipment = {
    id: number;
    codigoLocal: string;
    units: number;
    status: string;
    discrepancy: boolean;
    requests: number[];
  };
  const mine = (await app.inject({ url: "/api/v1/shipments", headers: a.read })).json() as {
    shipments: Shipment[];
  };
  assert.ok(
    mine.shipments.length > 0 && mine.shipments.every((s) => s.codigoLocal === request.codigoLocal),
  );
  const shipment = mine.shipments[0]!;
  const outsider = await signIn("ugel.b");
  assert.equal(
    (
      await app.inject({
        method: "POST",
        url: `/api/v1/shipments/${shipment.id}/dispatch`,
        headers: outsider.headers,
      })
    ).statusCode,
    403,
  );
  assert.equal(
    (
      await app.inject({
        method: "POST",
        url: `/api/v1/shipments/${shipment.id}/dispatch`,
        headers: officer.headers,
      })
    ).statusCode,
    200,
  );
  const b = await signIn("docente.b");
  assert.equal(
    (
      await app.inject({
        method: "POST",
        url: `/api/v1/shipments/${shipment.id}/receive`,
        headers: b.headers,
        payload: { units: shipment.units },
      })
    ).statusCode,
    403,
  );
  const got = await app.inject({
    method: "POST",
    url: `/api/v1/shipments/${shipment.id}/receive`,
    headers: a.headers,
    payload: { units: shipment.units - 1, note: "Una tableta llegó con la pantalla rota" },
  });
  assert.equal(got.statusCode, 200, got.body);
  assert.deepEqual(
    [(got.json() as Shipment).status, (got.json() as Shipment).discrepancy],
    ["received", true],
  );
  // The efficiency view (the UGEL's) shows it delivered; a teacher cannot see the view.
  type Efficiency = {
    rows: Array<{
      code: string;
      deliveredUnits: number;
      plannedUnits: number;
      discrepancies: number;
      approvedNeedMet: number | null;
    }>;
  };
  const view = (
    await app.inject({ url: "/api/v1/efficiency?by=ugel", headers: officer.read })
  ).json() as Efficiency;
  assert.deepEqual(
    view.rows.map((r) => r.code),
    [A.ugel],
  );
  assert.equal(view.rows[0]!.deliveredUnits, shipment.units - 1);
  assert.equal(view.rows[0]!.discrepancies, 1);
  assert.ok(view.rows[0]!.approvedNeedMet! > 0);
  assert.equal((await app.inject({ url: "/api/v1/efficiency", headers: a.read })).statusCode, 403);
  // The same figures go to Prometheus.
  const metrics = (await app.inject("/metrics")).body;
  assert.match(
    metrics,
    new RegExp(
      `brecha_delivery_units\\{department="${department}",kind="delivered"\\} ${shipment.units - 1}\\b`,
    ),
  );
  assert.match(
    metrics,
    new RegExp(`brecha_delivery_flags\\{department="${department}",flag="discrepancy"\\} 1\\b`),
  );
  assert.match(metrics, /brecha_requests\{department="\d\d",status="approved"\} \d+/);
  assert.match(metrics, /brecha_approved_need_met_ratio\{department="\d\d"\} (0\.\d+|1)\n/);
});

test("a student rates a resource: its rank rises among those that fit alike; one vote per account; keys cannot vote", async () => {
  const student = await signIn("alumna.rec");
  type Ranked = {
    items: Array<{ resource: { id: string }; fit: number; score: number; myVote: unknown }>;
  };
  const url =
    "/api/v1/recommendations?language=es&level=primaria&connectivity=good&device=tablet&limit=20";
  const before = (await app.inject({ url, headers: student.read })).json() as Ranked;
  const top = before.items[0]!;
  const alike = before.items.filter((r) => Math.abs(r.fit - top.fit) < 1e-9);
  assert.ok(alike.length >= 2, "at least two resources fit alike");
  const target = alike.at(-1)!.resource.id;
  const rankOf = (answer: Ranked) => answer.items.findIndex((r) => r.resource.id === target);
  const vote = await app.inject({
    method: "POST",
    url: `/api/v1/resources/${target}/feedback`,
    headers: student.headers,
    payload: { rating: 5, useful: true },
  });
  assert.equal(vote.statusCode, 200, vote.body);
  const after = (await app.inject({ url, headers: student.read })).json() as Ranked;
  assert.ok(rankOf(after) < rankOf(before), `rank ${rankOf(before)} → ${rankOf(after)}`);
  assert.deepEqual(after.items[rankOf(after)]!.myVote, { rating: 5, useful: true });
  // Voting again changes the vote: still one.
  await app.inject({
    method: "POST",
    url: `/api/v1/resources/${target}/feedback`,
    headers: student.headers,
    payload: { rating: 4 },
  });
  const summary = (await ops.feedbackSummaries()).find((f) => f.resourceId === target)!;
  assert.deepEqual([summary.ratings, summary.ratingSum, summary.usefulVotes], [1, 4, 1]);
  // The public sees the same ranking without votes of their own; keys and unknown resources are refused.
  assert.equal((await app.inject(url)).statusCode, 200);
  assert.equal(
    (
      await app.inject({
        method: "POST",
        url: `/api/v1/resources/${target}/feedback`,
        headers: { "x-api-key": ADMIN_KEY },
        payload: { useful: true },
      })
    ).statusCode,
    403,
  );
  assert.equal(
    (
      await app.inject({
        method: "POST",
        url: "/api/v1/resources/no-existe/feedback",
        headers: student.headers,
        payload: { useful: true },
      })
    ).statusCode,
    404,
  );
});

test("hubs: planners and the DRE register them; the public finds the nearest, registered and planned, with access time and resources", async () => {
  const department = A.ubigeo.slice(0, 2);
  const places = await store.query(
    sql`SELECT codigo_cp AS code FROM populated_places WHERE ubigeo = ${sql.value(A.ubigeo)}
        AND latitud IS NOT NULL ORDER BY codigo_cp LIMIT 2`,
    z.object({ code: z.string() }),
  );
  const [here, closedHere] = [places[0]!.code, places[1]!.code];
  const dre = await signIn("dre.a");
  const body = { name: "Centro digital comunal", status: "existing", hours: "lun-sáb 8:00-20:00" };
  const put = (code: string, who: { headers: Record<string, string> }, payload: object = body) =>
    app.inject({ method: "PUT", url: `/api/v1/hubs/${code}`, headers: who.headers, payload });
  const registered = await put(here, dre);
  assert.equal(registered.statusCode, 200, registered.body);
  assert.equal((registered.json() as { updatedBy?: string }).updatedBy, undefined);
  assert.equal((await put(here, await signIn("docente.a"))).statusCode, 403);
  assert.equal((await put(here, await signIn("ugel.b"))).statusCode, 403);
  assert.equal((await put("9999999999", dre)).statusCode, 403, "outside the DRE's department");
  const unknown = await app.inject({
    method: "PUT",
    url: `/api/v1/hubs/${department}99999999`,
    headers: { "x-api-key": ADMIN_KEY },
    payload: body,
  });
  assert.equal(unknown.statusCode, 400, unknown.body);
  assert.match((unknown.json() as { message: string }).message, /centro poblado/);
  await put(closedHere, dre, { ...body, name: "Centro cerrado", status: "closed" });
  // A saved hub plan adds its hubs as planned; a resource linked to the registered hub is listed.
  await runJob(
    app,
    "/api/v1/plans/hubs",
    { department, p: 3, radiusKm: 10, save: "centros-cerca" },
    ADMIN_KEY,
  );
  const resource = await app.inject({
    method: "POST",
    url: "/api/v1/resources",
    headers: { "x-api-key": ADMIN_KEY },
    payload: {
      id: "guia-centro-comunal",
      title: "Guía del centro comunal",
      subject: "tecnologia",
      grades: ["adultos"],
      languages: ["es"],
      format: "pdf",
      worksOffline: true,
      licence: "CC BY 4.0",
      url: "https://example.org/guia.pdf",
      hubs: [here],
    },
  });
  assert.equal(resource.statusCode, 201, resource.body);

  type Near = {
    origin: { from: string; ubigeo: string | null; region: string | null };
    known: number;
    hubs: Array<{
      code: string;
      status: string;
      source: string;
      scenario: string | null;
      km: number;
      roadKm: number;
      minutes: number;
      walkMinutes: number | null;
      resources: Array<{ id: string }>;
    }>;
    assumptions: Array<{ es: string }>;
  };
  const near = await app.inject(`/api/v1/hubs/near?district=${A.ubigeo}&limit=10`);
  assert.equal(near.statusCode, 200, near.body);
  const answer = near.json() as Near;
  assert.equal(answer.origin.from, "district");
  assert.equal(answer.origin.ubigeo, A.ubigeo);
  assert.ok(!answer.hubs.some((h) => h.code === closedHere), "a closed hub is not offered");
  const mine = answer.hubs.find((h) => h.code === here)!;
  assert.deepEqual([mine.status, mine.source], ["existing", "registry"]);
  assert.deepEqual(
    mine.resources.map((r) => r.id),
    ["guia-centro-comunal"],
  );
  const planned = answer.hubs.filter((h) => h.source === "plan");
  assert.ok(planned.length > 0 && planned.every((h) => h.scenario === "centros-cerca"));
  const minutes = answer.hubs.map((h) => h.minutes);
  assert.deepEqual(
    minutes,
    [...minutes].sort((a, b) => a - b),
    "nearest first",
  );
  for (const h of answer.hubs) {
    assert.ok(h.roadKm >= h.km * 1.2 - 1e-9 && h.roadKm <= h.km * 2 + 1e-9, "terrain factor");
    assert.equal(h.walkMinutes === null, h.roadKm > 6);
  }
  assert.ok(answer.assumptions.some((a) => /factor de terreno/.test(a.es)));
  // From the hub's own coordinates it is the nearest, 0 km away; no key or cookie is needed.
  const [spot] = await store.query(
    sql`SELECT latitud AS lat, longitud AS lon FROM populated_places WHERE codigo_cp = ${sql.value(here)}`,
    z.object({ lat: z.number(), lon: z.number() }),
  );
  const fromThere = (
    await app.inject(`/api/v1/hubs/near?lat=${spot!.lat}&lon=${spot!.lon}`)
  ).json() as Near;
  assert.equal(fromThere.hubs[0]!.code, here);
  assert.ok(fromThere.hubs[0]!.km < 1e-6);
  assert.equal(fromThere.origin.from, "location");
  assert.equal((await app.inject("/api/v1/hubs/near")).statusCode, 400);
  assert.equal((await app.inject("/api/v1/hubs/near?district=999999")).statusCode, 404);
  // The registry lists it for anyone who may read, without who changed it.
  const list = (await app.inject("/api/v1/hubs")).json() as { hubs: Array<{ code: string }> };
  assert.deepEqual(
    list.hubs.map((h) => h.code),
    [here],
  );
});

test("services a UGEL approved enter the infrastructure plan: candidates even where the census has them, with the request's number in the reason", async () => {
  const a = await signIn("docente.a");
  const filed = await app.inject({
    method: "POST",
    url: "/api/v1/requests",
    headers: a.headers,
    payload: {
      school: A.code,
      needs: { services: { internet: true, electricity: true } },
      students: 60,
      reason: "La antena dejó de funcionar en abril y el panel solar está dañado.",
    },
  });
  assert.equal(filed.statusCode, 201, filed.body);
  const request = filed.json() as { id: number; codigoLocal: string };
  const officer = await signIn("ugel.a");
  const reviewed = await app.inject({
    method: "POST",
    url: `/api/v1/requests/${request.id}/review`,
    headers: officer.headers,
    payload: { decision: "approve" },
  });
  assert.equal(reviewed.statusCode, 200, reviewed.body);
  type Plan = {
    chosen: Array<{ codigoLocal: string; kind: string; reason: string; requests?: number[] }>;
    observed?: { requests: number; premises: number; unplaced: string[] };
    assumptions: string[];
  };
  const department = A.ubigeo.slice(0, 2);
  // A budget that funds everything: every candidate option of the premises is chosen.
  const { result } = await runJob<Plan>(
    app,
    "/api/v1/plans/infra",
    { department, budgetPen: 1e10, timeLimitS: 60 },
    ADMIN_KEY,
  );
  const mine = result.chosen.filter((c) => c.codigoLocal === request.codigoLocal);
  assert.ok(
    mine.some((c) => c.kind.startsWith("internet_")),
    JSON.stringify(mine),
  );
  assert.ok(
    mine.some((c) => c.kind.startsWith("electricidad_")),
    JSON.stringify(mine),
  );
  assert.ok(mine.every((c) => c.requests?.includes(request.id)));
  assert.match(mine[0]!.reason, new RegExp(`solicitud n\\.º [\\d, ]*${request.id}`));
  assert.ok(result.observed!.requests >= 1 && result.observed!.premises >= 1);
  assert.ok(result.assumptions.some((line) => /aprobó en una solicitud/.test(line)));
  const { result: plain } = await runJob<Plan>(
    app,
    "/api/v1/plans/infra",
    { department, budgetPen: 1e10, timeLimitS: 60, useRequests: false },
    ADMIN_KEY,
  );
  assert.ok(plain.chosen.every((c) => !c.requests));
  assert.equal(plain.observed!.requests, 0);
});
