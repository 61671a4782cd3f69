import assert from "node:assert/strict";
import { test } from "node:test";
import { normalizeTable, readRawTable, sourceById, type SourceOptions } from "./index.ts";

// The UMC, ESCALE and Census tables that replaced the synthetic demo, read from small texts in the
// exact layouts of the public files (see data/starter/README.md).
function read(id: string, name: string, text: string, options: SourceOptions = {}) {
  const raw = readRawTable(name, Buffer.from(text, "utf8"));
  const table = normalizeTable(sourceById(id)!, raw, { file: name, options });
  const named = table.rows.map((r) =>
    Object.fromEntries(table.columns.map((c, i) => [c.name, r[i]])),
  );
  return { table, rows: named };
}

test("umc-resultados reads the ENLA district table: year and grade from the catalogue, suppressed cells missing, never zero", () => {
  const { rows, table } = read(
    "umc-resultados",
    "umc_enla2024_4p_distrital.csv",
    "ubigeo,cob_ie,cob_est,lec_previo,lec_inicio,lec_proceso,lec_satisfactorio,mat_previo,mat_inicio,mat_proceso,mat_satisfactorio\n" +
      "010101,100.0,97.5,0.7,13.8,37.5,48.0,4.8,10.4,35.3,49.4\n" +
      "010205,40.0,31.2,,,,,,,,\n",
    { year: 2024, grade: "4P" },
  );
  assert.equal(table.stats.rowsRejected, 0);
  assert.equal(rows.length, 4);
  const reading = rows.find((r) => r.ubigeo === "010101" && r.area === "lectura")!;
  assert.deepEqual(
    [reading.anio, reading.grado, reading.evaluacion, reading.pct_satisfactorio],
    [2024, "4P", "ENLA", 48],
  );
  assert.equal(reading.cobertura_estudiantes, 97.5);
  const suppressed = rows.find((r) => r.ubigeo === "010205" && r.area === "matematica")!;
  assert.equal(suppressed.suprimido, true);
  assert.equal(suppressed.pct_satisfactorio, null);
  assert.equal(suppressed.cobertura_ie, 40);
});

test("umc-resultados reads the ECE history by year and grade; an unassessed district gives no row", () => {
  const { rows, table } = read(
    "umc-resultados",
    "umc_ece_escale_distrital_2016_2025_impactopisa.csv",
    "ubigeo,ece16_4p_cob_est,ece16_4p_lec_sat,ece16_4p_mat_sat,ece16_4p_lec_prev,ece19_2s_cob_est,ece19_2s_lec_sat,ece19_2s_mat_sat,ece19_2s_lec_prev,desercion_prim_23_24\n" +
      "010101,98.03,51.17,46.04,0.79,99.54,24.86,30.15,4.74,0.41\n" +
      "010102,,,,,,,,,0.00\n" +
      "010103,12.50,,,,,,,,0.10\n",
  );
  assert.equal(table.stats.rowsRejected, 0);
  const keys = rows.map((r) => `${r.ubigeo} ${r.evaluacion} ${r.anio} ${r.grado} ${r.area}`);
  assert.deepEqual(keys, [
    "010101 ECE 2016 4P lectura",
    "010101 ECE 2016 4P matematica",
    "010101 ECE 2019 2S lectura",
    "010101 ECE 2019 2S matematica",
    "010103 ECE 2016 4P lectura",
    "010103 ECE 2016 4P matematica",
  ]);
  const r = rows[0]!;
  assert.deepEqual(
    [r.pct_satisfactorio, r.pct_previo_inicio, r.pct_en_inicio],
    [51.17, 0.79, null],
  );
  // Coverage without results: UMC suppressed the cell, which stays missing.
  assert.equal(rows[4]!.suprimido, true);
  assert.equal(rows[4]!.pct_satisfactorio, null);
  assert.ok(table.ignoredColumns.includes("desercion_prim_23_24"));
});

test("umc-regiones joins DREs by name: Lima Metropolitana, Lima Provincias and Callao apart; years become rows", () => {
  const header =
    "grupo,categoria,area,previo_2024,inicio_2024,proceso_2024,satisfactorio_2024,sat_2016,sat_2018,sat_2019,sat_2022,sat_2023,sat_2024\n";
  const { rows, table } = read(
    "umc-regiones",
    "umc_enla2024_4p_regiones_estratos.csv",
    header +
      "estrato,nacional,lectura,3.4,24.8,39.0,32.8,31.4,34.8,34.5,30.0,33.0,32.8\n" +
      "region,LIMA METROPOLITANA,lectura,1.6,17.5,39.3,41.6,44.1,45.0,45.2,38.1,40.8,41.6\n" +
      "region,LIMA PROVINCIAS,matematica,5.0,20.0,40.0,35.0,,30.0,,,,35.0\n" +
      "region,CALLAO,lectura,1.0,15.0,40.0,44.0,45.0,46.0,47.0,40.0,42.0,44.0\n" +
      "region,SAN MARTIN,lectura,5.0,30.0,40.0,25.0,20.0,22.0,23.0,21.0,24.0,25.0\n" +
      "region,LIMA SUR,lectura,1.0,15.0,40.0,44.0,45.0,46.0,47.0,40.0,42.0,44.0\n",
  );
  const scope = (name: string) => [
    ...new Set(rows.filter((r) => r.categoria === name).map((r) => `${r.ubigeo} ${r.ambito}`)),
  ];
  assert.deepEqual(scope("nacional"), ["null estrato"]);
  assert.deepEqual(scope("LIMA METROPOLITANA"), ["1501 lima_metropolitana"]);
  assert.deepEqual(scope("LIMA PROVINCIAS"), ["15 lima_provincias"]);
  assert.deepEqual(scope("CALLAO"), ["07 departamento"]);
  assert.deepEqual(scope("SAN MARTIN"), ["22 departamento"]);
  // Years with no figure give no row; the 2024 levels go with 2024 only.
  const provincias = rows.filter((r) => r.categoria === "LIMA PROVINCIAS").map((r) => r.anio);
  assert.deepEqual(provincias, [2018, 2024]);
  const y2024 = rows.find((r) => r.categoria === "nacional" && r.anio === 2024)!;
  const y2016 = rows.find((r) => r.categoria === "nacional" && r.anio === 2016)!;
  assert.deepEqual([y2024.pct_en_inicio, y2024.pct_satisfactorio], [24.8, 32.8]);
  assert.deepEqual([y2016.pct_en_inicio, y2016.pct_satisfactorio], [null, 31.4]);
  const rejected = table.quarantine.filter((q) => q.action === "rejected");
  assert.equal(rejected.length, 6);
  assert.match(rejected[0]!.reason, /"LIMA SUR" is not a DRE name/);
});

test("escale-trayectoria reads dropout and delay; a row with neither is left out", () => {
  const { rows, table } = read(
    "escale-trayectoria",
    "escale.csv",
    "ubigeo,desercion_prim_23_24,atraso_prim_2025\n010101,0.41,0.37\n130112,,\n10102,0.00,0.00\n",
  );
  assert.deepEqual(
    rows.map((r) => [r.ubigeo, r.pct_desercion_primaria, r.pct_atraso_primaria]),
    [
      ["010101", 0.41, 0.37],
      ["010102", 0, 0],
    ],
  );
  assert.deepEqual(table.stats.dropped, { "no dropout or delay figure": 1 });
});

test("censo-2017-servicios reads the census JSON array; districts created after 2017 are left out", () => {
  const { rows, table } = read(
    "censo-2017-servicios",
    "cpv2017_servicios_internet_distrital_qhaway.json",
    JSON.stringify([
      {
        ubigeo: "010101",
        pob: 41843,
        agua: 90.39,
        desague: 85.37,
        electricidad: 92.41,
        internet: 18.35,
        ideEducacion: null,
      },
      {
        ubigeo: "030612",
        pob: 3000,
        agua: null,
        desague: null,
        electricidad: null,
        internet: null,
      },
      { ubigeo: "010102", agua: 99, desague: 78, electricidad: 85, internet: 0 },
    ]),
  );
  assert.equal(table.stats.rowsRejected, 0);
  assert.deepEqual(
    rows.map((r) => [r.ubigeo, r.anio, r.pct_agua, r.pct_internet]),
    [
      ["010101", 2017, 90.39, 18.35],
      ["010102", 2017, 99, 0],
    ],
  );
  assert.equal(Object.values(table.stats.dropped)[0], 1);
});

test("a JSON file that is not an array or a FeatureCollection is refused with the reason", () => {
  assert.throws(
    () => readRawTable("x.json", Buffer.from('[{"a":1}, 3]')),
    /element 2 of the array is not an object/,
  );
  assert.throws(
    () => readRawTable("x.json", Buffer.from('{"type":"Topology","objects":{}}')),
    /must hold one object/,
  );
});
