import { z } from "zod";
import { SCHOOL_DETAIL } from "../../contract/index.ts";
import { haversineKm } from "../../domain/index.ts";
import { NotFoundError } from "../../errors/index.ts";
import { sql, type Store } from "../../storage/index.ts";

/** A school near a point, with the codes that place it; a map point needs fewer of its fields. */
const NEAR = z.object({
  codigo_modular: z.string(),
  anexo: z.string().nullable(),
  codigo_local: z.string().nullable(),
  nombre: z.string().nullable(),
  nivel: z.string().nullable(),
  gestion: z.string().nullable(),
  area: z.string().nullable(),
  ubigeo: z.string(),
  alumnos: z.number().nullable(),
  latitud: z.number(),
  longitud: z.number(),
  _synthetic: z.boolean(),
});
const POINT = NEAR.omit({ anexo: true, codigo_local: true, ubigeo: true });

/** Coordinates to 5 decimals (about 1 m): finer says nothing more and costs bytes. */
const round5 = (x: number) => Math.round(x * 1e5) / 1e5;

/** The schools with coordinates of an area (a 2, 4 or 6-digit ubigeo) as GeoJSON points. */
export async function schoolPoints(store: Store, area: string) {
  const rows = await store.query(
    sql`SELECT codigo_modular, nombre, nivel, gestion, area, CAST(alumnos AS DOUBLE) AS alumnos,
               latitud, longitud, _synthetic
        FROM schools WHERE starts_with(ubigeo, ${sql.value(area)}) AND latitud IS NOT NULL AND longitud IS NOT NULL
        ORDER BY codigo_modular`,
    POINT,
  );
  return {
    type: "FeatureCollection" as const,
    synthetic: rows.some((r) => r._synthetic),
    features: rows.map((r) => ({
      type: "Feature" as const,
      properties: {
        code: r.codigo_modular,
        name: r.nombre,
        level: r.nivel,
        management: r.gestion,
        area: r.area,
        students: r.alumnos,
      },
      geometry: { type: "Point" as const, coordinates: [round5(r.longitud), round5(r.latitud)] },
    })),
  };
}

const WITH_PREMISES = sql`l.tiene_internet AS "internet", l.tipo_internet AS "internetType", l.tiene_electricidad AS "electricity",
  l.fuente_electricidad AS "electricitySource", l.tiene_agua_red AS "water", l.acceso_minutos AS "accessMinutes",
  l.acceso_medio AS "accessMode", l.anio AS "censusYear", coalesce(s._synthetic OR l._synthetic, s._synthetic) AS "synthetic"
  FROM schools s LEFT JOIN school_premises l ON l.codigo_local = s.codigo_local AND l.anio = (SELECT max(anio) FROM school_premises)`;
const WITHOUT_PREMISES = sql`CAST(NULL AS BOOLEAN) AS "internet", CAST(NULL AS VARCHAR) AS "internetType", CAST(NULL AS BOOLEAN) AS "electricity",
  CAST(NULL AS VARCHAR) AS "electricitySource", CAST(NULL AS BOOLEAN) AS "water", CAST(NULL AS DOUBLE) AS "accessMinutes",
  CAST(NULL AS VARCHAR) AS "accessMode", CAST(NULL AS BIGINT) AS "censusYear", s._synthetic AS "synthetic"
  FROM schools s`;

/**
 * One school (código modular; its first annex) with its premises as the latest Censo Educativo
 * describes them, or with those fields null when no census of premises is loaded; its rows are
 * checked with the API answer's own schema (`SCHOOL_DETAIL`), which the dashboard parses too.
 */
export async function schoolDetail(store: Store, code: string) {
  const premises = (await store.versions("school_premises")).some((v) => v.current);
  const rows = await store.query(
    sql`SELECT s.codigo_modular AS "code", s.anexo AS "annex", s.codigo_local AS "premisesCode", s.nombre AS "name",
               s.nivel AS "level", s.gestion AS "management", s.area AS "area", s.caracteristica AS "kind",
               s.ubigeo, s.codigo_ugel AS "ugel", CAST(s.alumnos AS DOUBLE) AS "students", CAST(s.docentes AS DOUBLE) AS "teachers",
               s.latitud AS "lat", s.longitud AS "lon", ${premises ? WITH_PREMISES : WITHOUT_PREMISES}
        WHERE s.codigo_modular = ${sql.value(code)} ORDER BY s.anexo LIMIT 1`,
    SCHOOL_DETAIL,
  );
  const school = rows[0];
  if (!school)
    throw new NotFoundError("BRECHA_NOT_FOUND", `no school with código modular ${code}`, {
      es: `no hay una escuela con código modular ${code}`,
    });
  return school;
}

/** Schools within `radiusKm` of a point, nearest first: a box in SQL, then the great circle. */
export async function schoolsNear(
  store: Store,
  { lat, lon, radiusKm, limit }: { lat: number; lon: number; radiusKm: number; limit: number },
) {
  const dLat = radiusKm / 111;
  const dLon = radiusKm / (111 * Math.cos((lat * Math.PI) / 180));
  const rows = await store.query(
    sql`SELECT codigo_modular, anexo, codigo_local, nombre, nivel, gestion, area, ubigeo,
               CAST(alumnos AS DOUBLE) AS alumnos, latitud, longitud, _synthetic
        FROM schools
        WHERE latitud BETWEEN ${sql.value(lat - dLat)} AND ${sql.value(lat + dLat)}
          AND longitud BETWEEN ${sql.value(lon - dLon)} AND ${sql.value(lon + dLon)}`,
    NEAR,
  );
  return rows
    .map((r) => ({ ...r, distanceKm: haversineKm([lon, lat], [r.longitud, r.latitud]) }))
    .filter((r) => r.distanceKm <= radiusKm)
    .sort((a, b) => a.distanceKm - b.distanceKm)
    .slice(0, limit);
}

const PREMISES_STUDENTS = z.object({
  codigo_local: z.string(),
  ubigeo: z.string(),
  students: z.number(),
  rural: z.boolean(),
});
export type PremisesStudents = z.infer<typeof PREMISES_STUDENTS>;

/** Each school premises (código de local) with its primary and secondary students and whether any
 * of its schools is rural: what device need per premises is computed from. */
export async function premisesStudents(store: Store): Promise<PremisesStudents[]> {
  return store.query(
    sql`SELECT codigo_local, min(ubigeo) AS ubigeo, CAST(sum(coalesce(alumnos, 0)) AS DOUBLE) AS students,
               max(CASE WHEN area = 'rural' THEN 1 ELSE 0 END) = 1 AS rural
        FROM schools WHERE nivel IN ('primaria', 'secundaria') AND codigo_local IS NOT NULL
        GROUP BY codigo_local ORDER BY codigo_local`,
    PREMISES_STUDENTS,
  );
}

const PREMISES_SCHOOL = z.object({
  codigo_local: z.string(),
  codigo_modular: z.string(),
  ubigeo: z.string().nullable(),
  ugel: z.string().nullable(),
});

/** A premises (código de local) with its district, its UGEL and the schools it houses. */
export interface PremisesPlace {
  readonly codigoLocal: string;
  readonly ubigeo: string | null;
  readonly ugel: string | null;
  readonly schools: readonly string[];
}

/** Where each of these premises is and which schools it houses (a thousand codes a query). */
export async function premisesPlaces(
  store: Store,
  codigosLocal: readonly string[],
): Promise<Map<string, PremisesPlace>> {
  const places = new Map<
    string,
    { ubigeo: string | null; ugel: string | null; schools: string[] }
  >();
  const unique = [...new Set(codigosLocal)];
  for (let start = 0; start < unique.length; start += 1000) {
    const rows = await store.query(
      sql`SELECT codigo_local, codigo_modular, ubigeo, codigo_ugel AS ugel FROM schools
          WHERE codigo_local IN (${sql.values(unique.slice(start, start + 1000))})
          ORDER BY codigo_local, codigo_modular`,
      PREMISES_SCHOOL,
    );
    for (const row of rows) {
      const place = places.get(row.codigo_local) ?? {
        ubigeo: row.ubigeo,
        ugel: row.ugel,
        schools: [],
      };
      place.schools.push(row.codigo_modular);
      places.set(row.codigo_local, place);
    }
  }
  return new Map([...places].map(([codigoLocal, p]) => [codigoLocal, { codigoLocal, ...p }]));
}

const SCHOOL_PLACE = z.object({
  codigoModular: z.string(),
  codigoLocal: z.string().nullable(),
  name: z.string().nullable(),
  ubigeo: z.string().nullable(),
  ugel: z.string().nullable(),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
  /** The padrón row is synthetic demo data. */
  synthetic: z.boolean(),
});
export type SchoolPlaceRow = z.infer<typeof SCHOOL_PLACE>;

/** Where a school is and who it answers to (its premises, district and UGEL): a point lookup,
 * much lighter than the school's card. */
export async function schoolPlace(store: Store, code: string): Promise<SchoolPlaceRow> {
  const [row] = await store.query(
    sql`SELECT codigo_modular AS "codigoModular", codigo_local AS "codigoLocal", nombre AS "name",
               ubigeo, codigo_ugel AS "ugel", longitud AS lon, latitud AS lat,
               coalesce(_synthetic, false) AS synthetic
        FROM schools WHERE codigo_modular = ${sql.value(code)} ORDER BY anexo LIMIT 1`,
    SCHOOL_PLACE,
  );
  if (!row)
    throw new NotFoundError("BRECHA_NOT_FOUND", `no school with código modular ${code}`, {
      es: `no hay una escuela con código modular ${code}`,
    });
  return row;
}

/** Every school's place, by código modular (the first annex of each): for lookups at the rate
 * people file requests, without a query each. */
export async function allSchoolPlaces(store: Store): Promise<Map<string, SchoolPlaceRow>> {
  const rows = await store.query(
    sql`SELECT codigo_modular AS "codigoModular", codigo_local AS "codigoLocal", nombre AS "name",
               ubigeo, codigo_ugel AS "ugel", longitud AS lon, latitud AS lat,
               coalesce(_synthetic, false) AS synthetic
        FROM schools WHERE codigo_modular IS NOT NULL ORDER BY codigo_modular, anexo DESC`,
    SCHOOL_PLACE,
  );
  // Later rows win: with anexo descending, the first annex of each school is kept.
  return new Map(rows.map((r) => [r.codigoModular, r]));
}
