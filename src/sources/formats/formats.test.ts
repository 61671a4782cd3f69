import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { fixture } from "../../../test/helpers/paths.ts";
import { readCsvRecords, detectDelimiter } from "./csv.ts";
import { readDbf } from "./dbf.ts";
import { decodeText, detectEncoding } from "./encoding.ts";
import { readGeoJsonTable, boundingBox } from "./geojson.ts";
import { readRawTable, FormatError } from "./read-table.ts";
import { readXlsxRows, listXlsxSheets } from "./xlsx.ts";

const records = (text: string, delimiter: "," | ";" = ",") => [
  ...readCsvRecords(text, { delimiter }),
];

test("readCsvRecords handles quotes, doubled quotes, embedded newlines and CRLF", () => {
  const out = records('a,b\r\n1,"x\ny"\r\n\r\n3,"q""z"\r\n');
  assert.deepEqual(
    out.map((r) => r.fields),
    [
      ["a", "b"],
      ["1", "x\ny"],
      ["3", 'q"z'],
    ],
  );
  assert.deepEqual(
    out.map((r) => [r.row, r.line]),
    [
      [1, 1],
      [2, 2],
      [3, 5],
    ],
  );
});

test("readCsvRecords flags an unterminated quote as a truncated file", () => {
  const out = records('a,b\n1,"never closed\n2,3\n');
  assert.equal(out.length, 2);
  assert.match(out[1]!.problem ?? "", /never closed \(file truncated\?\)/);
});

test("readCsvRecords flags text after a closing quote and keeps it", () => {
  const out = records('a,b\n1,"x"y\n');
  assert.deepEqual(out[1]!.fields, ["1", "xy"]);
  assert.match(out[1]!.problem ?? "", /after a closing quote/);
});

test("readCsvRecords keeps an empty last field", () => {
  assert.deepEqual(records("a;b\n1;", ";")[1]!.fields, ["1", ""]);
  assert.deepEqual(records("a;b\n1;\n", ";")[1]!.fields, ["1", ""]);
});

test("detectDelimiter picks the separator of the header", () => {
  assert.equal(detectDelimiter("FECHA_CORTE;N_SEC;UBIGEO\n1;2;3"), ";");
  assert.equal(detectDelimiter('"a,b";c;d\n'), ";");
  assert.equal(detectDelimiter("a,b,c\n"), ",");
  assert.equal(detectDelimiter("a\tb\tc\n"), "\t");
});

test("detectEncoding: BOM, strict UTF-8, Latin-1 and CP850 by Spanish letters", () => {
  assert.equal(detectEncoding(Buffer.from("\uFEFFaño", "utf8")).encoding, "utf-8");
  assert.equal(detectEncoding(Buffer.from("año", "utf8")).hadBom, false);
  assert.equal(detectEncoding(Buffer.from("Señor, José María", "latin1")).encoding, "latin1");
  // "Señor" in CP850: ñ = 0xA4.
  assert.equal(
    detectEncoding(Buffer.from([0x53, 0x65, 0xa4, 0x6f, 0x72, 0x20, 0x41, 0xa1, 0x61])).encoding,
    "cp850",
  );
  assert.equal(decodeText(Buffer.from([0x53, 0x65, 0xa4, 0x6f, 0x72])).text, "Señor");
});

test("decodeText with a wrong declared encoding leaves replacement characters to report", () => {
  const latin1 = Buffer.from("Señor", "latin1");
  assert.match(decodeText(latin1, "utf-8").text, /\uFFFD/);
});

test("readDbf decodes CP850, skips deleted records and reads the language driver", () => {
  const table = readDbf(readFileSync(fixture("padron_web_cp850.dbf")));
  const records = [...table.records];
  assert.equal(table.encoding, "cp850");
  assert.equal(table.deleted, 1);
  assert.equal(records.length, 4);
  assert.equal(table.recordCount, 4);
  assert.deepEqual(
    table.fields.slice(0, 3).map((f) => f.name),
    ["COD_MOD", "ANEXO", "CODLOCAL"],
  );
  assert.equal(records[0]!.fields[3], "SEÑOR DE LOS MILAGROS");
  assert.equal(records[1]!.fields[3], "JOSÉ MARÍA ARGUEDAS");
  assert.equal(records[3]!.fields[3], "IE N° 16123 ÑUÑUMAYO");
  assert.equal(records[0]!.row, 2);
});

test("readDbf reports a truncated file and keeps the complete records", () => {
  const table = readDbf(readFileSync(fixture("padron_web_truncated.dbf")));
  assert.equal([...table.records].length, 3);
  assert.match(table.truncated ?? "", /declares 4 records but the file holds 3/);
});

test("readRawTable names the file when a DBF or XLSX is damaged", () => {
  assert.throws(
    () => readRawTable("broken.dbf", Buffer.from("not a dbf at all, just text padding....")),
    (e: unknown) => e instanceof FormatError && /broken\.dbf is not a readable DBF/.test(e.message),
  );
  const xlsx = readFileSync(fixture("umc_enla_2024_4p_distrital.xlsx"));
  assert.throws(
    () => readRawTable("cut.xlsx", xlsx.subarray(0, 600)),
    (e: unknown) => e instanceof FormatError && /cut\.xlsx/.test(e.message),
  );
});

test("readXlsxRows reads shared strings, numbers and spreadsheet row numbers", () => {
  const bytes = readFileSync(fixture("umc_enla_2024_4p_distrital.xlsx"));
  assert.deepEqual(listXlsxSheets(bytes), ["Distritos"]);
  const { sheet, records: rows } = readXlsxRows(bytes);
  assert.equal(sheet, "Distritos");
  assert.equal(rows[0]!.row, 1);
  const header = rows.find((r) => r.fields[0] === "UBIGEO")!;
  assert.equal(header.row, 4);
  const asuncion = rows.find((r) => r.fields[3] === "Asunción")!;
  assert.equal(asuncion.fields[0], "10102");
  assert.equal(asuncion.fields[4], "-");
  assert.throws(
    () => readXlsxRows(bytes, { sheet: "Nope" }),
    /no sheet named "Nope"; the workbook has: Distritos/,
  );
});

test("readGeoJsonTable turns features into records with geometry and bounding box", () => {
  const text = JSON.stringify({
    type: "FeatureCollection",
    features: [
      {
        type: "Feature",
        properties: { IDDIST: "010101", N: 1 },
        geometry: {
          type: "Polygon",
          coordinates: [
            [
              [-78, -6],
              [-77, -6],
              [-77, -5],
              [-78, -6],
            ],
          ],
        },
      },
      { type: "Feature", properties: { IDDIST: "010102", EXTRA: "x" }, geometry: null },
    ],
  });
  const { header, records: rows } = readGeoJsonTable(text);
  assert.deepEqual(header, ["IDDIST", "N", "EXTRA", "__geometry", "__bbox"]);
  assert.equal(rows[0]!.fields[4], "[-78,-6,-77,-5]");
  assert.equal(rows[1]!.fields[3], "");
  assert.deepEqual(boundingBox({ type: "Point", coordinates: [1, 2] }), [1, 2, 1, 2]);
  assert.throws(
    () => readGeoJsonTable('{"type":"FeatureCollection","features":[{"type":'),
    /not valid JSON.*truncated file\?/,
  );
});
