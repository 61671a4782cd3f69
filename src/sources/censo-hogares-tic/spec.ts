import { z } from "zod";
import { column } from "../column.ts";
import { numberField, ubigeoField } from "../fields.ts";
import type { SourceSpec } from "../source-spec.ts";

/**
 * INEI, Censos Nacionales 2017 (XII de Población, VII de Vivienda): households by district with
 * internet, a computer (computadora, laptop or tablet) and a mobile phone, as exported from
 * REDATAM tables (counts, not percentages). No public redistributable copy was found, so `brecha
 * up` fills this dataset with labelled synthetic data until the real table is ingested by hand
 * (`brecha ingest censo-hogares-tic tabla.csv`).
 */
export const censoHogaresTic: SourceSpec = {
  id: "censo-hogares-tic",
  dataset: "household_ict",
  title: {
    es: "Hogares con internet, computadora y celular por distrito (Censo 2017, INEI)",
    en: "Households with internet, computer and mobile phone by district (2017 Census, INEI)",
  },
  publisher: "INEI",
  formats: ["csv", "xlsx"],
  columns: {
    ubigeo: column(
      ["UBIGEO", "CODIGO", "COD_UBIGEO"],
      "text",
      "Ubigeo del distrito",
      "District ubigeo",
      {
        required: true,
        code: true,
      },
    ),
    anio: column(["ANIO", "AÑO", "CENSO"], "integer", "Año del censo", "Census year"),
    hogares: column(
      ["HOGARES", "TOTAL_HOGARES", "TOTAL"],
      "integer",
      "Total de hogares",
      "Total households",
      { unit: "households", required: true },
    ),
    hogares_internet: column(
      ["HOGARES_INTERNET", "HOGARES_CON_INTERNET", "INTERNET", "CONEXION_A_INTERNET"],
      "integer",
      "Hogares con conexión a internet",
      "Households with an internet connection",
      { unit: "households" },
    ),
    hogares_computadora: column(
      [
        "HOGARES_COMPUTADORA",
        "HOGARES_CON_COMPUTADORA",
        "COMPUTADORA",
        "COMPUTADORA_LAPTOP_TABLET",
      ],
      "integer",
      "Hogares con computadora, laptop o tablet",
      "Households with a computer, laptop or tablet",
      { unit: "households" },
    ),
    hogares_celular: column(
      ["HOGARES_CELULAR", "HOGARES_CON_CELULAR", "CELULAR", "TELEFONO_CELULAR"],
      "integer",
      "Hogares con teléfono celular",
      "Households with a mobile phone",
      { unit: "households" },
    ),
  },
  schema: z.object({
    ubigeo: ubigeoField({ level: "district" }),
    anio: numberField({ integer: true, min: 1940, max: 2100 }),
    hogares: numberField({ required: true, integer: true, min: 0, format: "thousands" }),
    hogares_internet: numberField({ integer: true, min: 0, format: "thousands" }),
    hogares_computadora: numberField({ integer: true, min: 0, format: "thousands" }),
    hogares_celular: numberField({ integer: true, min: 0, format: "thousands" }),
  }),
  key: ["ubigeo"],
  area: { column: "ubigeo", level: "district" },
  derive: (row) => Object.assign(row, { anio: row.anio ?? 2017 }),
  check: (row) => {
    for (const c of ["hogares_internet", "hogares_computadora", "hogares_celular"])
      if (typeof row[c] === "number" && (row[c] as number) > (row.hogares as number))
        return {
          column: c,
          reason: `${String(row[c])} households is more than the total of ${String(row.hogares)}`,
        };
    return undefined;
  },
};
