import { z } from "zod";
import { column } from "../column.ts";
import { numberField, textField, ubigeoField, latitudeField, longitudeField } from "../fields.ts";
import type { SourceSpec } from "../source-spec.ts";

/**
 * INEI district list 2025 with projected population at 30 June 2025 (Directorio Nacional de
 * Municipalidades 2025). `;`-separated UTF-8 with BOM; 1,891 districts.
 */
export const ineiDistritos: SourceSpec = {
  id: "inei-distritos",
  dataset: "districts",
  title: {
    es: "Distritos del Perú y población proyectada 2025 (INEI)",
    en: "Districts of Peru and projected population 2025 (INEI)",
  },
  publisher: "INEI",
  formats: ["csv", "xlsx"],
  columns: {
    ubigeo: column(
      ["ubigeo", "UBIGEO_INEI", "CODUBIGEO", "COD_UBIGEO"],
      "text",
      "Ubigeo INEI del distrito",
      "INEI district ubigeo",
      { required: true, code: true },
    ),
    ubigeo_provincia: column(
      [],
      "text",
      "Ubigeo de la provincia (4 dígitos)",
      "Province ubigeo (4 digits)",
    ),
    ubigeo_departamento: column(
      [],
      "text",
      "Ubigeo del departamento (2 dígitos)",
      "Department ubigeo (2 digits)",
    ),
    departamento: column(["departamento", "NOMBDEP"], "text", "Departamento", "Department", {
      required: true,
    }),
    provincia: column(["provincia", "NOMBPROV"], "text", "Provincia", "Province", {
      required: true,
    }),
    distrito: column(["distrito", "NOMBDIST"], "text", "Distrito", "District", { required: true }),
    capital_legal: column(["capital_legal", "capital"], "text", "Capital legal", "Legal capital"),
    categoria: column(
      ["categoría", "categoria"],
      "text",
      "Categoría de la capital (Ciudad, Villa, Pueblo)",
      "Capital's category (Ciudad, Villa, Pueblo)",
    ),
    altitud_m: column(
      ["altitud", "altitude"],
      "double",
      "Altitud de la capital",
      "Capital altitude",
      { unit: "m", clearInvalid: true },
    ),
    poblacion_2025: column(
      ["población", "poblacion", "pob_2025"],
      "integer",
      "Población proyectada al 30/06/2025",
      "Projected population at 30/06/2025",
      { unit: "persons" },
    ),
    latitud: column(
      ["latitud", "latitude"],
      "double",
      "Latitud de la capital",
      "Capital latitude",
      { unit: "degrees", clearInvalid: true },
    ),
    longitud: column(
      ["longitud", "longitude"],
      "double",
      "Longitud de la capital",
      "Capital longitude",
      { unit: "degrees", clearInvalid: true },
    ),
  },
  schema: z.object({
    ubigeo: ubigeoField({ level: "district" }),
    departamento: textField({ required: true }),
    provincia: textField({ required: true }),
    distrito: textField({ required: true }),
    capital_legal: textField(),
    categoria: textField(),
    altitud_m: numberField({ min: -10, max: 6_800 }),
    poblacion_2025: numberField({ integer: true, min: 0, format: "thousands" }),
    latitud: latitudeField(),
    longitud: longitudeField(),
  }),
  key: ["ubigeo"],
  area: { column: "ubigeo", level: "district" },
  derive: (row) =>
    Object.assign(row, {
      ubigeo_provincia: String(row.ubigeo).slice(0, 4),
      ubigeo_departamento: String(row.ubigeo).slice(0, 2),
    }),
};
