import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { fixture, REPO_ROOT, tempDir } from "../../test/helpers/paths.ts";

// The CLI as a user runs it: a separate process, its exit codes, its stdout and stderr.

const dir = tempDir();
const home = join(dir.path, "ws");
after(() => dir.cleanup());

function brecha(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(
    process.execPath,
    [join(REPO_ROOT, "bin/brecha.js"), "--home", home, ...args],
    {
      encoding: "utf8",
      env: {
        ...process.env,
        LANG: "es_PE.UTF-8",
        BRECHA_LANG: "",
        BRECHA_PROGRESS: "none",
        ...env,
      },
      cwd: dir.path,
    },
  );
  return { code: result.status, out: result.stdout, err: result.stderr };
}

test("brecha with no workspace says how to make one (exit 7)", () => {
  const run = brecha(["versions"]);
  assert.equal(run.code, 7);
  assert.match(run.err, /Error \[BRECHA_NOT_FOUND\]: no workspace at .*: run `brecha up`/);
});

test("brecha ingest publishes, reports in Spanish, and a repeat is a no-op", () => {
  const first = brecha([
    "ingest",
    "padron",
    fixture("padron_2024_latin1.csv"),
    "--max-bad-rows",
    "0.5",
  ]);
  assert.equal(first.code, 0, first.err);
  assert.match(
    first.out,
    /padron_2024_latin1\.csv: publicado schools versión [0-9a-f]{12} — 4 filas, 3 rechazadas, 1 celdas anuladas/,
  );
  assert.match(first.out, /row 7, column CODGEO \[rejected\]: expected a 6-digit district ubigeo/);
  const again = brecha([
    "--lang",
    "en",
    "ingest",
    "padron",
    fixture("padron_2024_latin1.csv"),
    "--max-bad-rows",
    "0.5",
  ]);
  assert.equal(again.code, 0);
  assert.match(again.out, /unchanged schools version/);
});

test("brecha ingest refuses a bad file with exit 4 and file, row and column", () => {
  const bad = join(dir.path, "padron_sin_codgeo.csv");
  writeFileSync(
    bad,
    readFileSync(fixture("padron_2024_latin1.csv"), "latin1").replace(",CODGEO,", ",UBIC,"),
    "latin1",
  );
  const run = brecha(["ingest", "padron", bad]);
  assert.equal(run.code, 4);
  assert.match(
    run.err,
    /Error \[BRECHA_MISSING_COLUMN\]: padron_sin_codgeo\.csv row 1, column CODGEO: required column CODGEO/,
  );
  const json = brecha(["--json", "ingest", "padron", bad]);
  assert.equal(JSON.parse(json.out).error.code, "BRECHA_MISSING_COLUMN");
});

test("brecha usage errors exit 2: unknown source, bad encoding, unknown command", () => {
  assert.equal(brecha(["ingest", "padrones", fixture("padron_2024_latin1.csv")]).code, 2);
  assert.match(
    brecha(["ingest", "padron", fixture("padron_2024_latin1.csv"), "--encoding", "ebcdic"]).err,
    /unknown encoding "ebcdic"/,
  );
  assert.equal(brecha(["frobnicate"]).code, 2);
});

test("brecha validate guesses the source and exits 4 when rows would be rejected", () => {
  const ok = brecha(["validate", fixture("padron_web_cp850.dbf")]);
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.err, /fuente detectada por la cabecera: padron/);
  assert.match(ok.out, /encoding cp850 \(DBF language driver 0x02\)/);
  const bad = brecha(["--json", "validate", fixture("censo_local_2023.csv")]);
  assert.equal(bad.code, 4);
  assert.equal(JSON.parse(bad.out).stats.rowsRejected, 1);
});

test("brecha query is read-only and answers in JSON or CSV", () => {
  const rows = brecha([
    "--json",
    "query",
    "SELECT ubigeo, count(*) AS n FROM schools GROUP BY ubigeo ORDER BY ubigeo",
  ]);
  assert.equal(rows.code, 0, rows.err);
  assert.deepEqual(JSON.parse(rows.out), [
    { ubigeo: "010101", n: 1 },
    { ubigeo: "010102", n: 1 },
    { ubigeo: "060101", n: 1 },
    { ubigeo: "080101", n: 1 },
  ]);
  const write = brecha(["query", "DELETE FROM brecha_versions"]);
  assert.equal(write.code, 2);
  assert.match(write.err, /BRECHA_QUERY_REFUSED.*only SELECT/);
  const file = brecha(["query", "SELECT * FROM read_csv('/etc/passwd')"]);
  assert.equal(file.code, 2);
  assert.match(file.err, /file system operations are disabled/);
  const csv = brecha(["query", "--csv", "SELECT nombre FROM schools ORDER BY nombre LIMIT 1"]);
  assert.equal(csv.out, "nombre\nIE INTEGRADO CUSCO\n");
});

test("brecha export writes CSV and GeoJSON points from coordinates", () => {
  const out = join(dir.path, "schools.geojson");
  const run = brecha(["export", "schools", "--format", "geojson", "--out", out]);
  assert.equal(run.code, 0, run.err);
  const doc = JSON.parse(readFileSync(out, "utf8")) as {
    features: Array<{
      geometry: { coordinates: number[] } | null;
      properties: Record<string, unknown>;
    }>;
  };
  assert.equal(doc.features.length, 4);
  assert.deepEqual(doc.features[0]!.geometry!.coordinates, [-77.8727, -6.2294]);
  assert.equal(doc.features[0]!.properties._synthetic, false);
  // The error in the language of the command: Spanish by default, English on request.
  assert.match(
    brecha(["export", "nothing_here"]).err,
    /el conjunto "nothing_here" no tiene una versión publicada/,
  );
  assert.match(
    brecha(["--lang", "en", "export", "nothing_here"]).err,
    /dataset "nothing_here" has no published version/,
  );
});

test("brecha versions lists provenance and the quarantine of a version", () => {
  const list = JSON.parse(brecha(["--json", "versions"]).out) as Array<{
    versionId: string;
    provenance: { encoding: string };
  }>;
  assert.equal(list[0]!.provenance.encoding, "latin1");
  const quarantine = brecha(["versions", "--quarantine", list[0]!.versionId.slice(0, 10)]);
  assert.match(
    quarantine.out,
    /9\s+CODGEO\s+rejected\s+expected a district ubigeo, the cell is empty \(missing ubigeo\)/,
  );
});

test("brecha sources prints a data dictionary in the chosen language", () => {
  const en = brecha(["--lang", "en", "sources", "minam-poblacion"]);
  assert.match(en.out, /share_rural\s+double\s+\(derived\)\s+Rural share \(0-1\)/);
  const es = brecha(["sources", "minam-poblacion"]);
  assert.match(es.out, /Proporción rural/);
});

test("an unexpected failure prints what failed without a stack trace, unless --debug", () => {
  const blocker = join(dir.path, "a-file");
  writeFileSync(blocker, "x");
  const args = ["ingest", "padron", fixture("padron_2024_latin1.csv")];
  const run = (extra: string[]) =>
    spawnSync(
      process.execPath,
      [join(REPO_ROOT, "bin/brecha.js"), "--home", join(blocker, "sub"), ...extra, ...args],
      {
        encoding: "utf8",
        env: { ...process.env, LANG: "es_PE.UTF-8", BRECHA_LANG: "", BRECHA_PROGRESS: "none" },
      },
    );
  const plain = run([]);
  assert.equal(plain.status, 1);
  assert.match(
    plain.stderr,
    /^Error: ENOTDIR: not a directory.*\(vuelva a ejecutar con --debug para ver el detalle\)\n$/,
  );
  assert.doesNotMatch(plain.stderr, /\n\s+at /);
  const debug = run(["--debug"]);
  assert.equal(debug.status, 1);
  assert.match(debug.stderr, /\n\s+at /);
});
