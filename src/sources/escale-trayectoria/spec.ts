import { z } from "zod";
import { column } from "../column.ts";
import { ubigeoField, percentField } from "../fields.ts";
import type { SourceSpec } from "../source-spec.ts";

/**
 * MINEDU-ESCALE "tendencias" by district: the inter-annual dropout rate of primary education
 * (2023 to 2024, idCuadro 319) and the school-delay rate of primary (2025, idCuadro 14). Both are
 * rates among primary students of the district, in %.
 */
const pct = percentField;

export const escaleTrayectoria: SourceSpec = {
  id: "escale-trayectoria",
  dataset: "school_trajectory",
  title: {
    es: "Deserción interanual (2023-2024) y atraso escolar (2025) en primaria por distrito (MINEDU-ESCALE)",
    en: "Inter-annual dropout (2023-2024) and school delay (2025) in primary by district (MINEDU-ESCALE)",
  },
  publisher: "MINEDU, Unidad de Estadística (ESCALE)",
  formats: ["csv", "xlsx"],
  columns: {
    ubigeo: column(["UBIGEO", "COD_UBIGEO"], "text", "Ubigeo del distrito", "District ubigeo", {
      required: true,
      code: true,
    }),
    pct_desercion_primaria: column(
      ["DESERCION_PRIM_23_24", "DESERCION_PRIMARIA", "TASA_DESERCION_PRIMARIA"],
      "double",
      "Tasa de deserción interanual en primaria, 2023 a 2024 (definición de ESCALE, cuadro 319 de Tendencias)",
      "Inter-annual primary dropout rate, 2023 to 2024 (ESCALE's definition, Tendencias table 319)",
      { unit: "%" },
    ),
    pct_atraso_primaria: column(
      ["ATRASO_PRIM_2025", "ATRASO_PRIMARIA", "TASA_ATRASO_PRIMARIA"],
      "double",
      "Tasa de atraso escolar en primaria, 2025 (definición de ESCALE, cuadro 14 de Tendencias)",
      "Primary school-delay rate, 2025 (ESCALE's definition, Tendencias table 14)",
      { unit: "%" },
    ),
  },
  schema: z.object({
    ubigeo: ubigeoField({ level: "district" }),
    pct_desercion_primaria: pct(),
    pct_atraso_primaria: pct(),
  }),
  key: ["ubigeo"],
  area: { column: "ubigeo", level: "district" },
  keep: (row) =>
    row.pct_desercion_primaria === null && row.pct_atraso_primaria === null
      ? "no dropout or delay figure"
      : undefined,
};
