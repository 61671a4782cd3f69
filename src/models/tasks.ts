import { z } from "zod";
import { indicatorTable, publishedDatasets } from "../analytics/index.ts";
import { NotFoundError, UsageError } from "../errors/index.ts";
import { sql, type Store } from "../storage/index.ts";
import type { FeatureMatrix } from "./matrix.ts";
import type { Objective } from "./metrics.ts";

/** A modelling table: features, target (NaN where unknown), the spatial block of each row. */
export interface TaskTable {
  readonly task: TaskId;
  readonly objective: Objective;
  readonly target: string;
  readonly unit: "district" | "premises";
  /** Row keys: ubigeo or código de local. */
  readonly keys: readonly string[];
  readonly labels: readonly (string | null)[];
  readonly groups: readonly string[];
  readonly x: FeatureMatrix;
  readonly y: Float64Array;
  readonly datasetVersions: Readonly<Record<string, string>>;
  readonly synthetic: readonly string[];
}

export const TASKS = {
  poverty: {
    objective: "regression",
    unit: "district",
    target: "pobreza",
    features: ["altitud", "densidad", "idh"],
    optional: ["ruralidad"],
    describe: {
      es: "pobreza monetaria distrital 2018 a partir de altitud, densidad, IDH y ruralidad",
      en: "2018 district monetary poverty from altitude, density, HDI and rurality",
    },
  },
  learning: {
    objective: "regression",
    unit: "district",
    target: "matematica_satisfactorio",
    // Only real sources: the residuals (better or worse than expected) must not come from the
    // synthetic school tables.
    features: ["pobreza", "altitud", "densidad", "idh", "desercion_primaria", "atraso_primaria"],
    optional: ["ruralidad", "hogares_internet", "hogares_electricidad", "hogares_agua"],
    describe: {
      es: "% satisfactorio en matemática por distrito (ENLA 2024) a partir de su contexto real (residuos: mejor o peor de lo esperado)",
      en: "district % satisfactory in mathematics (ENLA 2024) from its real context (residuals: better or worse than expected)",
    },
  },
  household_internet: {
    objective: "regression",
    unit: "district",
    target: "hogares_internet",
    features: ["pobreza", "altitud", "densidad", "idh"],
    optional: ["ruralidad", "hogares_electricidad"],
    describe: {
      es: "% de hogares con internet por distrito (Censo 2017) a partir de pobreza, altitud, densidad, IDH y ruralidad",
      en: "district % of households with internet (2017 Census) from poverty, altitude, density, HDI and rurality",
    },
  },
  devices: {
    objective: "regression",
    unit: "district",
    target: "hogares_sin_computadora",
    features: ["pobreza", "altitud", "densidad", "idh", "locales_internet"],
    optional: ["ruralidad"],
    describe: {
      es: "% de hogares sin computadora por distrito (base de la necesidad de dispositivos por escuela)",
      en: "district % of households without a computer (the basis of device need per school)",
    },
  },
  connectivity: {
    objective: "binary",
    unit: "premises",
    target: "tiene_internet",
    features: [
      "alumnos",
      "rural",
      "tiene_electricidad",
      "tiene_agua_red",
      "acceso_minutos",
      "altitud",
      "pobreza",
      "densidad",
      "idh",
    ],
    describe: {
      es: "probabilidad de que un local escolar tenga internet, donde el censo no lo dice",
      en: "probability that school premises have internet where the census does not say",
    },
  },
} as const satisfies Record<
  string,
  {
    objective: Objective;
    unit: "district" | "premises";
    target: string;
    features: readonly string[];
    /** Features used when the workspace has them (sources found only in a mirror folder). */
    optional?: readonly string[];
    describe: { es: string; en: string };
  }
>;

export type TaskId = keyof typeof TASKS;

export function taskById(id: string): (typeof TASKS)[TaskId] & { id: TaskId } {
  if (!(id in TASKS))
    throw new UsageError(
      "BRECHA_USAGE",
      `unknown model task "${id}"; known: ${Object.keys(TASKS).join(", ")}`,
    );
  return { ...TASKS[id as TaskId], id: id as TaskId };
}

function matrix(
  names: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<number | null>>,
): FeatureMatrix {
  const cols = names.length;
  const data = new Float64Array(rows.length * cols);
  rows.forEach((row, i) => row.forEach((v, f) => (data[i * cols + f] = v ?? NaN)));
  return { rows: rows.length, cols, names, data };
}

/**
 * Builds a task's table from the workspace's current dataset versions: district tasks from the
 * indicator catalogue (ratios of sums), the connectivity task from the latest Censo Educativo
 * premises with their schools and district context.
 */
export async function buildTaskTable(
  store: Store,
  id: string,
  { groupBy = "department" }: { groupBy?: "department" | "province" } = {},
): Promise<TaskTable> {
  const task = taskById(id);
  if (task.unit === "district") {
    const optional: readonly string[] = "optional" in task ? task.optional : [];
    const table = await indicatorTable(store, {
      level: "district",
      ids: [...task.features, ...optional, task.target],
    });
    const features = [
      ...task.features,
      ...optional.filter((f) => !table.unavailable.some((u) => u.id === f)),
    ];
    const missing = table.unavailable
      .filter((u) => !optional.includes(u.id))
      .map((u) => `${u.id} (needs ${u.missing.join(", ")})`);
    if (missing.length > 0)
      throw new NotFoundError(
        "BRECHA_NOT_FOUND",
        `task ${task.id} needs indicators the workspace cannot compute: ${missing.join("; ")}`,
      );
    const areas = table.areas;
    return {
      task: task.id,
      objective: task.objective,
      target: task.target,
      unit: "district",
      keys: areas.map((a) => a.code),
      labels: areas.map((a) => a.name),
      groups: areas.map((a) => (groupBy === "province" ? a.code.slice(0, 4) : a.code.slice(0, 2))),
      x: matrix(
        features,
        areas.map((a) => features.map((f) => a.values[f] ?? null)),
      ),
      y: Float64Array.from(areas, (a) => a.values[task.target] ?? NaN),
      datasetVersions: table.datasetVersions,
      synthetic: table.synthetic,
    };
  }
  const { available, synthetic, versions } = await publishedDatasets(store);
  for (const needed of ["school_premises", "schools", "districts"])
    if (!available.has(needed))
      throw new NotFoundError(
        "BRECHA_NOT_FOUND",
        `task ${task.id} needs ${needed} in the workspace: run \`brecha up\` or ingest it`,
      );
  const context = await indicatorTable(store, {
    level: "district",
    ids: ["altitud", "pobreza", "densidad", "idh"],
  });
  const byDistrict = new Map(context.areas.map((a) => [a.code, a.values]));
  const rows = await store.query(
    sql`WITH s AS (SELECT codigo_local, sum(coalesce(alumnos, 0)) AS alumnos,
                       max(CASE WHEN area = 'rural' THEN 1 ELSE 0 END) AS rural FROM schools GROUP BY codigo_local)
     SELECT l.codigo_local AS key, l.ubigeo, CAST(s.alumnos AS DOUBLE) AS alumnos, CAST(s.rural AS DOUBLE) AS rural,
            CAST(l.tiene_electricidad AS DOUBLE) AS tiene_electricidad, CAST(l.tiene_agua_red AS DOUBLE) AS tiene_agua_red,
            CAST(l.acceso_minutos AS DOUBLE) AS acceso_minutos, CAST(l.tiene_internet AS DOUBLE) AS target
     FROM school_premises l LEFT JOIN s USING (codigo_local)
     WHERE l.anio = (SELECT max(anio) FROM school_premises) AND l.ubigeo IS NOT NULL
     ORDER BY l.codigo_local`,
    z.object({
      key: z.string(),
      ubigeo: z.string(),
      alumnos: z.number().nullable(),
      rural: z.number().nullable(),
      tiene_electricidad: z.number().nullable(),
      tiene_agua_red: z.number().nullable(),
      acceso_minutos: z.number().nullable(),
      target: z.number().nullable(),
    }),
  );
  const features = task.features;
  return {
    task: task.id,
    objective: task.objective,
    target: task.target,
    unit: "premises",
    keys: rows.map((r) => r.key),
    labels: rows.map((r) => r.ubigeo),
    groups: rows.map((r) => (groupBy === "province" ? r.ubigeo.slice(0, 4) : r.ubigeo.slice(0, 2))),
    x: matrix(
      features,
      rows.map((r) => {
        const d = byDistrict.get(r.ubigeo) ?? {};
        return [
          r.alumnos,
          r.rural,
          r.tiene_electricidad,
          r.tiene_agua_red,
          r.acceso_minutos,
          d.altitud ?? null,
          d.pobreza ?? null,
          d.densidad ?? null,
          d.idh ?? null,
        ];
      }),
    ),
    y: Float64Array.from(rows, (r) => r.target ?? NaN),
    datasetVersions: {
      ...context.datasetVersions,
      ...Object.fromEntries(["school_premises", "schools"].map((d) => [d, versions[d] ?? ""])),
    },
    synthetic: [
      ...new Set([
        ...context.synthetic,
        ...["school_premises", "schools"].filter((d) => synthetic.has(d)),
      ]),
    ],
  };
}
