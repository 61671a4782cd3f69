import type { Store } from "../../storage/index.ts";
import { accessAssumptions, accessFrom } from "./access.ts";
import { DEFAULT_TERRAIN_FACTORS } from "./hub-inputs.ts";
import { districtCentre, nearestPlace, placesByCode, type PlaceSpot } from "./places-from-store.ts";

/** A hub someone could go to: registered by people, or chosen by a saved hub plan. */
export interface KnownHub {
  readonly code: string;
  readonly name: string;
  readonly status: "existing" | "planned";
  readonly source: "registry" | "plan";
  readonly scenario: string | null;
  readonly hours: string | null;
}

/** A resource, as far as the finder lists it under the hubs that offer it. */
export interface HubResource {
  readonly id: string;
  readonly title: string;
  readonly format: string;
  readonly worksOffline: boolean;
  readonly url: string;
  readonly hubs: readonly string[];
}

export type Origin = { readonly lon: number; readonly lat: number } | { readonly district: string };

/** A hub plan as saved in a scenario, as far as the finder reads it. */
export interface SavedHubPlan {
  readonly name: string;
  readonly hubs: ReadonlyArray<{ code: string; name: string; existing: boolean }>;
}

/**
 * Every hub known, once each: the registry's (people's word wins: a closed hub is left out even
 * when a plan chose it), then those the saved hub plans chose, as planned (or existing, when the
 * plan was told the place already had one).
 */
export function knownHubs(
  registry: ReadonlyArray<{ code: string; name: string; status: string; hours: string | null }>,
  plans: readonly SavedHubPlan[],
): KnownHub[] {
  const hubs = new Map<string, KnownHub>();
  const closed = new Set(registry.filter((h) => h.status === "closed").map((h) => h.code));
  for (const h of registry)
    if (h.status === "existing" || h.status === "planned")
      hubs.set(h.code, { ...h, status: h.status, source: "registry", scenario: null });
  for (const plan of plans)
    for (const h of plan.hubs)
      if (!hubs.has(h.code) && !closed.has(h.code))
        hubs.set(h.code, {
          code: h.code,
          name: h.name,
          status: h.existing ? "existing" : "planned",
          source: "plan",
          scenario: plan.name,
          hours: null,
        });
  return [...hubs.values()];
}

/**
 * The hubs nearest to a point or a district's centre, by estimated travel time (the hub planner's
 * terrain factors and assumed speeds), each with the resources linked to it. Null when the
 * workspace does not know the district.
 */
export async function nearestHubs(
  store: Store,
  origin: Origin,
  hubs: readonly KnownHub[],
  resources: readonly HubResource[],
  limit: number,
) {
  const start: PlaceSpot | null =
    "district" in origin
      ? await districtCentre(store, origin.district)
      : await nearestPlace(store, origin);
  if ("district" in origin && !start) return null;
  const from = {
    from: "district" in origin ? ("district" as const) : ("location" as const),
    lon: "district" in origin ? start!.lon : origin.lon,
    lat: "district" in origin ? start!.lat : origin.lat,
    ubigeo: start?.ubigeo ?? null,
    district: start?.district ?? null,
    department: start?.department ?? null,
    region: start?.region ?? null,
  };
  const spots = new Map(
    (
      await placesByCode(
        store,
        hubs.map((h) => h.code),
      )
    ).map((s) => [s.code, s]),
  );
  const reached = hubs
    .filter((h) => spots.has(h.code))
    .map((h) => {
      const spot = spots.get(h.code)!;
      return { hub: h, spot, access: accessFrom(from, spot, DEFAULT_TERRAIN_FACTORS) };
    })
    .sort((a, b) => a.access.minutes - b.access.minutes || a.hub.code.localeCompare(b.hub.code))
    .slice(0, limit);
  const synthetic = [
    ...new Set([
      ...(start?.synthetic
        ? ["district" in origin ? "district_boundaries" : "populated_places"]
        : []),
      ...(reached.some((r) => r.spot.synthetic) ? ["populated_places"] : []),
    ]),
  ];
  return {
    origin: from,
    known: hubs.length,
    hubs: reached.map(({ hub, spot, access }) => ({
      ...hub,
      place: spot.name,
      ubigeo: spot.ubigeo,
      district: spot.district,
      department: spot.department,
      lon: spot.lon,
      lat: spot.lat,
      ...access,
      resources: resources
        .filter((r) => r.hubs.includes(hub.code))
        .slice(0, 8)
        .map(({ id, title, format, worksOffline, url }) => ({
          id,
          title,
          format,
          worksOffline,
          url,
        })),
    })),
    assumptions: [
      {
        es: "centros: los registrados en Brecha (existentes o planificados) y los elegidos por los planes de centros guardados",
        en: "hubs: those registered in Brecha (existing or planned) and those chosen by saved hub plans",
      },
      ...accessAssumptions(DEFAULT_TERRAIN_FACTORS),
    ],
    synthetic,
  };
}
