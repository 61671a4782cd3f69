import { z } from "zod";
import type { UbigeoLevel } from "../../domain/index.ts";
import { column } from "../column.ts";
import { numberField, textField, ubigeoField } from "../fields.ts";
import { BBOX_FIELD, GEOMETRY_FIELD } from "../formats/index.ts";
import type { SourceSpec } from "../source-spec.ts";

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
    },
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
    }) as unknown as SourceSpec["schema"],
    key: ["ubigeo"],
    area: { column: "ubigeo", level },
  };
}

export const limitesDistritos = boundarySpec("district");
export const limitesProvincias = boundarySpec("province");
export const limitesDepartamentos = boundarySpec("department");
