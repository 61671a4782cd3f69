import { z } from "zod";
import { parseCentroPoblado } from "../../domain/index.ts";
import { column } from "../column.ts";
import {
  codeField,
  mappedField,
  textField,
  ubigeoField,
  latitudeField,
  longitudeField,
} from "../fields.ts";
import type { SourceSpec } from "../source-spec.ts";

/**
 * INEI populated places (centros poblados, census-2017 frame), 94,922 places with 10-digit codes,
 * urban/rural type and coordinates. There is no population column: demand models take it from the
 * district totals.
 */
export const centrosPoblados: SourceSpec = {
  id: "centros-poblados",
  dataset: "populated_places",
  title: {
    es: "Centros poblados (INEI, marco censal 2017)",
    en: "Populated places (INEI, 2017 census frame)",
  },
  publisher: "INEI (compiled by J. M. Castagnetto)",
  formats: ["csv", "xlsx", "dbf"],
  columns: {
    codigo_cp: column(
      ["inei_ccpp", "CODCP_INEI", "CODCP", "CODIGO_CP", "UBIGEO_CCPP"],
      "text",
      "Código INEI del centro poblado (10 dígitos)",
      "INEI populated-place code (10 digits)",
      { required: true, code: true },
    ),
    ubigeo: column(
      ["inei_distrito", "ubigeo", "CODGEO"],
      "text",
      "Ubigeo del distrito",
      "District ubigeo",
      { code: true },
    ),
    departamento: column(["departamento", "NOMBDEP"], "text", "Departamento", "Department"),
    provincia: column(["provincia", "NOMBPROV"], "text", "Provincia", "Province"),
    distrito: column(["distrito", "NOMBDIST"], "text", "Distrito", "District"),
    nombre: column(
      ["ccpp", "NOMCCPP", "CENTRO_POBLADO", "NOMBRE"],
      "text",
      "Nombre del centro poblado",
      "Populated-place name",
      { required: true },
    ),
    area: column(
      ["tipo", "AREA", "AREA_CENSO"],
      "text",
      "Área: urbana o rural",
      "Area: urban or rural",
    ),
    latitud: column(["latitude", "latitud", "Y", "LAT"], "double", "Latitud", "Latitude", {
      unit: "degrees",
      clearInvalid: true,
    }),
    longitud: column(["longitude", "longitud", "X", "LON"], "double", "Longitud", "Longitude", {
      unit: "degrees",
      clearInvalid: true,
    }),
  },
  schema: z.object({
    codigo_cp: codeField(parseCentroPoblado, { required: true }),
    ubigeo: ubigeoField({ level: "district", required: false }),
    departamento: textField(),
    provincia: textField(),
    distrito: textField(),
    nombre: textField({ required: true }),
    area: mappedField(
      {
        Urban: "urbana",
        Urbana: "urbana",
        Urbano: "urbana",
        "1": "urbana",
        Rural: "rural",
        "2": "rural",
      },
      { what: "Urban or Rural" },
    ),
    latitud: latitudeField(),
    longitud: longitudeField(),
  }),
  key: ["codigo_cp"],
  area: { column: "ubigeo", level: "district" },
  derive: (row) => Object.assign(row, { ubigeo: row.ubigeo ?? String(row.codigo_cp).slice(0, 6) }),
  check: (row) =>
    String(row.codigo_cp).slice(0, 6) !== row.ubigeo
      ? {
          column: "codigo_cp",
          reason: `code ${String(row.codigo_cp)} does not start with its district ubigeo ${String(row.ubigeo)}`,
        }
      : undefined,
};
