import { z } from "zod";
import { parseCodigoLocal } from "../../domain/index.ts";
import { column } from "../column.ts";
import { codeField, mappedField, numberField, ubigeoField } from "../fields.ts";
import type { SourceSpec } from "../source-spec.ts";

/**
 * MINEDU Censo Educativo, school-premises questionnaire (Cédula 11, "Local escolar"), one row per
 * código de local and year. Items read: P702 internet service (1 sí, 2 no), P703 connection
 * type, P709 electricity source, P711 water source, P712 water every day, P111_* access route.
 * The answer codes below follow the published 2019-2023 questionnaires; labels are accepted too,
 * so a year that recodes an answer only needs a line added here.
 */
const YES_NO = { "1": true, "2": false, Si: true, Sí: true, No: false, "0": false } as const;

const INTERNET_TYPE = {
  "1": "adsl",
  "2": "fibra",
  "3": "satelital",
  "4": "movil",
  "5": "inalambrica",
  "6": "otro",
  ADSL: "adsl",
  "Línea telefónica": "adsl",
  "Fibra óptica": "fibra",
  Satelital: "satelital",
  Móvil: "movil",
  "Red móvil": "movil",
  Inalámbrica: "inalambrica",
  Otro: "otro",
} as const;

const ELECTRICITY_SOURCE = {
  "1": "red_publica",
  "2": "generador",
  "3": "solar",
  "4": "otro",
  "5": "ninguna",
  "Red pública": "red_publica",
  Generador: "generador",
  "Panel solar": "solar",
  Otro: "otro",
  "No tiene": "ninguna",
} as const;

const WATER_SOURCE = {
  "1": "red_publica",
  "2": "pilon",
  "3": "cisterna",
  "4": "pozo",
  "5": "rio_manantial",
  "6": "otro",
  "7": "ninguna",
  "Red pública": "red_publica",
  "Pilón de uso público": "pilon",
  "Camión cisterna": "cisterna",
  Pozo: "pozo",
  "Río, acequia, manantial": "rio_manantial",
  Otro: "otro",
  "No tiene": "ninguna",
} as const;

const ACCESS_MEANS = {
  "1": "a_pie",
  "2": "vehiculo",
  "3": "fluvial",
  "4": "acemila",
  "5": "otro",
  "A pie": "a_pie",
  "Vehículo motorizado": "vehiculo",
  Fluvial: "fluvial",
  Acémila: "acemila",
  Otro: "otro",
} as const;

export const censoLocales: SourceSpec = {
  id: "censo-locales",
  dataset: "school_premises",
  title: {
    es: "Censo Educativo: servicios básicos del local escolar (MINEDU)",
    en: "School census: basic services of school premises (MINEDU)",
  },
  publisher: "MINEDU, Censo Educativo (ESCALE)",
  formats: ["dbf", "csv", "xlsx"],
  columns: {
    codigo_local: column(
      ["CODLOCAL", "COD_LOCAL", "CODIGO_LOCAL"],
      "text",
      "Código del local escolar",
      "School premises code",
      { required: true, code: true },
    ),
    anio: column(["ANIO", "AÑO", "PERIODO", "YEAR"], "integer", "Año del censo", "Census year"),
    ubigeo: column(["CODGEO", "UBIGEO"], "text", "Ubigeo del distrito", "District ubigeo", {
      code: true,
    }),
    tiene_internet: column(
      ["P702", "P702_1", "INTERNET"],
      "boolean",
      "El local tiene servicio de internet (P702)",
      "Premises have internet service (P702)",
      { required: true },
    ),
    tipo_internet: column(
      ["P703", "P703_1", "TIPO_INTERNET"],
      "text",
      "Tipo de conexión a internet (P703)",
      "Internet connection type (P703)",
      { clearInvalid: true },
    ),
    fuente_electricidad: column(
      ["P709", "P709_1", "ELECTRICIDAD"],
      "text",
      "Fuente de energía eléctrica (P709)",
      "Electricity source (P709)",
      { clearInvalid: true },
    ),
    tiene_electricidad: column(
      [],
      "boolean",
      "El local tiene electricidad (cualquier fuente)",
      "Premises have electricity (any source)",
    ),
    fuente_agua: column(
      ["P711", "P711_1", "AGUA"],
      "text",
      "Fuente de abastecimiento de agua (P711)",
      "Water source (P711)",
      { clearInvalid: true },
    ),
    tiene_agua_red: column(
      [],
      "boolean",
      "Agua de red pública o pilón",
      "Water from the public network or a standpipe",
    ),
    agua_todos_los_dias: column(
      ["P712", "P712_1"],
      "boolean",
      "El agua llega todos los días (P712)",
      "Water arrives every day (P712)",
      { clearInvalid: true },
    ),
    acceso_medio: column(
      ["P111_1", "P111_MEDIO"],
      "text",
      "Medio principal de acceso (P111)",
      "Main means of access (P111)",
      { clearInvalid: true },
    ),
    acceso_minutos: column(
      ["P111_2", "P111_TIEMPO", "P111_MIN"],
      "double",
      "Tiempo de acceso desde la capital distrital (P111)",
      "Travel time from the district capital (P111)",
      { unit: "min", clearInvalid: true },
    ),
  },
  schema: z.object({
    codigo_local: codeField(parseCodigoLocal, { required: true }),
    anio: numberField({ integer: true, min: 1990, max: 2100 }),
    ubigeo: ubigeoField({ level: "district", required: false }),
    tiene_internet: mappedField(YES_NO, { required: true, what: "P702 1 (sí) or 2 (no)" }),
    tipo_internet: mappedField(INTERNET_TYPE, { what: "a P703 connection type" }),
    fuente_electricidad: mappedField(ELECTRICITY_SOURCE, { what: "a P709 electricity source" }),
    fuente_agua: mappedField(WATER_SOURCE, { what: "a P711 water source" }),
    agua_todos_los_dias: mappedField(YES_NO, { what: "P712 1 (sí) or 2 (no)" }),
    acceso_medio: mappedField(ACCESS_MEANS, { what: "a P111 means of access" }),
    acceso_minutos: numberField({ min: 0, max: 10_000 }),
  }),
  key: ["codigo_local", "anio"],
  area: { column: "ubigeo", level: "district" },
  derive: (row, options) =>
    Object.assign(row, {
      anio: row.anio ?? options.year ?? null,
      tiene_electricidad:
        row.fuente_electricidad === null ? null : row.fuente_electricidad !== "ninguna",
      tiene_agua_red:
        row.fuente_agua === null
          ? null
          : row.fuente_agua === "red_publica" || row.fuente_agua === "pilon",
    }),
};
