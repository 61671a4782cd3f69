import { z } from "zod";
import { UsageError } from "../../errors/index.ts";
import { sql, type Store } from "../../storage/index.ts";
import type { HostFacility, HubPlace } from "./hub-inputs.ts";

const PLACE = z.object({
  code: z.string(),
  name: z.string(),
  ubigeo: z.string(),
  lon: z.number(),
  lat: z.number(),
  urban: z.boolean(),
  population: z.number().nullable(),
  region: z.string().nullable(),
});

/**
 * The workspace's populated places as hub demand, with their people and natural region, for the
 * whole country or one department.
 */
export async function loadHubPlaces(
  store: Store,
  { department }: { department?: string | undefined } = {},
): Promise<{ places: HubPlace[]; populationNote: { es: string; en: string } }> {
  const hasBoundaries = (await store.versions("district_boundaries")).some((v) => v.current);
  const hasPlaces = (await store.versions("populated_places")).some((v) => v.current);
  const hasDistricts = (await store.versions("districts")).some((v) => v.current);
  if (!hasPlaces || !hasDistricts)
    throw new UsageError(
      "BRECHA_USAGE",
      "hub planning needs populated_places and districts: run `brecha up --mirror …` with the INEI files",
      {
        es: "planificar centros necesita los centros poblados y los distritos: ejecute `brecha up --mirror …` con los archivos del INEI",
      },
    );
  const hasMinam = (await store.versions("population_urban_rural")).some((v) => v.current);
  // A place's people: with MINAM's split, the district's urban population shared among its urban
  // places and the rural population among its rural places; otherwise the total shared equally.
  const share = hasMinam
    ? sql`CASE WHEN n.urban_places > 0 AND n.rural_places > 0 AND m.poblacion_total > 0
            THEN CASE WHEN p.area = 'urbana' THEN CAST(d.poblacion_2025 AS DOUBLE) * m.poblacion_urbana / m.poblacion_total / n.urban_places
                      ELSE CAST(d.poblacion_2025 AS DOUBLE) * m.poblacion_rural / m.poblacion_total / n.rural_places END
            ELSE CAST(d.poblacion_2025 AS DOUBLE) / n.places END`
    : sql`CAST(d.poblacion_2025 AS DOUBLE) / n.places`;
  const rows = await store.query(
    sql`WITH n AS (SELECT ubigeo, count(*) AS places, sum(CASE WHEN area = 'urbana' THEN 1 ELSE 0 END) AS urban_places,
                       sum(CASE WHEN area = 'urbana' THEN 0 ELSE 1 END) AS rural_places FROM populated_places GROUP BY ubigeo)
     ${hasMinam ? sql`, m AS (SELECT ubigeo, poblacion_total, poblacion_urbana, poblacion_rural FROM population_urban_rural WHERE anio = (SELECT max(anio) FROM population_urban_rural))` : sql.empty}
     SELECT p.codigo_cp AS code, p.nombre AS name, p.ubigeo, p.longitud AS lon, p.latitud AS lat, p.area = 'urbana' AS urban,
            ${share} AS population, ${hasBoundaries ? sql`b.region_natural` : sql`CAST(NULL AS VARCHAR)`} AS region
     FROM populated_places p JOIN n USING (ubigeo) LEFT JOIN districts d USING (ubigeo)
     ${hasMinam ? sql`LEFT JOIN m USING (ubigeo)` : sql.empty}
     ${hasBoundaries ? sql`LEFT JOIN district_boundaries b USING (ubigeo)` : sql.empty}
     WHERE p.latitud IS NOT NULL AND p.longitud IS NOT NULL ${department ? sql`AND substr(p.ubigeo, 1, 2) = ${sql.value(department)}` : sql.empty}
     ORDER BY p.codigo_cp`,
    PLACE,
  );
  const places = rows.map((r) => ({ ...r, population: r.population ?? 0 }));
  const populationNote = hasMinam
    ? {
        es: "población de un lugar: la población 2025 de su distrito repartida según las partes urbana y rural del MINAM, cada parte por igual entre los lugares urbanos o rurales del distrito",
        en: "a place's population: its district's 2025 population split by MINAM's urban/rural shares, each part shared equally among the district's urban or rural places",
      }
    : {
        es: "población de un lugar: la población 2025 de su distrito repartida por igual entre los lugares del distrito",
        en: "a place's population: its district's 2025 population shared equally among the district's places",
      };
  return { places, populationNote };
}

const HOST = z.object({
  id: z.string(),
  placeCode: z.string(),
  electricity24h: z.boolean().nullable(),
  internet: z.boolean().nullable(),
  freeRoom: z.boolean().nullable(),
  computers: z.number().nullable(),
});

/**
 * The workspace's school premises as possible hub hosts, with the one fact the Censo Educativo
 * gives (internet; the others unknown): each stands in its padrón populated place, or else the
 * nearest place of its district.
 */
export async function loadConnectedHosts(store: Store): Promise<HostFacility[]> {
  const have = new Set((await store.versions()).filter((v) => v.current).map((v) => v.dataset));
  if (!have.has("schools") || !have.has("school_premises"))
    throw new UsageError(
      "BRECHA_USAGE",
      "screening hosts by connectivity needs schools and school_premises in the workspace, or a hosts file",
      {
        es: "filtrar los locales por conectividad necesita las escuelas y sus locales en el espacio de trabajo, o un archivo de locales",
      },
    );
  return store.query(
    sql`WITH s AS (SELECT codigo_local, min(codigo_cp) AS codigo_cp, avg(latitud) AS lat, avg(longitud) AS lon, min(ubigeo) AS ubigeo
                FROM schools GROUP BY codigo_local),
          located AS (SELECT s.codigo_local, coalesce(s.codigo_cp, arg_min(p.codigo_cp, (p.latitud - s.lat) ^ 2 + (p.longitud - s.lon) ^ 2)) AS codigo_cp
                      FROM s LEFT JOIN populated_places p ON p.ubigeo = s.ubigeo AND s.codigo_cp IS NULL AND s.lat IS NOT NULL
                      GROUP BY s.codigo_local, s.codigo_cp)
     SELECT l.codigo_local AS id, x.codigo_cp AS "placeCode", CAST(NULL AS BOOLEAN) AS "electricity24h",
            l.tiene_internet AS internet, CAST(NULL AS BOOLEAN) AS "freeRoom", CAST(NULL AS DOUBLE) AS computers
     FROM school_premises l JOIN located x USING (codigo_local)
     WHERE x.codigo_cp IS NOT NULL AND l.anio = (SELECT max(anio) FROM school_premises)`,
    HOST,
  );
}

const SPOT = z.object({
  code: z.string(),
  name: z.string(),
  ubigeo: z.string(),
  district: z.string().nullable(),
  department: z.string().nullable(),
  lon: z.number(),
  lat: z.number(),
  region: z.string().nullable(),
  synthetic: z.boolean(),
});
/** A populated place where it is, in its district and natural region. */
export type PlaceSpot = z.infer<typeof SPOT>;

/** Which of the optional tables the place lookups can join. */
async function placeTables(store: Store) {
  const current = new Set((await store.versions()).filter((v) => v.current).map((v) => v.dataset));
  return { places: current.has("populated_places"), bounds: current.has("district_boundaries") };
}

/** Populated places by their INEI codes (those the workspace lacks are left out). */
export async function placesByCode(store: Store, codes: readonly string[]): Promise<PlaceSpot[]> {
  const { places, bounds } = await placeTables(store);
  if (!places || codes.length === 0) return [];
  return store.query(
    sql`SELECT p.codigo_cp AS code, p.nombre AS name, p.ubigeo, p.distrito AS district, p.departamento AS department,
               p.longitud AS lon, p.latitud AS lat,
               ${bounds ? sql`b.region_natural` : sql`CAST(NULL AS VARCHAR)`} AS region, coalesce(p._synthetic, false) AS synthetic
        FROM populated_places p ${bounds ? sql`LEFT JOIN district_boundaries b USING (ubigeo)` : sql.empty}
        WHERE p.codigo_cp IN (${sql.values(codes)}) AND p.latitud IS NOT NULL AND p.longitud IS NOT NULL
        ORDER BY p.codigo_cp`,
    SPOT,
  );
}

/** The populated place nearest to a point (its district and region stand for the point's), or
 * null when the workspace has no populated places. */
export async function nearestPlace(
  store: Store,
  at: { lon: number; lat: number },
): Promise<PlaceSpot | null> {
  const { places, bounds } = await placeTables(store);
  if (!places) return null;
  // Degrees of longitude shrink with latitude: scaled so that "nearest" is nearest on the ground.
  const scale = Math.cos((at.lat * Math.PI) / 180) ** 2;
  const [spot] = await store.query(
    sql`SELECT p.codigo_cp AS code, p.nombre AS name, p.ubigeo, p.distrito AS district, p.departamento AS department,
               p.longitud AS lon, p.latitud AS lat,
               ${bounds ? sql`b.region_natural` : sql`CAST(NULL AS VARCHAR)`} AS region, coalesce(p._synthetic, false) AS synthetic
        FROM populated_places p ${bounds ? sql`LEFT JOIN district_boundaries b USING (ubigeo)` : sql.empty}
        WHERE p.latitud IS NOT NULL AND p.longitud IS NOT NULL
        ORDER BY (p.latitud - ${sql.value(at.lat)}) ^ 2 + ${sql.value(scale)} * (p.longitud - ${sql.value(at.lon)}) ^ 2
        LIMIT 1`,
    SPOT,
  );
  return spot ?? null;
}

/** A district as a place to start from: the centre of its boundary (or of its populated places),
 * its name and natural region; null when the workspace does not know it. */
export async function districtCentre(store: Store, ubigeo: string): Promise<PlaceSpot | null> {
  const { places, bounds } = await placeTables(store);
  if (bounds) {
    const [spot] = await store.query(
      sql`SELECT ubigeo AS code, distrito AS name, ubigeo, distrito AS district, departamento AS department,
                 centroide_lon AS lon, centroide_lat AS lat, region_natural AS region, coalesce(_synthetic, false) AS synthetic
          FROM district_boundaries WHERE ubigeo = ${sql.value(ubigeo)} AND centroide_lon IS NOT NULL`,
      SPOT,
    );
    if (spot) return spot;
  }
  if (!places) return null;
  const [spot] = await store.query(
    sql`SELECT ubigeo AS code, min(distrito) AS name, ubigeo, min(distrito) AS district, min(departamento) AS department,
               avg(longitud) AS lon, avg(latitud) AS lat, CAST(NULL AS VARCHAR) AS region, bool_or(coalesce(_synthetic, false)) AS synthetic
        FROM populated_places WHERE ubigeo = ${sql.value(ubigeo)} AND latitud IS NOT NULL GROUP BY ubigeo`,
    SPOT,
  );
  return spot ?? null;
}
