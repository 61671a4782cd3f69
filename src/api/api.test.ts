import assert from "node:assert/strict";
import { z } from "zod";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import fc from "fast-check";
import { loadConfig, type Config } from "../config/index.ts";
import { openStore, sql, type Store } from "../storage/index.ts";
import { buildWorkspace } from "../tables/index.ts";
import { REAL_MIRROR, tempDir } from "../../test/helpers/paths.ts";
import { StorageError } from "../errors/index.ts";
import { awaitJob, runJob, type ShownJob } from "../../test/helpers/jobs.ts";
import { buildApi } from "./app.ts";
import { withoutPaths } from "./error-handling.ts";

// The API over a workspace built as `brecha up` builds it (the real district files when
// ../shared is present, else the labelled synthetic demo over GeoNames places).

const dir = tempDir();
let store: Store;
const ANALYST = "analyst-key-0123456789abcdef";
const VIEWER = "viewer-key-0123456789abcdef";
const ADMIN = "admin-key-0123456789abcdefgh";

function configWith(server: Partial<Config["server"]> = {}): Config {
  return loadConfig({
    overrides: {
      home: dir.path,
      mirror: REAL_MIRROR,
      offline: true,
      server: {
        apiKeys: [
          { key: ANALYST, role: "analyst" },
          { key: VIEWER, role: "viewer" },
          { key: ADMIN, role: "admin" },
        ],
        ...server,
      },
    },
    env: {},
  });
}

before(async () => {
  const writer = await openStore(join(dir.path, "brecha.duckdb"));
  await buildWorkspace(writer, configWith());
  await writer.close();
  store = await openStore(join(dir.path, "brecha.duckdb"), { readOnly: true });
});
after(async () => {
  await store?.close();
  dir.cleanup();
});

const isErrorShape = (body: unknown, status: number) => {
  const b = body as Record<string, unknown>;
  return (
    b.status === status &&
    typeof b.code === "string" &&
    /^BRECHA_/.test(b.code) &&
    typeof b.message === "string" &&
    (b.message as string).length > 5
  );
};

test("reads: datasets, indicators for every district, drill-down, gap, schools near a point, OpenAPI", async () => {
  const app = await buildApi({ store, config: configWith() });
  try {
    const datasets = (await app.inject("/api/v1/datasets")).json() as Array<{ dataset: string }>;
    assert.ok(datasets.some((d) => d.dataset === "districts"));
    const districts = await app.inject("/api/v1/indicators?level=district&ids=pobreza");
    assert.equal(districts.statusCode, 200);
    const table = districts.json() as { areas: unknown[]; datasetVersions: Record<string, string> };
    assert.ok(table.areas.length >= 1237, `${table.areas.length} areas`);
    assert.ok(Object.keys(table.datasetVersions).length > 0);
    const provinces = (await app.inject("/api/v1/areas?level=province&parent=16")).json() as Array<{
      code: string;
    }>;
    assert.ok(provinces.length > 0 && provinces.every((p) => p.code.startsWith("16")));
    assert.equal((await app.inject("/api/v1/gap/16")).statusCode, 200);
    const near = (
      await app.inject("/api/v1/schools/near?lat=-12.05&lon=-77.04&radiusKm=3&limit=5")
    ).json() as Array<{
      distanceKm: number;
      _synthetic: boolean;
    }>;
    assert.ok(near.length > 0 && near.length <= 5);
    assert.ok(
      near.every(
        (s, i) => s.distanceKm <= 3 && (i === 0 || s.distanceKm >= near[i - 1]!.distanceKm),
      ),
    );
    assert.ok(
      near.every((s) => s._synthetic),
      "demo schools say they are synthetic",
    );
    const points = (await app.inject("/api/v1/schools?area=1601")).json() as {
      synthetic: boolean;
      features: Array<{ geometry: { coordinates: [number, number] } }>;
    };
    assert.ok(points.features.length > 50 && points.synthetic);
    assert.ok(points.features.every((f) => f.geometry.coordinates[1] < 0));
    assert.equal((await app.inject("/api/v1/schools?area=1")).statusCode, 400);
    const boundaries = (
      await app.inject("/api/v1/boundaries?level=district&parent=1601")
    ).json() as {
      features: Array<{ properties: { code: string }; geometry: unknown }>;
    };
    assert.equal(boundaries.features.length, 11);
    // Served as stored: the copy simplified at ingest with the neighbours, finer inside a parent.
    const stored = await store.query(
      sql`SELECT geometry_web_detail AS g FROM district_boundaries WHERE starts_with(ubigeo, '1601') ORDER BY ubigeo`,
      z.object({ g: z.string() }),
    );
    assert.deepEqual(
      boundaries.features.map((f) => f.geometry),
      stored.map((r) => JSON.parse(r.g) as unknown),
    );
    const doc = (await app.inject("/docs/json")).json() as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    assert.match(doc.openapi, /^3\./);
    for (const path of ["/api/v1/indicators", "/api/v1/scenarios", "/api/v1/hotspots/{indicator}"])
      assert.ok(path in doc.paths, `${path} documented`);
    // The answer's schema, the one the dashboard parses with, is in the document.
    const answer = (
      doc.paths["/api/v1/gap/{ubigeo}"] as {
        get: { responses: Record<string, { content: Record<string, { schema: unknown }> }> };
      }
    ).get.responses["200"]!.content["application/json"]!.schema as {
      properties: Record<string, unknown>;
    };
    assert.ok("largestGaps" in answer.properties && "lines" in answer.properties);
    assert.equal((await app.inject("/docs")).statusCode < 400, true);
  } finally {
    await app.close();
  }
});

test("errors answer in the request's language: Spanish by default and for es-PE, English when preferred", async () => {
  const app = await buildApi({ store, config: configWith() });
  const message = async (
    url: string,
    language?: string,
    headers: Record<string, string> = {},
    method: "GET" | "POST" = "GET",
  ) =>
    (
      await app.inject({
        method,
        url,
        headers: { ...headers, ...(language ? { "accept-language": language } : {}) },
        ...(method === "POST" ? { payload: {} } : {}),
      })
    ).json() as { code: string; message: string; details?: { en?: string } };
  try {
    // zod's words in Spanish, and the schema's own message translated.
    const bad = await message("/api/v1/gap/1x", "es-PE,es;q=0.9,en;q=0.8");
    assert.equal(bad.code, "BRECHA_USAGE");
    assert.match(bad.message, /^parámetro de ruta no válido: .*ubigeo de 2, 4 o 6 dígitos/);
    const english = await message("/api/v1/gap/1x", "en-GB,en;q=0.9,es;q=0.5");
    assert.match(english.message, /^invalid path: .*a 2, 4 or 6-digit ubigeo/);
    const level = await message("/api/v1/indicators?level=barrio");
    assert.match(level.message, /^parámetro de consulta no válido: level: /);
    assert.doesNotMatch(level.message, /Invalid|expected/);
    // Authentication, an unknown route and a missing school, each in Spanish.
    const key = await message(
      "/api/v1/plans/hubs",
      "es",
      { "x-api-key": "not-a-key-not-a-key-00" },
      "POST",
    );
    assert.equal(key.message, "clave de API desconocida");
    assert.match((await message("/api/v1/nada")).message, /^no hay ruta GET \/api\/v1\/nada/);
    assert.match(
      (await message("/api/v1/schools/0000000")).message,
      /no hay una escuela con código modular 0000000/,
    );
    // With no Spanish words of its own, an error says its code's summary in Spanish and keeps
    // the English specifics in details.en.
    const { BrechaError, ERROR_CODES } = await import("../errors/index.ts");
    const plain = new BrechaError(
      "BRECHA_INFEASIBLE",
      "the must-do list costs more than the budget",
    );
    assert.equal(plain.messageIn("es"), ERROR_CODES.BRECHA_INFEASIBLE.resumen);
    assert.equal(plain.messageIn("en"), plain.message);
  } finally {
    await app.close();
  }
});

test("one JSON error shape; ETags answer 304; gzip when asked; health and readiness", async () => {
  const app = await buildApi({ store, config: configWith() });
  try {
    const bad = await app.inject("/api/v1/indicators?level=barrio");
    assert.equal(bad.statusCode, 400);
    assert.ok(isErrorShape(bad.json(), 400));
    assert.match(bad.json().message, /level/);
    assert.ok(isErrorShape((await app.inject("/api/v1/nothing")).json(), 404));
    assert.ok(
      isErrorShape((await app.inject("/api/v1/gap/99")).json(), 404) ||
        (await app.inject("/api/v1/gap/99")).statusCode === 400,
    );
    const first = await app.inject("/api/v1/indicators?level=department");
    const etag = first.headers.etag as string;
    assert.match(etag, /^"[0-9a-f]{20}"$/);
    const again = await app.inject({
      url: "/api/v1/indicators?level=department",
      headers: { "if-none-match": etag },
    });
    assert.equal(again.statusCode, 304);
    const zipped = await app.inject({
      url: "/api/v1/indicators?level=department",
      headers: { "accept-encoding": "gzip, br" },
    });
    assert.equal(zipped.headers["content-encoding"], "gzip");
    assert.ok(zipped.rawPayload.length < first.rawPayload.length / 3);
    assert.deepEqual((await app.inject("/healthz")).json(), { status: "ok" });
    assert.deepEqual((await app.inject("/readyz")).json(), { status: "ready" });
  } finally {
    await app.close();
  }
});

test("writes need a key with the right role; reads can be closed; over real HTTP on loopback", async () => {
  const app = await buildApi({ store, config: configWith({ publicReads: false }) });
  const address = await app.listen({ host: "127.0.0.1", port: 0 });
  try {
    // A write that an analyst may make: an infrastructure plan (a viewer may not).
    const scenario = { department: "03", budgetPen: 100_000, save: "lima-10" };
    const post = (key?: string) =>
      fetch(`${address}/api/v1/plans/infra`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(key ? { "x-api-key": key } : {}) },
        body: JSON.stringify(scenario),
      });
    assert.equal((await post()).status, 401);
    const viewer = await post(VIEWER);
    assert.equal(viewer.status, 403);
    assert.ok(isErrorShape(await viewer.json(), 403));
    assert.equal((await post("not-a-key-at-all-000000")).status, 401);
    const created = await post(ANALYST);
    assert.equal(created.status, 202);
    const job = await awaitJob(app, ((await created.json()) as ShownJob).id, ANALYST);
    assert.equal(job.state, "succeeded", JSON.stringify(job.error));
    assert.ok(job.summary!.spentPen! <= 100_000);
    // A job is its submitter's: another key (even a viewer's) does not find it.
    assert.equal(
      (await fetch(`${address}${job.links.self}`, { headers: { "x-api-key": VIEWER } })).status,
      403,
    );
    assert.equal((await fetch(`${address}/api/v1/scenarios`)).status, 401, "reads closed");
    const listed = await fetch(`${address}/api/v1/scenarios`, { headers: { "x-api-key": VIEWER } });
    assert.deepEqual(
      ((await listed.json()) as Array<{ name: string }>).map((s) => s.name),
      ["lima-10"],
    );
  } finally {
    await app.close();
  }
});

test("fuzz: every malformed write gets a 4xx with a clear message, and nothing is written", async () => {
  const app = await buildApi({ store, config: configWith({ rateLimitPerMinute: 100_000 }) });
  const jobs = join(dir.path, "jobs");
  const files = (d: string) => (existsSync(d) ? readdirSync(d).sort() : []);
  // What the store holds (scenarios, models) and the jobs folder, before and after.
  const written = async () => ({
    scenarios: (await app.inject({ url: "/api/v1/scenarios", headers: { "x-api-key": ADMIN } }))
      .body,
    models: (await app.inject({ url: "/api/v1/models", headers: { "x-api-key": ADMIN } })).body,
    jobs: files(jobs),
  });
  const before = await written();
  // A valid infrastructure plan request (which would be solved and saved) broken in one way: a
  // required field removed, a field retyped, an extra field, an oversized scenario name.
  const valid = { department: "03", budgetPen: 100_000, save: "ok" } as Record<string, unknown>;
  const broken = fc.oneof(
    fc.constantFrom("budgetPen").map((k) => {
      const b = { ...valid };
      delete b[k];
      return b;
    }),
    fc
      .record({
        field: fc.constantFrom("department", "budgetPen", "save"),
        value: fc.oneof(fc.boolean(), fc.constant(null), fc.array(fc.string())),
      })
      .map(({ field, value }) => ({ ...valid, [field]: value })),
    fc
      .string({ minLength: 1, maxLength: 8 })
      .filter(
        (k) =>
          !(k in valid) &&
          ![
            "objective",
            "lang",
            "mustDo",
            "mustNot",
            "timeLimitS",
            "ugelFloorsPen",
            "ugelCapsPen",
          ].includes(k),
      )
      .map((k) => ({ ...valid, [k]: 1 })),
    fc.string({ minLength: 65, maxLength: 80 }).map((save) => ({ ...valid, save })),
    fc.jsonValue().filter((v) => typeof v !== "object" || v === null || Array.isArray(v)),
  );
  try {
    await fc.assert(
      fc.asyncProperty(broken, async (body) => {
        const r = await app.inject({
          method: "POST",
          url: "/api/v1/plans/infra",
          headers: { "x-api-key": ANALYST },
          payload: JSON.stringify(body),
        });
        return r.statusCode >= 400 && r.statusCode < 500 && isErrorShape(r.json(), r.statusCode);
      }),
      { seed: 7, numRuns: 150 },
    );
    const trainBodies = fc.oneof(
      fc.record({ learner: fc.string().filter((s) => !["gbt", "linear", "mlp"].includes(s)) }),
      fc.record({ folds: fc.oneof(fc.integer({ max: 1 }), fc.integer({ min: 11 }), fc.double()) }),
      fc.record({ extra: fc.anything() }),
      fc.array(fc.integer()),
    );
    await fc.assert(
      fc.asyncProperty(
        trainBodies,
        fc.constantFrom("poverty", "nope", "../x"),
        async (body, task) => {
          const r = await app.inject({
            method: "POST",
            url: `/api/v1/models/${encodeURIComponent(task)}/train`,
            headers: { "x-api-key": ANALYST },
            payload: JSON.stringify(body),
          });
          return r.statusCode >= 400 && r.statusCode < 500 && isErrorShape(r.json(), r.statusCode);
        },
      ),
      { seed: 8, numRuns: 60 },
    );
    // Resources and hub plans: arbitrary JSON bodies are never valid for them.
    const resourcesBefore = (await app.inject("/api/v1/resources")).json() as unknown[];
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue(),
          fc.record({ id: fc.string(), title: fc.string(), url: fc.webUrl() }),
        ),
        fc.constantFrom(
          "/api/v1/resources",
          "/api/v1/plans/hubs",
          "/api/v1/plans/infra",
          "/api/v1/plans/devices",
        ),
        async (body, url) => {
          const r = await app.inject({
            method: "POST",
            url,
            headers: { "x-api-key": ADMIN, "content-type": "application/json" },
            payload: JSON.stringify(body),
          });
          return r.statusCode >= 400 && r.statusCode < 500 && isErrorShape(r.json(), r.statusCode);
        },
      ),
      { seed: 9, numRuns: 100 },
    );
    assert.equal(
      ((await app.inject("/api/v1/resources")).json() as unknown[]).length,
      resourcesBefore.length,
      "no resource written",
    );
    const promote = await app.inject({
      method: "POST",
      url: "/api/v1/models/0000aaaa/promote",
      headers: { "x-api-key": ADMIN },
    });
    assert.equal(promote.statusCode, 404);
    const notJson = await app.inject({
      method: "POST",
      url: "/api/v1/plans/hubs",
      headers: { "x-api-key": ANALYST, "content-type": "application/json" },
      payload: "{not json",
    });
    assert.equal(notJson.statusCode, 400);
    assert.ok(isErrorShape(notJson.json(), 400));
    assert.deepEqual(await written(), before, "nothing written, no job queued");
  } finally {
    await app.close();
  }
});

test("limits: request bodies over the limit get 413, clients over the rate get 429 with retry-after", async () => {
  const app = await buildApi({
    store,
    config: configWith({ bodyLimitBytes: 2_000, rateLimitPerMinute: 5 }),
  });
  try {
    const big = await app.inject({
      method: "POST",
      url: "/api/v1/plans/infra",
      headers: { "x-api-key": ANALYST, "content-type": "application/json" },
      payload: JSON.stringify({
        department: "03",
        budgetPen: 1,
        mustDo: Array.from({ length: 400 }, () => "0000001:internet"),
      }),
    });
    assert.equal(big.statusCode, 413);
    assert.ok(isErrorShape(big.json(), 413));
    // Health checks do not count; the body-limit request above was the first of five.
    for (let k = 0; k < 6; k++) assert.equal((await app.inject("/healthz")).statusCode, 200);
    const codes: number[] = [];
    for (let k = 0; k < 4; k++) codes.push((await app.inject("/api/v1/datasets")).statusCode);
    assert.deepEqual(codes, [200, 200, 200, 200]);
    const limited = await app.inject("/api/v1/datasets");
    assert.equal(limited.statusCode, 429);
    assert.ok(Number(limited.headers["retry-after"]) > 0);
    assert.ok(isErrorShape(limited.json(), 429));
  } finally {
    await app.close();
  }
});

test("learning resources: accent-insensitive search, filters, admin-only CRUD with validation", async () => {
  const app = await buildApi({ store, config: configWith() });
  try {
    const search = async (q: string) =>
      ((await app.inject(`/api/v1/resources?${q}`)).json() as Array<{ id: string }>).map(
        (r) => r.id,
      );
    assert.deepEqual(await search("q=MATEMATICA"), await search("q=matemática"));
    assert.ok((await search("q=matemática")).includes("khan-academy-es"));
    assert.deepEqual(await search("language=qu"), ["aprendo-en-casa-radio", "wikipedia-quechua"]);
    assert.deepEqual(await search("offline=true"), [
      "aprendo-en-casa-radio",
      "aprendo-en-casa-tv",
      "kolibri",
      "kiwix-wikipedia-es",
    ]);
    const resource = {
      id: "radio-aprendo-quechua",
      title: "Programas de radio en quechua",
      description: "Audios para estudiantes sin conexión.",
      subject: "comunicacion",
      grades: ["primaria"],
      languages: ["qu", "es"],
      format: "audio",
      sizeMb: 120,
      worksOffline: true,
      licence: "CC BY 4.0",
      url: "https://example.org/radio",
      hubs: ["0301010001"],
    };
    const post = (body: unknown, key = ADMIN) =>
      app.inject({
        method: "POST",
        url: "/api/v1/resources",
        headers: { "x-api-key": key },
        payload: body as object,
      });
    assert.equal((await post(resource, ANALYST)).statusCode, 403);
    assert.equal((await post(resource)).statusCode, 201);
    assert.equal((await post(resource)).statusCode, 400, "the id exists");
    assert.deepEqual(await search("q=radio%20quechua"), ["radio-aprendo-quechua"]);
    assert.deepEqual(await search("hub=0301010001"), ["radio-aprendo-quechua"]);
    const bad = await post({ ...resource, id: "x2", url: "javascript:alert(1)" });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().message, /url/);
    const put = await app.inject({
      method: "PUT",
      url: "/api/v1/resources/radio-aprendo-quechua",
      headers: { "x-api-key": ADMIN },
      payload: { ...resource, title: "Radio en quechua" },
    });
    assert.equal(put.statusCode, 200);
    const removed = await app.inject({
      method: "DELETE",
      url: "/api/v1/resources/radio-aprendo-quechua",
      headers: { "x-api-key": ADMIN },
    });
    assert.equal(removed.statusCode, 200);
    assert.equal((await app.inject("/api/v1/resources/radio-aprendo-quechua")).statusCode, 404);
  } finally {
    await app.close();
  }
});

test("a hub plan through the API: analysts only, hubs with coordinates and reasons, saved as a scenario", async () => {
  const app = await buildApi({ store, config: configWith() });
  try {
    const body = { department: "03", p: 5, radiusKm: 10, save: "apurimac-5" };
    assert.equal(
      (await app.inject({ method: "POST", url: "/api/v1/plans/hubs", payload: body })).statusCode,
      401,
    );
    const { job, result: plan } = await runJob<{
      hubs: Array<{ lat: number; lon: number; reason: string }>;
      shareCovered: number;
      gap: number;
    }>(app, "/api/v1/plans/hubs", body, ANALYST);
    assert.deepEqual(job.saved, { scenario: { name: "apurimac-5", version: 1 } });
    assert.equal(job.progress.percent, 100);
    assert.equal(plan.hubs.length, 5);
    // Reasons are in Spanish unless the request asks for English.
    assert.ok(plan.hubs.every((h) => h.lat < -13 && h.lat > -15.5 && /atiende a/.test(h.reason)));
    assert.ok(plan.shareCovered > 0 && plan.gap <= 0.005);
    assert.equal(
      ((await app.inject("/api/v1/scenarios/apurimac-5")).json() as { kind: string }).kind,
      "hubs",
    );
    const bad = await app.inject({
      method: "POST",
      url: "/api/v1/plans/hubs",
      headers: { "x-api-key": ANALYST },
      payload: { department: "3", p: 0 },
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().message, /department/);
    // Opening costs and a budget: p becomes the most hubs; every hub says what it costs.
    const { result: costed } = await runJob<{
      hubs: Array<{ costPen: number; reason: string }>;
      costs: { openingCostPen: number; budgetPen: number; spentPen: number };
      proven: boolean;
    }>(
      app,
      "/api/v1/plans/hubs",
      {
        department: "03",
        p: 50,
        radiusKm: 10,
        capacity: 2000,
        openingCostPen: 45_000,
        budgetPen: 200_000,
      },
      ANALYST,
    );
    assert.equal(costed.hubs.length, 4, "four hubs of 45,000 fit in 200,000");
    assert.deepEqual(costed.costs, {
      openingCostPen: 45_000,
      budgetPen: 200_000,
      spentPen: 180_000,
    });
    assert.ok(costed.hubs.every((h) => h.costPen === 45_000 && /cuesta S\/ 45,000/.test(h.reason)));
    const noCost = await app.inject({
      method: "POST",
      url: "/api/v1/plans/hubs",
      headers: { "x-api-key": ANALYST },
      payload: { department: "03", p: 5, budgetPen: -1 },
    });
    assert.equal(noCost.statusCode, 400);
  } finally {
    await app.close();
  }
});

test("infrastructure and device plans through the API, saved and compared side by side", async () => {
  const app = await buildApi({ store, config: configWith() });
  const post = (url: string, payload: object) =>
    app.inject({ method: "POST", url, headers: { "x-api-key": ANALYST }, payload });
  try {
    const { result: plan } = await runJob<{
      chosen: Array<{ reason: string; costPen: number; lon: number | null }>;
      spentPen: number;
      summary: { interventions: number };
    }>(
      app,
      "/api/v1/plans/infra",
      { department: "03", budgetPen: 500_000, save: "apurimac-infra-500k", lang: "en" },
      ANALYST,
    );
    assert.ok(plan.chosen.length > 0 && plan.spentPen <= 500_000);
    assert.equal(plan.summary.interventions, plan.chosen.length);
    assert.ok(plan.chosen.every((c) => /students per 1,000 PEN/.test(c.reason)));
    assert.ok(plan.chosen.some((c) => c.lon !== null));
    const { result: large } = await runJob<typeof plan>(
      app,
      "/api/v1/plans/infra",
      { department: "03", budgetPen: 1_000_000, save: "apurimac-infra-1m" },
      ANALYST,
    );
    assert.match(large.chosen[0]!.reason, /estudiantes ponderados/);
    const compare = await app.inject(
      "/api/v1/scenarios/compare?a=apurimac-infra-500k&b=apurimac-infra-1m",
    );
    assert.equal(compare.statusCode, 200, compare.body);
    const c = compare.json() as {
      figures: Array<{ key: string; a: number; b: number; delta: number }>;
      sites: { onlyA: string[]; onlyB: string[]; both: number };
    };
    const spent = c.figures.find((f) => f.key === "spentPen")!;
    assert.ok(spent.b > spent.a && spent.delta === spent.b - spent.a);
    assert.ok(c.sites.onlyB.length > 0 && c.sites.both > 0);

    const { result: d } = await runJob<{
      delivered: number;
      need: number;
      shipments: Array<{ devices: number; lat: number | null }>;
      summary: { deliveredPct: number };
    }>(
      app,
      "/api/v1/plans/devices",
      { department: "03", tablets: 2_000, save: "apurimac-tablets" },
      ANALYST,
    );
    assert.ok(d.delivered > 0 && d.delivered <= 2_000 && d.need > d.delivered);
    assert.ok(d.shipments.every((s) => s.lat !== null && s.lat < -13 && s.lat > -15.5));
    const mixed = await app.inject(
      "/api/v1/scenarios/compare?a=apurimac-infra-1m&b=apurimac-tablets",
    );
    assert.equal(mixed.statusCode, 400);
    assert.match(mixed.json().message, /planifican cosas distintas/);
    const missing = await post("/api/v1/plans/infra", { department: "03" });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.json().message, /budgetPen/);
  } finally {
    await app.close();
  }
});

test("one school with its premises, and a clear 404 or 400 otherwise", async () => {
  const app = await buildApi({ store, config: configWith() });
  try {
    const points = (await app.inject("/api/v1/schools?area=030101")).json() as {
      features: Array<{ properties: { code: string; name: string } }>;
    };
    const first = points.features[0]!.properties;
    const r = await app.inject(`/api/v1/schools/${first.code}`);
    assert.equal(r.statusCode, 200, r.body);
    const school = r.json() as { code: string; name: string; ubigeo: string; internet: unknown };
    assert.equal(school.code, first.code);
    assert.equal(school.name, first.name);
    assert.equal(school.ubigeo, "030101");
    assert.ok(typeof school.internet === "boolean" || school.internet === null);
    const missing = await app.inject("/api/v1/schools/0000000");
    assert.equal(missing.statusCode, 404);
    assert.ok(isErrorShape(missing.json(), 404));
    const bad = await app.inject("/api/v1/schools/12ab");
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().message, /código modular/);
  } finally {
    await app.close();
  }
});

test("a server error gives a code, a message for the user and a reference; the engine's text stays in the log", async () => {
  const logged: string[] = [];
  // The real store, with one query made to fail as the engine fails (message with SQL and a path).
  const failing = new Proxy(store, {
    get(target, name, receiver) {
      if (name === "query")
        return () =>
          Promise.reject(
            new StorageError(
              "BRECHA_STORAGE",
              "running a query: Catalog Error: Table with name department_boundaries does not exist! LINE 1: SELECT * FROM /srv/brecha/.brecha/brecha.duckdb",
              { details: { engineMessage: "SELECT ubigeo FROM secret_table" } },
            ),
          );
      const value: unknown = Reflect.get(target, name, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const app = await buildApi({ store: failing as Store, config: configWith() });
  app.log.error = ((obj: unknown) => logged.push(JSON.stringify(obj))) as typeof app.log.error;
  try {
    const response = await app.inject({ url: "/api/v1/indicators?level=department&ids=pobreza" });
    assert.equal(response.statusCode, 500);
    const body = response.json() as {
      code: string;
      message: string;
      details: { reference: string };
    };
    assert.equal(body.code, "BRECHA_STORAGE");
    assert.match(body.details.reference, /^[0-9a-f]{12}$/);
    assert.match(body.message, new RegExp(`indique la referencia ${body.details.reference}`));
    for (const secret of [/SELECT/, /Catalog Error/, /\/srv\//, /secret_table/, /at .*\.ts/])
      assert.doesNotMatch(response.body, secret);
  } finally {
    await app.close();
  }
});

test("client errors carry no server paths; health checks are never rate limited; /metrics can require a key", async () => {
  assert.equal(
    withoutPaths("no model file at /srv/brecha/.brecha/models/abc.json (see C:\\data\\x.csv)"),
    "no model file at abc.json (see x.csv)",
  );
  const app = await buildApi({
    store,
    config: configWith({ rateLimitPerMinute: 2, protectMetrics: true }),
  });
  try {
    for (let k = 0; k < 5; k++)
      assert.equal((await app.inject({ url: "/healthz" })).statusCode, 200, `healthz ${k}`);
    assert.equal((await app.inject({ url: "/api/v1/datasets" })).statusCode, 200);
    const metrics = await app.inject({ url: "/metrics" });
    assert.equal(metrics.statusCode, 401);
    const limited = await app.inject({ url: "/api/v1/datasets" });
    assert.equal(limited.statusCode, 429);
    assert.ok(Number(limited.headers["retry-after"]) > 0);
    assert.equal((await app.inject({ url: "/readyz" })).statusCode, 200);
  } finally {
    await app.close();
  }
  const open = await buildApi({ store, config: configWith({ protectMetrics: true }) });
  try {
    const withKey = await open.inject({ url: "/metrics", headers: { "x-api-key": ADMIN } });
    assert.equal(withKey.statusCode, 200);
    assert.match(withKey.body, /brecha_http_requests_total/);
    const viewer = await open.inject({ url: "/metrics", headers: { "x-api-key": VIEWER } });
    assert.equal(viewer.statusCode, 403);
  } finally {
    await open.close();
  }
});

test("scenarios are records of what was solved: no client-written figures, each save a new version", async () => {
  const app = await buildApi({ store, config: configWith() });
  try {
    const forged = await app.inject({
      method: "POST",
      url: "/api/v1/scenarios",
      headers: { "x-api-key": ANALYST },
      payload: {
        name: "forged",
        kind: "infra",
        params: {},
        summary: { benefit: 999_999_999 },
        plan: null,
      },
    });
    assert.equal(forged.statusCode, 404, "there is no endpoint that writes figures from a client");
    const plan = (budgetPen: number) =>
      app.inject({
        method: "POST",
        url: "/api/v1/plans/infra",
        headers: { "x-api-key": ANALYST },
        payload: { department: "03", budgetPen, save: "apurimac" },
      });
    for (const budget of [300_000, 600_000]) {
      const submitted = await plan(budget);
      assert.equal(submitted.statusCode, 202, submitted.body);
      const job = await awaitJob(app, (submitted.json() as ShownJob).id, ANALYST);
      assert.equal(job.state, "succeeded", JSON.stringify(job.error));
    }
    const versions = (await app.inject("/api/v1/scenarios/apurimac/versions")).json() as Array<{
      version: number;
      createdBy: string;
      params: { budgetPen: number };
      solver: { seconds: number; gap: number | null };
      datasetVersions: Record<string, string>;
    }>;
    assert.deepEqual(
      versions.map((v) => [v.version, v.params.budgetPen]),
      [
        [1, 300_000],
        [2, 600_000],
      ],
    );
    assert.match(versions[0]!.createdBy, /^api:analyst:[0-9a-f]{8}$/);
    assert.ok(!versions[0]!.createdBy.includes(ANALYST));
    assert.ok(versions[0]!.solver.seconds > 0);
    assert.match(versions[0]!.datasetVersions.school_premises ?? "", /^[0-9a-f]{64}$/);
    // The old version stays readable; the latest is the default.
    const old = (await app.inject("/api/v1/scenarios/apurimac?version=1")).json() as {
      version: number;
      params: { budgetPen: number };
    };
    assert.deepEqual([old.version, old.params.budgetPen], [1, 300_000]);
    const latest = (await app.inject("/api/v1/scenarios/apurimac")).json() as { version: number };
    assert.equal(latest.version, 2);
    const compare = (
      await app.inject("/api/v1/scenarios/compare?a=apurimac&aVersion=1&b=apurimac")
    ).json() as { figures: Array<{ key: string; a: number; b: number }> };
    const spent = compare.figures.find((f) => f.key === "spentPen")!;
    assert.ok(spent.a <= 300_000 && spent.b <= 600_000 && spent.b > spent.a);
    assert.equal((await app.inject("/api/v1/scenarios/apurimac?version=9")).statusCode, 404);
  } finally {
    await app.close();
  }
});

test("heavy statistics run off the event loop, sized to the caller, behind a bounded queue", async () => {
  const app = await buildApi({ store, config: configWith({ rateLimitPerMinute: 100_000 }) });
  const address = await app.listen({ host: "127.0.0.1", port: 0 });
  try {
    const tooMany = await fetch(`${address}/api/v1/hotspots/pobreza?permutations=9999`);
    assert.equal(tooMany.status, 400);
    assert.match(
      ((await tooMany.json()) as { message: string }).message,
      /una solicitud sin clave de API puede pedir como máximo 999 permutaciones/,
    );
    // Distinct URLs (no cache): the heavy requests run in the worker while health checks answer.
    const finished: string[] = [];
    const heavy = [0.01, 0.02, 0.03, 0.04, 0.05].map((alpha) =>
      fetch(`${address}/api/v1/hotspots/pobreza?permutations=2999&alpha=${alpha}`, {
        headers: { "x-api-key": ANALYST },
      }).then(async (r) => {
        finished.push(`heavy ${r.status}`);
        return r.status;
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const health = await fetch(`${address}/healthz`);
    finished.push(`health ${health.status}`);
    assert.deepEqual(await Promise.all(heavy), [200, 200, 200, 200, 200]);
    assert.equal(finished[0], "health 200", finished.join(", "));
    // Past the queue (8 at once), callers are told to come back instead of waiting.
    const burst = await Promise.all(
      Array.from({ length: 14 }, (_, k) =>
        fetch(
          `${address}/api/v1/inequality/pobreza?permutations=499&level=district&k=${k}&by=province`,
        ).then(async (r) => ({
          status: r.status,
          retry: r.headers.get("retry-after"),
          body: await r.text(),
        })),
      ),
    );
    const busy = burst.filter((r) => r.status === 503);
    assert.ok(busy.length >= 1, burst.map((r) => r.status).join(","));
    assert.ok(busy.every((r) => Number(r.retry) >= 1 && /BRECHA_BUSY/.test(r.body)));
    assert.equal(burst.filter((r) => r.status === 200).length + busy.length, 14);
  } finally {
    await app.close();
  }
});

test("security headers on every response: CSP, no sniffing, no framing, no referrer", async () => {
  const app = await buildApi({ store, config: configWith() });
  try {
    for (const url of ["/healthz", "/api/v1/datasets", "/api/v1/nothing", "/workspace"]) {
      const r = await app.inject(url);
      const csp = String(r.headers["content-security-policy"]);
      assert.match(csp, /default-src 'self'/, url);
      assert.match(csp, /script-src 'self'(;|$)/, url);
      assert.match(csp, /frame-ancestors 'none'/, url);
      assert.doesNotMatch(csp, /upgrade-insecure-requests/, url);
      assert.equal(r.headers["x-content-type-options"], "nosniff", url);
      assert.equal(r.headers["referrer-policy"], "no-referrer", url);
      assert.ok(r.headers["x-frame-options"], url);
    }
  } finally {
    await app.close();
  }
});
