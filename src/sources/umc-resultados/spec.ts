import { z } from "zod";
import { column } from "../column.ts";
import { mappedField, numberField, textField, ubigeoField, percentField } from "../fields.ts";
import type { CsvRecord } from "../formats/index.ts";
import { normalizeHeader, type Row, type SourceSpec } from "../source-spec.ts";

/**
 * UMC (MINEDU, Oficina de Medición de la Calidad de los Aprendizajes) district results of the
 * ECE and ENLA: share of students in each achievement level. Published as district Excel tables,
 * one per grade and year, with one block of columns per subject ("wide"); cells with too few
 * students are suppressed and written "-". Both the wide tables and a long table (one row per
 * district, subject) are read. Levels: previo al inicio, en inicio, en proceso, satisfactorio
 * (UMC, "Reporte técnico ENLA 2024").
 */
const SUBJECTS: Record<string, string> = {
  LECTURA: "lectura",
  LEC: "lectura",
  L: "lectura",
  COMUNICACION: "lectura",
  MATEMATICA: "matematica",
  MAT: "matematica",
  M: "matematica",
  CIENCIA: "ciencia",
  CIENCIA_Y_TECNOLOGIA: "ciencia",
  CYT: "ciencia",
  CT: "ciencia",
  HISTORIA: "ciudadania",
  CIUDADANIA: "ciudadania",
};

const LEVELS: Array<[RegExp, string]> = [
  [/^(PREVIO|PREVIO_AL_INICIO|PREV)$/, "PREVIO"],
  [/^(INICIO|EN_INICIO|INI)$/, "INICIO"],
  [/^(PROCESO|EN_PROCESO|PROC)$/, "PROCESO"],
  [/^(SATISFACTORIO|SATISF|SAT|LOGRO)$/, "SATISFACTORIO"],
];

/** `ECE16_4P_` / `ENLA2024_2S_`: a block prefix naming assessment, year and grade. */
const BLOCK_PREFIX = /^(ECE|ENLA|EM)_?(\d{2}|\d{4})_(\d[PS])_(.+)$/;
const COVERAGE: Array<[RegExp, string]> = [
  [/^(COB_EST|COBERTURA_ESTUDIANTES|COBERTURA_EST)$/, "COB_EST"],
  [/^(COB_IE|COBERTURA_IE)$/, "COB_IE"],
];

interface Block {
  readonly evaluacion: string;
  readonly anio: string;
  readonly grado: string;
  readonly subject: string;
  readonly levels: Map<string, number>;
}

/**
 * Turns wide UMC tables into one row per district, subject (and, where the columns say so,
 * assessment, year and grade): `LECTURA_SATISFACTORIO`, `lec_satisfactorio`, or
 * `ece16_4p_lec_sat` with its coverage `ece16_4p_cob_est`. A block with no value at all in a row
 * (the district was not assessed that year) gives no row; a block with coverage but no levels is
 * a suppressed cell and gives a row whose levels are missing.
 */
function meltWide(
  header: string[],
  records: CsvRecord[],
): { header: string[]; records: CsvRecord[] } {
  const blocks = new Map<string, Block>();
  const coverage = new Map<string, Map<string, number>>(); // year-grade prefix → COB_* → column
  const idColumns: number[] = [];
  header.forEach((name, i) => {
    let h = normalizeHeader(name).replace(/_PCT$|^PCT_|_%$/g, "");
    let prefix = "";
    let evaluacion = "";
    let anio = "";
    let grado = "";
    const m = BLOCK_PREFIX.exec(h);
    if (m) {
      evaluacion = m[1] === "EM" ? "ECE" : m[1]!;
      anio = m[2]!.length === 2 ? `20${m[2]}` : m[2]!;
      grado = m[3]!;
      prefix = `${evaluacion}|${anio}|${grado}`;
      h = m[4]!;
    }
    const cov = COVERAGE.find(([re]) => re.test(h))?.[1];
    if (cov && prefix) {
      if (!coverage.has(prefix)) coverage.set(prefix, new Map());
      coverage.get(prefix)!.set(cov, i);
      return;
    }
    for (const [abbreviation, subject] of Object.entries(SUBJECTS)) {
      if (!h.startsWith(`${abbreviation}_`)) continue;
      const rest = h.slice(abbreviation.length + 1);
      const level = LEVELS.find(([re]) => re.test(rest))?.[1];
      if (level) {
        const key = `${prefix}|${subject}`;
        if (!blocks.has(key))
          blocks.set(key, { evaluacion, anio, grado, subject, levels: new Map() });
        blocks.get(key)!.levels.set(level, i);
        return;
      }
    }
    idColumns.push(i);
  });
  if (blocks.size === 0) return { header, records }; // already long
  const prefixed = [...blocks.values()].some((b) => b.anio !== "");
  const outHeader = [
    ...idColumns.map((i) => header[i]!),
    ...(prefixed ? ["EVALUACION", "ANIO", "GRADO", "COB_EST", "COB_IE"] : []),
    "AREA_EVALUADA",
    "PREVIO",
    "INICIO",
    "PROCESO",
    "SATISFACTORIO",
  ];
  const out: CsvRecord[] = [];
  for (const record of records) {
    for (const block of blocks.values()) {
      const cell = (at: number | undefined): string =>
        at === undefined ? "" : (record.fields[at] ?? "");
      const levels = ["PREVIO", "INICIO", "PROCESO", "SATISFACTORIO"].map((level) =>
        cell(block.levels.get(level)),
      );
      const blockCoverage = coverage.get(`${block.evaluacion}|${block.anio}|${block.grado}`);
      const coverageCells = ["COB_EST", "COB_IE"].map((c) => cell(blockCoverage?.get(c)));
      if (prefixed && [...levels, ...coverageCells].every((v) => v.trim() === "")) continue;
      const fields = [
        ...idColumns.map((i) => record.fields[i] ?? ""),
        ...(prefixed ? [block.evaluacion, block.anio, block.grado, ...coverageCells] : []),
        block.subject,
        ...levels,
      ];
      out.push(
        record.problem === undefined
          ? { fields, row: record.row, line: record.line }
          : { fields, row: record.row, line: record.line, problem: record.problem },
      );
    }
  }
  return { header: outHeader, records: out };
}

const pct = percentField;
const LEVEL_COLUMNS = [
  "pct_previo_inicio",
  "pct_en_inicio",
  "pct_en_proceso",
  "pct_satisfactorio",
] as const;

export const umcResultados: SourceSpec = {
  id: "umc-resultados",
  dataset: "learning_outcomes",
  title: {
    es: "Resultados ECE/ENLA por distrito (MINEDU-UMC)",
    en: "ECE/ENLA results by district (MINEDU-UMC)",
  },
  publisher: "MINEDU, Oficina de Medición de la Calidad de los Aprendizajes (UMC)",
  formats: ["xlsx", "csv"],
  columns: {
    ubigeo: column(
      ["UBIGEO", "COD_UBIGEO", "CODGEO", "COD_DIST", "CODIGO_UBIGEO"],
      "text",
      "Ubigeo del distrito",
      "District ubigeo",
      { required: true, code: true },
    ),
    anio: column(
      ["ANIO", "AÑO", "YEAR", "PERIODO"],
      "integer",
      "Año de la evaluación",
      "Assessment year",
    ),
    evaluacion: column(
      ["EVALUACION", "PRUEBA"],
      "text",
      "Evaluación (ECE o ENLA)",
      "Assessment (ECE or ENLA)",
    ),
    grado: column(
      ["GRADO", "GRADO_EVALUADO"],
      "text",
      "Grado evaluado (2P, 4P, 6P, 2S)",
      "Grade assessed (2P, 4P, 6P, 2S)",
    ),
    cobertura_estudiantes: column(
      ["COB_EST", "COBERTURA_ESTUDIANTES", "COBERTURA"],
      "double",
      "% de estudiantes del grado que fueron evaluados",
      "% of the grade's students assessed",
      { unit: "%" },
    ),
    cobertura_ie: column(
      ["COB_IE", "COBERTURA_IE"],
      "double",
      "% de instituciones educativas del distrito que participaron",
      "% of the district's schools that took part",
      { unit: "%" },
    ),
    area: column(
      ["AREA_EVALUADA", "AREA", "COMPETENCIA", "MATERIA"],
      "text",
      "Área evaluada (lectura, matematica, ciencia, ciudadania)",
      "Subject (reading, maths, science, citizenship)",
      { required: true },
    ),
    pct_previo_inicio: column(
      ["PREVIO", "PREVIO_AL_INICIO", "PCT_PREVIO"],
      "double",
      "% previo al inicio",
      "% below beginning level",
      { unit: "%" },
    ),
    pct_en_inicio: column(
      ["INICIO", "EN_INICIO", "PCT_INICIO"],
      "double",
      "% en inicio",
      "% at beginning level",
      { unit: "%" },
    ),
    pct_en_proceso: column(
      ["PROCESO", "EN_PROCESO", "PCT_PROCESO"],
      "double",
      "% en proceso",
      "% in process",
      { unit: "%" },
    ),
    pct_satisfactorio: column(
      ["SATISFACTORIO", "PCT_SATISFACTORIO", "LOGRO"],
      "double",
      "% satisfactorio",
      "% satisfactory",
      { unit: "%", required: true },
    ),
    suprimido: column(
      [],
      "boolean",
      'Celda suprimida por pocos evaluados ("-")',
      'Cell suppressed for too few students ("-")',
    ),
  },
  schema: z.object({
    ubigeo: ubigeoField({ level: "district" }),
    anio: numberField({ integer: true, min: 2007, max: 2100 }),
    evaluacion: mappedField({ ECE: "ECE", ENLA: "ENLA", EM: "ECE" }, { what: "ECE or ENLA" }),
    grado: textField(),
    cobertura_estudiantes: pct(),
    cobertura_ie: pct(),
    area: mappedField(
      {
        ...SUBJECTS,
        Lectura: "lectura",
        Matemática: "matematica",
        "Ciencia y Tecnología": "ciencia",
        Ciudadanía: "ciudadania",
        lectura: "lectura",
        matematica: "matematica",
        ciencia: "ciencia",
        ciudadania: "ciudadania",
      },
      { required: true, what: "a subject" },
    ),
    pct_previo_inicio: pct(),
    pct_en_inicio: pct(),
    pct_en_proceso: pct(),
    pct_satisfactorio: pct(),
  }),
  key: ["ubigeo", "anio", "grado", "area"],
  area: { column: "ubigeo", level: "district" },
  reshape: meltWide,
  derive: (row: Row, options) => {
    const anio = row.anio ?? options.year ?? null;
    const grado = row.grado ?? options.grade ?? null;
    // ECE ran 2007-2019; from 2022 the national sample assessment is ENLA (UMC).
    const evaluacion =
      row.evaluacion ?? (typeof anio === "number" ? (anio >= 2022 ? "ENLA" : "ECE") : null);
    return Object.assign(row, {
      anio,
      grado,
      evaluacion,
      suprimido: LEVEL_COLUMNS.every((c) => row[c] === null),
    });
  },
  check: (row) => {
    const present = LEVEL_COLUMNS.map((c) => row[c]).filter(
      (v): v is number => typeof v === "number",
    );
    if (present.length === 0) return undefined;
    const sum = present.reduce((a, b) => a + b, 0);
    // Published shares are rounded to one decimal per level; some tables give only some levels
    // (ECE 2016-2019 by district: satisfactorio and previo), which must not exceed 100%.
    return (present.length === LEVEL_COLUMNS.length ? Math.abs(sum - 100) > 1.5 : sum > 101.5)
      ? {
          column: "pct_satisfactorio",
          reason: `achievement levels add up to ${sum.toFixed(1)}%, expected 100%`,
        }
      : undefined;
  },
};
