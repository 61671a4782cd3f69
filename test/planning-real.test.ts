import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { loadConfig } from "../src/config/index.ts";
import { openStore } from "../src/storage/index.ts";
import { buildWorkspace } from "../src/tables/index.ts";
import { REAL_MIRROR, REPO_ROOT, tempDir } from "./helpers/paths.ts";

// The three planners as a user runs them, over the real places and boundaries and the labelled
// synthetic school datasets.

const dir = tempDir();

before(async () => {
  const store = await openStore(join(dir.path, "brecha.duckdb"));
  await buildWorkspace(
    store,
    loadConfig({ overrides: { home: dir.path, mirror: REAL_MIRROR, offline: true }, env: {} }),
  );
  await store.close();
});
after(() => dir.cleanup());

const brecha = (args: string[]) =>
  spawnSync(process.execPath, [join(REPO_ROOT, "bin/brecha.js"), "--home", dir.path, ...args], {
    encoding: "utf8",
    env: { ...process.env, BRECHA_LANG: "en" },
  });

test("brecha plan hubs covers Tacna's people with 5 hubs and explains each", () => {
  const run = brecha([
    "--json",
    "plan",
    "hubs",
    "--department",
    "23",
    "--p",
    "5",
    "--radius-km",
    "15",
    "--save",
    "tacna-5",
  ]);
  assert.equal(run.status, 0, run.stderr);
  const plan = JSON.parse(run.stdout) as {
    hubs: Array<{ peopleServed: number; reason: string; ubigeo: string }>;
    shareCovered: number;
    gap: number;
    assumptions: string[];
  };
  assert.equal(plan.hubs.length, 5);
  assert.ok(
    plan.hubs.every((h) => h.ubigeo.startsWith("23") && /serves [\d,]+ people/.test(h.reason)),
  );
  assert.ok(plan.shareCovered > 0.5 && plan.gap <= 0.005);
  assert.ok(plan.assumptions.some((a) => /terrain factor/.test(a)));
  const more = brecha([
    "--json",
    "plan",
    "hubs",
    "--department",
    "23",
    "--p",
    "8",
    "--radius-km",
    "15",
    "--save",
    "tacna-8",
  ]);
  assert.ok(
    (JSON.parse(more.stdout) as { shareCovered: number }).shareCovered >= plan.shareCovered,
    "more hubs never cover fewer people",
  );
  const compare = brecha(["plan", "compare", "tacna-5", "tacna-8"]);
  assert.equal(compare.status, 0, compare.stderr);
  assert.match(compare.stdout, /hubs\s+5\s+8\s+3/);
});

test("brecha plan infra stays within budget and names infeasible floors", () => {
  const run = brecha(["--json", "plan", "infra", "--department", "23", "--budget", "2000000"]);
  assert.equal(run.status, 0, run.stderr);
  const plan = JSON.parse(run.stdout) as {
    spentPen: number;
    chosen: unknown[];
    synthetic: string[];
  };
  assert.ok(plan.spentPen <= 2_000_000 && plan.chosen.length > 0);
  // The need weights use ENLA's real share "en inicio"; the premises and schools are the demo's.
  assert.deepEqual(plan.synthetic, ["school_premises", "schools"]);
  const bad = brecha([
    "plan",
    "infra",
    "--department",
    "23",
    "--budget",
    "100000",
    "--floors",
    "23:200000",
  ]);
  assert.equal(bad.status, 9);
  assert.match(
    bad.stderr,
    /BRECHA_INFEASIBLE.*department floors add up to 200,000 PEN, more than the budget of 100,000 PEN/,
  );
});

test("brecha plan devices never ships more than its stock", () => {
  const run = brecha(["--json", "plan", "devices", "--department", "23", "--tablets", "3000"]);
  assert.equal(run.status, 0, run.stderr);
  const plan = JSON.parse(run.stdout) as { delivered: number; need: number; unmet: number };
  assert.ok(plan.delivered <= 3000 && plan.delivered > 2000);
  assert.equal(plan.delivered + plan.unmet, plan.need);
});
