import { z } from "zod";
import { column } from "../column.ts";
import { numberField, textField, ubigeoField } from "../fields.ts";
import type { SourceSpec } from "../source-spec.ts";

/**
 * INEI (2020), Mapa de pobreza monetaria provincial y distrital 2018: 1,874 districts with the 95%
 * confidence interval of % monetary poverty, INEI's robust groups and ranks, and population June
 * 2020. The midpoint column was computed by the R package's author, not by INEI; we recompute it
 * from the interval so that it is explained by its own inputs.
 */
export const ineiPobreza2018: SourceSpec = {
  id: "inei-pobreza-2018",
  dataset: "poverty_2018",
  title: {
    es: "Mapa de pobreza monetaria distrital 2018 (INEI)",
    en: "District monetary poverty map 2018 (INEI)",
  },
  publisher: "INEI",
  formats: ["csv", "xlsx"],
  columns: {
    ubigeo: column(
      ["ubigeo", "UBIGEO_INEI"],
      "text",
      "Ubigeo INEI del distrito",
      "INEI district ubigeo",
      { required: true, code: true },
    ),
    departamento: column(["region", "departamento"], "text", "Departamento", "Department"),
    provincia: column(["provincia"], "text", "Provincia", "Province"),
    distrito: column(["distrito"], "text", "Distrito", "District"),
    agrupados: column(
      ["agrupados"],
      "text",
      "Código de agrupación INEI (000 = estimado solo)",
      "INEI grouping code (000 = estimated alone)",
    ),
    poblacion_2020: column(
      ["pob_2020", "poblacion"],
      "integer",
      "Población estimada a junio de 2020",
      "Estimated population, June 2020",
      { unit: "persons" },
    ),
    pobreza_ic95_inf: column(
      ["conf_95_inf", "ic_inferior", "limite_inferior"],
      "double",
      "Límite inferior del IC 95% de la pobreza monetaria",
      "Lower bound of the 95% CI of monetary poverty",
      { unit: "%", required: true },
    ),
    pobreza_ic95_sup: column(
      ["conf_95_sup", "ic_superior", "limite_superior"],
      "double",
      "Límite superior del IC 95% de la pobreza monetaria",
      "Upper bound of the 95% CI of monetary poverty",
      { unit: "%", required: true },
    ),
    pct_pobreza: column(
      [],
      "double",
      "Pobreza monetaria total, punto medio del IC 95%",
      "Total monetary poverty, midpoint of the 95% CI",
      { unit: "%" },
    ),
    grupo_robusto_regional: column(
      ["grupo_robusto_regional"],
      "integer",
      "Grupo robusto en el departamento (1 = más pobre)",
      "Robust group within the department (1 = poorest)",
    ),
    rank_regional: column(
      ["ubicacion_pobreza_monetaria_total_regional"],
      "integer",
      "Ubicación en el departamento (1 = más pobre)",
      "Rank within the department (1 = poorest)",
    ),
    grupo_robusto_nacional: column(
      ["grupo_robusto_nacional"],
      "integer",
      "Grupo robusto nacional (1 = más pobre)",
      "National robust group (1 = poorest)",
    ),
    rank_nacional: column(
      ["ubicacion_pobreza_monetaria_total_nacional"],
      "integer",
      "Ubicación nacional (1 = más pobre)",
      "National rank (1 = poorest)",
    ),
  },
  schema: z.object({
    ubigeo: ubigeoField({ level: "district" }),
    departamento: textField(),
    provincia: textField(),
    distrito: textField(),
    agrupados: textField(),
    poblacion_2020: numberField({ integer: true, min: 0, format: "thousands" }),
    pobreza_ic95_inf: numberField({ required: true, min: 0, max: 100 }),
    pobreza_ic95_sup: numberField({ required: true, min: 0, max: 100 }),
    grupo_robusto_regional: numberField({ integer: true, min: 1 }),
    rank_regional: numberField({ integer: true, min: 1 }),
    grupo_robusto_nacional: numberField({ integer: true, min: 1 }),
    rank_nacional: numberField({ integer: true, min: 1 }),
  }),
  key: ["ubigeo"],
  area: { column: "ubigeo", level: "district" },
  derive: (row) =>
    Object.assign(row, {
      pct_pobreza:
        Math.round(((row.pobreza_ic95_inf as number) + (row.pobreza_ic95_sup as number)) * 50) /
        100,
    }),
  check: (row) =>
    (row.pobreza_ic95_inf as number) > (row.pobreza_ic95_sup as number)
      ? {
          column: "pobreza_ic95_inf",
          reason: `lower bound ${String(row.pobreza_ic95_inf)} is above upper bound ${String(row.pobreza_ic95_sup)}`,
        }
      : undefined,
};
