import { z } from "zod";
import { UsageError } from "../../errors/index.ts";
import { sql, type Store } from "../../storage/index.ts";
import { DEFAULT_TERRAIN_FACTORS } from "../hubs/index.ts";
import type { DeviceSchool, StockPoint } from "./plan-devices.ts";
import { deviceWords, type PlanLang } from "../reasons.ts";

const DEVICE_SCHOOL = z.object({
  codigoLocal: z.string(),
  ubigeo: z.string(),
  lon: z.number(),
  lat: z.number(),
  students: z.number(),
  rural: z.boolean(),
  povertyPct: z.number().nullable(),
  hasInternet: z.boolean(),
  hasElectricity: z.boolean(),
  region: z.string().nullable(),
});
const PROVINCE = z.object({ code: z.string(), lon: z.number(), lat: z.number() });

/**
 * The 2020-21 national tablet programme: 1,056,430 tablets, 46.8% with data plans, 19.2% with
 * solar chargers (MINEDU). The default stock.
 */
export const TABLET_PROGRAMME = { tablets: 1_056_430, dataShare: 0.468, solarShare: 0.192 };

/** Devices a UGEL approved for a premises (school requests): a floor on its predicted need. */
export interface ObservedDeviceDemand {
  readonly codigoLocal: string;
  readonly devices: number;
  readonly dataPlans: number;
  readonly solarChargers: number;
  readonly requests: readonly number[];
}

/** Added to the priority of a premises whose need a UGEL verified: with equal poverty and
 * rurality, verified need is served before predicted need. */
export const VERIFIED_PRIORITY = 1;

export interface DeviceStockOptions {
  readonly department?: string | undefined;
  /** Tablets to distribute (default: the national programme). */
  readonly tablets?: number | undefined;
  /** Default: the programme's shares of the tablets. */
  readonly dataPlans?: number | undefined;
  readonly solarChargers?: number | undefined;
  /** Share of a school's students without a device at home, rural and urban. */
  readonly shareRural?: number;
  readonly shareUrban?: number;
  /** The language of the assumptions (default Spanish). */
  readonly lang?: PlanLang;
  /** Approved school requests, per premises. */
  readonly observed?: readonly ObservedDeviceDemand[] | undefined;
}

/**
 * Schools (premises with their students and location) and stock points (one UGEL warehouse per
 * province, at its centroid, holding the stock in proportion to its schools' need) for the device
 * planner. Need = students × the rural or urban share; priority grows with poverty and rurality;
 * premises without internet need data plans, without electricity solar chargers.
 */
export async function loadDeviceInputs(
  store: Store,
  options: DeviceStockOptions = {},
): Promise<{
  schools: DeviceSchool[];
  stock: StockPoint[];
  synthetic: string[];
  assumptions: string[];
  /** How the approved requests entered: how many, how many devices, and the premises that
   * could not be placed (not in the padrón's premises with coordinates). */
  observed: { requests: number; devices: number; unplaced: string[] };
}> {
  const {
    department,
    tablets = TABLET_PROGRAMME.tablets,
    dataPlans = Math.round(tablets * TABLET_PROGRAMME.dataShare),
    solarChargers = Math.round(tablets * TABLET_PROGRAMME.solarShare),
    shareRural = 0.6,
    shareUrban = 0.3,
  } = options;
  const current = (await store.versions()).filter((v) => v.current);
  const have = new Set(current.map((v) => v.dataset));
  for (const d of ["schools", "school_premises", "province_boundaries"])
    if (!have.has(d))
      throw new UsageError(
        "BRECHA_USAGE",
        `device planning needs ${d}: run \`brecha up --mirror …\``,
        { es: `planificar dispositivos necesita ${d}: ejecute \`brecha up --mirror …\`` },
      );
  const synthetic = current
    .filter((v) => v.provenance.synthetic && ["school_premises", "schools"].includes(v.dataset))
    .map((v) => v.dataset);
  const rows = await store.query(
    sql`WITH s AS (SELECT codigo_local, sum(coalesce(alumnos, 0)) AS students, max(CASE WHEN area = 'rural' THEN 1 ELSE 0 END) = 1 AS rural,
                       avg(longitud) AS lon, avg(latitud) AS lat FROM schools WHERE latitud IS NOT NULL GROUP BY codigo_local)
     SELECT l.codigo_local AS "codigoLocal", l.ubigeo, s.lon, s.lat, CAST(s.students AS DOUBLE) AS students, s.rural,
            ${have.has("poverty_2018") ? sql`p.pct_pobreza` : sql`CAST(NULL AS DOUBLE)`} AS "povertyPct",
            coalesce(l.tiene_internet, false) AS "hasInternet", coalesce(l.tiene_electricidad, false) AS "hasElectricity",
            ${have.has("district_boundaries") ? sql`b.region_natural` : sql`CAST(NULL AS VARCHAR)`} AS region
     FROM school_premises l JOIN s USING (codigo_local)
     ${have.has("poverty_2018") ? sql`LEFT JOIN poverty_2018 p USING (ubigeo)` : sql.empty} ${have.has("district_boundaries") ? sql`LEFT JOIN district_boundaries b USING (ubigeo)` : sql.empty}
     WHERE l.anio = (SELECT max(anio) FROM school_premises) ${department ? sql`AND substr(l.ubigeo, 1, 2) = ${sql.value(department)}` : sql.empty} ORDER BY 1`,
    DEVICE_SCHOOL,
  );
  const provinces = await store.query(
    sql`SELECT ubigeo AS code, centroide_lon AS lon, centroide_lat AS lat FROM province_boundaries WHERE centroide_lon IS NOT NULL ${department ? sql`AND substr(ubigeo, 1, 2) = ${sql.value(department)}` : sql.empty} ORDER BY 1`,
    PROVINCE,
  );
  // Observed demand (approved requests) is a floor on the predicted need of its premises, and
  // verified need comes first among equals; what it asks for sets the bundle too.
  const observedBy = new Map((options.observed ?? []).map((o) => [o.codigoLocal, o]));
  const schools: DeviceSchool[] = rows.map((r) => {
    const o = observedBy.get(r.codigoLocal);
    const predicted = Math.round(r.students * (r.rural ? shareRural : shareUrban));
    return {
      codigoLocal: r.codigoLocal,
      ubigeo: r.ubigeo,
      lon: r.lon,
      lat: r.lat,
      need: o ? Math.max(predicted, o.devices) : predicted,
      priority: 1 + (r.povertyPct ?? 0) / 100 + (r.rural ? 0.5 : 0) + (o ? VERIFIED_PRIORITY : 0),
      needsDataPlan: !r.hasInternet || (o?.dataPlans ?? 0) > 0,
      needsSolarCharger: !r.hasElectricity || (o?.solarChargers ?? 0) > 0,
      terrainFactor: DEFAULT_TERRAIN_FACTORS[r.region ?? ""] ?? 1.5,
      ...(o ? { requests: o.requests } : {}),
    };
  });
  const placed = new Set(schools.map((s) => s.codigoLocal));
  const observedList = options.observed ?? [];
  const needByProvince = new Map<string, number>();
  for (const s of schools) {
    const province = s.ubigeo.slice(0, 4);
    needByProvince.set(province, (needByProvince.get(province) ?? 0) + s.need);
  }
  const totalNeed = [...needByProvince.values()].reduce((a, b) => a + b, 0) || 1;
  const stock: StockPoint[] = provinces.map((p) => {
    const share = (needByProvince.get(p.code) ?? 0) / totalNeed;
    return {
      id: `UGEL ${p.code}`,
      lon: p.lon,
      lat: p.lat,
      tablets: Math.floor(tablets * share),
      dataPlans: Math.floor(dataPlans * share),
      solarChargers: Math.floor(solarChargers * share),
    };
  });
  return {
    schools,
    stock,
    synthetic,
    assumptions: [
      ...deviceWords(options.lang ?? "es").inputAssumptions(shareRural, shareUrban),
      ...(observedList.length > 0
        ? [
            deviceWords(options.lang ?? "es").observedDemand(
              observedList.reduce((n, o) => n + o.requests.length, 0),
            ),
          ]
        : []),
    ],
    observed: {
      requests: observedList.reduce((n, o) => n + o.requests.length, 0),
      devices: observedList.reduce((n, o) => n + o.devices, 0),
      unplaced: observedList.filter((o) => !placed.has(o.codigoLocal)).map((o) => o.codigoLocal),
    },
  };
}
