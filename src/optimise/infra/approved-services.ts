import type { InfraSite } from "./infra-inputs.ts";

/** Services a UGEL approved for a premises (school requests). */
export interface ObservedServiceDemand {
  readonly codigoLocal: string;
  readonly internet: boolean;
  readonly electricity: boolean;
  readonly water: boolean;
  readonly requests: readonly number[];
}

/**
 * Approved school requests as observed demand for the infrastructure plan. A service the UGEL
 * approved is a candidate even where the census says the premises has it (the request is newer
 * and verified: the connection broke, the well ran dry), and the premises' need gains the
 * `verified` weight. Requests for premises the plan does not cover are counted as unplaced.
 */
export function withApprovedServices<S extends InfraSite>(
  sites: readonly S[],
  observed: readonly ObservedServiceDemand[],
): { sites: S[]; observed: { requests: number; premises: number; unplaced: string[] } } {
  const asked = new Map(
    observed
      .filter((o) => o.internet || o.electricity || o.water)
      .map((o) => [o.codigoLocal, o] as const),
  );
  const placed = new Set<string>();
  const out = sites.map((site) => {
    const o = asked.get(site.codigoLocal);
    if (!o) return site;
    placed.add(site.codigoLocal);
    return {
      ...site,
      hasInternet: site.hasInternet && !o.internet,
      hasElectricity: site.hasElectricity && !o.electricity,
      hasWater: site.hasWater && !o.water,
      requests: [...o.requests],
    };
  });
  const counted = [...asked.values()].filter((o) => placed.has(o.codigoLocal));
  return {
    sites: out,
    observed: {
      requests: counted.reduce((n, o) => n + o.requests.length, 0),
      premises: counted.length,
      unplaced: [...asked.keys()].filter((code) => !placed.has(code)),
    },
  };
}
