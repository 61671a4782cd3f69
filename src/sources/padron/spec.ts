import { z } from "zod";
import {
  parseAnexo,
  parseCodigoLocal,
  parseCodigoModular,
  parseCentroPoblado,
} from "../../domain/index.ts";
import { column } from "../column.ts";
import {
  codeField,
  mappedField,
  numberField,
  textField,
  ubigeoField,
  latitudeField,
  longitudeField,
} from "../fields.ts";
import type { SourceSpec } from "../source-spec.ts";

/**
 * NIV_MOD codes of the padrón, grouped into the levels planners use. Source: MINEDU ESCALE,
 * Padrón de Instituciones Educativas, data dictionary (codes A1-A5 inicial, B0 primaria, F0
 * secundaria, D* básica alternativa, E* básica especial, K0/T0/M0 superior, L0 CETPRO).
 */
export const NIVEL_BY_NIV_MOD: Readonly<Record<string, string>> = {
  A1: "inicial",
  A2: "inicial",
  A3: "inicial",
  A4: "inicial",
  A5: "inicial",
  B0: "primaria",
  F0: "secundaria",
  D0: "basica_alternativa",
  D1: "basica_alternativa",
  D2: "basica_alternativa",
  E0: "basica_especial",
  E1: "basica_especial",
  E2: "basica_especial",
  K0: "superior",
  T0: "superior",
  M0: "superior",
  L0: "cetpro",
};

const LEVEL_LABELS: Record<string, string> = {
  ...Object.fromEntries(Object.keys(NIVEL_BY_NIV_MOD).map((k) => [k, k])),
  "Inicial - Cuna": "A1",
  "Inicial - Jardín": "A2",
  "Inicial - Cuna-jardín": "A3",
  "Inicial No Escolarizado": "A5",
  Primaria: "B0",
  Secundaria: "F0",
  "Básica Alternativa": "D1",
  "Básica Especial": "E0",
  "Básica Especial-Inicial": "E1",
  "Básica Especial-Primaria": "E2",
  "Superior Pedagógica": "K0",
  "Superior Tecnológica": "T0",
  "Superior Artística": "M0",
  "Técnico Productiva": "L0",
};

/**
 * MINEDU ESCALE padrón de servicios educativos (Padron_web.dbf in CP850/437, or its CSV export),
 * one row per educational service (código modular + anexo). About a quarter of the rows are
 * inactive services (ESTADO = 2): they are counted and left out. Column names changed over the
 * years (NLAT_IE/LATITUD, CODGEO/UBIGEO, TALUMNO/TALUMNOS…): all known spellings are accepted.
 */
export const padron: SourceSpec = {
  id: "padron",
  dataset: "schools",
  title: {
    es: "Padrón de servicios educativos (MINEDU ESCALE)",
    en: "Register of educational services (MINEDU ESCALE)",
  },
  publisher: "MINEDU, Unidad de Estadística (ESCALE)",
  formats: ["dbf", "csv", "xlsx"],
  columns: {
    codigo_modular: column(
      ["COD_MOD", "CODMOD", "CODIGO_MODULAR", "COD_MODULAR"],
      "text",
      "Código modular del servicio (7 dígitos)",
      "Service's código modular (7 digits)",
      { required: true, code: true },
    ),
    anexo: column(["ANEXO"], "text", "Anexo (0 = sede)", "Annex (0 = main)", { required: true }),
    codigo_local: column(
      ["CODLOCAL", "COD_LOCAL", "CODIGO_LOCAL"],
      "text",
      "Código del local escolar (6 dígitos)",
      "School premises code (6 digits)",
      { code: true },
    ),
    nombre: column(
      ["CEN_EDU", "NOMBRE_IE", "NOM_IE", "NOMBRE"],
      "text",
      "Nombre de la institución educativa",
      "School name",
      { required: true },
    ),
    niv_mod: column(
      ["NIV_MOD", "D_NIV_MOD", "NIVEL_MODALIDAD"],
      "text",
      "Código de nivel/modalidad (A1…L0)",
      "Level/modality code (A1…L0)",
      { required: true },
    ),
    nivel: column(
      [],
      "text",
      "Nivel agrupado (inicial, primaria, secundaria…)",
      "Grouped level (inicial, primaria, secundaria…)",
    ),
    gestion: column(
      ["GESTION", "D_GESTION", "GES_DEP"],
      "text",
      "Gestión: publica o privada",
      "Management: public or private",
    ),
    area: column(
      ["AREA_CENSO", "DAREACENSO", "D_AREACENSO", "AREA"],
      "text",
      "Área censal: urbana o rural",
      "Census area: urban or rural",
    ),
    caracteristica: column(
      ["D_COD_CAR", "CARACTERISTICA", "COD_CAR"],
      "text",
      "Unidocente, polidocente multigrado o completo",
      "Single-teacher, multigrade or complete",
    ),
    ubigeo: column(
      ["CODGEO", "UBIGEO", "COD_UBIGEO"],
      "text",
      "Ubigeo del distrito",
      "District ubigeo",
      { required: true, code: true },
    ),
    codigo_cp: column(
      ["CODCP_INEI", "CODCCPP", "COD_CCPP"],
      "text",
      "Código INEI del centro poblado",
      "INEI populated-place code",
      { code: true, clearInvalid: true },
    ),
    codigo_ugel: column(["CODOOII", "COD_UGEL"], "text", "Código de la DRE/UGEL", "DRE/UGEL code"),
    latitud: column(
      ["NLAT_IE", "LATITUD", "LAT"],
      "double",
      "Latitud del local",
      "Premises latitude",
      { unit: "degrees", clearInvalid: true },
    ),
    longitud: column(
      ["NLONG_IE", "LONGITUD", "LON"],
      "double",
      "Longitud del local",
      "Premises longitude",
      { unit: "degrees", clearInvalid: true },
    ),
    activo: column(["ESTADO", "D_ESTADO"], "boolean", "Servicio activo", "Service active", {
      required: true,
    }),
    alumnos: column(
      ["TALUMNO", "TALUMNOS", "ALUMNOS", "MATRICULA"],
      "integer",
      "Total de alumnos",
      "Total students",
      { unit: "students", clearInvalid: true },
    ),
    docentes: column(
      ["TDOCENTE", "TDOCENTES", "DOCENTES"],
      "integer",
      "Total de docentes",
      "Total teachers",
      { unit: "teachers", clearInvalid: true },
    ),
    secciones: column(
      ["TSECCION", "SECCIONES"],
      "integer",
      "Total de secciones",
      "Total sections",
      { clearInvalid: true },
    ),
  },
  schema: z.object({
    codigo_modular: codeField(parseCodigoModular, { required: true }),
    anexo: codeField(parseAnexo, { required: true }),
    codigo_local: codeField(parseCodigoLocal),
    nombre: textField({ required: true }),
    niv_mod: mappedField(LEVEL_LABELS, { required: true, what: "a NIV_MOD code" }),
    gestion: mappedField(
      {
        "1": "publica",
        "2": "publica",
        "3": "privada",
        "Pública de gestión directa": "publica",
        "Pública de gestión privada": "publica",
        Privada: "privada",
        Pública: "publica",
        Publica: "publica",
      },
      { what: "GESTION 1-3 or its label" },
    ),
    area: mappedField(
      { "1": "urbana", "2": "rural", Urbana: "urbana", Urbano: "urbana", Rural: "rural" },
      { what: "AREA_CENSO 1 (urbana) or 2 (rural)" },
    ),
    caracteristica: mappedField(
      {
        "1": "unidocente",
        "2": "multigrado",
        "3": "completo",
        Unidocente: "unidocente",
        "Polidocente multigrado": "multigrado",
        Multigrado: "multigrado",
        "Polidocente completo": "completo",
        "No aplica": "no_aplica",
      },
      { what: "a school characteristic" },
    ),
    ubigeo: ubigeoField({ level: "district" }),
    codigo_cp: codeField(parseCentroPoblado),
    codigo_ugel: textField(),
    latitud: latitudeField(),
    longitud: longitudeField(),
    activo: mappedField(
      { "1": true, Activa: true, Activo: true, "2": false, Inactiva: false, Inactivo: false },
      { required: true, what: "ESTADO 1 (activa) or 2 (inactiva)" },
    ),
    alumnos: numberField({ integer: true, min: 0, max: 20_000 }),
    docentes: numberField({ integer: true, min: 0, max: 2_000 }),
    secciones: numberField({ integer: true, min: 0, max: 500 }),
  }),
  key: ["codigo_modular", "anexo"],
  area: { column: "ubigeo", level: "district" },
  derive: (row) => Object.assign(row, { nivel: NIVEL_BY_NIV_MOD[String(row.niv_mod)] ?? null }),
  keep: (row) => (row.activo === false ? "inactive service (ESTADO = 2)" : undefined),
};
