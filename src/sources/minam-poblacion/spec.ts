import { z } from "zod";
import { column } from "../column.ts";
import { numberField, textField, ubigeoField, foldLabel } from "../fields.ts";
import type { SourceSpec } from "../source-spec.ts";

const NATURAL_REGIONS = new Set(["COSTA", "SIERRA", "SELVA"]);

/**
 * MINAM, "A.1. Valorización de residuos sólidos inorgánicos a nivel distrital" (cut 2024-12-12): the
 * only district-level urban/rural population split, 2019-2023. `;`-separated, UTF-8 with BOM, `,` as
 * thousands separator, ubigeos that lost their leading zero, and REG_NAT holding a department name
 * instead of the natural region in some years (such values are cleared and reported).
 */
export const minamPoblacion: SourceSpec = {
  id: "minam-poblacion",
  dataset: "population_urban_rural",
  title: {
    es: "Población urbana y rural por distrito 2019-2023 (MINAM)",
    en: "Urban and rural population by district 2019-2023 (MINAM)",
  },
  publisher: "MINAM",
  formats: ["csv", "xlsx"],
  columns: {
    ubigeo: column(["UBIGEO"], "text", "Ubigeo INEI del distrito", "INEI district ubigeo", {
      required: true,
      code: true,
    }),
    anio: column(["PERIODO", "ANIO", "AÑO"], "integer", "Año", "Year", { required: true }),
    region_natural: column(
      ["REG_NAT", "REGION_NATURAL"],
      "text",
      "Región natural (COSTA, SIERRA, SELVA)",
      "Natural region (COSTA, SIERRA, SELVA)",
      { clearInvalid: true },
    ),
    departamento: column(["DEPARTAMENTO"], "text", "Departamento", "Department"),
    provincia: column(["PROVINCIA"], "text", "Provincia", "Province"),
    distrito: column(["DISTRITO"], "text", "Distrito", "District"),
    poblacion_total: column(["POB_TOTAL"], "integer", "Población total", "Total population", {
      unit: "persons",
      required: true,
    }),
    poblacion_urbana: column(["POB_URBANA"], "integer", "Población urbana", "Urban population", {
      unit: "persons",
      required: true,
    }),
    poblacion_rural: column(["POB_RURAL"], "integer", "Población rural", "Rural population", {
      unit: "persons",
      required: true,
    }),
    share_rural: column([], "double", "Proporción rural (0-1)", "Rural share (0-1)"),
    residuos_municipales_t: column(
      ["QRESIDUOS_MUN"],
      "double",
      "Residuos sólidos municipales generados",
      "Municipal solid waste generated",
      { unit: "t/year" },
    ),
    residuos_valorizados_t: column(
      ["QRESIDUOS _VAL_INORGAN", "QRESIDUOS_VAL_INORGAN"],
      "double",
      "Residuos inorgánicos valorizados",
      "Inorganic waste recovered",
      { unit: "t/year" },
    ),
  },
  schema: z.object({
    ubigeo: ubigeoField({ level: "district" }),
    anio: numberField({ required: true, integer: true, min: 1990, max: 2100 }),
    region_natural: textField().transform((v, ctx) => {
      if (v === null) return null;
      const folded = foldLabel(v);
      if (NATURAL_REGIONS.has(folded)) return folded;
      ctx.addIssue({
        code: "custom",
        message: `expected a natural region (COSTA, SIERRA, SELVA), got "${v}" (a department name in this year's file)`,
        input: v,
      });
      return z.NEVER;
    }),
    departamento: textField(),
    provincia: textField(),
    distrito: textField(),
    poblacion_total: numberField({ required: true, integer: true, min: 0, format: "thousands" }),
    poblacion_urbana: numberField({ required: true, integer: true, min: 0, format: "thousands" }),
    poblacion_rural: numberField({ required: true, integer: true, min: 0, format: "thousands" }),
    residuos_municipales_t: numberField({ min: 0, format: "thousands" }),
    residuos_valorizados_t: numberField({ min: 0, format: "thousands" }),
  }),
  key: ["ubigeo", "anio"],
  area: { column: "ubigeo", level: "district" },
  derive: (row) => {
    const total = row.poblacion_total as number;
    return Object.assign(row, {
      share_rural: total > 0 ? (row.poblacion_rural as number) / total : null,
    });
  },
  check: (row) => {
    const total = row.poblacion_total as number;
    const parts = (row.poblacion_urbana as number) + (row.poblacion_rural as number);
    // Published totals are rounded separately; allow one person per part.
    return Math.abs(total - parts) > 2
      ? {
          column: "poblacion_total",
          reason: `urban ${String(row.poblacion_urbana)} + rural ${String(row.poblacion_rural)} = ${parts}, not the total ${total}`,
        }
      : undefined;
  },
};
