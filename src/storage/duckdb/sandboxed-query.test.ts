import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { tempDir } from "../../../test/helpers/paths.ts";
import { BrechaError } from "../../errors/index.ts";
import { sql } from "../sql.ts";
import { DuckDBStore } from "./duckdb-store.ts";
import { DEFAULT_SANDBOX, sandboxedQuery } from "./sandboxed-query.ts";

// `brecha query` must read the workspace and nothing else: every escape seen by hand is tried.
const dir = tempDir();
const db = join(dir.path, "brecha.duckdb");
const secret = join(dir.path, "secret.csv");

before(async () => {
  writeFileSync(secret, "a,b\n1,2\n");
  const store = await DuckDBStore.open(db);
  await store.query(
    sql`CREATE TABLE t AS SELECT range AS x FROM range(10)`,
    (await import("zod")).z.any(),
  );
  await store.close();
});
after(() => dir.cleanup());

const refused = async (sql: string, code: string, message: RegExp) => {
  await assert.rejects(
    sandboxedQuery(db, sql, { ...DEFAULT_SANDBOX, timeoutMs: 2_000 }),
    (e: unknown) => {
      assert.ok(e instanceof BrechaError, String(e));
      assert.equal(e.code, code, e.message);
      assert.match(e.message, message);
      return true;
    },
  );
};

test("a SELECT reads the workspace; rows past --max-rows are cut and said", async () => {
  const { rows, truncated } = await sandboxedQuery(
    db,
    "WITH s AS (SELECT x FROM t) SELECT sum(x) AS total FROM s",
  );
  assert.deepEqual(rows, [{ total: 45 }]);
  const cut = await sandboxedQuery(db, "SELECT x FROM t ORDER BY x", {
    ...DEFAULT_SANDBOX,
    maxRows: 3,
  });
  assert.deepEqual(
    cut.rows.map((r) => r.x),
    [0, 1, 2],
  );
  assert.equal(cut.truncated, true);
  assert.equal(truncated, false);
});

test("no file is written: COPY … TO and EXPORT DATABASE", async () => {
  const out = join(dir.path, "out.csv");
  await refused(`COPY t TO '${out}'`, "BRECHA_QUERY_REFUSED", /query refused/);
  await refused(
    `EXPORT DATABASE '${join(dir.path, "dump")}'`,
    "BRECHA_QUERY_REFUSED",
    /query refused/,
  );
  assert.equal(existsSync(out), false);
  assert.equal(existsSync(join(dir.path, "dump")), false);
});

test("no local file is read: read_csv, read_text, glob, ATTACH", async () => {
  await refused(
    `SELECT * FROM read_csv('${secret}')`,
    "BRECHA_QUERY_REFUSED",
    /file system operations are disabled/,
  );
  await refused("SELECT * FROM read_text('/etc/passwd')", "BRECHA_QUERY_REFUSED", /disabled/);
  await refused(`SELECT * FROM glob('${dir.path}/*')`, "BRECHA_QUERY_REFUSED", /disabled/);
  await refused(`SELECT * FROM '${secret}'`, "BRECHA_QUERY_REFUSED", /query refused/);
  await refused(
    `ATTACH '${join(dir.path, "other.duckdb")}' AS o`,
    "BRECHA_QUERY_REFUSED",
    /ATTACH/,
  );
});

test("no network and no configuration change: INSTALL, LOAD, SET, PRAGMA that writes", async () => {
  await refused("INSTALL httpfs", "BRECHA_QUERY_REFUSED", /only SELECT/);
  await refused("LOAD httpfs", "BRECHA_QUERY_REFUSED", /only SELECT/);
  await refused("SET enable_external_access = true", "BRECHA_QUERY_REFUSED", /only SELECT/);
  await refused(
    "SELECT * FROM read_csv('https://example.org/x.csv')",
    "BRECHA_QUERY_REFUSED",
    /query refused/,
  );
});

test("one statement of one kind: no writes, no second statement", async () => {
  await refused("CREATE TABLE u AS SELECT 1", "BRECHA_QUERY_REFUSED", /this is a CREATE/);
  await refused("DELETE FROM t", "BRECHA_QUERY_REFUSED", /only SELECT/);
  await refused("SELECT 1; DROP TABLE t", "BRECHA_QUERY_REFUSED", /one statement at a time, got 2/);
  await refused("SELEC 1", "BRECHA_QUERY_REFUSED", /does not parse/);
});

test("a query past its time limit is interrupted", async () => {
  const started = performance.now();
  await refused(
    "SELECT sum(a.range * b.range) FROM range(300000) a, range(300000) b",
    "BRECHA_QUERY_TIMEOUT",
    /ran longer than 2 s and was stopped/,
  );
  assert.ok(performance.now() - started < 10_000);
});
