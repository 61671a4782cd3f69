import assert from "node:assert/strict";
import { test } from "node:test";
import { ENGLISH_KEYS, MESSAGE_KEYS, formatNumber, translate } from "./messages.ts";

test("translate fills placeholders in Spanish and English", () => {
  assert.equal(
    translate("es", "export.done", { rows: "1,891", out: "d.csv" }),
    "1,891 filas escritas en d.csv",
  );
  assert.equal(
    translate("en", "export.done", { rows: "1,891", out: "d.csv" }),
    "1,891 rows written to d.csv",
  );
});

test("every English message has a Spanish original with the same placeholders", () => {
  for (const key of ENGLISH_KEYS) {
    assert.ok(MESSAGE_KEYS.includes(key), key);
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    assert.deepEqual(names(translate("en", key)), names(translate("es", key)), key);
  }
  assert.equal(ENGLISH_KEYS.length, MESSAGE_KEYS.length, "English catalogue is complete");
});

test("formatNumber writes es-PE thousands", () => {
  assert.equal(formatNumber("es", 94922), "94,922");
  assert.equal(formatNumber("es", 20.567, 1), "20.6");
});
