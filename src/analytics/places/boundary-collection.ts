import { z } from "zod";
import { simplifyTopology, type PolygonGeometry } from "../../domain/index.ts";
import { NotFoundError } from "../../errors/index.ts";
import { WEB_TOLERANCE } from "../../sources/index.ts";
import { sql, type Store } from "../../storage/index.ts";

export type BoundaryLevel = "department" | "province" | "district";

const PLURAL: Record<BoundaryLevel, string> = {
  department: "departamentos",
  province: "provincias",
  district: "distritos",
};
const NAME_COLUMN: Record<BoundaryLevel, string> = {
  department: "departamento",
  province: "provincia",
  district: "distrito",
};
const ROW = z.object({
  ubigeo: z.string(),
  name: z.string().nullable(),
  geometry: z.string().nullable(),
});

/**
 * A level's boundaries as GeoJSON, as stored: simplified once at ingest, with their neighbours
 * (the finer copy inside a department or province). A workspace ingested before those copies
 * existed gets the same simplification here, over the whole level, until its boundaries are
 * ingested again.
 */
export async function boundaryCollection(
  store: Store,
  { level, parent }: { level: BoundaryLevel; parent?: string | undefined },
) {
  const dataset = `${level}_boundaries`;
  if (!(await store.versions(dataset)).some((v) => v.current))
    throw new NotFoundError(
      "BRECHA_NOT_FOUND",
      `the workspace has no ${level} boundaries: run \`brecha up\` (the starter pack has them) or \`brecha ingest limites-${PLURAL[level]} <file.geojson>\``,
      {
        details: { missing: dataset },
        es: `el espacio de trabajo no tiene límites de ${PLURAL[level]}: ejecute \`brecha up\` (el paquete inicial los trae) o \`brecha ingest limites-${PLURAL[level]} <archivo.geojson>\``,
      },
    );
  const stored = (await store.describe(dataset)).some((c) => c.name === "geometry_web");
  const column = !stored ? "geometry" : parent ? "geometry_web_detail" : "geometry_web";
  // The legacy path needs the whole level (neighbours across the parent's edge matter).
  const within =
    stored && parent ? sql`WHERE starts_with(ubigeo, ${sql.value(parent)})` : sql.empty;
  const rows = await store.query(
    sql`SELECT ubigeo, ${sql.id(NAME_COLUMN[level])} AS name, ${sql.id(column)} AS geometry
        FROM ${sql.id(dataset)} ${within} ORDER BY ubigeo`,
    ROW,
  );
  const shapes = rows.flatMap((r) =>
    r.geometry ? [{ ...r, shape: JSON.parse(r.geometry) as PolygonGeometry }] : [],
  );
  const geometries = stored
    ? shapes.map((s) => s.shape)
    : simplifyTopology(
        shapes.map((s) => s.shape),
        WEB_TOLERANCE[level] / (parent ? 2 : 1),
      );
  return {
    type: "FeatureCollection" as const,
    features: shapes
      .map((s, k) => ({
        type: "Feature" as const,
        properties: { code: s.ubigeo, name: s.name },
        geometry: geometries[k]!,
      }))
      .filter((f) => !parent || f.properties.code.startsWith(parent)),
  };
}

/** Every district's full geometry as stored (GeoJSON text), by ubigeo: for files written whole. */
export async function districtGeometries(store: Store): Promise<Map<string, string>> {
  const rows = await store.query(
    sql`SELECT ubigeo, geometry FROM district_boundaries`,
    z.object({ ubigeo: z.string(), geometry: z.string() }),
  );
  return new Map(rows.map((r) => [r.ubigeo, r.geometry]));
}
