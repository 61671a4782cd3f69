import assert from "node:assert/strict";
import { test } from "node:test";
import { NEEDS } from "../operations/requests.ts";
import { csvCell, csvLine, NEED_ITEMS, SCENARIO_NAME, SCENARIO_NAME_PATTERN } from "./index.ts";

test("CSV cells: missing stays empty, empty text is quoted, quotes double, blanks at the ends survive", () => {
  assert.equal(csvCell(null), "");
  assert.equal(csvCell(undefined), "");
  assert.equal(csvCell(""), '""');
  assert.equal(csvCell(12.5), "12.5");
  assert.equal(csvCell(false), "false");
  assert.equal(csvCell("Iquitos"), "Iquitos");
  assert.equal(csvCell("Lima, Callao"), '"Lima, Callao"');
  assert.equal(csvCell('el "mejor"'), '"el ""mejor"""');
  assert.equal(csvCell("dos\nlíneas"), '"dos\nlíneas"');
  assert.equal(csvCell(" borde"), '" borde"');
  assert.equal(csvLine(["160101", "Iquitos", 31.2, null, ""]), '160101,Iquitos,31.2,,""');
});

test("scenario names: one rule, the same as the HTML pattern the form uses", () => {
  for (const good of ["apurimac-infra-1m", "a", "v1.2_final", "x".repeat(64)])
    assert.ok(SCENARIO_NAME.test(good), good);
  for (const bad of ["", "con espacio", "x".repeat(65), "../etc", "ñandú", "a/b"])
    assert.ok(!SCENARIO_NAME.test(bad), bad);
  // The browser compiles a pattern attribute with the v flag, anchored: the same expression.
  assert.equal(SCENARIO_NAME.source, `^${SCENARIO_NAME_PATTERN}$`);
  assert.ok(SCENARIO_NAME.flags.includes("v"));
});

test("the dashboard's request form asks for exactly what the server accepts", () => {
  const groups = NEEDS.shape;
  assert.deepEqual(Object.keys(groups).sort(), Object.keys(NEED_ITEMS).sort());
  for (const [group, items] of Object.entries(NEED_ITEMS))
    assert.deepEqual(
      Object.keys(groups[group as keyof typeof groups].unwrap().shape).sort(),
      [...items].sort(),
      group,
    );
});
