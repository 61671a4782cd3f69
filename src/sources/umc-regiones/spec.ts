import { z } from "zod";
import { DEPARTMENTS } from "../../domain/index.ts";
import { column } from "../column.ts";
import { foldLabel, mappedField, numberField, textField, percentField } from "../fields.ts";
import type { CsvRecord } from "../formats/index.ts";
import { normalizeHeader, type Row, type SourceSpec } from "../source-spec.ts";

/**
 * UMC's official results by regional directorate (DRE) and by national stratum: the 2024 share in
 * each achievement level and the % satisfactorio series from 2016. These are the figures MINEDU
 * publishes for regions; district results cannot be re-aggregated to them without the number of
 * students assessed, so department values of the learning indicators come from here.
 *
 * Regions are named, not coded. `LIMA METROPOLITANA` is the province of Lima (1501), `LIMA
 * PROVINCIAS` the other nine provinces of department 15, `CALLAO` department 07; the other 23
 * DREs are departments.
 */
const DRE_AMBITO: Record<string, { ubigeo: string; ambito: string }> = {
  ...Object.fromEntries(
    DEPARTMENTS.filter((d) => d.code !== "15").map((d) => [
      foldLabel(d.name),
      { ubigeo: d.code, ambito: "departamento" },
    ]),
  ),
  "LIMA METROPOLITANA": { ubigeo: "1501", ambito: "lima_metropolitana" },
  "LIMA PROVINCIAS": { ubigeo: "15", ambito: "lima_provincias" },
  "LIMA REGION": { ubigeo: "15", ambito: "lima_provincias" },
};

/** The code and scope of a DRE name, or undefined when the name is not a known DRE. */
export function dreScope(name: string): { ubigeo: string; ambito: string } | undefined {
  return DRE_AMBITO[foldLabel(name).replace(/^DRE /, "")];
}

const STRATA = [
  "nacional",
  "hombre",
  "mujer",
  "estatal",
  "no_estatal",
  "urbano",
  "rural",
  "polidocente",
  "multigrado",
] as const;

/** One row per group, subject and year: `sat_2016 … sat_2024` become years, the 2024 levels go
 * with 2024. */
function byYear(
  header: string[],
  records: CsvRecord[],
): { header: string[]; records: CsvRecord[] } {
  const names = header.map(normalizeHeader);
  const years = names
    .map((h, i) => [/^SAT_(\d{4})$/.exec(h)?.[1], i] as const)
    .filter((x): x is readonly [string, number] => x[0] !== undefined);
  if (years.length === 0) return { header, records };
  const levelAt = (re: RegExp) => names.findIndex((h) => re.test(h));
  const previo = levelAt(/^PREVIO_\d{4}$/);
  const inicio = levelAt(/^INICIO_\d{4}$/);
  const proceso = levelAt(/^PROCESO_\d{4}$/);
  const levelsYear = /_(\d{4})$/.exec(names[previo] ?? "")?.[1];
  const keep = names
    .map((h, i) => [h, i] as const)
    .filter(([h]) => !/^(SAT|PREVIO|INICIO|PROCESO|SATISFACTORIO)_\d{4}$/.test(h))
    .map(([, i]) => i);
  const out: CsvRecord[] = [];
  for (const record of records)
    for (const [year, at] of years) {
      const withLevels = year === levelsYear;
      const cell = (i: number) => (withLevels && i >= 0 ? (record.fields[i] ?? "") : "");
      if ((record.fields[at] ?? "").trim() === "") continue; // no assessment that year
      out.push({
        fields: [
          ...keep.map((i) => record.fields[i] ?? ""),
          year,
          cell(previo),
          cell(inicio),
          cell(proceso),
          record.fields[at] ?? "",
        ],
        row: record.row,
        line: record.line,
      });
    }
  return {
    header: [
      ...keep.map((i) => header[i]!),
      "ANIO",
      "PREVIO",
      "INICIO",
      "PROCESO",
      "SATISFACTORIO",
    ],
    records: out,
  };
}

const pct = percentField;

export const umcRegiones: SourceSpec = {
  id: "umc-regiones",
  dataset: "learning_outcomes_official",
  title: {
    es: "Resultados oficiales ENLA/ECE por región (DRE) y estrato, 4.º primaria (MINEDU-UMC)",
    en: "Official ENLA/ECE results by region (DRE) and stratum, grade 4 (MINEDU-UMC)",
  },
  publisher: "MINEDU, Oficina de Medición de la Calidad de los Aprendizajes (UMC)",
  formats: ["csv", "xlsx"],
  columns: {
    grupo: column(["GRUPO"], "text", "region (DRE) o estrato", "region (DRE) or stratum", {
      required: true,
    }),
    categoria: column(
      ["CATEGORIA", "REGION", "DRE", "ESTRATO"],
      "text",
      "Nombre de la DRE o del estrato (nacional, urbano, rural, estatal…)",
      "DRE or stratum name (national, urban, rural, public…)",
      { required: true },
    ),
    ubigeo: column(
      [],
      "text",
      "Código INEI del ámbito de la DRE: departamento (2 dígitos); 1501 para Lima Metropolitana; 15 para Lima Provincias",
      "INEI code of the DRE's area: department (2 digits); 1501 for Lima Metropolitana; 15 for Lima Provincias",
    ),
    ambito: column(
      [],
      "text",
      "departamento, lima_metropolitana, lima_provincias o estrato",
      "departamento, lima_metropolitana, lima_provincias or estrato",
    ),
    grado: column(["GRADO"], "text", "Grado evaluado", "Grade assessed"),
    area: column(
      ["AREA", "AREA_EVALUADA"],
      "text",
      "Área evaluada (lectura, matematica)",
      "Subject (reading, maths)",
      { required: true },
    ),
    anio: column(["ANIO", "AÑO"], "integer", "Año de la evaluación", "Assessment year", {
      required: true,
    }),
    pct_previo_inicio: column(["PREVIO"], "double", "% previo al inicio", "% below beginning", {
      unit: "%",
    }),
    pct_en_inicio: column(["INICIO"], "double", "% en inicio", "% at beginning level", {
      unit: "%",
    }),
    pct_en_proceso: column(["PROCESO"], "double", "% en proceso", "% in process", { unit: "%" }),
    pct_satisfactorio: column(["SATISFACTORIO"], "double", "% satisfactorio", "% satisfactory", {
      unit: "%",
      required: true,
    }),
  },
  schema: z.object({
    grupo: mappedField(
      { estrato: "estrato", region: "region", ESTRATO: "estrato", REGION: "region", DRE: "region" },
      { required: true, what: "region or estrato" },
    ),
    categoria: textField({ required: true }),
    grado: textField(),
    area: mappedField(
      {
        lectura: "lectura",
        matematica: "matematica",
        LECTURA: "lectura",
        MATEMATICA: "matematica",
      },
      { required: true, what: "lectura or matematica" },
    ),
    anio: numberField({ required: true, integer: true, min: 2007, max: 2100 }),
    pct_previo_inicio: pct(),
    pct_en_inicio: pct(),
    pct_en_proceso: pct(),
    pct_satisfactorio: pct(),
  }) as unknown as SourceSpec["schema"],
  key: ["grupo", "categoria", "area", "anio"],
  area: { column: "ubigeo", level: "department" },
  reshape: byYear,
  derive: (row: Row, options) => {
    const name = String(row.categoria);
    const scope =
      row.grupo === "region" ? dreScope(name) : { ubigeo: null, ambito: "estrato" as const };
    return Object.assign(row, {
      categoria: row.grupo === "region" ? name.toUpperCase() : name.toLowerCase(),
      grado: row.grado ?? options.grade ?? "4P",
      ubigeo: scope?.ubigeo ?? null,
      ambito: scope?.ambito ?? null,
    });
  },
  check: (row) => {
    if (row.grupo === "region" && row.ubigeo === null)
      return {
        column: "categoria",
        reason: `"${String(row.categoria)}" is not a DRE name (expected a department, LIMA METROPOLITANA, LIMA PROVINCIAS or CALLAO)`,
      };
    if (row.grupo === "estrato" && !(STRATA as readonly string[]).includes(String(row.categoria)))
      return {
        column: "categoria",
        reason: `"${String(row.categoria)}" is not a UMC stratum (${STRATA.join(", ")})`,
      };
    return undefined;
  },
};
