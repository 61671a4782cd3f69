import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { parseUbigeo, departmentOf, provinceOf, levelOf } from "./ubigeo.ts";
import {
  parseCodigoModular,
  parseCodigoLocal,
  parseAnexo,
  parseCentroPoblado,
} from "./school-codes.ts";

test("parseUbigeo accepts the three levels and keeps leading zeros", () => {
  assert.deepEqual(parseUbigeo("01"), {
    ok: true,
    value: { ubigeo: "01", level: "department", repaired: false },
  });
  assert.deepEqual(parseUbigeo("0101"), {
    ok: true,
    value: { ubigeo: "0101", level: "province", repaired: false },
  });
  assert.deepEqual(parseUbigeo(" 010101 "), {
    ok: true,
    value: { ubigeo: "010101", level: "district", repaired: false },
  });
});

test("parseUbigeo restores a lost leading zero and says so (MINAM writes 10101)", () => {
  assert.deepEqual(parseUbigeo("10101"), {
    ok: true,
    value: { ubigeo: "010101", level: "district", repaired: true },
  });
  assert.deepEqual(parseUbigeo(10101), {
    ok: true,
    value: { ubigeo: "010101", level: "district", repaired: true },
  });
  assert.deepEqual(parseUbigeo("10101.0"), {
    ok: true,
    value: { ubigeo: "010101", level: "district", repaired: true },
  });
});

test("parseUbigeo reads padded map codes only when asked", () => {
  assert.equal(parseUbigeo("010000", { level: "department" }).ok, false);
  assert.deepEqual(parseUbigeo("010000", { level: "department", allowPadded: true }), {
    ok: true,
    value: { ubigeo: "01", level: "department", repaired: false },
  });
  assert.deepEqual(parseUbigeo("010100", { level: "province", allowPadded: true }), {
    ok: true,
    value: { ubigeo: "0101", level: "province", repaired: false },
  });
});

test("parseUbigeo rejects what is not a code, saying what it expected", () => {
  for (const bad of ["", "ABC123", "260101", "000101", "010001", "1234567", "12-34"]) {
    const result = parseUbigeo(bad, { level: "district" });
    assert.equal(result.ok, false, bad);
    if (!result.ok) assert.match(result.expected, /ubigeo|department code/);
  }
  assert.equal(parseUbigeo("0101", { level: "district" }).ok, false);
});

test("parseUbigeo: formatting a code and parsing it back is the identity", () => {
  const code = fc.tuple(
    fc.integer({ min: 1, max: 25 }),
    fc.integer({ min: 1, max: 99 }),
    fc.integer({ min: 1, max: 99 }),
  );
  fc.assert(
    fc.property(code, ([d, p, s]) => {
      const text = [d, p, s].map((n) => String(n).padStart(2, "0")).join("");
      const parsed = parseUbigeo(text);
      return (
        parsed.ok &&
        parsed.value.ubigeo === text &&
        !parsed.value.repaired &&
        levelOf(text) === "district"
      );
    }),
  );
});

test("departmentOf and provinceOf cut the code", () => {
  assert.equal(departmentOf("150101"), "15");
  assert.equal(provinceOf("150101"), "1501");
  assert.throws(() => provinceOf("15"), RangeError);
});

test("school codes are padded and flagged, garbage is refused", () => {
  assert.deepEqual(parseCodigoModular("254078"), { ok: true, value: "0254078", repaired: true });
  assert.deepEqual(parseCodigoLocal("032754"), { ok: true, value: "032754", repaired: false });
  assert.deepEqual(parseAnexo(""), { ok: true, value: "0", repaired: true });
  assert.equal(parseAnexo("12").ok, false);
  assert.equal(parseCodigoModular("12345678").ok, false);
  assert.equal(parseCodigoModular("0000000").ok, false);
  assert.deepEqual(parseCentroPoblado("101010001"), {
    ok: true,
    value: "0101010001",
    repaired: true,
  });
  assert.equal(parseCentroPoblado("9901010001").ok, false);
});
