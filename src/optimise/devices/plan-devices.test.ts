import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { planDevices, type DeviceSchool, type StockPoint } from "./plan-devices.ts";

const school = (
  code: string,
  lon: number,
  need: number,
  priority: number,
  data = false,
  solar = false,
): DeviceSchool => ({
  codigoLocal: code,
  ubigeo: "160101",
  lon,
  lat: -4,
  need,
  priority,
  needsDataPlan: data,
  needsSolarCharger: solar,
  terrainFactor: 1,
});

test("planDevices serves the higher-priority school first when stock is short", async () => {
  const stock: StockPoint[] = [
    { id: "ugel", lon: -73, lat: -4, tablets: 10, dataPlans: 10, solarChargers: 0 },
  ];
  const plan = await planDevices([school("a", -73.1, 8, 1), school("b", -73.1, 8, 3)], stock, {
    lang: "en",
  });
  assert.equal(plan.delivered, 10);
  assert.equal(plan.shipments.find((s) => s.codigoLocal === "b")!.devices, 8);
  assert.equal(plan.shortfalls[0]!.codigoLocal, "a");
  assert.match(plan.shortfalls[0]!.why, /no tablets left/);
});

test("planDevices ships each device with the data plan and solar charger its school needs", async () => {
  const stock: StockPoint[] = [
    { id: "ugel", lon: -73, lat: -4, tablets: 100, dataPlans: 5, solarChargers: 100 },
  ];
  const plan = await planDevices([school("a", -73.1, 20, 1, true, true)], stock, {
    lang: "en",
  });
  assert.equal(plan.delivered, 5, "limited by data plans");
  assert.equal(plan.bundles["tablet+data+solar"], 5);
  assert.match(plan.shortfalls[0]!.why, /no data plans left/);
});

test("planDevices never ships more than the stock or the need (property)", async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 1e6 }), async (seed) => {
      let s = seed;
      const random = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
      const schools = Array.from({ length: 15 }, (_, i) =>
        school(
          `s${i}`,
          -75 + random() * 3,
          Math.floor(random() * 40),
          0.5 + random() * 2,
          random() < 0.5,
          random() < 0.3,
        ),
      );
      const stock = Array.from({ length: 3 }, (_, j) => ({
        id: `w${j}`,
        lon: -75 + random() * 3,
        lat: -4,
        tablets: Math.floor(random() * 150),
        dataPlans: Math.floor(random() * 80),
        solarChargers: Math.floor(random() * 30),
      }));
      const plan = await planDevices(schools, stock, { nearest: 2 });
      const byPoint = new Map<string, { t: number; d: number; c: number }>();
      for (const sh of plan.shipments) {
        const e = byPoint.get(sh.from) ?? { t: 0, d: 0, c: 0 };
        e.t += sh.devices;
        if (sh.bundle.includes("data")) e.d += sh.devices;
        if (sh.bundle.includes("solar")) e.c += sh.devices;
        byPoint.set(sh.from, e);
      }
      const withinStock = stock.every((w) => {
        const e = byPoint.get(w.id) ?? { t: 0, d: 0, c: 0 };
        return e.t <= w.tablets && e.d <= w.dataPlans && e.c <= w.solarChargers;
      });
      const perSchool = new Map<string, number>();
      for (const sh of plan.shipments)
        perSchool.set(sh.codigoLocal, (perSchool.get(sh.codigoLocal) ?? 0) + sh.devices);
      const withinNeed = schools.every((x) => (perSchool.get(x.codigoLocal) ?? 0) <= x.need);
      return withinStock && withinNeed && plan.delivered + plan.unmet === plan.need;
    }),
    { seed: 3, numRuns: 15 },
  );
});
