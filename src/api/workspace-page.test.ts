import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { loadConfig } from "../config/index.ts";
import { openStore, type Store } from "../storage/index.ts";
import { buildWorkspace } from "../tables/index.ts";
import { tempDir } from "../../test/helpers/paths.ts";
import { buildApi } from "./app.ts";

const dir = tempDir();
let store: Store;
let app: Awaited<ReturnType<typeof buildApi>>;
let url: string;

before(async () => {
  // No mirror, offline, as on a fresh machine: the starter pack's real files and the demo for
  // what no public source covers.
  const config = loadConfig({ overrides: { home: dir.path, offline: true }, env: {} });
  store = await openStore(join(dir.path, "brecha.duckdb"));
  await buildWorkspace(store, config);
  app = await buildApi({ store, config });
  url = `${await app.listen({ host: "127.0.0.1", port: 0 })}/`;
});
after(async () => {
  await app.close();
  await store.close();
  dir.cleanup();
});

test("the workspace page labels synthetic data in Spanish by default and in English on request", async () => {
  const es = await (await fetch(`${url}workspace`)).text();
  assert.match(es, /<html lang="es">/);
  assert.match(
    es,
    /SINTÉTICOS \(demostración\), porque aún no hay una fuente pública que los cubra: computadoras en los hogares; internet, electricidad y agua de los locales escolares \(Censo Educativo\); escuelas y su matrícula \(padrón de ESCALE\)\./,
  );
  assert.match(es, /schools <span class="badge">SINTÉTICO<\/span>/);
  const en = await (await fetch(`${url}workspace?lang=en`)).text();
  assert.match(en, /SYNTHETIC \(demo\)/);
});

test("/api/v1/datasets lists current versions with their synthetic flag; unknown routes are 404 JSON", async () => {
  const datasets = (await (await fetch(`${url}api/v1/datasets`)).json()) as Array<{
    dataset: string;
    synthetic: boolean;
    rows: number;
  }>;
  const flags = Object.fromEntries(datasets.map((d) => [d.dataset, d.synthetic]));
  assert.deepEqual(
    Object.keys(flags).filter((d) => flags[d]),
    ["household_ict", "school_premises", "schools"],
  );
  for (const real of ["districts", "learning_outcomes", "poverty_2018", "department_boundaries"])
    assert.equal(flags[real], false, real);
  const missing = await fetch(`${url}nope`);
  assert.equal(missing.status, 404);
  assert.equal(((await missing.json()) as { code: string }).code, "BRECHA_NOT_FOUND");
  assert.equal((await fetch(`${url}healthz`)).status, 200);
});
