import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { gapReport, indicatorTable, inequalityReport } from "../src/analytics/index.ts";
import { loadConfig } from "../src/config/index.ts";
import { openClickHouseStore, openStore, type Store } from "../src/storage/index.ts";
import { buildWorkspace, copyStore } from "../src/tables/index.ts";
import {
  CLICKHOUSE_MISSING,
  startClickHouse,
  type LocalClickHouse,
} from "./helpers/clickhouse-server.ts";
import { REAL_MIRROR, REPO_ROOT, tempDir } from "./helpers/paths.ts";

// The workspace copied from DuckDB into a two-shard ClickHouse cluster, and the analytics run on
// both through the same calls: the figures must agree.

const skip = CLICKHOUSE_MISSING;
const dir = tempDir();
let duck: Store;
let click: Store;
let cluster: LocalClickHouse;

before(async () => {
  if (skip) return;
  const writer = await openStore(join(dir.path, "brecha.duckdb"));
  await buildWorkspace(
    writer,
    loadConfig({ overrides: { home: dir.path, mirror: REAL_MIRROR, offline: true }, env: {} }),
  );
  await writer.close();
  duck = await openStore(join(dir.path, "brecha.duckdb"), { readOnly: true });
  cluster = await startClickHouse(2);
  click = await openClickHouseStore({ urls: cluster.urls, cluster: cluster.cluster });
});
after(async () => {
  await click?.close();
  await duck?.close();
  await cluster?.stop();
  dir.cleanup();
});

const close = (a: number | null, b: number | null) =>
  a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));

test(
  "copying the workspace into ClickHouse keeps every version, its provenance and quarantine",
  { skip },
  async () => {
    const copied = await copyStore(duck, click);
    const source = await duck.versions();
    assert.equal(copied.length, source.length);
    const target = await click.versions();
    const key = (v: { dataset: string; versionId: string; current: boolean }) =>
      `${v.dataset}@${v.versionId}:${v.current}`;
    assert.deepEqual(target.map(key).sort(), source.map(key).sort());
    for (const v of source.filter((x) => x.current)) {
      const t = target.find((x) => x.versionId === v.versionId)!;
      assert.deepEqual(t.provenance, v.provenance);
      assert.deepEqual(await click.quarantine(v.versionId), await duck.quarantine(v.versionId));
    }
    // Copying again adds nothing.
    const again = await copyStore(duck, click);
    assert.ok(
      again.every((c) => c.status === "unchanged"),
      JSON.stringify(again.slice(0, 3)),
    );
  },
);

test(
  "indicators at every level, inequality and a gap report agree between DuckDB and ClickHouse",
  { skip },
  async () => {
    for (const level of ["department", "province", "district"] as const) {
      const [a, b] = await Promise.all([
        indicatorTable(duck, { level }),
        indicatorTable(click, { level }),
      ]);
      assert.deepEqual(
        b.indicators.map((i) => i.id),
        a.indicators.map((i) => i.id),
      );
      assert.equal(b.areas.length, a.areas.length, level);
      for (const [k, area] of a.areas.entries()) {
        const other = b.areas[k]!;
        assert.equal(other.code, area.code);
        assert.equal(other.name, area.name);
        for (const id of Object.keys(area.values))
          assert.ok(
            close(area.values[id]!, other.values[id]!),
            `${level} ${area.code} ${id}: DuckDB ${area.values[id]} vs ClickHouse ${other.values[id]}`,
          );
      }
    }
    const [ia, ib] = await Promise.all([
      inequalityReport(duck, { indicator: "pobreza", permutations: 0 }),
      inequalityReport(click, { indicator: "pobreza", permutations: 0 }),
    ]);
    assert.ok(close(ia.gini, ib.gini) && close(ia.theilT.total, ib.theilT.total));
    const [ga, gb] = await Promise.all([gapReport(duck, "160101"), gapReport(click, "160101")]);
    assert.deepEqual(gb.largestGaps, ga.largestGaps);
  },
);

test(
  "switching a server to ClickHouse: brecha store copy, then brecha serve reads the cluster",
  { skip },
  async () => {
    const bin = join(REPO_ROOT, "bin/brecha.js");
    const env = {
      ...process.env,
      BRECHA_LANG: "en",
      BRECHA_CLICKHOUSE_URLS: cluster.urls.join(","),
      BRECHA_CLICKHOUSE_CLUSTER: cluster.cluster,
      BRECHA_CLICKHOUSE_DATABASE: "served",
    };
    const copy = spawnSync(process.execPath, [bin, "--home", dir.path, "store", "copy"], {
      encoding: "utf8",
      env,
    });
    assert.equal(copy.status, 0, copy.stderr);
    assert.match(
      copy.stdout,
      /versions in http:\/\/127\.0\.0\.1:\d+, http:\/\/127\.0\.0\.1:\d+ \(cluster brecha_cluster\)/,
    );
    const server = spawn(process.execPath, [bin, "--home", dir.path, "serve", "--port", "0"], {
      env: { ...env, BRECHA_PROGRESS: "none" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    try {
      const base = await new Promise<string>((resolve, reject) => {
        let text = "";
        server.stderr!.on("data", (d: Buffer) => {
          text += d.toString();
          const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(text);
          if (m) resolve(`http://127.0.0.1:${m[1]}`);
        });
        server.once("exit", (code) => reject(new Error(`serve exited ${code}: ${text}`)));
      });
      const served = (await (
        await fetch(`${base}/api/v1/indicators?level=department&ids=pobreza,locales_internet`)
      ).json()) as { areas: Array<{ code: string; values: Record<string, number | null> }> };
      const local = await indicatorTable(duck, {
        level: "department",
        ids: ["pobreza", "locales_internet"],
      });
      assert.equal(served.areas.length, 25);
      for (const [k, area] of local.areas.entries())
        for (const id of ["pobreza", "locales_internet"])
          assert.ok(close(area.values[id]!, served.areas[k]!.values[id]!), `${area.code} ${id}`);
      assert.equal((await fetch(`${base}/readyz`)).status, 200);
    } finally {
      server.kill("SIGTERM");
      await new Promise((r) => server.once("exit", r));
    }
  },
);

test(
  "a pipeline stage publishes the workspace to ClickHouse, and is up to date until something changes",
  { skip },
  () => {
    const file = join(dir.path, "to-clickhouse.json");
    writeFileSync(
      file,
      JSON.stringify({
        name: "to-clickhouse",
        stages: [
          {
            id: "publish",
            action: "publish-clickhouse",
            params: { urls: cluster.urls, cluster: cluster.cluster, database: "piped" },
          },
        ],
      }),
    );
    const run = () =>
      spawnSync(
        process.execPath,
        [join(REPO_ROOT, "bin/brecha.js"), "--home", dir.path, "--json", "pipeline", "run", file],
        { encoding: "utf8", env: { ...process.env, BRECHA_LANG: "en" } },
      );
    const first = run();
    assert.equal(first.status, 0, first.stderr);
    assert.equal(
      (JSON.parse(first.stdout) as { stages: Array<{ status: string }> }).stages[0]!.status,
      "ran",
    );
    assert.match(first.stderr, /\d+ versions, \d+ new/);
    const second = run();
    assert.equal(
      (JSON.parse(second.stdout) as { stages: Array<{ status: string }> }).stages[0]!.status,
      "skipped",
    );
  },
);
