import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, test } from "node:test";
import { tempDir } from "../../test/helpers/paths.ts";
import { openOperations } from "../operations/index.ts";
import { spawnAnswering } from "./records-channel.ts";

const dir = tempDir();
after(() => dir.cleanup());

// A child process that asks its parent for records, as a pipeline stage does, and prints what it
// got back: a saved scenario, a "not found" with its code and Spanish words, and a failure of the
// database that must arrive without the engine's words.
const CHILD = `
import { recordsFromParent } from ${JSON.stringify(pathToFileURL(join(import.meta.dirname, "records-channel.ts")).href)};
const records = recordsFromParent();
const out = {};
const saved = await records.saveScenario(
  { name: "desde-etapa", kind: "hubs", params: {}, summary: { hubs: 2 }, plan: { hubs: [] } },
  { caller: "pipeline:test", address: null },
);
out.saved = [saved.name, saved.version];
out.hash = await records.scenarioHash("desde-etapa");
for (const [key, ask] of [
  ["missing", () => records.model("ffff")],
  ["broken", () => records.saveScenario({ name: "mal", kind: "schools", params: {}, summary: {}, plan: null }, { caller: "x", address: null })],
]) {
  try { await ask(); out[key] = "answered"; } catch (e) { out[key] = { name: e.name, code: e.code, message: e.message, es: e.es }; }
}
console.log(JSON.stringify(out));
`;

test("a child process reaches the parent's operational store over IPC: answers, errors with their codes, and engine failures without the engine's words", async () => {
  const ops = await openOperations({ home: dir.path, operations: { url: null, connections: 1 } });
  after(() => ops.close());
  const script = join(dir.path, "child.mts");
  writeFileSync(script, CHILD);
  const logged: string[] = [];
  const child = spawnAnswering(process.execPath, ["--import", "tsx", script], {
    stdio: ["ignore", "pipe", "inherit"],
    records: async () => ops,
    log: (m) => logged.push(m),
  });
  let stdout = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  assert.equal(code, 0, "the child exits by itself: the channel does not hold it open");
  const out = JSON.parse(stdout) as Record<string, unknown>;
  assert.deepEqual(out.saved, ["desde-etapa", 1]);
  assert.equal(out.hash, await ops.scenarioHash("desde-etapa"));
  assert.deepEqual((await ops.scenario("desde-etapa")).summary, { hubs: 2 });
  assert.deepEqual(out.missing, {
    name: "BrechaError",
    code: "BRECHA_NOT_FOUND",
    message: 'no model matches "ffff"; see `brecha models list`',
    es: 'ningún modelo coincide con "ffff"; vea `brecha models list`',
  });
  const broken = out.broken as { code: string; message: string };
  assert.equal(broken.code, "BRECHA_STORAGE");
  assert.match(broken.message, /could not answer saveScenario/);
  assert.doesNotMatch(broken.message, /constraint|INSERT|scenarios_kind/i);
  assert.equal(logged.length, 1);
  assert.match(logged[0]!, /^records saveScenario: .*check constraint/i, "the words go to the log");
  const [row] = await ops.audit({ entity: "scenario" });
  assert.equal(row?.actor, "pipeline:test");
});
