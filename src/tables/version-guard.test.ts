import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { z } from "zod";
import { BrechaError } from "../errors/index.ts";
import { readSourceFile, sourceById } from "../sources/index.ts";
import { openStore, sql, type Store } from "../storage/index.ts";
import { tempDir } from "../../test/helpers/paths.ts";
import { ingestFile, type IngestMode } from "./ingest.ts";
import { publishGenerated } from "./publish-generated.ts";

// A new version may not silently lose rows or areas of the current one: a cut padrón once became
// the current version with 219 of its rows. These tests use the small ESCALE dropout table.
const spec = sourceById("escale-trayectoria")!;
const dir = tempDir();
let store: Store;

const codes = Array.from({ length: 40 }, (_, i) => `0101${String(i + 1).padStart(2, "0")}`);
function file(name: string, ubigeos: readonly string[], dropout = 1.5): string {
  const path = join(dir.path, name);
  const lines = ubigeos.map((u) => `${u},${dropout.toFixed(2)},0.80`);
  writeFileSync(path, `ubigeo,desercion_prim_23_24,atraso_prim_2025\n${lines.join("\n")}\n`);
  return path;
}
const ingest = (path: string, mode?: IngestMode) =>
  ingestFile(store, spec, readSourceFile(path), {
    maxBadRowShare: 0.05,
    ...(mode === undefined ? {} : { mode }),
  });
const current = async () => (await store.versions("school_trajectory")).find((v) => v.current)!;
const rows = async () =>
  store.query(
    sql`SELECT ubigeo, pct_desercion_primaria AS d FROM school_trajectory ORDER BY ubigeo`,
    z.object({ ubigeo: z.string(), d: z.number() }),
  );

before(async () => {
  store = await openStore(join(dir.path, "brecha.duckdb"));
});
after(async () => {
  await store.close();
  dir.cleanup();
});

test("a synthetic current version is replaced by real data without any check", async () => {
  await publishGenerated(store, {
    dataset: "school_trajectory",
    columns: Object.entries(spec.columns).map(([name, c]) => ({ name, type: c.type })),
    rows: codes.concat(["020101", "020102"]).map((u) => [u, 9, 9]),
    sourceId: "synthetic-demo",
    notes: ["SYNTHETIC"],
  });
  const report = await ingest(file("all.csv", codes));
  assert.equal(report.status, "published");
  assert.equal((await rows()).length, 40);
});

test("a file that loses more than 10% of the rows is refused with the counts, and nothing changes", async () => {
  const before = await current();
  await assert.rejects(ingest(file("cut.csv", codes.slice(0, 22))), (error: unknown) => {
    assert.ok(error instanceof BrechaError);
    assert.equal(error.code, "BRECHA_SHRINKING_VERSION");
    assert.match(
      error.message,
      /cut\.csv: the current version of school_trajectory \(\w{12}\) has 40 rows in 40 districts; this file has 22 rows in 22 districts: 18 rows \(45\.0%\) and 18 districts \(010123, 010124, 010125, 010126, 010127, …\) would be lost\. Nothing was published\. Use --partial .* or --replace/,
    );
    return true;
  });
  assert.equal((await current()).versionId, before.versionId);
});

test("losing a single area is refused even when the rows lost are few", async () => {
  await assert.rejects(ingest(file("one-less.csv", codes.slice(1))), /1 districts \(010101\)/);
});

test("--partial updates only the keys in the file, as a new whole version", async () => {
  const report = await ingest(file("update.csv", codes.slice(0, 3), 7.25), "partial");
  assert.equal(report.status, "published");
  assert.equal(report.provenance.rowsPublished, 40);
  assert.match(report.provenance.notes.join(" "), /merged: 37 rows of version \w{12}/);
  const after = await rows();
  assert.equal(after.length, 40);
  assert.deepEqual(
    after.slice(0, 4).map((r) => r.d),
    [7.25, 7.25, 7.25, 1.5],
  );
  // The same partial file again is a no-op.
  assert.equal(
    (await ingest(file("update.csv", codes.slice(0, 3), 7.25), "partial")).status,
    "unchanged",
  );
});

test("--replace replaces whatever the file loses", async () => {
  const report = await ingest(file("small.csv", codes.slice(0, 5)), "replace");
  assert.equal(report.status, "published");
  assert.equal((await rows()).length, 5);
});
