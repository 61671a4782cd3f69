import { z } from "zod";
import type { UbigeoLevel } from "../../domain/index.ts";
import { column } from "../column.ts";
import { numberField, textField, ubigeoField, latitudeField, longitudeField } from "../fields.ts";
import type { ColumnSpec, SourceSpec } from "../source-spec.ts";

/** Each level's source id, dataset and words. */
const NAMES: Record<UbigeoLevel, { id: string; dataset: string; es: string; en: string }> = {
  district: {
    id: "ubigeo-distrito",
    dataset: "district_attributes",
    es: "distrital",
    en: "district",
  },
  province: {
    id: "ubigeo-provincia",
    dataset: "province_attributes",
    es: "provincial",
    en: "province",
  },
  department: {
    id: "ubigeo-departamento",
    dataset: "department_attributes",
    es: "departamental",
    en: "department",
  },
};

/** The indicator columns every level has (the district table lacks the state density index). */
const INDICATOR_COLUMNS = {
  superficie_km2: column(["superficie"], "double", "Superficie", "Surface", { unit: "km²" }),
  densidad_2020: column(
    ["pob_densidad_2020"],
    "double",
    "Densidad de población 2020",
    "Population density 2020",
    { unit: "persons/km²" },
  ),
  altitud_m: column(
    ["altitude", "altitud"],
    "double",
    "Altitud de la capital",
    "Capital altitude",
    { unit: "m" },
  ),
  latitud: column(["latitude", "latitud"], "double", "Latitud de la capital", "Capital latitude", {
    unit: "degrees",
    clearInvalid: true,
  }),
  longitud: column(
    ["longitude", "longitud"],
    "double",
    "Longitud de la capital",
    "Capital longitude",
    { unit: "degrees", clearInvalid: true },
  ),
  indice_densidad_estado: column(
    ["indice_densidad_estado"],
    "double",
    "Índice de densidad del Estado (CEPLAN/PNUD, 0-1)",
    "State density index (CEPLAN/UNDP, 0-1)",
  ),
  indice_vulnerabilidad_alimentaria: column(
    ["indice_vulnerabilidad_alimentaria"],
    "double",
    "Índice de vulnerabilidad a la inseguridad alimentaria (0-1, mayor es peor)",
    "Food-insecurity vulnerability index (0-1, higher is worse)",
  ),
  idh_2019: column(
    ["idh_2019"],
    "double",
    "Índice de desarrollo humano 2019 (PNUD)",
    "Human development index 2019 (UNDP)",
  ),
  pct_pobreza_total: column(
    ["pct_pobreza_total"],
    "double",
    "Pobreza monetaria total",
    "Total monetary poverty",
    { unit: "%" },
  ),
  pct_pobreza_extrema: column(
    ["pct_pobreza_extrema"],
    "double",
    "Pobreza extrema",
    "Extreme poverty",
    { unit: "%" },
  ),
};

/**
 * Augmented ubigeo tables (J. M. Castagnetto, from INEI, RENIEC, CEPLAN, PNUD): surface, density,
 * HDI 2019, food-vulnerability index and poverty, at district, province and department level.
 * Missing values are written `NA`; 19 districts created after 2016 have NA in every indicator.
 */
function attributesSpec(level: UbigeoLevel): SourceSpec {
  const n = NAMES[level];
  const columns: Record<string, ColumnSpec> = {
    ubigeo: column(["inei", "ubigeo"], "text", `Ubigeo INEI (${n.es})`, `INEI ubigeo (${n.en})`, {
      required: true,
      code: true,
    }),
    ubigeo_reniec: column(
      ["reniec"],
      "text",
      "Ubigeo RENIEC (otra codificación)",
      "RENIEC ubigeo (a different coding)",
    ),
    departamento: column(["departamento"], "text", "Departamento", "Department", {
      required: true,
    }),
    ...(level !== "department"
      ? { provincia: column(["provincia"], "text", "Provincia", "Province", { required: true }) }
      : {}),
    ...(level === "district"
      ? { distrito: column(["distrito"], "text", "Distrito", "District", { required: true }) }
      : {}),
    ...(level !== "department"
      ? {
          region: column(
            ["region"],
            "text",
            "Región (Lima se divide en Lima Provincia y Lima Región)",
            "Region (Lima split into Lima Provincia and Lima Región)",
          ),
          macroregion_inei: column(
            ["macroregion_inei"],
            "text",
            "Macrorregión INEI",
            "INEI macro-region",
          ),
        }
      : {}),
    capital: column(["capital"], "text", "Capital", "Capital"),
    ...INDICATOR_COLUMNS,
  };
  if (level === "district") delete columns.indice_densidad_estado;
  const pct = () => numberField({ min: 0, max: 100 });
  const shape: Record<string, z.ZodType<unknown, string>> = {
    ubigeo: ubigeoField({ level, allowPadded: true }),
    ubigeo_reniec: textField(),
    departamento: textField({ required: true }),
    capital: textField(),
    superficie_km2: numberField({ min: 0 }),
    densidad_2020: numberField({ min: 0 }),
    altitud_m: numberField({ min: -10, max: 6_800 }),
    latitud: latitudeField(),
    longitud: longitudeField(),
    indice_vulnerabilidad_alimentaria: numberField({ min: 0, max: 1 }),
    idh_2019: numberField({ min: 0, max: 1 }),
    pct_pobreza_total: pct(),
    pct_pobreza_extrema: pct(),
  };
  if (level !== "department")
    Object.assign(shape, {
      provincia: textField({ required: true }),
      region: textField(),
      macroregion_inei: textField(),
    });
  if (level === "district") shape.distrito = textField({ required: true });
  if (level !== "district") shape.indice_densidad_estado = numberField({ min: 0, max: 1 });
  return {
    id: n.id,
    dataset: n.dataset,
    title: {
      es: `Atributos ${n.es}es: superficie, densidad, IDH, pobreza`,
      en: `${n.en[0]!.toUpperCase()}${n.en.slice(1)} attributes: surface, density, HDI, poverty`,
    },
    publisher: "INEI, RENIEC, CEPLAN, PNUD (compiled by J. M. Castagnetto, ubigeo-peru-aumentado)",
    formats: ["csv"],
    columns,
    schema: z.object(shape) as unknown as SourceSpec["schema"],
    key: ["ubigeo"],
    area: { column: "ubigeo", level },
  };
}

export const ubigeoDistrito = attributesSpec("district");
export const ubigeoProvincia = attributesSpec("province");
export const ubigeoDepartamento = attributesSpec("department");
