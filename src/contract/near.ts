import * as z from "zod/mini";

// What the public hub finder reads: kept apart from the other answers so that its light page
// carries only these schemas.

const words = z.object({ es: z.string(), en: z.string() });
const nullableString = z.nullable(z.string());
const nullableNumber = z.nullable(z.number());

/** Areas by code and name, as the finder's district choice needs them (the areas answer). */
export const AREA_NAMES = z.array(z.object({ code: z.string(), name: nullableString }));

export const NEAR_HUB = z.object({
  /** INEI centro poblado code of the hub's place. */
  code: z.string(),
  name: z.string(),
  place: z.string(),
  ubigeo: z.string(),
  district: nullableString,
  department: nullableString,
  status: z.enum(["existing", "planned"]),
  /** registry: registered by people; plan: chosen by a saved hub plan (the scenario's name). */
  source: z.enum(["registry", "plan"]),
  scenario: nullableString,
  hours: nullableString,
  lon: z.number(),
  lat: z.number(),
  km: z.number(),
  roadKm: z.number(),
  minutes: z.number(),
  walkMinutes: nullableNumber,
  resources: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      format: z.string(),
      worksOffline: z.boolean(),
      url: z.string(),
    }),
  ),
});
export const HUBS_NEAR = z.object({
  origin: z.object({
    from: z.enum(["location", "district"]),
    lon: z.number(),
    lat: z.number(),
    ubigeo: nullableString,
    district: nullableString,
    department: nullableString,
    region: nullableString,
  }),
  hubs: z.array(NEAR_HUB),
  /** Hubs known in all (registered and planned), before the nearest were chosen. */
  known: z.number(),
  assumptions: z.array(words),
  /** Datasets behind the answer that are synthetic demo data. */
  synthetic: z.array(z.string()),
});
export type HubsNear = z.infer<typeof HUBS_NEAR>;
export type NearHub = z.infer<typeof NEAR_HUB>;
