import assert from "node:assert/strict";
import { test } from "node:test";
import { demoDistrictsFromPlaces } from "./demo-districts.ts";
import { DEMO_TARGETS, generateDemo } from "./generate-demo.ts";

const districts = demoDistrictsFromPlaces();

test("demoDistrictsFromPlaces groups GeoNames places of Peru by INEI ubigeo", () => {
  assert.ok(districts.length > 1_200);
  assert.ok(districts.every((d) => /^(0[1-9]|1\d|2[0-5])\d{4}$/.test(d.ubigeo)));
  const lima = districts.find((d) => d.ubigeo === "150101");
  assert.equal(lima?.departamento, "Lima");
});

test("generateDemo is deterministic for a seed and differs for another", () => {
  const a = generateDemo({ districts, seed: 1 });
  const b = generateDemo({ districts, seed: 1 });
  const c = generateDemo({ districts, seed: 2 });
  assert.deepEqual(a.schools.rows.slice(0, 50), b.schools.rows.slice(0, 50));
  assert.deepEqual(a.calibration, b.calibration);
  assert.notDeepEqual(a.premises.rows.slice(0, 50), c.premises.rows.slice(0, 50));
});

test("generateDemo reproduces the published figures it is calibrated to", () => {
  const { calibration: c } = generateDemo({ districts, seed: 2026 });
  assert.ok(Math.abs(c.internetAll! - DEMO_TARGETS.internetAll) < 0.001, String(c.internetAll));
  assert.ok(Math.abs(c.internetUrban! - DEMO_TARGETS.internetUrban) < 0.001);
  assert.ok(Math.abs(c.internetRural! - DEMO_TARGETS.internetRural) < 0.001);
  assert.ok(Math.abs(c.enla_lectura! - 32.8) < 0.1 && Math.abs(c.enla_matematica! - 29.5) < 0.1);
  assert.ok(
    Math.abs(c.enla_lectura_16! - 12.8) < 0.1 && Math.abs(c.enla_matematica_16! - 6.3) < 0.1,
  );
  assert.ok(Math.abs(c.enla_matematica_23! - 57) < 0.1);
});

test("generateDemo rows have the columns of the real sources, with levels adding up to 100", () => {
  const demo = generateDemo({ districts: districts.slice(0, 50), seed: 3 });
  const names = demo.outcomes.columns.map((c) => c.name);
  for (const row of demo.outcomes.rows) {
    const sum = [
      "pct_previo_inicio",
      "pct_en_inicio",
      "pct_en_proceso",
      "pct_satisfactorio",
    ].reduce((s, n) => s + (row[names.indexOf(n)] as number), 0);
    assert.ok(Math.abs(sum - 100) < 0.051, String(sum));
  }
  assert.deepEqual(demo.schools.columns.map((c) => c.name).slice(0, 3), [
    "codigo_modular",
    "anexo",
    "codigo_local",
  ]);
});
