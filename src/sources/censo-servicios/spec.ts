import { z } from "zod";
import { column } from "../column.ts";
import { numberField, ubigeoField, percentField } from "../fields.ts";
import type { SourceSpec } from "../source-spec.ts";

/**
 * INEI, Censos Nacionales 2017: share of private dwellings with public water (C2P6), public
 * sewerage (C2P10) and grid electricity (C2P11), and share of households with an internet
 * connection (C3P213), by district, as tabulated from the REDATAM base. Published as shares, not
 * counts: aggregates weight districts by population (see the indicator notes).
 */
const pct = percentField;

export const censoServicios: SourceSpec = {
  id: "censo-2017-servicios",
  dataset: "household_services",
  title: {
    es: "Agua, desagüe, electricidad e internet de viviendas y hogares por distrito (Censo 2017, INEI)",
    en: "Water, sewerage, electricity and internet of dwellings and households by district (2017 Census, INEI)",
  },
  publisher: "INEI",
  formats: ["json", "csv", "xlsx"],
  columns: {
    ubigeo: column(["UBIGEO", "CODIGO"], "text", "Ubigeo del distrito", "District ubigeo", {
      required: true,
      code: true,
    }),
    anio: column(["ANIO", "CENSO"], "integer", "Año del censo", "Census year"),
    pct_agua: column(
      ["AGUA", "PCT_AGUA"],
      "double",
      "% de viviendas particulares con agua de red pública dentro o fuera de la vivienda",
      "% of private dwellings with public-network water inside or outside the dwelling",
      { unit: "%" },
    ),
    pct_desague: column(
      ["DESAGUE", "PCT_DESAGUE"],
      "double",
      "% de viviendas particulares con desagüe a red pública",
      "% of private dwellings connected to public sewerage",
      { unit: "%" },
    ),
    pct_electricidad: column(
      ["ELECTRICIDAD", "PCT_ELECTRICIDAD", "ALUMBRADO_ELECTRICO"],
      "double",
      "% de viviendas particulares con alumbrado eléctrico por red pública",
      "% of private dwellings with grid electric lighting",
      { unit: "%" },
    ),
    pct_internet: column(
      ["INTERNET", "PCT_INTERNET"],
      "double",
      "% de hogares con conexión a internet",
      "% of households with an internet connection",
      { unit: "%" },
    ),
  },
  schema: z.object({
    ubigeo: ubigeoField({ level: "district" }),
    anio: numberField({ integer: true, min: 1940, max: 2100 }),
    pct_agua: pct(),
    pct_desague: pct(),
    pct_electricidad: pct(),
    pct_internet: pct(),
  }),
  key: ["ubigeo"],
  area: { column: "ubigeo", level: "district" },
  derive: (row) => Object.assign(row, { anio: row.anio ?? 2017 }),
  keep: (row) =>
    row.pct_agua === null &&
    row.pct_desague === null &&
    row.pct_electricidad === null &&
    row.pct_internet === null
      ? "no census figure (district created after 2017)"
      : undefined,
};
