import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";

export interface DashboardFigure {
  readonly firstViewMs: number[];
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
      firstViewMs.push(Date.now() - started);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }
  return { firstViewMs, javascriptGzipKb: gz(/\.m?js$/), cssGzipKb: gz(/\.css$/) };
}
