import assert from "node:assert/strict";
import { test } from "node:test";
import { workbook, zipArchive } from "../../../test/helpers/zip.ts";
import { FormatError, readRawTable } from "./read-table.ts";
import { INFLATE_CAP, readXlsxRows } from "./xlsx.ts";

// Workbooks made to hurt: a ZIP bomb, a damaged shared-strings table, a relationship id made to
// look like a pattern. Each is refused with a message that says what is wrong, and quickly.

const sheet = (rows: string) => `<worksheet><sheetData>${rows}</sheetData></worksheet>`;

test("a small workbook reads as before", () => {
  const bytes = zipArchive(
    workbook(
      sheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>12.5</v></c></row>'),
      "<sst><si><t>ubigeo</t></si></sst>",
    ),
  );
  assert.deepEqual(readXlsxRows(bytes).records[0]!.fields, ["ubigeo", "12.5"]);
});

test("a ZIP bomb is refused before it takes the memory, with the limit in the message", () => {
  // 400 MB of rows deflate to about 400 KB: 1,000 times, where spreadsheets compress 5-20 times.
  const row = '<row r="1"><c r="A1"><v>1</v></c></row>';
  const bomb = zipArchive({
    ...workbook(""),
    "xl/worksheets/sheet1.xml": Buffer.alloc(400 * 1024 * 1024, row),
  });
  const before = process.memoryUsage().rss;
  const started = performance.now();
  assert.throws(
    () => readRawTable("bomba.xlsx", bomb),
    (e: unknown) =>
      e instanceof FormatError &&
      /bomba\.xlsx is not a readable XLSX file: ZIP entry xl\/worksheets\/sheet1\.xml inflates past the limit of [\d,]+ bytes .*ZIP bomb/.test(
        e.message,
      ),
  );
  assert.ok(performance.now() - started < 10_000);
  const grown = process.memoryUsage().rss - before;
  assert.ok(grown < INFLATE_CAP + 64 * 1024 * 1024, `rss grew ${grown} bytes`);
});

test("an entry that lies about its size is still stopped at the limit", () => {
  const row = '<row r="1"><c r="A1"><v>1</v></c></row>';
  const bytes = zipArchive({
    ...workbook(""),
    "xl/worksheets/sheet1.xml": Buffer.alloc(300 * 1024 * 1024, row),
  });
  // Rewrite the declared uncompressed size of every entry to 1 byte.
  for (let p = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); p >= 0;) {
    bytes.writeUInt32LE(1, p + 24);
    p = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), p + 4);
  }
  assert.throws(() => readXlsxRows(bytes), /inflates past the limit/);
});

test("a cell that points past the shared-strings table names the cell and the table", () => {
  const bytes = zipArchive(
    workbook(
      sheet('<row r="7"><c r="B7" t="s"><v>1234</v></c></row>'),
      "<sst><si><t>a</t></si><si><t>b</t></si></sst>",
    ),
  );
  assert.throws(
    () => readXlsxRows(bytes),
    /cell B7 refers to shared string "1234", but xl\/sharedStrings\.xml holds 2 \(a damaged shared-strings table\?\)/,
  );
  const truncated = zipArchive(
    workbook(sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), "<sst><si><t>a</t>"),
  );
  assert.throws(() => readXlsxRows(truncated), /refers to shared string "0", but .* holds 0/);
});

test("relationship ids are compared as text, never turned into patterns", () => {
  const files = workbook(sheet('<row r="1"><c r="A1"><v>5</v></c></row>'));
  files["xl/workbook.xml"] =
    '<workbook><sheets><sheet name="H" r:id="(a+)+$"/></sheets></workbook>';
  files["xl/_rels/workbook.xml.rels"] =
    '<Relationships><Relationship Id="aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!" Target="worksheets/other.xml"/><Relationship Id="(a+)+$" Target="worksheets/sheet1.xml"/></Relationships>';
  const started = performance.now();
  assert.deepEqual(readXlsxRows(zipArchive(files)).records[0]!.fields, ["5"]);
  assert.ok(performance.now() - started < 1_000);
});
