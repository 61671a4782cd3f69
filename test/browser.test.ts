import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { buildApi } from "../src/api/index.ts";
import { loadConfig } from "../src/config/index.ts";
import { openStore, type Store } from "../src/storage/index.ts";
import { buildWorkspace } from "../src/tables/index.ts";
import { REAL_MIRROR, REPO_ROOT, tempDir } from "./helpers/paths.ts";
import { auditScreen } from "./helpers/screen-audit.ts";

// The built dashboard (npm run build:web) in Debian's chromium, against the API on loopback.
// Screenshots go to test/output/ for a person to look at.

const CHROMIUM = "/usr/bin/chromium";
const ANALYST_KEY = "browser-test-analyst-key-01";
const ADMIN_KEY = "browser-test-admin-key-0001";
const built = existsSync(join(REPO_ROOT, "dist", "web", "index.html"));
const skip = !built
  ? "the dashboard is not built (npm run build:web)"
  : !existsSync(CHROMIUM)
    ? "chromium is not installed (tools/ensure-servers.sh)"
    : false;
const output = join(REPO_ROOT, "test", "output");
const dir = tempDir();
let store: Store;
let app: Awaited<ReturnType<typeof buildApi>>;
let base: string;
let context: BrowserContext;

/** Polls a condition through Playwright's locators: the page's content security policy forbids
 * evaluating strings, so no string predicate is sent to it. */
async function until(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
let page: Page;

/** Maynas with its schools, the first school of Iquitos found by name in the finder, its card open. */
async function openSchoolCardFromFinder(): Promise<void> {
  await page.goto(`${base}/app/?i=pobreza&a=1601&s=1`);
  await page.waitForSelector(".school-finder input");
  const first = await page.evaluate(async () => {
    const r = await fetch("/api/v1/schools?area=160101");
    const body = (await r.json()) as { features: Array<{ properties: { name: string } }> };
    return body.features[0]!.properties.name;
  });
  await page.fill(".school-finder input", first.slice(0, 12));
  await page.click(".school-finder button >> nth=0");
  await page.waitForSelector(".school-card dl");
}

before(async () => {
  if (skip) return;
  const config = loadConfig({
    overrides: {
      home: dir.path,
      mirror: REAL_MIRROR,
      offline: true,
      server: {
        apiKeys: [
          { key: ANALYST_KEY, role: "analyst" },
          { key: ADMIN_KEY, role: "admin" },
        ],
      },
    },
    env: {},
  });
  const writer = await openStore(join(dir.path, "brecha.duckdb"));
  await buildWorkspace(writer, config);
  await writer.close();
  store = await openStore(join(dir.path, "brecha.duckdb"), { readOnly: true });
  app = await buildApi({ store, config });
  base = await app.listen({ host: "127.0.0.1", port: 0 });
  mkdirSync(output, { recursive: true });
  context = await chromium.launchPersistentContext(
    mkdtempSync(join(tmpdir(), "brecha-chromium-")),
    {
      executablePath: CHROMIUM,
      headless: true,
      acceptDownloads: true,
      viewport: { width: 1280, height: 800 },
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  );
  page = context.pages()[0] ?? (await context.newPage());
});
after(async () => {
  await context?.close();
  await app?.close();
  await store?.close();
  dir.cleanup();
});

test(
  "the dashboard loads in Spanish, drills down from Peru to a district's province, switches to English and exports CSV",
  { skip },
  async () => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${base}/app/`);
    await page.waitForSelector('a[data-code="16"]');
    assert.equal(await page.locator("html").getAttribute("lang"), "es");
    assert.match(await page.locator("h1").innerText(), /atlas de brechas/);
    assert.equal(await page.locator("tbody tr").count(), 25, "25 departments ranked");
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(output, "dashboard-peru.png") });
    await auditScreen(page, "atlas, Peru");

    await page.click('a[data-code="16"]'); // Loreto
    await page.waitForSelector('a[data-code="1601"]');
    assert.match(await page.locator(".crumbs").innerText(), /Perú › Loreto/);
    // Inside Loreto: its gap to Peru, and inequality between its provinces.
    await page.waitForSelector("section.gap");
    assert.match(await page.locator("section.gap h2").innerText(), /Brecha de Loreto/);
    await page.waitForSelector("section.inequality dd");
    assert.match(await page.locator("section.inequality").innerText(), /entre provincias/);
    await page.screenshot({ path: join(output, "dashboard-loreto.png") });
    await auditScreen(page, "atlas, Loreto with its gap and inequality");
    await page.click('a[data-code="1601"]'); // Maynas
    await page.waitForSelector("text=Iquitos");
    assert.match(await page.locator(".crumbs").innerText(), /Perú › Loreto › Maynas · Distritos/);
    assert.match(page.url(), /a=1601/, "the URL holds the view");
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(output, "dashboard-maynas.png") });
    await auditScreen(page, "atlas, Maynas's districts");

    await page.click("button.lang");
    await page.waitForSelector("text=Peru");
    assert.equal(await page.locator("html").getAttribute("lang"), "en");
    assert.match(await page.locator("h1").innerText(), /atlas of educational and digital gaps/);
    assert.match(page.url(), /lang=en/);

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click("text=Export CSV"),
    ]);
    const csv = readFileSync((await download.path())!, "utf8")
      .trim()
      .split("\n");
    assert.match(csv[0]!, /^ubigeo,Area,Monetary poverty 2018 \(%\),synthetic_value,basis$/);
    assert.equal(csv.length, 1 + 11, "Maynas has 11 districts");
    assert.ok(csv.some((line) => /^160101,Iquitos,[\d.]+,no,aggregate of districts$/.test(line)));

    // A shared URL opens the same view.
    await page.goto(`${base}/app/?i=pobreza&a=16`);
    await page.waitForSelector('a[data-code="1601"]');
    assert.deepEqual(errors, []);
  },
);

test(
  "a hub plan from the dashboard: analyst key, five hubs on the map with their reasons in Spanish",
  { skip },
  async () => {
    // "t=hubs" is the planning tab's older name: shared links keep working.
    await page.goto(`${base}/app/?t=hubs&a=03`);
    await page.waitForSelector("form.plan-form");
    await page.fill('input[type="password"]', ANALYST_KEY);
    await page.fill('input[type="number"] >> nth=0', "5");
    await page.click('button[type="submit"]');
    await page.waitForSelector(".plan .covered", { timeout: 60_000 });
    assert.equal(await page.locator(".plan li").count(), 5);
    assert.match(
      await page.locator(".plan .covered").innerText(),
      /% de [\d,]+ personas a menos de 10 km/,
    );
    assert.match(await page.locator(".plan li >> nth=0").innerText(), /atiende a [\d,]+ personas/);
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(output, "dashboard-hubs-apurimac.png") });
    await auditScreen(page, "planning, hubs of Apurímac");
    // Opening costs and a budget: as many hubs as 200,000 soles pay for at 45,000 each.
    await page.fill('input[type="number"] >> nth=0', "50");
    await page.fill('input[type="number"] >> nth=2', "2000");
    await page.fill('input[type="number"] >> nth=3', "45000");
    await page.fill('input[type="number"] >> nth=4', "200000");
    await page.click('button[type="submit"]');
    await page.waitForSelector('.plan .covered:has-text("de un presupuesto de S/ 200,000")', {
      timeout: 60_000,
    });
    assert.match(
      await page.locator(".plan").innerText(),
      /Costo de apertura: S\/ 180,000 de un presupuesto de S\/ 200,000/,
    );
    assert.equal(await page.locator(".plan li").count(), 4);
    assert.match(await page.locator(".plan li >> nth=0").innerText(), /abrirlo cuesta S\/ 45,000/);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    assert.ok(
      ((await page.evaluate(
        "document.documentElement.scrollWidth - window.innerWidth",
      )) as number) <= 0,
      "no sideways scrolling at 390 px",
    );
    await page.screenshot({ path: join(output, "dashboard-hubs-budget-390.png"), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: join(output, "dashboard-hubs-budget.png") });
    for (const nth of [2, 3, 4]) await page.fill(`input[type="number"] >> nth=${nth}`, "0");
    // A wrong key is refused with the API's message, not a blank screen.
    await page.fill('input[type="password"]', "wrong-key-wrong-key-0000");
    await page.click('button[type="submit"]');
    await page.waitForSelector("form.plan-form .error");
    assert.match(
      await page.locator("form.plan-form .error").innerText(),
      /clave de API desconocida/,
    );
    await auditScreen(page, "planning, a wrong key refused");
  },
);

test(
  "national plans from the dashboard: a progress bar, cancel, then whole-country device and infrastructure plans",
  { skip },
  async () => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${base}/app/?t=plan&k=devices`);
    await page.waitForSelector("form.plan-form");
    assert.equal(
      await page.locator("form.plan-form select >> nth=0").locator("option:checked").innerText(),
      "Todo el Perú",
    );
    assert.match(await page.locator("form.plan-form").innerText(), /Plan nacional/);
    await page.fill('input[type="password"]', ANALYST_KEY);
    await page.fill('input[type="number"] >> nth=0', "1056430");
    await page.click('button[type="submit"]');
    // The bar shows the job's phase and moves; cancel stops it and says nothing was saved.
    await page.waitForSelector(".job progress");
    await until(async () =>
      /Resolviendo/.test(await page.locator(".job [role=status]").innerText()),
    );
    await page.screenshot({ path: join(output, "dashboard-national-progress.png") });
    await page.click(".job button");
    await page.waitForSelector("form.plan-form .error");
    assert.match(await page.locator("form.plan-form .error").innerText(), /se canceló/);
    assert.equal(await page.locator(".job").count(), 0);
    // Run to the end: every school of the country.
    await page.click('button[type="submit"]');
    await page.waitForSelector(".plan .covered", { timeout: 150_000 });
    assert.match(
      await page.locator(".plan .covered").innerText(),
      /^[\d,]+ de [\d,]+ dispositivos entregados/,
    );
    await page.click("text=Infraestructura escolar");
    await page.fill('input[type="number"] >> nth=0', "150000000");
    await page.click('button[type="submit"]');
    await page.waitForSelector(".job progress");
    await page.waitForSelector(".plan .covered", { timeout: 150_000 });
    assert.match(
      await page.locator(".plan .covered").innerText(),
      /^[\d,]+ intervenciones por [\d,]+ de 150,000,000 PEN/,
    );
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(output, "dashboard-national-infra.png") });
    await auditScreen(page, "planning, national infrastructure");
    assert.deepEqual(errors, []);
  },
);

test(
  "infrastructure plans under two budgets, saved and compared side by side; a device plan",
  { skip },
  async () => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${base}/app/?t=plan&k=infra&a=03`);
    await page.waitForSelector("form.plan-form");
    await page.fill('input[type="password"]', ANALYST_KEY);
    for (const [budget, name] of [
      ["400000", "ui-infra-400k"],
      ["900000", "ui-infra-900k"],
    ] as const) {
      await page.fill('input[type="number"] >> nth=0', budget);
      await page.fill('input[type="text"]', name);
      await page.click('button[type="submit"]');
      await page.waitForSelector(`.plan .covered:has-text("de ${budget.slice(0, 3)},000 PEN")`, {
        timeout: 60_000,
      });
    }
    const summary = await page.locator(".plan .covered").innerText();
    assert.match(summary, /^[\d,]+ intervenciones por [\d,]+ de 900,000 PEN/);
    assert.match(
      await page.locator(".plan li >> nth=0").innerText(),
      /Local \d+ · .+ · [\d,]+ PEN — .*estudiantes ponderados por necesidad/,
    );
    // The comparison picks up the two saved scenarios.
    await page.selectOption("section.compare select >> nth=0", "ui-infra-400k");
    await page.selectOption("section.compare select >> nth=1", "ui-infra-900k");
    await page.waitForSelector("section.compare tbody tr");
    const table = await page.locator("section.compare table").innerText();
    assert.match(table, /gasto \(PEN\)\s+[\d,]+\s+[\d,]+\s+\+[\d,]+/);
    assert.match(await page.locator("section.compare .note").innerText(), /Sitios en ambos: \d+/);
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(output, "dashboard-infra-compare.png") });
    await auditScreen(page, "planning, two infrastructure scenarios compared");

    await page.click("text=Dispositivos");
    assert.match(page.url(), /k=devices/);
    await page.fill('input[type="number"] >> nth=0', "3000");
    await page.fill('input[type="text"]', "");
    await page.click('button[type="submit"]');
    await page.waitForSelector(".plan .covered", { timeout: 60_000 });
    assert.match(
      await page.locator(".plan .covered").innerText(),
      /^[\d,]+ de [\d,]+ dispositivos entregados/,
    );
    assert.match(await page.locator(".synthetic").innerText(), /escuelas y su matrícula/);
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(output, "dashboard-devices.png") });
    await auditScreen(page, "planning, devices");
    assert.deepEqual(errors, []);
  },
);

test(
  "distribution chart, a printable area report with the learning trends, and school details",
  { skip },
  async () => {
    await page.goto(`${base}/app/?i=pobreza&a=16`);
    await page.waitForSelector("figure.chart rect");
    assert.match(
      await page.locator("figure.chart figcaption >> nth=0").innerText(),
      /Distribución de provincias \(8 con dato\)/,
    );
    // Natural breaks instead of quintiles: another legend, kept in the URL.
    const quintiles = await page.locator(".legend").innerText();
    await page.selectOption(".legend select", "jenks");
    await until(async () => (await page.locator(".legend").innerText()) !== quintiles);
    assert.match(page.url(), /c=jenks/);
    assert.notEqual(await page.locator(".legend").innerText(), quintiles);
    // School filters change school-based indicators: rural premises are less connected.
    const loreto = async (filter: string) => {
      await page.goto(`${base}/app/?i=locales_internet&${filter}`);
      await page.waitForSelector('a[data-code="16"]');
      // The value cell also carries the synthetic mark (*).
      const cell = await page.locator('tr:has(a[data-code="16"]) td.n').innerText();
      assert.match(cell, / \*$/);
      return Number(cell.replace(/[^\d.]/g, ""));
    };
    const rural = await loreto("u=rural");
    const urban = await loreto("u=urbana");
    assert.ok(rural < urban, `Loreto premises with internet: rural ${rural}% < urban ${urban}%`);
    assert.equal(await page.locator("fieldset.filters").isDisabled(), false);
    await page.goto(`${base}/app/?i=pobreza&a=16`);
    await page.waitForSelector("fieldset.filters[disabled]");
    await page.click("text=Informe del área");
    await page.waitForSelector("article.report table tbody tr");
    assert.match(page.url(), /r=16/);
    assert.match(await page.locator("article.report h2").innerText(), /Informe de Loreto/);
    assert.ok((await page.locator("article.report tbody tr").count()) >= 10);
    await page.waitForSelector("article.report figure.chart polyline");
    const trends = await page.locator("article.report figure.chart figcaption").allInnerTexts();
    assert.ok(
      trends.some((t) => /Tendencia: Lectura: % satisfactorio/.test(t)),
      trends.join(" | "),
    );
    // UMC's official regional values are marked, and their mark is explained.
    assert.match(
      await page.locator("article.report").innerText(),
      /◆ cifra oficial regional de UMC/,
    );
    assert.match(await page.locator("article.report").innerText(), /\* dato sintético/);
    await page.screenshot({ path: join(output, "report-loreto.png"), fullPage: true });
    await auditScreen(page, "report on Loreto");
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator(".report-actions").isVisible(), false, "no buttons on paper");
    await page.emulateMedia({ media: "screen" });
    // A district's report opens from its link, in English too.
    await page.goto(`${base}/app/?r=160101&lang=en`);
    await page.waitForSelector("article.report h2");
    assert.match(await page.locator("article.report h2").innerText(), /Report on Iquitos/);

    // School details: found by name, shown as a card over the map.
    await openSchoolCardFromFinder();
    const card = await page.locator(".school-card").innerText();
    assert.match(card, /Estudiantes/);
    assert.match(card, /Internet\s+(sí|no|sin dato)/);
    assert.match(card, /SINTÉTICOS/);
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(output, "dashboard-school-card.png") });
    await auditScreen(page, "a school card");
    await page.click(".school-card .close");
    assert.equal(await page.locator(".school-card").count(), 0);
  },
);

test(
  "the learning-resource repository: accent-insensitive search and a language filter",
  { skip },
  async () => {
    await page.goto(`${base}/app/?t=resources`);
    await page.waitForSelector('li[data-id="kolibri"]');
    await page.fill('input[type="search"]', "MATEMATICA");
    await page.waitForSelector('li[data-id="khan-academy-es"]');
    await until(async () => (await page.locator(".resources li").count()) === 1);
    await page.fill('input[type="search"]', "");
    await page.selectOption("select", "qu");
    await page.waitForSelector('li[data-id="wikipedia-quechua"]');
    // Wikipedia in Quechua and the radio programmes, which are also in Quechua.
    await page.waitForSelector('li[data-id="aprendo-en-casa-radio"]');
    await until(async () => (await page.locator(".resources li").count()) === 2);
    await page.screenshot({ path: join(output, "dashboard-resources.png") });
    await auditScreen(page, "learning resources");
  },
);

test(
  "an admin adds a resource linked to a hub (the API's validation message shown), finds it, deletes it",
  { skip },
  async () => {
    await page.goto(`${base}/app/?t=resources`);
    await page.waitForSelector('li[data-id="kolibri"]');
    await page.click("details.admin summary");
    await page.fill('details.admin input[type="password"]', ADMIN_KEY);
    await page.click("text=Añadir un recurso");
    await page.fill('.resource-form input[name="id"]', "guia-huertos-escolares");
    await page.fill('.resource-form input[name="title"]', "Guía de huertos escolares en quechua");
    await page.check('.resource-form label:has-text("quechua") input');
    await page.fill('.resource-form input[name="licence"]', "CC BY 4.0");
    await page.fill('.resource-form input[name="url"]', "ftp://example.org/huertos");
    await page.fill('.resource-form input[name="hubs"]', "0301010001");
    await page.click('.resource-form button[type="submit"]');
    await page.waitForSelector(".resource-form .error");
    assert.match(await page.locator(".resource-form .error").innerText(), /url/i);
    await page.fill('.resource-form input[name="url"]', "https://example.org/huertos");
    await page.click('.resource-form button[type="submit"]');
    await page.waitForSelector('li[data-id="guia-huertos-escolares"]');
    assert.equal(await page.locator(".resource-form").count(), 0, "the form closes when saved");
    await page.screenshot({ path: join(output, "dashboard-resources-admin.png") });
    await auditScreen(page, "learning resources, administered");
    // Linked to the hub: the hub's resources list it (a link from a hub plan opens this view).
    await page.goto(`${base}/app/?t=resources&h=0301010001`);
    await page.waitForSelector('li[data-id="guia-huertos-escolares"]');
    assert.equal(await page.locator(".resources li").count(), 1);
    await page.fill('input[type="search"]', "HUERTOS quechua");
    await until(async () => (await page.locator(".resources li").count()) === 1);
    page.once("dialog", (d) => void d.accept());
    await page.click("details.admin summary");
    await page.click('li[data-id="guia-huertos-escolares"] >> text=Eliminar');
    await page.waitForSelector('li[data-id="guia-huertos-escolares"]', { state: "detached" });
  },
);

test(
  "learning results are real: a year choice, UMC's official regional figures marked, no demo banner",
  { skip },
  async () => {
    await page.goto(`${base}/app/?i=lectura_satisfactorio`);
    await page.waitForSelector("body[data-ready='1']");
    const years = await page.locator("label:has-text('Año') select option").allInnerTexts();
    assert.deepEqual(years, ["2016", "2018", "2024"]);
    const loreto = () => page.locator('tr:has(a[data-code="16"]) td.n').innerText();
    assert.equal(await loreto(), "12.8 ◆");
    assert.equal(await page.locator(".synthetic").count(), 0, "no synthetic value in this view");
    assert.match(await page.locator(".ranking").innerText(), /◆ cifra oficial regional de UMC/);
    await page.selectOption("label:has-text('Año') select", "2018");
    await until(async () => (await loreto()) === "11.0 ◆");
    assert.match(page.url(), /y=2018/);
    // Another indicator starts again from its latest year.
    await page.selectOption("label:has-text('Indicador') select", "pobreza");
    await page.waitForSelector("body[data-ready='1']");
    assert.doesNotMatch(page.url(), /y=/);
    await page.screenshot({ path: join(output, "dashboard-enla.png") });
    await auditScreen(page, "atlas, learning results");
  },
);

test("the hot-spot map: LISA clusters of district poverty with Moran's I", { skip }, async () => {
  await page.goto(`${base}/app/?i=pobreza&m=lisa`);
  await page.waitForSelector("text=Conglomerados LISA (FDR 5%)");
  await page.waitForSelector("text=/I de Moran 0[.,]6\\d\\d/");
  const legend = await page.locator(".legend").innerText();
  const highHigh = Number(/alto rodeado de altos \((\d+)\)/.exec(legend)?.[1]);
  assert.ok(highHigh > 100, legend);
  await page.waitForSelector("body[data-ready='1']");
  await page.screenshot({ path: join(output, "dashboard-lisa.png") });
  await auditScreen(page, "atlas, hot spots");
});

test("map PNG export, and the layout on a phone screen", { skip }, async () => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${base}/app/?i=pobreza&a=16`);
  await page.waitForSelector("body[data-ready='1']");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.click("text=Mapa PNG"),
  ]);
  const png = readFileSync((await download.path())!);
  assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47], "a PNG file");
  assert.ok(png.length > 5_000, `${png.length} bytes: the map is drawn, not blank`);
  // A sheet, not a bare canvas: title above, legend, sources and date below the map.
  const canvasHeight = await page
    .locator(".map canvas")
    .evaluate((canvas) => (canvas as unknown as { height: number }).height);
  assert.ok(png.readUInt32BE(20) > canvasHeight + 60, `${png.readUInt32BE(20)} vs ${canvasHeight}`);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${base}/app/?i=pobreza`);
  await page.waitForSelector("body[data-ready='1']");
  const map = await page.locator(".map").boundingBox();
  const table = await page.locator(".ranking table").boundingBox();
  assert.ok(map && map.width <= 390 && map.height > 300, JSON.stringify(map));
  assert.ok(table && table.y > map!.y, "the ranking comes below the map on a phone");
  await page.screenshot({ path: join(output, "dashboard-phone.png"), fullPage: false });
  await page.setViewportSize({ width: 1280, height: 800 });
});

test("school points of a province, clustered on the map", { skip }, async () => {
  await page.goto(`${base}/app/?i=pobreza&a=1601&s=1`);
  await page.waitForSelector("text=/Mostrar escuelas \\([\\d,]+\\)/");
  const label = await page.locator(".schools-toggle").innerText();
  assert.ok(Number(/\(([\d,]+)\)/.exec(label)![1]!.replace(/,/g, "")) > 50, label);
  // Opened deep from a link: the breadcrumbs still name the areas; the schools are demo data.
  await page.waitForSelector("text=Perú › Loreto › Maynas");
  assert.match(await page.locator(".synthetic").innerText(), /escuelas y su matrícula/);
  await page.waitForTimeout(800);
  await page.screenshot({ path: join(output, "dashboard-schools-maynas.png") });
  await auditScreen(page, "atlas, schools of Maynas");
});

test(
  "the typology map: district types described in words, from real sources only",
  { skip },
  async () => {
    await page.goto(`${base}/app/?i=pobreza&m=typology`);
    await page.waitForSelector("text=/Tipos de distrito \\(k-medias, k = \\d\\)/");
    await page.waitForSelector(".legend .type");
    assert.match(await page.locator(".legend").innerText(), /Distritos con /);
    assert.equal(await page.locator(".synthetic").count(), 0, "no synthetic input");
    await page.waitForSelector("body[data-ready='1']");
    await page.screenshot({ path: join(output, "dashboard-typology.png") });
    await auditScreen(page, "atlas, district types");
  },
);

test(
  "zooming in survives hovering: the map refits only when the areas change",
  { skip },
  async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${base}/app/?i=pobreza&a=15`);
    await page.waitForSelector("body[data-ready='1']");
    const map = page.locator(".map");
    const box = (await map.boundingBox())!;
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    const whole = await map.screenshot();
    await page.mouse.move(centre.x, centre.y);
    for (let k = 0; k < 4; k++) {
      await page.mouse.wheel(0, -500);
      await page.waitForTimeout(250);
    }
    await page.waitForTimeout(800);
    const zoomed = await map.screenshot();
    assert.notDeepEqual(zoomed, whole, "the wheel zoomed the map in");
    // Small mouse moves over the areas: the hover line follows, the view does not move.
    for (let k = 1; k <= 6; k++) {
      await page.mouse.move(centre.x + 3 * k, centre.y + 2 * k);
      await page.waitForTimeout(120);
    }
    await until(async () => /: [\d.,]+ %/.test(await page.locator(".hover").innerText()));
    await page.waitForTimeout(800);
    assert.deepEqual(await map.screenshot(), zoomed, "hovering kept the zoom");
    // Another colouring (natural breaks) repaints without refitting either.
    await page.selectOption(".legend select", "jenks");
    await page.waitForTimeout(800);
    const recoloured = await map.screenshot();
    assert.notDeepEqual(recoloured, zoomed, "new colours");
    // A new set of areas (back up to Peru) fits the map again.
    await page.click(".crumbs a");
    await page.waitForSelector('a[data-code="16"]');
    await page.waitForTimeout(800);
    assert.notDeepEqual(await map.screenshot(), recoloured);
  },
);

test(
  "tabs follow the WAI-ARIA pattern; the map is an application region described by the ranking",
  { skip },
  async () => {
    await page.goto(`${base}/app/?i=pobreza`);
    await page.waitForSelector("body[data-ready='1']");
    const tabs = page.locator('[role="tablist"] [role="tab"]');
    assert.equal(await tabs.count(), 4);
    assert.equal(await tabs.nth(0).getAttribute("aria-selected"), "true");
    assert.equal(await tabs.nth(0).getAttribute("tabindex"), "0");
    assert.equal(await tabs.nth(1).getAttribute("tabindex"), "-1", "one tab in the tab order");
    const panel = page.locator('[role="tabpanel"]');
    assert.equal(await panel.getAttribute("aria-labelledby"), await tabs.nth(0).getAttribute("id"));
    assert.equal(await tabs.nth(0).getAttribute("aria-controls"), await panel.getAttribute("id"));
    // Arrow keys move between tabs and select them.
    await tabs.nth(0).focus();
    await page.keyboard.press("ArrowRight");
    await page.waitForSelector("form.plan-form");
    assert.equal(await tabs.nth(1).getAttribute("aria-selected"), "true");
    assert.match(page.url(), /t=plan/);
    assert.equal(
      await page.evaluate("document.activeElement && document.activeElement.id"),
      await tabs.nth(1).getAttribute("id"),
    );
    await page.keyboard.press("End");
    await page.waitForSelector("form.sign-in");
    assert.match(page.url(), /t=account/);
    await page.keyboard.press("Home");
    await page.waitForSelector('a[data-code="16"]');
    // The map: an application region named by what it shows, and the ranking's links are the
    // keyboard's way into the same areas.
    const map = page.locator(".map");
    assert.equal(await map.getAttribute("role"), "application");
    assert.match((await map.getAttribute("aria-label"))!, /Mapa de Pobreza monetaria/);
    assert.equal(await map.getAttribute("aria-describedby"), "ranking");
    assert.equal(await page.locator("#ranking a[data-code]").count(), 25);
    // Hovering is not announced; choosing an area is.
    assert.equal(await page.locator(".hover").getAttribute("aria-live"), null);
    const live = page.locator('[aria-live="polite"]');
    await page.click('a[data-code="16"]');
    await until(async () => /Loreto/.test(await live.innerText()));
  },
);

test("a school chosen in the finder on a phone opens its card in view", { skip }, async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await openSchoolCardFromFinder();
    await page.waitForTimeout(500);
    const card = (await page.locator(".school-card").boundingBox())!;
    assert.ok(card.x >= 0 && card.x + card.width <= 390, JSON.stringify(card));
    assert.ok(card.y >= 0 && card.y < 844, `the card is in view: ${JSON.stringify(card)}`);
    await page.screenshot({ path: join(output, "dashboard-school-card-390.png") });
  } finally {
    await page.setViewportSize({ width: 1280, height: 800 });
  }
});

test(
  "after a first visit the map opens offline from the service worker, and says its data may be stale",
  { skip },
  async () => {
    await page.goto(`${base}/app/?i=pobreza&a=16`);
    await page.waitForSelector("body[data-ready='1']");
    // The worker takes control of the page; the next visit's answers are kept.
    await until(
      async () => (await page.evaluate("navigator.serviceWorker.controller !== null")) === true,
    );
    await page.reload();
    await page.waitForSelector("body[data-ready='1']");
    assert.equal(await page.locator(".offline").count(), 0, "online: no stale-data notice");
    const cdp = await context.newCDPSession(page);
    try {
      // The HTTP cache would answer for 60 s (max-age): emptied, so the worker's copy is what is left.
      await cdp.send("Network.clearBrowserCache");
      await context.setOffline(true);
      await page.reload();
      await page.waitForSelector("body[data-ready='1']");
      assert.equal(
        await page.locator('a[data-code="1601"]').count(),
        1,
        "Loreto's provinces ranked",
      );
      assert.match(
        await page.locator(".offline").innerText(),
        /Sin conexión: se muestran los datos guardados en este equipo \(.*2\d{3}.*\); pueden estar desactualizados/,
      );
      await page.screenshot({ path: join(output, "dashboard-offline.png") });
      // A place never visited (Requena): said in words, not as a browser error.
      await page.click('a[data-code="1605"]');
      await page.waitForSelector(".error");
      assert.match(
        await page.locator(".error").innerText(),
        /no hay conexión con el servidor y estos datos no se guardaron en una visita anterior/,
      );
    } finally {
      await context.setOffline(false);
      await cdp.detach();
    }
    await page.goto(`${base}/app/?i=pobreza&a=1601`);
    await page.waitForSelector("body[data-ready='1']");
    assert.equal(await page.locator(".offline").count(), 0, "back online: the notice goes");
  },
);

test(
  "an answer of the wrong shape (another server version, a proxy's page) is said in words, not a broken map",
  { skip },
  async () => {
    // A browser of its own without the service worker, so that the page's own requests are the
    // ones answered here.
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu"],
    });
    try {
      const other = await browser.newContext({ serviceWorkers: "block" });
      const tab = await other.newPage();
      // The real server's answer, with one field of the wrong type.
      await tab.route("**/api/v1/indicators?*", async (route) => {
        const answer = (await (await route.fetch()).json()) as { areas: Array<{ code: unknown }> };
        answer.areas[0]!.code = 16;
        await route.fulfill({ json: answer });
      });
      await tab.goto(`${base}/app/`);
      const alert = tab.getByText(/el servidor respondió con datos que el tablero no reconoce/);
      await alert.waitFor();
      assert.match(await alert.innerText(), /\/api\/v1\/indicators · areas\.0\.code/);
      await tab.screenshot({ path: join(output, "dashboard-wrong-answer.png") });
      await auditScreen(tab, "an answer of the wrong shape");
    } finally {
      await browser.close();
    }
  },
);
