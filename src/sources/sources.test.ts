import assert from "node:assert/strict";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fixture, REPO_ROOT } from "../../test/helpers/paths.ts";
import {
  SOURCES,
  sourceById,
  readRawTable,
  normalizeTable,
  guessSource,
  normalizeHeader,
} from "./index.ts";

function normalize(id: string, file: string, options: { year?: number } = {}) {
  const bytes = readFileSync(fixture(file));
  const raw = readRawTable(file, bytes);
  return { raw, table: normalizeTable(sourceById(id)!, raw, { file, options }) };
}

const column = (table: ReturnType<typeof normalize>["table"], name: string) => {
  const at = table.columns.findIndex((c) => c.name === name);
  assert.ok(at >= 0, `column ${name}`);
  return table.rows.map((r) => r[at]);
};

test("padron CSV in Latin-1: lost zeros restored, inactive rows left out, bad rows quarantined with row and column", () => {
  const { raw, table } = normalize("padron", "padron_2024_latin1.csv");
  assert.equal(raw.encoding, "latin1");
  assert.equal(table.stats.recordsRead, 8);
  assert.equal(table.stats.rowsKept, 4);
  assert.deepEqual(table.stats.dropped, { "inactive service (ESTADO = 2)": 1 });
  assert.deepEqual(table.stats.repaired, { COD_MOD: 1, CODLOCAL: 1, CODGEO: 1, CODCP_INEI: 1 });
  assert.deepEqual(column(table, "codigo_modular"), ["0254078", "0254086", "0567891", "0600001"]);
  assert.deepEqual(column(table, "ubigeo"), ["010101", "010102", "060101", "080101"]);
  assert.deepEqual(column(table, "nombre").slice(0, 2), [
    "SEÑOR DE LOS MILAGROS",
    "JOSÉ MARÍA ARGUEDAS",
  ]);
  assert.deepEqual(column(table, "area"), ["urbana", "rural", "rural", "urbana"]);
  assert.deepEqual(column(table, "caracteristica"), [
    "completo",
    "multigrado",
    "unidocente",
    "completo",
  ]);
  assert.deepEqual(column(table, "nivel"), ["primaria", "secundaria", "primaria", "primaria"]);
  const rejected = table.quarantine
    .filter((q) => q.action === "rejected")
    .map((q) => [q.row, q.column, q.reason]);
  assert.deepEqual(rejected, [
    [7, "CODGEO", 'expected a 6-digit district ubigeo (DDPPdd), got "ABC123"'],
    [8, "COD_MOD", "duplicate key codigo_modular+anexo = 0254078|0, first seen at row 2"],
    [9, "CODGEO", "expected a district ubigeo, the cell is empty (missing ubigeo)"],
  ]);
  const cleared = table.quarantine.filter((q) => q.action === "cleared");
  assert.deepEqual(
    cleared.map((q) => [q.row, q.column, q.value]),
    [[6, "NLAT_IE", "13.5250"]],
  );
  assert.equal(column(table, "latitud")[3], null);
});

test("padron DBF in CP850 with older column names reads to the same columns", () => {
  const { raw, table } = normalize("padron", "padron_web_cp850.dbf");
  assert.equal(raw.encoding, "cp850");
  assert.equal(table.columnMap.latitud, "LATITUD");
  assert.equal(table.columnMap.alumnos, "TALUMNOS");
  assert.equal(table.columnMap.area, "DAREACENSO");
  assert.deepEqual(column(table, "nombre"), [
    "SEÑOR DE LOS MILAGROS",
    "JOSÉ MARÍA ARGUEDAS",
    "IE N° 16123 ÑUÑUMAYO",
  ]);
  assert.deepEqual(column(table, "alumnos"), [412, 57, 14]);
  assert.deepEqual(raw.notes, ["1 records marked deleted in the DBF were skipped"]);
});

test("censo-locales maps P702/P709/P711 codes and derives service flags", () => {
  const { table } = normalize("censo-locales", "censo_local_2023.csv", { year: 2023 });
  assert.equal(table.stats.rowsKept, 4);
  assert.deepEqual(column(table, "codigo_local"), ["032754", "032760", "045678", "050001"]);
  assert.deepEqual(column(table, "anio"), [2023, 2023, 2023, 2023]);
  assert.deepEqual(column(table, "tiene_internet"), [true, false, false, true]);
  assert.deepEqual(column(table, "fuente_electricidad"), [
    "red_publica",
    "solar",
    "ninguna",
    "red_publica",
  ]);
  assert.deepEqual(column(table, "tiene_electricidad"), [true, true, false, true]);
  assert.deepEqual(column(table, "tiene_agua_red"), [true, true, false, true]);
  assert.deepEqual(column(table, "tipo_internet"), ["fibra", null, null, null]);
  assert.deepEqual(
    table.quarantine.map((q) => [q.row, q.column, q.action]),
    [
      [5, "P703", "cleared"],
      [6, "P702", "rejected"],
    ],
  );
});

test("umc-resultados reads the wide XLSX below its title rows, suppressed cells as null", () => {
  const { table } = normalize("umc-resultados", "umc_enla_2024_4p_distrital.xlsx", { year: 2024 });
  assert.equal(table.headerRow, 4);
  assert.equal(table.stats.rowsKept, 8);
  const ubigeos = column(table, "ubigeo");
  const areas = column(table, "area");
  const satisfactory = column(table, "pct_satisfactorio");
  const suppressed = column(table, "suprimido");
  const at = (u: string, a: string) => ubigeos.findIndex((x, i) => x === u && areas[i] === a);
  assert.equal(satisfactory[at("160101", "lectura")], 12.8);
  assert.equal(satisfactory[at("160101", "matematica")], 6.3);
  assert.equal(satisfactory[at("010102", "lectura")], null);
  assert.equal(suppressed[at("010102", "lectura")], true);
  assert.deepEqual([...new Set(column(table, "evaluacion"))], ["ENLA"]);
});

test("umc-resultados reads a long CSV with decimal commas and rejects levels not adding to 100", () => {
  const { raw, table } = normalize("umc-resultados", "umc_ece_2018_long.csv");
  assert.equal(raw.delimiter, ";");
  assert.deepEqual(column(table, "pct_en_inicio"), [10.5, 20]);
  assert.deepEqual(column(table, "evaluacion"), ["ECE", "ECE"]);
  assert.deepEqual(
    table.quarantine.map((q) => q.reason),
    ["achievement levels add up to 110.0%, expected 100%"],
  );
});

test("guessSource recognises each fixture from its header", () => {
  const cases: Array<[string, string]> = [
    ["padron_2024_latin1.csv", "padron"],
    ["padron_web_cp850.dbf", "padron"],
    ["censo_local_2023.csv", "censo-locales"],
    ["umc_enla_2024_4p_distrital.xlsx", "umc-resultados"],
    ["umc_ece_2018_long.csv", "umc-resultados"],
  ];
  for (const [file, id] of cases) {
    assert.equal(
      guessSource(SOURCES, readRawTable(file, readFileSync(fixture(file))))?.id,
      id,
      file,
    );
  }
});

test("normalizeHeader folds accents, case, spaces and BOMs", () => {
  assert.equal(normalizeHeader("\uFEFFpoblación"), "POBLACION");
  assert.equal(normalizeHeader("QRESIDUOS _VAL_INORGAN"), "QRESIDUOS_VAL_INORGAN");
  assert.equal(normalizeHeader("Cód. Ubigeo"), "COD_UBIGEO");
});

test("every source folder has a spec in SOURCES, a data dictionary and is tested", () => {
  const folders = readdirSync(join(REPO_ROOT, "src/sources"), { withFileTypes: true })
    .filter((d) => d.isDirectory() && !["formats", "synthetic"].includes(d.name))
    .map((d) => d.name);
  const testText = [
    ...readdirSync(join(REPO_ROOT, "src/sources"))
      .filter((f) => f.endsWith(".test.ts"))
      .map((f) => join(REPO_ROOT, "src/sources", f)),
    join(REPO_ROOT, "test/real-data.test.ts"),
  ]
    .map((f) => readFileSync(f, "utf8"))
    .join("\n");
  for (const folder of folders) {
    assert.ok(existsSync(join(REPO_ROOT, "src/sources", folder, "spec.ts")), `${folder}/spec.ts`);
  }
  for (const spec of SOURCES) {
    assert.ok(
      testText.includes(`"${spec.id}"`) || testText.includes(`${spec.id}`),
      `source ${spec.id} has no test`,
    );
    for (const [name, c] of Object.entries(spec.columns)) {
      assert.ok(
        c.description.es.length >= 3 && c.description.en.length >= 3,
        `${spec.id}.${name} needs es/en descriptions`,
      );
    }
    for (const k of spec.key) assert.ok(k in spec.columns, `${spec.id} key ${k}`);
  }
});

test("docs/data-dictionary.md is the generated dictionary of the current specs (run npm run docs)", async () => {
  const { format } = await import("prettier");
  const { dataDictionaryMarkdown } = await import("./data-dictionary.ts");
  const expected = await format(dataDictionaryMarkdown(SOURCES), {
    parser: "markdown",
    printWidth: 100,
  });
  assert.equal(readFileSync(join(REPO_ROOT, "docs/data-dictionary.md"), "utf8"), expected);
});

test("censo-hogares-tic reads REDATAM-style counts: lost zeros, thousands, impossible counts quarantined", () => {
  const text =
    "Ubigeo;Total hogares;Hogares con internet;Hogares con computadora;Teléfono celular\n" +
    "10101;8,512;2,704;3,118;7,540\n" + // Chachapoyas with its leading zero lost
    "150101;84,000;90,000;40,000;80,000\n" + // more households with internet than households
    "080101;32,045;;12,500;30,100\n";
  const file = "censo2017_tic.csv";
  const raw = readRawTable(file, Buffer.from(text, "latin1"));
  const table = normalizeTable(sourceById("censo-hogares-tic")!, raw, { file, options: {} });
  assert.deepEqual(column(table, "ubigeo"), ["010101", "080101"]);
  assert.deepEqual(column(table, "hogares"), [8512, 32045]);
  assert.deepEqual(column(table, "hogares_internet"), [2704, null]);
  assert.deepEqual(column(table, "anio"), [2017, 2017]);
  const bad = table.quarantine.find((q) => q.row === 3)!;
  assert.equal(bad.column, "Hogares con internet", "the column as the file names it");
  assert.match(bad.reason, /90000 households is more than the total of 84000/);
  assert.equal(
    guessSource(SOURCES, readRawTable(file, Buffer.from(text, "latin1")))?.id,
    "censo-hogares-tic",
  );
});
