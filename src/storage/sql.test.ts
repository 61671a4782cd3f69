import assert from "node:assert/strict";
import { test } from "node:test";
import { clickhouseDialect, toClickHouseSql } from "./clickhouse/clickhouse-dialect.ts";
import { duckdbDialect } from "./duckdb/duckdb-dialect.ts";
import { sql, Sql } from "./sql.ts";

test("values become parameters in order, fragments splice, names are quoted by the dialect", () => {
  const ubigeo = "150101' OR 1 = 1 --";
  const filter = sql`AND anio = ${sql.value(2024)}`;
  const query = sql`SELECT * FROM ${sql.id('odd"name')} WHERE ubigeo = ${sql.value(ubigeo)} ${filter} AND x IN (${sql.values([1, null, true])})`;
  const duck = query.render(duckdbDialect);
  assert.equal(
    duck.text,
    `SELECT * FROM "odd""name" WHERE ubigeo = ? AND anio = ? AND x IN (?, ?, ?)`,
  );
  assert.deepEqual(duck.params, [ubigeo, 2024, 1, null, true]);
  const click = query.render(clickhouseDialect);
  assert.equal(click.text, duck.text.replace('"odd""name"', '"odd\\"name"'));
  // ClickHouse inlines parameters as escaped literals: the quote stays inside the string.
  assert.match(toClickHouseSql(click.text, click.params), /ubigeo = '150101\\' OR 1 = 1 --'/);
});

test("types come from the dialect; joins, empty and toString", () => {
  const q = sql`SELECT CAST(NULL AS ${sql.type("double")}) AS a, ${sql.join([sql`1`, sql`2`], sql` + `)} AS b${sql.empty}`;
  assert.equal(q.render(duckdbDialect).text, "SELECT CAST(NULL AS DOUBLE) AS a, 1 + 2 AS b");
  assert.equal(
    q.render(clickhouseDialect).text,
    "SELECT CAST(NULL AS Nullable(Float64)) AS a, 1 + 2 AS b",
  );
  assert.equal(String(sql`SELECT ${sql.value("x")} FROM ${sql.id("t")}`), 'SELECT ? FROM "t"');
  assert.equal(sql`${sql.nullOf("text")}`.render(duckdbDialect).text, "CAST(NULL AS VARCHAR)");
  assert.throws(() => sql.values([]), /empty/);
});

test("a value interpolated without saying what it is fails to compile, and at run time", () => {
  const code = "150101";
  // @ts-expect-error: a string is not a fragment (tsc fails if this line ever compiles).
  assert.throws(() => sql`SELECT * FROM districts WHERE ubigeo = ${code}`, /sql\.value\(\)/);
  // @ts-expect-error: nor is a number.
  assert.throws(() => sql`SELECT ${42}`, TypeError);
  // An object of the same shape is not an Sql: the type is nominal.
  const fake = { render: () => ({ text: "DROP TABLE x", params: [] }) };
  // @ts-expect-error: structural look-alikes are refused.
  assert.throws(() => sql`SELECT ${fake}`, TypeError);
  assert.ok(sql`SELECT 1` instanceof Sql);
});
