import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { z } from "zod";
import { openStore, sql } from "../src/storage/index.ts";
import { generatePadronRows, toLatin1Csv } from "./helpers/generate-padron.ts";
import { fixture, REPO_ROOT, tempDir } from "./helpers/paths.ts";

// Kills `brecha ingest` with SIGKILL while it validates and while it publishes a national-size
// padrón, then checks that the store still holds exactly the last good version, whole.

const dir = tempDir();
const home = join(dir.path, "ws");
const big = join(dir.path, "padron_nacional.csv");
const cli = join(REPO_ROOT, "bin/brecha.js");
const env = { ...process.env, BRECHA_PROGRESS: "plain", BRECHA_LANG: "en" };

before(() => {
  writeFileSync(big, toLatin1Csv(generatePadronRows(180_000)));
  const first = spawnSync(
    process.execPath,
    [
      cli,
      "--home",
      home,
      "ingest",
      "padron",
      fixture("padron_2024_latin1.csv"),
      "--max-bad-rows",
      "0.5",
    ],
    { env, encoding: "utf8" },
  );
  assert.equal(first.status, 0, first.stderr);
});
after(() => dir.cleanup());

/** Starts an ingest of the big file and SIGKILLs it `delayMs` after it prints `stage`. */
function killDuring(
  stage: string,
  delayMs: number,
): Promise<{ killed: boolean; sawStage: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, "--home", home, "ingest", "padron", big], {
      env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let sawStage = false;
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      if (!sawStage && chunk.includes(stage)) {
        sawStage = true;
        setTimeout(() => child.kill("SIGKILL"), delayMs);
      }
    });
    child.on("exit", (_code, signal) => resolve({ killed: signal === "SIGKILL", sawStage }));
  });
}

/** Every version's table holds exactly its published rows; the current pointer names a version. */
async function checkStore(): Promise<{ current: string; rows: number }> {
  const store = await openStore(join(home, "brecha.duckdb"));
  try {
    const versions = await store.versions("schools");
    for (const v of versions) {
      const [row] = await store.query(
        sql`SELECT count(*) AS n FROM ${sql.id(v.tableName)}`,
        z.object({ n: z.number() }),
      );
      assert.equal(
        row!.n,
        v.provenance.rowsPublished,
        `version ${v.versionId.slice(0, 12)} is complete`,
      );
      const quarantine = await store.quarantine(v.versionId, { limit: 1_000_000 });
      assert.equal(quarantine.length, v.provenance.rowsRejected + v.provenance.cellsCleared);
    }
    const current = versions.filter((v) => v.current);
    assert.equal(current.length, 1);
    const [live] = await store.query(
      sql`SELECT count(*) AS n FROM schools`,
      z.object({ n: z.number() }),
    );
    assert.equal(live!.n, current[0]!.provenance.rowsPublished);
    return { current: current[0]!.provenance.fileName, rows: live!.n };
  } finally {
    await store.close();
  }
}

test("killing ingest while it validates leaves the last good version whole and current", async () => {
  const run = await killDuring("validating", 50);
  assert.ok(run.sawStage && run.killed);
  assert.deepEqual(await checkStore(), { current: "padron_2024_latin1.csv", rows: 4 });
});

for (const delayMs of [0, 40, 120]) {
  test(`killing ingest ${delayMs} ms into publishing leaves either the old or the new version, never a part`, async () => {
    const run = await killDuring("publishing", delayMs);
    assert.ok(run.sawStage);
    const state = await checkStore();
    if (state.current === "padron_2024_latin1.csv") assert.equal(state.rows, 4);
    else assert.equal(state.current, "padron_nacional.csv");
  });
}

test("after the kills, the same ingest runs to completion", () => {
  const done = spawnSync(
    process.execPath,
    [cli, "--home", home, "--json", "ingest", "padron", big],
    { env, encoding: "utf8" },
  );
  assert.equal(done.status, 0, done.stderr);
  const report = JSON.parse(done.stdout) as {
    provenance: { rowsPublished: number; dropped: Record<string, number> };
  };
  assert.ok(report.provenance.rowsPublished > 130_000);
  return checkStore().then((state) => assert.equal(state.current, "padron_nacional.csv"));
});
