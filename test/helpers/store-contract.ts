import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import type { ColumnDef, Provenance, QuarantineRecord } from "../../src/domain/index.ts";
import { sql, type PublishRequest, type Store } from "../../src/storage/index.ts";

/**
 * What every storage engine must do, as tests: the same suite runs against the embedded DuckDB
 * store and against a real ClickHouse server. `open` gives a fresh, empty store for writing and a
 * way to open the same data read-only.
 */
export interface ContractTarget {
  readonly open: () => Promise<{
    store: Store;
    readOnly: () => Promise<Store>;
    cleanup: () => Promise<void>;
  }>;
  readonly skip?: string | false;
}

const COLUMNS: ColumnDef[] = [
  { name: "ubigeo", type: "text" },
  { name: "nombre", type: "text" },
  { name: "alumnos", type: "integer" },
  { name: "tasa", type: "double" },
  { name: "rural", type: "boolean" },
];

const provenance = (synthetic = false): Provenance => ({
  sourceId: "contract",
  fileName: "contract.csv",
  fileSha256: "0".repeat(64),
  fileBytes: 100,
  format: "csv",
  encoding: "utf-8",
  encodingReason: "declared",
  recordsRead: 4,
  rowsPublished: 3,
  rowsRejected: 1,
  cellsCleared: 0,
  dropped: {},
  repaired: {},
  columnMap: {},
  ignoredColumns: [],
  notes: [],
  synthetic,
  origin: "upload",
});

const QUARANTINE: QuarantineRecord[] = [
  {
    file: "contract.csv",
    row: 5,
    line: 5,
    column: "ubigeo",
    value: "15010",
    reason: 'expected 6 digits, got "15010"',
    action: "rejected",
  },
];

// Accents, quotes, commas, an empty string and nulls: what ministry files carry.
const CSV_A =
  'ubigeo,nombre,alumnos,tasa,rural\n010101,"Chachapoyas, ""capital""",120,0.25,false\n080101,Cusco,,1.5,true\n150101,"",7,,\n';
const CSV_B = "ubigeo,nombre,alumnos,tasa,rural\n010101,Áncash,99,0.5,true\n";

const request = (versionId: string, csv: string, synthetic = false): PublishRequest => ({
  dataset: "contract_schools",
  versionId,
  columns: COLUMNS,
  csv: new TextEncoder().encode(csv),
  provenance: provenance(synthetic),
  quarantine: QUARANTINE,
});

const ROW = z.object({
  ubigeo: z.string(),
  nombre: z.string().nullable(),
  alumnos: z.number().nullable(),
  tasa: z.number().nullable(),
  rural: z.boolean().nullable(),
  _synthetic: z.boolean(),
});

const va = "a".repeat(64);
const vb = "b".repeat(64);

export function storeContract(engine: string, target: ContractTarget): void {
  const { skip = false } = target;

  test(
    `${engine} store: publish, read back typed values exactly, parameters, versions and quarantine`,
    { skip },
    () => publishAndReadBack(target),
  );

  test(
    `${engine} store: the same content is a no-op, new content becomes current, an old version can be reinstated`,
    { skip },
    () => republishAndReinstate(target),
  );

  test(
    `${engine} store: a failed publish leaves nothing behind; read-only refuses writes; bad rows are named`,
    { skip },
    () => failuresLeaveNothing(target),
  );
}

/** Publish, read back typed values exactly, parameters, versions and quarantine. */
async function publishAndReadBack(target: ContractTarget): Promise<void> {
  const { store, cleanup } = await target.open();
  try {
    assert.equal(await store.publish(request(va, CSV_A)), "published");
    const rows = await store.query(
      sql`SELECT ubigeo, nombre, alumnos, tasa, rural, _synthetic FROM contract_schools ORDER BY ubigeo`,
      ROW,
    );
    assert.deepEqual(rows, [
      {
        ubigeo: "010101",
        nombre: 'Chachapoyas, "capital"',
        alumnos: 120,
        tasa: 0.25,
        rural: false,
        _synthetic: false,
      },
      {
        ubigeo: "080101",
        nombre: "Cusco",
        alumnos: null,
        tasa: 1.5,
        rural: true,
        _synthetic: false,
      },
      { ubigeo: "150101", nombre: "", alumnos: 7, tasa: null, rural: null, _synthetic: false },
    ]);
    // Positional parameters, including a string with a quote and a backslash (never spliced raw).
    const found = await store.query(
      sql`SELECT ubigeo FROM contract_schools WHERE ubigeo = ${sql.value("080101")} OR nombre = ${sql.value("it's \\ odd")} ORDER BY ubigeo`,
      z.object({ ubigeo: z.string() }),
    );
    assert.deepEqual(found, [{ ubigeo: "080101" }]);
    const agg = await store.query(
      sql`SELECT count(*) AS n, sum(alumnos) AS total, CAST(avg(tasa) AS DOUBLE) AS mean FROM contract_schools WHERE starts_with(ubigeo, ${sql.value("0")})`,
      z.object({ n: z.number(), total: z.number(), mean: z.number() }),
    );
    assert.deepEqual(agg, [{ n: 2, total: 120, mean: 0.875 }]);
    const versions = await store.versions("contract_schools");
    assert.equal(versions.length, 1);
    assert.equal(versions[0]!.versionId, va);
    assert.equal(versions[0]!.current, true);
    assert.deepEqual(versions[0]!.provenance, provenance());
    assert.ok(!Number.isNaN(Date.parse(versions[0]!.createdAt)));
    const q = await store.quarantine(va);
    assert.deepEqual(q, QUARANTINE);
    // The version's own table is there too, under the name the catalogue gives.
    const direct = await store.query(
      sql`SELECT count(*) AS n FROM ${sql.id(versions[0]!.tableName)}`,
      z.object({ n: z.number() }),
    );
    assert.deepEqual(direct, [{ n: 3 }]);
  } finally {
    await cleanup();
  }
}

/** The same content is a no-op, new content becomes current, an old version can be reinstated. */
async function republishAndReinstate(target: ContractTarget): Promise<void> {
  const { store, cleanup } = await target.open();
  try {
    assert.equal(await store.publish(request(va, CSV_A)), "published");
    assert.equal(await store.publish(request(va, CSV_A)), "unchanged");
    assert.equal(await store.publish(request(vb, CSV_B, true)), "published");
    let current = (await store.versions("contract_schools")).filter((v) => v.current);
    assert.deepEqual(
      current.map((v) => v.versionId),
      [vb],
    );
    const b = await store.query(
      sql`SELECT ubigeo, nombre, alumnos, tasa, rural, _synthetic FROM contract_schools`,
      ROW,
    );
    assert.deepEqual(b, [
      {
        ubigeo: "010101",
        nombre: "Áncash",
        alumnos: 99,
        tasa: 0.5,
        rural: true,
        _synthetic: true,
      },
    ]);
    assert.equal(await store.publish(request(va, CSV_A)), "reinstated");
    current = (await store.versions("contract_schools")).filter((v) => v.current);
    assert.deepEqual(
      current.map((v) => v.versionId),
      [va],
    );
    const n = await store.query(
      sql`SELECT count(*) AS n FROM contract_schools`,
      z.object({ n: z.number() }),
    );
    assert.deepEqual(n, [{ n: 3 }]);
    assert.equal((await store.versions()).length, 2, "both versions kept");
  } finally {
    await cleanup();
  }
}

/** A failed publish leaves nothing behind; read-only refuses writes; bad rows are named. */
async function failuresLeaveNothing(target: ContractTarget): Promise<void> {
  const { store, readOnly, cleanup } = await target.open();
  try {
    assert.equal(await store.publish(request(va, CSV_A)), "published");
    // A value that does not fit its column type fails the whole publish.
    const broken = "ubigeo,nombre,alumnos,tasa,rural\n010101,X,not-a-number,1,true\n";
    await assert.rejects(store.publish(request(vb, broken)), (e: Error) =>
      /BRECHA_/.test((e as { code?: string }).code ?? ""),
    );
    const versions = await store.versions("contract_schools");
    assert.deepEqual(
      versions.map((v) => v.versionId),
      [va],
      "no half-written version",
    );
    assert.deepEqual(await store.quarantine(vb), []);
    const rows = await store.query(
      sql`SELECT count(*) AS n FROM contract_schools`,
      z.object({ n: z.number() }),
    );
    assert.deepEqual(rows, [{ n: 3 }], "the current version is untouched");
    await assert.rejects(
      store.query(sql`SELECT ubigeo FROM contract_schools`, z.object({ ubigeo: z.number() })),
      /BRECHA_ROW_SHAPE|does not match the expected shape/,
    );
    const reader = await readOnly();
    try {
      assert.equal(reader.readOnly, true);
      await assert.rejects(reader.publish(request(vb, CSV_B)), /read-only/);
      assert.equal((await reader.versions()).length, 1);
    } finally {
      await reader.close();
    }
  } finally {
    await cleanup();
  }
}
