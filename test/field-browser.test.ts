import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { chromium, request, type Browser, type Page } from "playwright-core";
import { z } from "zod";
import { buildApi } from "../src/api/index.ts";
import { loadConfig, type Config } from "../src/config/index.ts";
import { openOperations, type OperationsStore } from "../src/operations/index.ts";
import { openStore, sql, type Store } from "../src/storage/index.ts";
import { buildWorkspace } from "../src/tables/index.ts";
import { REAL_MIRROR, REPO_ROOT, tempDir } from "./helpers/paths.ts";
import { auditScreen } from "./helpers/screen-audit.ts";

// The field loop in the built dashboard, in Debian's chromium, each person in their own browser
// context (their own cookies): a teacher asks, the UGEL approves, the planner's device plan takes
// the request and becomes shipments, the UGEL dispatches, the school receives, the efficiency view
// shows it delivered, and a student's rating moves a resource up. Screenshots go to test/output/.

const CHROMIUM = "/usr/bin/chromium";
const PASSWORD = "clave-segura-2026";
const built = existsSync(join(REPO_ROOT, "dist", "web", "index.html"));
const skip = !built
  ? "the dashboard is not built (npm run build:web)"
  : !existsSync(CHROMIUM)
    ? "chromium is not installed (tools/ensure-servers.sh)"
    : !REAL_MIRROR
      ? "the public data files are not beside the repository"
      : false;
const output = join(REPO_ROOT, "test", "output");
const dir = tempDir();
let store: Store;
let ops: OperationsStore;
let app: Awaited<ReturnType<typeof buildApi>>;
let base: string;
let browser: Browser;
/** A school with premises in the Censo Educativo, its UGEL and district. */
let A: { code: string; ugel: string; ubigeo: string };

const config = (): Config =>
  loadConfig({
    overrides: {
      home: dir.path,
      mirror: REAL_MIRROR,
      offline: true,
      // Plain http on loopback: the browser would drop a Secure cookie on another host name.
      server: { secureCookies: false, rateLimitPerMinute: 100_000 },
    },
    env: {},
  });

before(async () => {
  if (skip) return;
  const writer = await openStore(join(dir.path, "brecha.duckdb"));
  await buildWorkspace(writer, config());
  await writer.close();
  store = await openStore(join(dir.path, "brecha.duckdb"), { readOnly: true });
  const found = await store.query(
    sql`SELECT s.codigo_modular AS code, s.codigo_ugel AS ugel, s.ubigeo FROM schools s
        WHERE s.codigo_ugel IS NOT NULL AND s.ubigeo IS NOT NULL AND length(s.codigo_modular) = 7
          AND s.latitud IS NOT NULL AND s.codigo_local IN (SELECT codigo_local FROM school_premises)
        ORDER BY s.codigo_modular LIMIT 1`,
    z.object({ code: z.string(), ugel: z.string(), ubigeo: z.string() }),
  );
  A = found[0]!;
  ops = await openOperations(config());
  const by = { caller: "test:setup", address: null };
  const people = [
    ["docente.a", "Docente de la escuela A", "school", { kind: "school", code: A.code }],
    ["ugel.a", "Especialista de la UGEL", "officer", { kind: "ugel", code: A.ugel }],
    ["planificadora", "Planificadora nacional", "planner", null],
    ["alumna", "Alumna de secundaria", "student", null],
    ["admin", "Administración", "admin", null],
  ] as const;
  for (const [username, displayName, role, scope] of people)
    await ops.createAccount({ username, displayName, role, scope, password: PASSWORD }, by);
  app = await buildApi({ store, config: config(), operations: ops });
  base = await app.listen({ host: "127.0.0.1", port: 0 });
  mkdirSync(output, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
});
after(async () => {
  await browser?.close();
  await app?.close();
  await ops?.close();
  await store?.close();
  dir.cleanup();
});

/** A person's own browser (own cookies), signed in through the "Mi cuenta" tab. */
async function signedIn(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("close", () => assert.deepEqual(errors, [], `${username}: errors in the page`));
  await page.goto(`${base}/app/?t=account`);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', PASSWORD);
  await page.click('form.sign-in button[type="submit"]');
  await page.waitForSelector(".signed-in");
  return page;
}

/** Looks at the screen: a screenshot at 1280 px, then the Spanish, accessibility and 390 px
 * checks, and a screenshot at 390 px. */
async function look(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(output, `field-${name}.png`), fullPage: true });
  await auditScreen(page, name);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(output, `field-${name}-390.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Polls a condition through locators (the page's content security policy forbids evaluating
 * strings, which waitForFunction would need). */
async function until(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Opens every page of a list ("Mostrar 20 más") until all its cards are on screen. */
async function showAll(page: Page, list: string): Promise<void> {
  await page.waitForSelector(`${list} li`);
  const more = page.locator(`${list} button.more`);
  while ((await more.count()) > 0) await more.click();
}

const reload = async (page: Page) => {
  await page.reload();
  await page.waitForSelector(".signed-in");
};

test(
  "teacher asks, UGEL approves, the plan ships it, the UGEL dispatches, the school receives, efficiency shows it, a rating moves a resource",
  { skip, timeout: 600_000 },
  async () => {
    // 1. The teacher of school A asks for 45 tablets with data for 45 students.
    const teacher = await signedIn("docente.a");
    assert.equal(await teacher.inputValue('input[name="school"]'), A.code);
    await teacher.fill('input[name="need-tablets"]', "45");
    await teacher.fill('input[name="need-dataPlans"]', "45");
    await teacher.fill('input[name="students"]', "45");
    await teacher.fill(
      'textarea[name="reason"]',
      "Estudiantes de secundaria sin equipo para las clases a distancia.",
    );
    await teacher.click('.request-form button[type="submit"]');
    const sent = await teacher.locator(".request-form .done").innerText();
    const id = Number(/n\.º (\d+)/.exec(sent)![1]);
    await teacher.waitForSelector(`li[data-request="${id}"] >> text=pendiente`);
    // The list carries where the school is: the map marks it.
    const listed = (await (await teacher.request.get(`${base}/api/v1/requests`)).json()) as {
      requests: Array<{ id: number; lon: number | null; lat: number | null }>;
      synthetic: string[];
    };
    const mark = listed.requests.find((r) => r.id === id)!;
    assert.ok(typeof mark.lon === "number" && typeof mark.lat === "number");
    // Synthetic demo schools are marked as such on this screen too.
    assert.equal(
      await teacher.locator(".synthetic").isVisible(),
      listed.synthetic.includes("schools"),
    );
    await look(teacher, "teacher-request");

    // Personal data in the reason is refused, in Spanish, and nothing is filed.
    await teacher.fill('input[name="need-radios"]', "2");
    await teacher.fill(
      'textarea[name="reason"]',
      "Para Juan Pérez Quispe, DNI 45678912, sin radio.",
    );
    await teacher.click('.request-form button[type="submit"]');
    assert.match(await teacher.locator(".request-form .error").innerText(), /no personas/);
    assert.equal(await teacher.locator("li[data-request]").count(), 1);

    // 2. The UGEL officer approves it from the review queue.
    const officer = await signedIn("ugel.a");
    const pending = officer.locator(`.review-queue li[data-request="${id}"]`);
    await pending.waitFor();
    await look(officer, "officer-review");
    await pending.locator("button", { hasText: /^Aprobar$/ }).click();
    await officer.waitForSelector(`.review-queue li[data-request="${id}"]`, { state: "detached" });
    await reload(teacher);
    await teacher.waitForSelector(`li[data-request="${id}"] >> text=aprobada`);

    // 3. The national planner's device plan (their session, no key) includes it; it becomes shipments.
    const planner = await signedIn("planificadora");
    await planner.goto(`${base}/app/?t=plan&k=devices&a=${A.ubigeo.slice(0, 2)}`);
    await planner.waitForSelector(".plan-form");
    assert.equal(await planner.locator('.plan-form input[type="password"]').count(), 0);
    await planner.click('.plan-form button[type="submit"]');
    const observed = planner.locator(".plan .observed");
    await observed.waitFor({ timeout: 240_000 });
    assert.match(await observed.innerText(), new RegExp(`n\\.º (\\d+, )*${id}\\b`));
    await planner.click(".ship-plan button");
    assert.match(await planner.locator(".ship-plan .done").innerText(), /[1-9]\d* envíos creados/);
    await look(planner, "planner-devices");

    // 4. The UGEL dispatches the shipment that serves the request; the school receives it.
    await reload(officer);
    await showAll(officer, ".shipments");
    const shipment = officer.locator("li.shipment", { hasText: `pedido(s) ${id}` }).first();
    await shipment.waitFor();
    const shipmentId = await shipment.getAttribute("data-shipment");
    await shipment.locator("button", { hasText: "Despachar" }).click();
    await officer.waitForSelector(`li[data-shipment="${shipmentId}"] >> text=despachado`);
    await reload(teacher);
    const arriving = teacher.locator(`li[data-shipment="${shipmentId}"]`);
    await arriving.locator("button", { hasText: "Registrar recepción" }).click();
    await teacher.waitForSelector(`li[data-shipment="${shipmentId}"] >> text=recibido`);
    // The map's key says what the request's marker colour means.
    assert.match(await teacher.locator(".map-key").first().innerText(), /En el mapa:\s*aprobada/);
    await look(teacher, "teacher-received");

    // 5. The efficiency view shows it delivered: the UGEL's row and the planner's department row.
    await reload(officer);
    const row = officer.locator(`.efficiency tr[data-area="${A.ugel}"]`);
    await row.waitFor();
    const delivered = /^(\d+) \/ (\d+)/.exec((await row.locator("td").first().innerText()).trim())!;
    assert.ok(Number(delivered[1]) >= 45, `delivered ${delivered[0]}`);
    await look(officer, "officer-efficiency");
    await planner.goto(`${base}/app/?t=account`);
    const department = planner.locator(`.efficiency tr[data-area="${A.ubigeo.slice(0, 2)}"]`);
    await department.waitFor();
    assert.doesNotMatch(await department.locator("td").first().innerText(), /^0 \//);
    await look(planner, "planner-efficiency");

    // 6. A student rates a resource that fits as well as the ones above it: it moves up.
    const student = await signedIn("alumna");
    await student.selectOption(".recommendations select >> nth=2", "good");
    await student.selectOption(".recommendations select >> nth=3", "tablet");
    const ranked = student.locator(".ranked > li");
    const order = async () => {
      const ids: string[] = [];
      for (let i = 0; i < (await ranked.count()); i++)
        ids.push((await ranked.nth(i).getAttribute("data-id")) ?? "");
      return ids;
    };
    const fits = (await (
      await student.request.get(
        `${base}/api/v1/recommendations?language=es&level=primaria&connectivity=good&device=tablet&limit=10`,
      )
    ).json()) as { items: Array<{ resource: { id: string }; fit: number }> };
    // The screen shows the ranking for a good connection and a tablet once the selects took effect.
    const expected = fits.items.map((i) => i.resource.id).join(" ");
    await until(async () => (await order()).join(" ") === expected);
    const before = await order();
    const top = fits.items[0]!;
    const target = fits.items.filter((i) => Math.abs(i.fit - top.fit) < 1e-9).at(-1)!.resource.id;
    assert.notEqual(before.indexOf(target), 0, "the target starts below the top");
    await student.locator(`.ranked > li[data-id="${target}"] button[aria-label="5 de 5"]`).click();
    await student.waitForSelector(`.ranked > li[data-id="${target}"] .done`);
    await until(async () => (await order()).indexOf(target) < before.indexOf(target));
    await look(student, "student-recommendations");
    for (const page of [teacher, officer, planner, student]) await page.context().close();
  },
);

/** What the finder's first view may weigh on the wire (HTML, CSS and scripts, compressed): a
 * phone on a 400 kbit/s link gets it in about half a second. Measured in the bench on a slow
 * link; here the bytes, which do not depend on the machine. */
const FINDER_BUDGET_BYTES = 30 * 1024;

test(
  "the public hub finder: no sign-in, from the phone's location or a chosen district, nearest first with distance, time and resources; within its byte budget",
  { skip, timeout: 300_000 },
  async () => {
    const [place] = await store.query(
      sql`SELECT codigo_cp AS code, latitud AS lat, longitud AS lon, ubigeo FROM populated_places
          WHERE ubigeo = ${sql.value(A.ubigeo)} AND latitud IS NOT NULL ORDER BY codigo_cp LIMIT 1`,
      z.object({ code: z.string(), lat: z.number(), lon: z.number(), ubigeo: z.string() }),
    );
    await ops.putHub(
      {
        code: place!.code,
        name: "Centro digital comunal",
        status: "existing",
        host: null,
        hours: "lun-sáb 8:00-20:00",
        note: null,
      },
      { caller: "test:setup", address: null },
    );
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      geolocation: { latitude: place!.lat, longitude: place!.lon },
      permissions: ["geolocation"],
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    let bytes = 0;
    const files: string[] = [];
    page.on("requestfinished", (request) => {
      void request.sizes().then((sizes) => {
        if (new URL(request.url()).pathname.startsWith("/api/")) return;
        bytes += sizes.responseBodySize + sizes.responseHeadersSize;
        files.push(`${new URL(request.url()).pathname} ${sizes.responseBodySize}`);
      });
    });
    const response = await page.goto(`${base}/cerca`);
    assert.equal(response?.status(), 200);
    assert.match(page.url(), /\/app\/cerca\.html$/);
    await page.waitForSelector("button.primary");
    await page.waitForLoadState("networkidle");
    assert.ok(
      bytes > 0 && bytes <= FINDER_BUDGET_BYTES,
      `the finder's first view weighs ${bytes} bytes (budget ${FINDER_BUDGET_BYTES}): ${files.join(", ")}`,
    );
    assert.ok(!files.some((f) => /maplibre|main-/.test(f)), "none of the dashboard's code");

    await page.click("button.primary");
    const first = page.locator(".hubs > li").first();
    await first.waitFor();
    assert.equal(await first.getAttribute("data-code"), place!.code);
    const text = await first.innerText();
    assert.match(text, /Centro digital comunal/);
    assert.match(text, /abierto/);
    assert.match(text, /aquí mismo/);
    assert.match(text, /≈ 1 min en transporte/);
    assert.match(text, /Horario: lun-sáb 8:00-20:00/);
    assert.match(await page.locator(".results h2").innerText(), /su ubicación/);
    await page.screenshot({ path: join(output, "hub-finder-390.png"), fullPage: true });
    await auditScreen(page, "hub finder, from the phone's location");

    // From a chosen district: the department, province and district lists, then the answer.
    await page.selectOption('select[name="department"]', A.ubigeo.slice(0, 2));
    await until(async () => (await page.locator('select[name="province"] option').count()) > 1);
    await page.selectOption('select[name="province"]', A.ubigeo.slice(0, 4));
    await until(async () => (await page.locator('select[name="district"] option').count()) > 1);
    await page.selectOption('select[name="district"]', A.ubigeo);
    await until(async () => !/su ubicación/.test(await page.locator(".results h2").innerText()));
    assert.equal(await page.locator(".hubs > li").first().getAttribute("data-code"), place!.code);
    assert.equal(
      await page.locator('select[name="district"]').inputValue(),
      A.ubigeo,
      "the district chosen stays shown",
    );
    await page.click("header button");
    await until(async () => (await page.locator("html").getAttribute("lang")) === "en");
    assert.match(await page.locator("h1").innerText(), /Where is a centre near me\?/);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: join(output, "hub-finder.png"), fullPage: true });
    assert.deepEqual(errors, []);
    await context.close();
  },
);

test(
  "the administrator creates an account in the dashboard, sees it listed, and turns it off: it can no longer sign in",
  { skip, timeout: 300_000 },
  async () => {
    const admin = await signedIn("admin");
    await admin.waitForSelector(".accounts tr[data-account='docente.a']");
    await admin.click(".new-account summary");
    await admin.fill('input[name="account-username"]', "director.nuevo");
    await admin.fill('input[name="account-displayName"]', "Director nuevo");
    await admin.fill('input[name="account-code"]', A.code);
    await admin.fill('input[name="account-password"]', "otra-clave-segura-2026");
    await admin.click('.new-account button[type="submit"]');
    await admin.waitForSelector(".new-account .done");
    const row = admin.locator(".accounts tr[data-account='director.nuevo']");
    await row.waitFor();
    assert.match(await row.innerText(), /escuela/);
    assert.match(await row.innerText(), new RegExp(`escuela ${A.code}`));
    // From elsewhere (not the administrator's browser, whose cookie must stay theirs).
    const elsewhere = await request.newContext();
    const signIn = () =>
      elsewhere.post(`${base}/api/v1/auth/login`, {
        data: { username: "director.nuevo", password: "otra-clave-segura-2026" },
      });
    assert.equal((await signIn()).status(), 200);
    await look(admin, "admin-accounts");
    await row.locator("button", { hasText: "Desactivar" }).click();
    await admin.waitForSelector(".accounts tr[data-account='director.nuevo'] >> text=desactivada");
    assert.equal((await signIn()).status(), 401);
    await elsewhere.dispose();
    await admin.context().close();
  },
);
