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
  /** Navigation to the map drawn on a phone over a slow mobile link (SLOW_MOBILE). */
  readonly slowMobileMs: number[];
  /** Bytes the first view moved over the wire (compressed), on that phone. */
  readonly slowMobileKb: number;
  readonly javascriptGzipKb: number;
  readonly cssGzipKb: number;
}

/** A rural phone: 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trips, a CPU 4× slower than
 * this machine's, a 390 × 844 screen. Goal: the map drawn in under 6 s. */
export const SLOW_MOBILE = {
  downKbps: 1600,
  upKbps: 750,
  latencyMs: 150,
  cpuSlowdown: 4,
  goalMs: 6000,
} as const;

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
  const slowMobileMs: number[] = [];
  let slowMobileBytes = 0;
  for (let r = 0; r < runs; r++) {
    const cold = await coldView(base, false);
    firstViewMs.push(cold.readyMs);
    observedMs.push(cold.observedMs);
    const slow = await coldView(base, true);
    slowMobileMs.push(slow.readyMs);
    slowMobileBytes = slow.bytes;
  }
  return {
    firstViewMs,
    observedMs,
    slowMobileMs,
    slowMobileKb: slowMobileBytes / 1024,
    javascriptGzipKb: gz(/\.m?js$/),
    cssGzipKb: gz(/\.css$/),
  };
}

/** One first view in a new profile (nothing cached), on a desktop or on the slow phone. */
async function coldView(
  base: string,
  slowPhone: boolean,
): Promise<{ readyMs: number; observedMs: number; bytes: number }> {
  const profile = mkdtempSync(join(tmpdir(), "brecha-bench-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: slowPhone ? { width: 390, height: 844 } : { width: 1280, height: 800 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const cdp = await context.newCDPSession(page);
    let bytes = 0;
    await cdp.send("Network.enable");
    cdp.on("Network.loadingFinished", (e: { encodedDataLength: number }) => {
      bytes += e.encodedDataLength;
    });
    if (slowPhone) {
      await cdp.send("Network.emulateNetworkConditions", {
        offline: false,
        latency: SLOW_MOBILE.latencyMs,
        downloadThroughput: (SLOW_MOBILE.downKbps * 1000) / 8,
        uploadThroughput: (SLOW_MOBILE.upKbps * 1000) / 8,
      });
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: SLOW_MOBILE.cpuSlowdown });
    }
    const started = Date.now();
    await page.goto(`${base}/app/`);
    await page.waitForSelector("body[data-ready='1']", { timeout: 120_000 });
    return {
      observedMs: Date.now() - started,
      readyMs: Number(await page.getAttribute("body", "data-ready-ms")),
      bytes,
    };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
