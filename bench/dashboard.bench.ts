import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";

export interface DashboardFigure {
  /** Navigation start to the map drawn, measured by the browser (performance.now()). */
  readonly firstViewMs: number[];
  /** The same seen from this process (adds the DevTools protocol round trips). */
  readonly observedMs: number[];
  readonly javascriptGzipKb: number;
  readonly cssGzipKb: number;
}

const CHROMIUM = "/usr/bin/chromium";

/**
 * First dashboard view in a cold headless chromium (new profile each run): from navigation to the
 * department map drawn and ranked (the page marks body[data-ready] on the map's first idle after
 * the areas are set). Also the gzip size of the JavaScript and CSS the first view loads.
 */
export async function benchDashboard(base: string, runs = 3): Promise<DashboardFigure | null> {
  const dist = join("dist", "web", "assets");
  if (!existsSync(CHROMIUM) || !existsSync(dist)) return null;
  const gz = (pattern: RegExp) =>
    readdirSync(dist)
      .filter((f) => pattern.test(f))
      .reduce((a, f) => a + gzipSync(readFileSync(join(dist, f))).length, 0) / 1024;
  const firstViewMs: number[] = [];
  const observedMs: number[] = [];
  for (let r = 0; r < runs; r++) {
    const profile = mkdtempSync(join(tmpdir(), "brecha-bench-chromium-"));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 800 },
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"],
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const started = Date.now();
      await page.goto(`${base}/app/`);
      await page.waitForSelector("body[data-ready='1']", { timeout: 30_000 });
      observedMs.push(Date.now() - started);
      firstViewMs.push(Number(await page.getAttribute("body", "data-ready-ms")));
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }
  return { firstViewMs, observedMs, javascriptGzipKb: gz(/\.m?js$/), cssGzipKb: gz(/\.css$/) };
}
