import assert from "node:assert/strict";
import { test } from "node:test";
import { languageOf } from "./language.ts";

test("the answer's language follows Accept-Language by preference, Spanish when it names neither", () => {
  assert.equal(languageOf(undefined), "es");
  assert.equal(languageOf(""), "es");
  assert.equal(languageOf("es-PE,es;q=0.9,en;q=0.8"), "es");
  assert.equal(languageOf("en-GB,en;q=0.9"), "en");
  assert.equal(languageOf("en;q=0.4, es;q=0.6"), "es");
  assert.equal(languageOf("qu-PE, en;q=0.5"), "en");
  assert.equal(languageOf("fr-FR, de"), "es");
  assert.equal(languageOf("en;q=0, es;q=0.1"), "es", "q=0 means not acceptable");
  assert.equal(languageOf("EN-us"), "en");
});
