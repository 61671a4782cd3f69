import assert from "node:assert/strict";
import { test } from "node:test";
import { needOf, type InfraSite } from "./infra-inputs.ts";
import { withApprovedServices } from "./approved-services.ts";

const site = (codigoLocal: string, has: boolean): InfraSite => ({
  codigoLocal,
  ubigeo: "080101",
  students: 100,
  rural: true,
  povertyPct: 40,
  hasInternet: has,
  hasElectricity: has,
  hasWater: has,
});

test("an approved service is a candidate even where the census says it is there, and the need counts as verified", () => {
  const sites = [site("300001", true), site("300002", false), site("300003", true)];
  const { sites: out, observed } = withApprovedServices(sites, [
    { codigoLocal: "300001", internet: true, electricity: false, water: false, requests: [7, 9] },
    { codigoLocal: "300002", internet: false, electricity: true, water: false, requests: [8] },
    // Devices only: not a service request.
    { codigoLocal: "300003", internet: false, electricity: false, water: false, requests: [10] },
    { codigoLocal: "999999", internet: false, electricity: false, water: true, requests: [11] },
  ]);
  assert.deepEqual(
    out.map((s) => [s.hasInternet, s.hasElectricity, s.hasWater, s.requests ?? []]),
    [
      [false, true, true, [7, 9]],
      [false, false, false, [8]],
      [true, true, true, []],
    ],
  );
  assert.deepEqual(observed, { requests: 3, premises: 2, unplaced: ["999999"] });
  assert.ok(Math.abs(needOf(out[0]!) - needOf(sites[0]!) - 0.5) < 1e-12, "+0.5 verified");
  assert.equal(needOf(out[2]!), needOf(sites[2]!));
  assert.equal(sites[0]!.hasInternet, true, "the input is not changed");
});
