import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { z } from "zod";
import { BrechaError } from "../errors/index.ts";
import { readSourceFile, sourceById } from "../sources/index.ts";
import { openStore, sql, type Sql, type Store } from "../storage/index.ts";
import { fixture, tempDir } from "../../test/helpers/paths.ts";
import { ingestFile } from "./ingest.ts";

const padron = sourceById("padron")!;
const dir = tempDir();
let store: Store;
let goodVersion: string;

before(async () => {
  store = await openStore(join(dir.path, "brecha.duckdb"));
  const report = await ingestFile(
    store,
    padron,
    readSourceFile(fixture("padron_2024_latin1.csv")),
    { maxBadRowShare: 0.5 },
  );
  goodVersion = report.versionId;
});
after(async () => {
  await store.close();
  dir.cleanup();
});

const count = async (query: Sql) => (await store.query(query, z.object({ n: z.number() })))[0]!.n;

/** Writes a variant of the good fixture and returns its path. */
function variant(
  name: string,
  transform: (text: string) => string,
  encoding: BufferEncoding = "latin1",
): string {
  const path = join(dir.path, name);
  writeFileSync(
    path,
    Buffer.from(
      transform(readFileSync(fixture("padron_2024_latin1.csv")).toString("latin1")),
      encoding,
    ),
  );
  return path;
}

async function expectRejected(path: string, code: string, message: RegExp, maxBadRowShare = 0.5) {
  await assert.rejects(
    ingestFile(store, padron, readSourceFile(path), { maxBadRowShare }),
    (error: unknown) => {
      assert.ok(error instanceof BrechaError, String(error));
      assert.equal(error.code, code);
      assert.match(error.message, message);
      return true;
    },
  );
  // The last good version is untouched and still current.
  const versions = await store.versions("schools");
  assert.deepEqual(
    versions.filter((v) => v.current).map((v) => v.versionId),
    [goodVersion],
  );
  assert.equal(await count(sql`SELECT count(*) AS n FROM schools`), 4);
}

test("ingestFile publishes a content-addressed version with provenance and quarantine", async () => {
  const [version] = await store.versions("schools");
  assert.equal(version!.versionId, goodVersion);
  assert.match(goodVersion, /^[0-9a-f]{64}$/);
  assert.equal(version!.provenance.encoding, "latin1");
  assert.equal(version!.provenance.fileName, "padron_2024_latin1.csv");
  assert.equal(version!.provenance.rowsPublished, 4);
  assert.equal(version!.provenance.synthetic, false);
  const quarantine = await store.quarantine(goodVersion);
  assert.deepEqual(
    quarantine.map((q) => [q.row, q.column, q.action]),
    [
      [6, "NLAT_IE", "cleared"],
      [7, "CODGEO", "rejected"],
      [8, "COD_MOD", "rejected"],
      [9, "CODGEO", "rejected"],
    ],
  );
  assert.equal(await count(sql`SELECT count(*) AS n FROM schools WHERE ubigeo = '010102'`), 1);
});

test("ingestFile: loading identical content again is a no-op, even from another file", async () => {
  const copy = variant("copy-of-padron.csv", (t) => t);
  const again = await ingestFile(store, padron, readSourceFile(copy), { maxBadRowShare: 0.5 });
  assert.equal(again.status, "unchanged");
  assert.equal(again.versionId, goodVersion);
  assert.equal((await store.versions("schools")).length, 1);
});

test("ingestFile: a new content makes a new version; the old one can be reinstated", async () => {
  const changed = variant("padron-changed.csv", (t) => t.replace("412,18,14", "415,18,14"));
  const next = await ingestFile(store, padron, readSourceFile(changed), { maxBadRowShare: 0.5 });
  assert.equal(next.status, "published");
  assert.notEqual(next.versionId, goodVersion);
  assert.equal(
    await count(sql`SELECT alumnos AS n FROM schools WHERE codigo_modular = '0254078'`),
    415,
  );
  const back = await ingestFile(store, padron, readSourceFile(fixture("padron_2024_latin1.csv")), {
    maxBadRowShare: 0.5,
  });
  assert.equal(back.status, "reinstated");
  assert.equal(
    await count(sql`SELECT alumnos AS n FROM schools WHERE codigo_modular = '0254078'`),
    412,
  );
  // Both versions stay queryable by their tables.
  assert.equal((await store.versions("schools")).length, 2);
});

test("ingestFile refuses a file with a missing column, naming file, row and column", async () => {
  const path = variant("padron-no-codgeo.csv", (t) => t.replace(",CODGEO,", ",UBICACION,"));
  await expectRejected(
    path,
    "BRECHA_MISSING_COLUMN",
    /padron-no-codgeo\.csv row 1, column CODGEO: required column CODGEO .*accepted names: CODGEO, UBIGEO, COD_UBIGEO/,
  );
});

test("ingestFile refuses a Latin-1 file declared as UTF-8, naming the first bad row and column", async () => {
  await assert.rejects(
    ingestFile(store, padron, readSourceFile(fixture("padron_2024_latin1.csv")), {
      maxBadRowShare: 0.05,
      encoding: "utf-8",
    }),
    (error: unknown) => {
      assert.ok(error instanceof BrechaError);
      assert.equal(error.code, "BRECHA_TOO_MANY_BAD_ROWS");
      assert.match(
        error.message,
        /row 2, column CEN_EDU: holds bytes that are not valid in the file's encoding \(a Latin-1 file read as UTF-8\? try --encoding latin1\)/,
      );
      return true;
    },
  );
  assert.equal(
    (await store.versions("schools")).filter((v) => v.current)[0]!.versionId,
    goodVersion,
  );
});

test("ingestFile refuses files with too many bad rows: garbage lines, duplicates, 5-digit ubigeos are counted", async () => {
  const garbage = variant(
    "padron-garbage.csv",
    (t) => t + "<html><body>502 Bad Gateway</body></html>\r\n;;;;\r\nx,y\r\n",
  );
  await expectRejected(
    garbage,
    "BRECHA_TOO_MANY_BAD_ROWS",
    /padron-garbage\.csv: 6 of 11 rows .* failed validation.*has 1 fields but the header has 19 \(a cut or garbage line\?\)/,
    0.3,
  );
});

test("ingestFile refuses a CSV cut in the middle of its last record, naming the row", async () => {
  const full = readFileSync(fixture("padron_2024_latin1.csv"));
  const path = join(dir.path, "padron-truncated.csv");
  writeFileSync(path, full.subarray(0, full.length - 60));
  await expectRejected(
    path,
    "BRECHA_TRUNCATED_FILE",
    /padron-truncated\.csv row 9: the last record has \d+ fields where the header has 19 and the file does not end with a line break \(file truncated\?\); nothing was published/,
  );
  // A complete last line without a final line break is not a cut.
  const unterminated = join(dir.path, "padron-no-final-newline.csv");
  writeFileSync(unterminated, full.toString("latin1").replace(/\r?\n$/, ""), "latin1");
  const { table } = await import("./ingest.ts").then((m) =>
    m.prepareFile(padron, readSourceFile(unterminated), {}),
  );
  assert.equal(table.truncated, undefined);
  // A quoted field never closed at the end of the file is a cut too.
  const quoted = join(dir.path, "quoted-cut.csv");
  writeFileSync(quoted, full.toString("latin1").replace(/\r?\n$/, "") + '\r\n"1234', "latin1");
  await expectRejected(quoted, "BRECHA_TRUNCATED_FILE", /never closed/);
});

test("ingestFile refuses an empty file and a file of another format", async () => {
  const empty = join(dir.path, "empty.csv");
  writeFileSync(empty, "");
  await expectRejected(empty, "BRECHA_EMPTY_FILE", /empty\.csv row 1: the file is empty/);
  const geo = join(dir.path, "padron.geojson");
  writeFileSync(geo, '{"type":"FeatureCollection","features":[]}');
  await expectRejected(
    geo,
    "BRECHA_FORMAT",
    /padron\.geojson: source padron is read from dbf, csv, xlsx files, not geojson/,
  );
});

test("readSourceFile names a missing file", () => {
  assert.throws(
    () => readSourceFile(join(dir.path, "nope.csv")),
    (e: unknown) =>
      e instanceof BrechaError &&
      e.code === "BRECHA_FILE_UNREADABLE" &&
      /nope\.csv: cannot read/.test(e.message),
  );
});
