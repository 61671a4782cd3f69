import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { z } from "zod";
import { loadConfig } from "../src/config/index.ts";
import { openOperations } from "../src/operations/index.ts";
import { openStore, sql } from "../src/storage/index.ts";
import { benchWorkspace, startServe } from "./api.bench.ts";

/** A phone on a poor rural link (about "slow 3G"): 400 kbit/s down, 200 up, 400 ms round trips,
 * a CPU 4× slower than this machine's. Goal: the nearest hubs listed within 5 s of opening the
 * page, its first view within 30 KB on the wire. */
export const POOR_LINK = {
  downKbps: 400,
  upKbps: 200,
  latencyMs: 400,
  cpuSlowdown: 4,
  goalMs: 5000,
  budgetKb: 30,
} as const;

const CHROMIUM = "/usr/bin/chromium";

export interface FinderFigure {
  /** Navigation to the "use my location" button on screen. */
  readonly usableMs: number[];
  /** Navigation to the nearest hubs listed (the button pressed as soon as it shows). */
  readonly listedMs: number[];
  /** The first view's bytes on the wire (compressed), API answers apart. */
  readonly firstViewKb: number;
  readonly answerKb: number;
  /** Baseline: the dashboard's first view (map drawn) on the same link. */
  readonly dashboardMs: number[];
  readonly dashboardKb: number;
}

/**
 * The public hub finder on a poor link, cold (new profile each run), against `brecha serve` in its
 * own process over a workspace with ten registered hubs; the dashboard's first view on the same
 * link is the baseline.
 */
export async function benchFinder(dir: string, runs = 3): Promise<FinderFigure | null> {
  const home = await benchWorkspace(dir, "finder-workspace");
  const store = await openStore(join(home, "brecha.duckdb"), { readOnly: true });
  const places = await store.query(
    sql`SELECT codigo_cp AS code, nombre AS name, latitud AS lat, longitud AS lon FROM populated_places
        WHERE latitud IS NOT NULL AND substr(ubigeo, 1, 2) = '08' ORDER BY codigo_cp LIMIT 10`,
    z.object({ code: z.string(), name: z.string(), lat: z.number(), lon: z.number() }),
  );
  await store.close();
  if (places.length === 0) return null;
  const ops = await openOperations(loadConfig({ overrides: { home }, env: {} }));
  for (const p of places)
    await ops.putHub(
      {
        code: p.code,
        name: `Centro ${p.name}`,
        status: "existing",
        host: null,
        hours: null,
        note: null,
      },
      { caller: "bench", address: null },
    );
  await ops.close();
  const { child, base } = await startServe(home);
  try {
    const figure = {
      usableMs: [] as number[],
      listedMs: [] as number[],
      dashboardMs: [] as number[],
      firstViewKb: 0,
      answerKb: 0,
      dashboardKb: 0,
    };
    for (let r = 0; r < runs; r++) {
      const finder = await coldVisit(base, "finder", places[0]!);
      figure.usableMs.push(finder.usableMs);
      figure.listedMs.push(finder.doneMs);
      figure.firstViewKb = finder.firstViewBytes / 1024;
      figure.answerKb = finder.apiBytes / 1024;
      const dashboard = await coldVisit(base, "dashboard", places[0]!);
      figure.dashboardMs.push(dashboard.doneMs);
      figure.dashboardKb = (dashboard.firstViewBytes + dashboard.apiBytes) / 1024;
    }
    return figure;
  } finally {
    child.kill("SIGTERM");
  }
}

async function coldVisit(
  base: string,
  what: "finder" | "dashboard",
  at: { lat: number; lon: number },
): Promise<{ usableMs: number; doneMs: number; firstViewBytes: number; apiBytes: number }> {
  const profile = mkdtempSync(join(tmpdir(), "brecha-bench-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 390, height: 844 },
    geolocation: { latitude: at.lat, longitude: at.lon },
    permissions: ["geolocation"],
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    const urls = new Map<string, string>();
    let firstViewBytes = 0;
    let apiBytes = 0;
    cdp.on("Network.requestWillBeSent", (e: { requestId: string; request: { url: string } }) =>
      urls.set(e.requestId, e.request.url),
    );
    cdp.on("Network.loadingFinished", (e: { requestId: string; encodedDataLength: number }) => {
      if (/\/api\/v1\//.test(urls.get(e.requestId) ?? "")) apiBytes += e.encodedDataLength;
      else firstViewBytes += e.encodedDataLength;
    });
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: POOR_LINK.latencyMs,
      downloadThroughput: (POOR_LINK.downKbps * 1000) / 8,
      uploadThroughput: (POOR_LINK.upKbps * 1000) / 8,
    });
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: POOR_LINK.cpuSlowdown });
    const started = Date.now();
    if (what === "dashboard") {
      await page.goto(`${base}/app/`);
      await page.waitForSelector("body[data-ready='1']", { timeout: 180_000 });
      const doneMs = Date.now() - started;
      return { usableMs: doneMs, doneMs, firstViewBytes, apiBytes };
    }
    await page.goto(`${base}/app/cerca.html`, { waitUntil: "commit" });
    await page.waitForSelector("button.primary", { timeout: 60_000 });
    const usableMs = Date.now() - started;
    await page.click("button.primary");
    await page.waitForSelector(".hubs > li", { timeout: 60_000 });
    return { usableMs, doneMs: Date.now() - started, firstViewBytes, apiBytes };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
