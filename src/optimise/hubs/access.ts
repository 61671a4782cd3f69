import { haversineKm } from "../../domain/index.ts";
import { DEFAULT_TERRAIN_FACTORS } from "./hub-inputs.ts";

/**
 * Average door-to-door travel speeds by natural region over the terrain-adjusted distance: mixed
 * road and path transport on the coast, mountain roads in the Andes, tracks and rivers in the
 * Amazon. Assumed, not measured, like the terrain factors they go with; said in every answer.
 */
export const ACCESS_SPEEDS_KMH: Readonly<Record<string, number>> = {
  Costa: 35,
  Sierra: 20,
  Selva: 12,
};
const DEFAULT_SPEED_KMH = 20;
const DEFAULT_FACTOR = 1.5;
/** Walking speed, and the longest terrain-adjusted distance for which walking time is given. */
export const WALK_KMH = 4;
export const WALKABLE_KM = 6;

export interface AccessOrigin {
  readonly lon: number;
  readonly lat: number;
  /** "Costa" | "Sierra" | "Selva" of the place travelled from, or null when unknown. */
  readonly region: string | null;
}

export interface Access {
  /** Straight-line km. */
  readonly km: number;
  /** km × the terrain factor of the origin's region (as the hub planner counts distance). */
  readonly roadKm: number;
  /** Minutes at the region's assumed speed. */
  readonly minutes: number;
  /** Minutes on foot, when the road distance is walkable; else null. */
  readonly walkMinutes: number | null;
}

/**
 * How far a place is from where someone stands, and about how long it takes to get there: the
 * hub planner's terrain factor of the origin's region turns straight-line km into road km, and
 * the region's assumed speed turns those into minutes.
 */
export function accessFrom(
  origin: AccessOrigin,
  to: { readonly lon: number; readonly lat: number },
  factors: Readonly<Record<string, number>> = DEFAULT_TERRAIN_FACTORS,
): Access {
  const km = haversineKm([origin.lon, origin.lat], [to.lon, to.lat]);
  const factor = origin.region ? (factors[origin.region] ?? DEFAULT_FACTOR) : DEFAULT_FACTOR;
  const speed = origin.region
    ? (ACCESS_SPEEDS_KMH[origin.region] ?? DEFAULT_SPEED_KMH)
    : DEFAULT_SPEED_KMH;
  const roadKm = km * factor;
  return {
    km,
    roadKm,
    minutes: (roadKm / speed) * 60,
    walkMinutes: roadKm <= WALKABLE_KM ? (roadKm / WALK_KMH) * 60 : null,
  };
}

/** What an access estimate assumes, in both languages, for the answer that carries it. */
export function accessAssumptions(
  factors: Readonly<Record<string, number>> = DEFAULT_TERRAIN_FACTORS,
): Array<{ es: string; en: string }> {
  const regions = Object.keys(factors);
  const list = (unit: string, values: (r: string) => number) =>
    regions.map((r) => `${r} ${values(r)}${unit}`).join(", ");
  return [
    {
      es: `distancia por camino = distancia en línea recta × factor de terreno de la región de partida (${list("", (r) => factors[r]!)}; ${DEFAULT_FACTOR} si no se conoce), los mismos que usa el planificador de centros`,
      en: `road distance = straight-line distance × the terrain factor of the starting region (${list("", (r) => factors[r]!)}; ${DEFAULT_FACTOR} when unknown), as the hub planner uses`,
    },
    {
      es: `tiempo estimado a velocidades supuestas, no medidas (${list(" km/h", (r) => ACCESS_SPEEDS_KMH[r] ?? DEFAULT_SPEED_KMH)}); a pie a ${WALK_KMH} km/h hasta ${WALKABLE_KM} km`,
      en: `time estimated at assumed, not measured, speeds (${list(" km/h", (r) => ACCESS_SPEEDS_KMH[r] ?? DEFAULT_SPEED_KMH)}); on foot at ${WALK_KMH} km/h up to ${WALKABLE_KM} km`,
    },
  ];
}
