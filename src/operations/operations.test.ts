import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { after, test } from "node:test";
import { REPO_ROOT } from "../../test/helpers/paths.ts";
import { modelRecord, operationsContract } from "../../test/helpers/operations-contract.ts";
import { findPersonalData, openEmbedded, openOperations } from "./index.ts";

const folders: string[] = [];
after(() => folders.forEach((f) => rmSync(f, { recursive: true, force: true })));
const fresh = () => {
  const home = mkdtempSync(join(tmpdir(), "brecha-ops-"));
  folders.push(home);
  return home;
};

operationsContract("embedded", () =>
  openOperations({ home: fresh(), operations: { url: null, connections: 1 } }),
);

test("the embedded store is one process's: a second opening is refused with the holder's PID", async () => {
  const home = fresh();
  const first = await openEmbedded(join(home, "operations"));
  try {
    await assert.rejects(openEmbedded(join(home, "operations")), (e: Error) =>
      new RegExp(`in use by process ${process.pid}`).test(e.message),
    );
    // A plan to be saved is refused before it is solved, not after (asynchronous: this process
    // holds the store and must keep answering).
    const child = spawn(
      process.execPath,
      [join(REPO_ROOT, "bin", "brecha.js"), "--home", home, "--lang", "en", "plan", "hubs"].concat([
        "--department",
        "03",
        "--p",
        "2",
        "--save",
        "mi-plan",
      ]),
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const status = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    assert.equal(status, 5, stderr);
    assert.match(stderr, new RegExp(`BRECHA_STORE_LOCKED.*in use by process ${process.pid}`));
  } finally {
    await first.close();
  }
  const again = await openEmbedded(join(home, "operations"));
  await again.close();
});

test("personal data in free text is found; counts and situations are not", () => {
  for (const text of [
    "DNI 45678912",
    "dni: 4567",
    "Juan Pérez Quispe, María Mamani Condori",
    "escribir a apoderado@correo.pe",
    "celular 987654321",
  ])
    assert.ok(findPersonalData(text), text);
  for (const text of [
    "45 estudiantes de quinto grado sin tableta; la IE 20188 no tiene internet desde marzo",
    "Institución Educativa San Martín de Porres, comunidad nativa Santa Rosa",
    "La UGEL Cusco no envió los cuadernos de trabajo de 2026",
    "Se necesitan 120 paquetes sin conexión para Educación Primaria",
  ])
    assert.equal(findPersonalData(text), null, text);
});

test("brecha accounts: add with the password on standard input, list, refuse a bad scope in Spanish", () => {
  const home = fresh();
  const cli = (args: string[], input = "") =>
    spawnSync(process.execPath, [join(REPO_ROOT, "bin", "brecha.js"), ...args, "--home", home], {
      input,
      encoding: "utf8",
      env: { ...process.env, LANG: "es_PE.UTF-8" },
    });
  const added = cli(
    [
      "accounts",
      "add",
      "ugel.cusco",
      "--role",
      "officer",
      "--scope",
      "ugel:080001",
      "--name",
      "UGEL Cusco",
    ],
    "clave-de-prueba-1\n",
  );
  assert.equal(added.status, 0, added.stderr);
  assert.match(added.stdout, /cuenta ugel\.cusco \(officer\) creada/);
  const bad = cli(
    ["accounts", "add", "otra", "--role", "officer", "--scope", "ugel:12"],
    "clave-de-prueba-1\n",
  );
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /BRECHA_USAGE/);
  const list = cli(["accounts", "list", "--json"]);
  assert.equal(list.status, 0, list.stderr);
  const accounts = JSON.parse(list.stdout) as Array<{ username: string; scope: unknown }>;
  assert.deepEqual(
    accounts.map((a) => [a.username, a.scope]),
    [["ugel.cusco", { kind: "ugel", code: "080001" }]],
  );
  assert.ok(!list.stdout.includes("scrypt"));
});

test("a workspace's resources.json becomes the repository's first entries, once; the file is kept, renamed", async () => {
  const home = fresh();
  const mine = {
    id: "guia-local",
    title: "Guía local de robótica",
    description: "",
    subject: "tecnologia",
    grades: ["secundaria"],
    languages: ["es"],
    format: "pdf",
    sizeMb: 2,
    worksOffline: true,
    licence: "CC BY 4.0",
    url: "https://example.org/guia.pdf",
    hubs: [],
  };
  writeFileSync(join(home, "resources.json"), JSON.stringify([mine]));
  const config = { home, operations: { url: null, connections: 1 } };
  let ops = await openOperations(config);
  try {
    assert.deepEqual(
      (await ops.resources()).map((r) => r.id),
      ["guia-local"],
    );
  } finally {
    await ops.close();
  }
  assert.ok(!existsSync(join(home, "resources.json")));
  assert.ok(existsSync(join(home, "resources.json.imported")));
  // A second file later is not read: the store is the repository now.
  writeFileSync(join(home, "resources.json"), "[]");
  ops = await openOperations(config);
  try {
    assert.deepEqual(
      (await ops.resources()).map((r) => r.id),
      ["guia-local"],
    );
  } finally {
    await ops.close();
  }
  // A damaged file stops the opening of a new store with the file's name, and nothing is made.
  const broken = fresh();
  writeFileSync(join(broken, "resources.json"), "{ not json");
  await assert.rejects(
    openOperations({ home: broken, operations: { url: null, connections: 1 } }),
    (e: Error) => /resources\.json is not a list of learning resources/.test(e.message),
  );
});

test("a workspace's scenarios and models folders move into the store with their versions, aliases and hashes; the folders are kept, renamed", async () => {
  const home = fresh();
  const scenarioText = JSON.stringify(
    {
      name: "loreto",
      version: 1,
      kind: "infra",
      createdAt: "2026-06-01T10:00:00.000Z",
      createdBy: "cli:ana",
      params: { budgetPen: 1 },
      summary: { spentPen: 1 },
      plan: { chosen: [] },
    },
    null,
    2,
  );
  mkdirSync(join(home, "scenarios", "loreto"), { recursive: true });
  writeFileSync(join(home, "scenarios", "loreto", "v0001.json"), scenarioText);
  writeFileSync(
    join(home, "scenarios", "antiguo.json"),
    JSON.stringify({
      name: "antiguo",
      kind: "hubs",
      createdAt: "2025-01-01T00:00:00Z",
      params: {},
      summary: {},
      plan: { hubs: [] },
    }),
  );
  const model = modelRecord(9);
  mkdirSync(join(home, "models"));
  writeFileSync(join(home, "models", `${model.id}.json`), JSON.stringify(model));
  writeFileSync(
    join(home, "models", "aliases.json"),
    JSON.stringify({ poverty: { production: model.id, candidate: "0000000000000000" } }),
  );
  const ops = await openOperations({ home, operations: { url: null, connections: 1 } });
  try {
    assert.deepEqual(
      (await ops.scenarios()).map((s) => [s.name, s.version, s.createdBy]),
      [
        ["antiguo", 1, "unknown"],
        ["loreto", 1, "cli:ana"],
      ],
    );
    // The hash a pipeline's lock file holds for the file is the record's hash in the store.
    assert.equal(
      await ops.scenarioHash("loreto"),
      createHash("sha256").update(scenarioText).digest("hex").slice(0, 16),
    );
    assert.equal((await ops.resolveModel("poverty")).id, model.id);
    assert.deepEqual(
      await ops.modelAliases(),
      { poverty: { production: model.id } },
      "an alias naming a model that is not there is dropped",
    );
  } finally {
    await ops.close();
  }
  for (const folder of ["scenarios", "models"]) {
    assert.ok(!existsSync(join(home, folder)), folder);
    assert.ok(existsSync(join(home, `${folder}.imported`)), `${folder}.imported`);
  }
  // An altered model file stops the opening with the file's name, before anything is made.
  const broken = fresh();
  mkdirSync(join(broken, "models"));
  writeFileSync(join(broken, "models", `${model.id}.json`), JSON.stringify({ ...model, rows: 1 }));
  await assert.rejects(
    openOperations({ home: broken, operations: { url: null, connections: 1 } }),
    (e: Error) => e.message.includes(`${model.id}.json: its content does not match its id`),
  );
  assert.ok(!existsSync(join(broken, "operations")), "no store made");
  assert.ok(existsSync(join(broken, "models")), "the folder left as it was");
});
