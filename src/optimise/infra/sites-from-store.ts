import { z } from "zod";
import { UsageError } from "../../errors/index.ts";
import { sql, type Store } from "../../storage/index.ts";
import type { InfraSite } from "./infra-inputs.ts";

const PREMISES = z.object({
  codigoLocal: z.string(),
  ubigeo: z.string(),
  students: z.number(),
  rural: z.boolean(),
  povertyPct: z.number().nullable(),
  hasInternet: z.boolean(),
  hasElectricity: z.boolean(),
  hasWater: z.boolean(),
  ugel: z.string().nullable(),
  pctEnInicio: z.number().nullable(),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
});

/** A school premises as the infrastructure planner sees it, with where it is (for maps). */
export type LocatedInfraSite = InfraSite & {
  readonly lon: number | null;
  readonly lat: number | null;
};

/** More premises than this in one plan is refused (Peru has about 57,000): a guard against a wrong table, not a solver limit. */
export const MAX_INFRA_SITES = 200_000;

/**
 * The premises of the latest Censo Educativo with their students, rurality, UGEL, district poverty
 * and the district's share "en inicio" (latest assessment), for the whole country or a department.
 * `synthetic` names the datasets behind them that are demo data.
 */
export async function loadInfraSites(
  store: Store,
  { department }: { department?: string | undefined } = {},
): Promise<{ sites: LocatedInfraSite[]; synthetic: string[] }> {
  const current = (await store.versions()).filter((v) => v.current);
  const have = new Set(current.map((v) => v.dataset));
  if (!have.has("school_premises") || !have.has("schools"))
    throw new UsageError(
      "BRECHA_USAGE",
      "infrastructure planning needs school_premises and schools: run `brecha up` or ingest the padrón and the Censo Educativo",
      {
        es: "planificar infraestructura necesita las escuelas y sus locales: ejecute `brecha up` o cargue el padrón y el Censo Educativo",
      },
    );
  const synthetic = current
    .filter(
      (v) =>
        v.provenance.synthetic &&
        ["school_premises", "schools", "poverty_2018", "learning_outcomes"].includes(v.dataset),
    )
    .map((v) => v.dataset);
  // "En inicio": the district's mean share over subjects in the latest assessment year.
  const inicio = have.has("learning_outcomes")
    ? sql`LEFT JOIN (SELECT ubigeo, avg(pct_en_inicio + coalesce(pct_previo_inicio, 0)) AS pct_en_inicio FROM learning_outcomes
                  WHERE grado = '4P' AND anio = (SELECT max(anio) FROM learning_outcomes WHERE grado = '4P') AND pct_en_inicio IS NOT NULL GROUP BY ubigeo) e USING (ubigeo)`
    : null;
  const sites = await store.query(
    sql`WITH s AS (SELECT codigo_local, sum(coalesce(alumnos, 0)) AS students, max(CASE WHEN area = 'rural' THEN 1 ELSE 0 END) = 1 AS rural,
                       min(codigo_ugel) AS ugel, avg(longitud) AS lon, avg(latitud) AS lat FROM schools GROUP BY codigo_local)
     SELECT l.codigo_local AS "codigoLocal", l.ubigeo, CAST(coalesce(s.students, 0) AS DOUBLE) AS students, coalesce(s.rural, false) AS rural, s.ugel,
            ${inicio ? sql`e.pct_en_inicio` : sql`CAST(NULL AS DOUBLE)`} AS "pctEnInicio",
            ${have.has("poverty_2018") ? sql`p.pct_pobreza` : sql`CAST(NULL AS DOUBLE)`} AS "povertyPct",
            coalesce(l.tiene_internet, false) AS "hasInternet", coalesce(l.tiene_electricidad, false) AS "hasElectricity", coalesce(l.tiene_agua_red, false) AS "hasWater",
            s.lon, s.lat
     FROM school_premises l LEFT JOIN s USING (codigo_local) ${have.has("poverty_2018") ? sql`LEFT JOIN poverty_2018 p USING (ubigeo)` : sql.empty} ${inicio ?? sql.empty}
     WHERE l.anio = (SELECT max(anio) FROM school_premises) AND l.ubigeo IS NOT NULL ${department ? sql`AND substr(l.ubigeo, 1, 2) = ${sql.value(department)}` : sql.empty}
     ORDER BY l.codigo_local`,
    PREMISES,
  );
  if (sites.length > MAX_INFRA_SITES)
    throw new UsageError(
      "BRECHA_USAGE",
      `${sites.length} premises is more than any Peruvian plan can have (at most ${MAX_INFRA_SITES}): check the school_premises table`,
    );
  return { sites, synthetic };
}
