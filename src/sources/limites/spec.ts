import { z } from "zod";
import { simplifyTopologyAt, type PolygonGeometry, type UbigeoLevel } from "../../domain/index.ts";
import { column } from "../column.ts";
import { numberField, textField, ubigeoField } from "../fields.ts";
import { BBOX_FIELD, GEOMETRY_FIELD } from "../formats/index.ts";
import type { CsvRecord } from "../formats/index.ts";
import type { SourceSpec } from "../source-spec.ts";

/**
 * The web's copies of a level's boundaries, simplified once here, together, so that neighbours
 * keep sharing their borders: at the tolerance of the whole country's map, and at half of it for
 * a map inside one department or province. Tolerances in degrees (≈ 1 km, 500 m, 150 m).
 */
export const WEB_TOLERANCE: Record<UbigeoLevel, number> = {
  department: 0.01,
  province: 0.005,
  district: 0.0015,
};
const WEB_FIELD = "__geometry_web";
const DETAIL_FIELD = "__geometry_web_detail";

function withWebGeometry(level: UbigeoLevel) {
  return (header: string[], records: CsvRecord[]): { header: string[]; records: CsvRecord[] } => {
    const at = header.indexOf(GEOMETRY_FIELD);
    if (at < 0 || header.includes(WEB_FIELD)) return { header, records };
    // Rows whose geometry is not a polygon are left for the row checks to reject.
    const shapes: Array<{ k: number; geometry: PolygonGeometry }> = [];
    records.forEach((r, k) => {
      try {
        const g = JSON.parse(r.fields[at] ?? "") as PolygonGeometry;
        if (g && (g.type === "Polygon" || g.type === "MultiPolygon"))
          shapes.push({ k, geometry: g });
      } catch {
        // not JSON: rejected later as a bad geometry
      }
    });
    const geometries = shapes.map((s) => s.geometry);
    const [web, detail] = simplifyTopologyAt(geometries, [
      WEB_TOLERANCE[level],
      WEB_TOLERANCE[level] / 2,
    ]) as [PolygonGeometry[], PolygonGeometry[]];
    const webOf = new Map(shapes.map((s, i) => [s.k, [web[i]!, detail[i]!] as const]));
    return {
      header: [...header, WEB_FIELD, DETAIL_FIELD],
      records: records.map((r, k) => {
        const both = webOf.get(k);
        return {
          ...r,
          fields: [
            ...r.fields,
            both ? JSON.stringify(both[0]) : "",
            both ? JSON.stringify(both[1]) : "",
          ],
        };
      }),
    };
  };
}

/**
 * Administrative boundaries as GeoJSON (WGS84). Reads both the mapsPERU 2025 files
 * (COD_DISTRITO, DEPARTAMENTO…, codes padded to 6 digits) and the older INEI 2007 "simple" files
 * (IDDIST, NOMBDIST…). Geometry is kept as GeoJSON text with its bounding box.
 */
function boundarySpec(level: UbigeoLevel): SourceSpec {
  const code: Record<UbigeoLevel, string[]> = {
    district: ["COD_DISTRITO", "IDDIST", "UBIGEO"],
    province: ["COD_PROVINCIA", "FIRST_IDPR", "IDPROV"],
    department: ["COD_DEPARTAMENTO", "FIRST_IDDP", "IDDPTO"],
  };
  const dataset = {
    district: "district_boundaries",
    province: "province_boundaries",
    department: "department_boundaries",
  }[level];
  const es = { district: "distritales", province: "provinciales", department: "departamentales" }[
    level
  ];
  return {
    id: `limites-${{ district: "distritos", province: "provincias", department: "departamentos" }[level]}`,
    dataset,
    title: {
      es: `Límites ${es} (GeoJSON)`,
      en: `${level[0]!.toUpperCase()}${level.slice(1)} boundaries (GeoJSON)`,
    },
    publisher: "INEI limits (mapsPERU, GEOIDEP)",
    formats: ["geojson"],
    columns: {
      ubigeo: column(code[level], "text", "Ubigeo INEI", "INEI ubigeo", {
        required: true,
        code: true,
      }),
      departamento: column(
        ["DEPARTAMENTO", "NOMBDEP", "FIRST_NOMB"],
        "text",
        "Departamento",
        "Department",
      ),
      provincia: column(
        level === "department" ? [] : ["PROVINCIA", "NOMBPROV"],
        "text",
        "Provincia",
        "Province",
      ),
      distrito: column(
        level === "district" ? ["DISTRITO", "NOMBDIST"] : [],
        "text",
        "Distrito",
        "District",
      ),
      region_natural: column(
        ["REGION_NATURAL"],
        "text",
        "Región natural (Costa, Sierra, Selva)",
        "Natural region (Costa, Sierra, Selva)",
      ),
      centroide_lon: column(
        ["coords_x"],
        "double",
        "Longitud del centroide",
        "Centroid longitude",
        { unit: "degrees" },
      ),
      centroide_lat: column(["coords_y"], "double", "Latitud del centroide", "Centroid latitude", {
        unit: "degrees",
      }),
      bbox: column(
        [BBOX_FIELD],
        "text",
        "Rectángulo envolvente [oeste, sur, este, norte]",
        "Bounding box [west, south, east, north]",
      ),
      geometry: column(
        [GEOMETRY_FIELD],
        "text",
        "Geometría GeoJSON (WGS84)",
        "GeoJSON geometry (WGS84)",
        { required: true },
      ),
      geometry_web: column(
        [WEB_FIELD],
        "text",
        "Geometría para el mapa del país (simplificada con las vecinas)",
        "Geometry for the country map (simplified with its neighbours)",
      ),
      geometry_web_detail: column(
        [DETAIL_FIELD],
        "text",
        "Geometría para el mapa de un departamento o provincia",
        "Geometry for the map of one department or province",
      ),
    },
    reshape: withWebGeometry(level),
    schema: z.object({
      ubigeo: ubigeoField({ level, allowPadded: true }),
      departamento: textField(),
      provincia: textField(),
      distrito: textField(),
      region_natural: textField(),
      centroide_lon: numberField({ min: -82, max: -68 }),
      centroide_lat: numberField({ min: -19, max: 1 }),
      bbox: textField(),
      geometry: textField({ required: true }),
      geometry_web: textField(),
      geometry_web_detail: textField(),
    }) as unknown as SourceSpec["schema"],
    key: ["ubigeo"],
    area: { column: "ubigeo", level },
  };
}

export const limitesDistritos = boundarySpec("district");
export const limitesProvincias = boundarySpec("province");
export const limitesDepartamentos = boundarySpec("department");
