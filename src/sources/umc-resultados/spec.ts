import { z } from "zod";
import { column } from "../column.ts";
import { mappedField, numberField, textField, ubigeoField } from "../fields.ts";
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

/** Turns `LECTURA_SATISFACTORIO`-style column blocks into one row per district and subject. */
function meltWide(
  header: string[],
  records: CsvRecord[],
): { header: string[]; records: CsvRecord[] } {
  const blocks = new Map<string, Map<string, number>>();
  const idColumns: number[] = [];
  header.forEach((name, i) => {
    const h = normalizeHeader(name).replace(/_PCT$|^PCT_|_%$/g, "");
    for (const [prefix, subject] of Object.entries(SUBJECTS)) {
      if (!h.startsWith(`${prefix}_`)) continue;
      const rest = h.slice(prefix.length + 1);
      const level = LEVELS.find(([re]) => re.test(rest))?.[1];
      if (level) {
        if (!blocks.has(subject)) blocks.set(subject, new Map());
        blocks.get(subject)!.set(level, i);
        return;
      }
    }
    idColumns.push(i);
  });
  if (blocks.size === 0) return { header, records }; // already long
  const outHeader = [
    ...idColumns.map((i) => header[i]!),
    "AREA_EVALUADA",
    "PREVIO",
    "INICIO",
    "PROCESO",
    "SATISFACTORIO",
  ];
  const out: CsvRecord[] = [];
  for (const record of records) {
    for (const [subject, levels] of blocks) {
      const pick = (level: string): string => {
        const at = levels.get(level);
        return at === undefined ? "" : (record.fields[at] ?? "");
      };
      const fields = [
        ...idColumns.map((i) => record.fields[i] ?? ""),
        subject,
        pick("PREVIO"),
        pick("INICIO"),
        pick("PROCESO"),
        pick("SATISFACTORIO"),
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

const pct = () => numberField({ min: 0, max: 100, format: "auto" });
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
    // ECE ran 2007-2019; from 2022 the national sample assessment is ENLA (UMC).
    const evaluacion =
      row.evaluacion ?? (typeof anio === "number" ? (anio >= 2022 ? "ENLA" : "ECE") : null);
    return Object.assign(row, {
      anio,
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
    // Published shares are rounded to one decimal per level.
    return Math.abs(sum - 100) > 1.5
      ? {
          column: "pct_satisfactorio",
          reason: `achievement levels add up to ${sum.toFixed(1)}%, expected 100%`,
        }
      : undefined;
  },
};
