import type { CellValue, ColumnDef } from "../../domain/index.ts";
import { censoHogaresTic } from "../censo-hogares-tic/spec.ts";
import { censoLocales } from "../censo-locales/spec.ts";
import { padron } from "../padron/spec.ts";
import type { SourceSpec } from "../source-spec.ts";
import { umcResultados } from "../umc-resultados/spec.ts";
import type { DemoDistrict } from "./demo-districts.ts";
import { createRandom, normal } from "../../domain/index.ts";

/**
 * Published figures the synthetic demo reproduces. Internet in school premises: MINEDU, Censo
 * Educativo 2020 (ESCALE): 44.2% of premises, 67.1% urban, 30.0% rural. Learning: MINEDU-UMC,
 * ENLA 2024, 4th grade of primary, % satisfactory: 32.8 reading, 29.5 maths nationally; Loreto
 * lowest with 12.8 and 6.3; Tacna highest in maths with 57.0.
 */
export const DEMO_TARGETS = {
  internetUrban: 0.671,
  internetRural: 0.3,
  internetAll: 0.442,
  enla: { lectura: 32.8, matematica: 29.5 },
  anchors: { "16": { lectura: 12.8, matematica: 6.3 }, "23": { matematica: 57.0 } } as Record<
    string,
    Partial<Record<"lectura" | "matematica", number>>
  >,
} as const;

// The urban share of premises that makes 67.1% urban and 30.0% rural add up to 44.2%.
const URBAN_SHARE =
  (DEMO_TARGETS.internetAll - DEMO_TARGETS.internetRural) /
  (DEMO_TARGETS.internetUrban - DEMO_TARGETS.internetRural);
const PEOPLE_PER_PREMISES = 600; // ≈ 34 M people / 57,000 premises
const DEMO_YEAR_CENSUS = 2020;
const DEMO_YEAR_ENLA = 2024;

export interface DemoTable {
  readonly dataset: string;
  readonly columns: readonly ColumnDef[];
  readonly rows: CellValue[][];
}

export interface DemoWorkspace {
  readonly schools: DemoTable;
  readonly premises: DemoTable;
  readonly outcomes: DemoTable;
  /** Household ICT by district (stand-in for the 2017 Census tables): NOT calibrated. */
  readonly households: DemoTable;
  /** Figures the generated data actually show, beside the targets. */
  readonly calibration: Readonly<Record<string, number>>;
}

function tableOf(spec: SourceSpec, objects: Array<Record<string, CellValue>>): DemoTable {
  const columns = Object.entries(spec.columns).map(([name, c]) => ({ name, type: c.type }));
  return {
    dataset: spec.dataset,
    columns,
    rows: objects.map((o) => columns.map((c) => o[c.name] ?? null)),
  };
}

function lognormal(random: () => number, median: number, sd: number): number {
  return Math.exp(normal(random, Math.log(median), sd));
}

/** Chooses exactly `count` items, preferring high scores: a deterministic stratified draw. */
function chooseTop<T>(items: T[], count: number, score: (t: T) => number): Set<T> {
  return new Set(
    [...items]
      .map((t) => ({ t, s: score(t) }))
      .sort((a, b) => b.s - a.s)
      .slice(0, count)
      .map((x) => x.t),
  );
}

interface Premises {
  codigoLocal: string;
  district: DemoDistrict;
  rural: boolean;
  latitude: number;
  longitude: number;
  primaryStudents: number;
}

/**
 * Generates synthetic schools, premises and learning results over the given (real) districts,
 * seeded and deterministic, calibrated to DEMO_TARGETS. Every table it returns is synthetic and
 * must be published as such.
 */
export function generateDemo({
  districts,
  seed,
}: {
  districts: readonly DemoDistrict[];
  seed: number;
}): DemoWorkspace {
  const random = createRandom(seed);
  const premises = placePremises(districts, random);
  const schools = schoolRowsOf(premises, random);
  const { premisesRows, withInternet, urbanList, ruralList } = premisesRowsOf(premises, random);
  const outcomes = generateOutcomes(premises, random);
  const calibration = {
    premises: premises.length,
    schools: schools.length,
    internetAll: withInternet.size / premises.length,
    internetUrban: urbanList.filter((p) => withInternet.has(p)).length / urbanList.length,
    internetRural: ruralList.filter((p) => withInternet.has(p)).length / ruralList.length,
    ...outcomes.calibration,
  };
  return {
    schools: tableOf(padron, schools),
    premises: tableOf(censoLocales, premisesRows),
    outcomes: tableOf(umcResultados, outcomes.rows),
    households: tableOf(censoHogaresTic, generateHouseholds(districts, seed)),
    calibration,
  };
}

/** Premises for each district (one per PEOPLE_PER_PREMISES people), the URBAN_SHARE most urban by
 * a noisy propensity urban, each placed around its district's point (rural ones farther). */
function placePremises(districts: readonly DemoDistrict[], random: () => number): Premises[] {
  const premises: Premises[] = [];
  const propensity = new Map<Premises, number>();
  let localCounter = 200_000;
  for (const district of districts) {
    const shareRural =
      district.shareRural ??
      Math.min(0.95, Math.max(0.05, 1 - Math.log10(district.population) / 6));
    const count = Math.max(1, Math.round(district.population / PEOPLE_PER_PREMISES));
    for (let k = 0; k < count; k++) {
      const p: Premises = {
        codigoLocal: String(++localCounter).padStart(6, "0"),
        district,
        rural: false,
        latitude: 0,
        longitude: 0,
        primaryStudents: 0,
      };
      premises.push(p);
      propensity.set(p, shareRural + normal(random, 0, 0.25));
    }
  }
  const urban = chooseTop(
    premises,
    Math.round(URBAN_SHARE * premises.length),
    (p) => -propensity.get(p)!,
  );
  for (const p of premises) {
    p.rural = !urban.has(p);
    const spread = p.rural ? 0.12 : 0.015;
    p.latitude = round(
      Math.min(-0.05, Math.max(-18.3, p.district.latitude + normal(random, 0, spread))),
      5,
    );
    p.longitude = round(
      Math.min(-68.7, Math.max(-81.3, p.district.longitude + normal(random, 0, spread))),
      5,
    );
  }
  return premises;
}

/** Services: primaria everywhere, inicial and secundaria more often in towns; enrolment and
 * teachers drawn by stratum. */
function schoolRowsOf(
  premises: readonly Premises[],
  random: () => number,
): Array<Record<string, CellValue>> {
  const schools: Array<Record<string, CellValue>> = [];
  let modularCounter = 1_000_000;
  for (const p of premises) {
    const levels: Array<["A2" | "B0" | "F0", number]> = [["B0", 1]];
    if (random() < (p.rural ? 0.7 : 0.95)) levels.push(["A2", 0.35]);
    if (random() < (p.rural ? 0.25 : 0.6)) levels.push(["F0", 0.9]);
    const base = p.rural ? lognormal(random, 28, 0.6) : lognormal(random, 260, 0.5);
    const privada = random() < (p.rural ? 0.03 : 0.3);
    for (const [nivMod, factor] of levels) {
      const alumnos = Math.max(3, Math.round(base * factor));
      if (nivMod === "B0") p.primaryStudents = alumnos;
      const docentes = Math.max(1, Math.round(alumnos / (p.rural ? 12 : 18)));
      const caracteristica =
        nivMod !== "B0"
          ? "no_aplica"
          : docentes === 1
            ? "unidocente"
            : docentes < 6
              ? "multigrado"
              : "completo";
      schools.push({
        codigo_modular: String(++modularCounter).padStart(7, "0"),
        anexo: "0",
        codigo_local: p.codigoLocal,
        nombre: `${privada ? "IEP" : "IE"} ${nivMod === "A2" ? "Inicial" : nivMod === "B0" ? "Primaria" : "Secundaria"} N° ${modularCounter % 90_000} (demo)`,
        niv_mod: nivMod,
        nivel: nivMod === "A2" ? "inicial" : nivMod === "B0" ? "primaria" : "secundaria",
        gestion: privada ? "privada" : "publica",
        area: p.rural ? "rural" : "urbana",
        caracteristica,
        ubigeo: p.district.ubigeo,
        codigo_cp: null,
        codigo_ugel: `${p.district.ubigeo.slice(0, 4)}00`,
        latitud: p.latitude,
        longitud: p.longitude,
        activo: true,
        alumnos,
        docentes,
        secciones: Math.max(1, Math.min(alumnos, Math.round(alumnos / 25))),
      });
    }
  }
  return schools;
}

/** The premises' census rows: internet calibrated exactly within the urban and rural strata,
 * electricity and water after the district's dwellings when known, access by stratum. */
function premisesRowsOf(premises: readonly Premises[], random: () => number) {
  // Premises services: internet calibrated exactly within urban and rural strata; electricity
  // and water are illustrative (not calibrated to a published figure).
  const urbanList = premises.filter((p) => !p.rural);
  const ruralList = premises.filter((p) => p.rural);
  // Within each stratum the premises that get internet are drawn towards districts whose
  // households are connected (2017 Census), when that real figure is known.
  const internetPull = (p: Premises) => {
    const real = p.district.census?.internet;
    return real === null || real === undefined ? -0.3 * (p.district.shareRural ?? 0.5) : 1.5 * real;
  };
  const withInternet = new Set([
    ...chooseTop(
      urbanList,
      Math.round(DEMO_TARGETS.internetUrban * urbanList.length),
      (p) => random() + (p.district.census?.internet ?? 0) * 1.5,
    ),
    ...chooseTop(
      ruralList,
      Math.round(DEMO_TARGETS.internetRural * ruralList.length),
      (p) => random() + internetPull(p),
    ),
  ]);
  const premisesRows = premises.map((p) => {
    const internet = withInternet.has(p);
    // Electricity and water follow the district's dwellings (2017 Census) when known.
    const pElectricity = serviceOdds(p, p.district.census?.electricity, {
      rural: [0.72, 0.25, 0.7],
      urban: [0.97, 0.8, 0.2],
      max: 0.995,
    });
    const pWater = serviceOdds(p, p.district.census?.water, {
      rural: [0.55, 0.15, 0.65],
      urban: [0.92, 0.6, 0.38],
      max: 0.99,
    });
    const electricity = random() < pElectricity || internet;
    const water = random() < pWater;
    const fuenteElectricidad = !electricity
      ? "ninguna"
      : p.rural && random() < 0.2
        ? "solar"
        : "red_publica";
    const fuenteAgua = water
      ? p.rural && random() < 0.3
        ? "pilon"
        : "red_publica"
      : ["pozo", "rio_manantial", "cisterna"][Math.floor(random() * 3)]!;
    return {
      codigo_local: p.codigoLocal,
      anio: DEMO_YEAR_CENSUS,
      ubigeo: p.district.ubigeo,
      tiene_internet: internet,
      tipo_internet: !internet
        ? null
        : p.rural
          ? random() < 0.6
            ? "satelital"
            : "movil"
          : random() < 0.5
            ? "fibra"
            : "adsl",
      fuente_electricidad: fuenteElectricidad,
      tiene_electricidad: fuenteElectricidad !== "ninguna",
      fuente_agua: fuenteAgua,
      tiene_agua_red: fuenteAgua === "red_publica" || fuenteAgua === "pilon",
      agua_todos_los_dias: water ? random() < 0.8 : null,
      acceso_medio: p.rural
        ? random() < 0.5
          ? "a_pie"
          : random() < 0.7
            ? "vehiculo"
            : "fluvial"
        : "vehiculo",
      acceso_minutos: round(p.rural ? lognormal(random, 90, 0.8) : lognormal(random, 15, 0.5), 0),
    };
  });
  return { premisesRows, withInternet, urbanList, ruralList };
}

/**
 * Chance that premises have a service: a fixed share by stratum, or `base + slope × share` of the
 * district's dwellings with it (2017 Census) when known. Strata give [fixed, base, slope].
 */
function serviceOdds(
  premises: Premises,
  realShare: number | null | undefined,
  odds: { rural: [number, number, number]; urban: [number, number, number]; max: number },
): number {
  const [fixed, base, slope] = premises.rural ? odds.rural : odds.urban;
  return realShare === null || realShare === undefined
    ? fixed
    : clamp(base + slope * realShare, 0, odds.max);
}

const PERSONS_PER_HOUSEHOLD = 3.5; // assumed for the demo

/**
 * Household ICT per district for the demo. Where the district's real 2017 Census internet share
 * is known, households with internet are that share and computer ownership is drawn around 1.15
 * times it (an assumption of the demo: national surveys of 2017 put household computer ownership
 * a few points above internet access); elsewhere the shares fall with the rural
 * share (logistic curves with district noise). Drawn from its own seeded generator so the other
 * demo tables do not change.
 */
function generateHouseholds(
  districts: readonly DemoDistrict[],
  seed: number,
): Array<Record<string, CellValue>> {
  const random = createRandom(seed * 7919 + 17);
  const logistic = (v: number) => 1 / (1 + Math.exp(-v));
  return districts.map((d) => {
    const rural =
      d.shareRural ??
      Math.min(0.95, Math.max(0.05, 1 - Math.log10(Math.max(10, d.population)) / 6));
    const hogares = Math.max(1, Math.round(d.population / PERSONS_PER_HOUSEHOLD));
    const noise = normal(random, 0, 0.35);
    const share = (a: number, b: number) =>
      clamp(logistic(a - b * rural + noise + normal(random, 0, 0.15)), 0, 1);
    const internet = d.census?.internet ?? null;
    const withInternet = internet === null ? share(0.2, 3.2) : internet;
    const withComputer =
      internet === null
        ? share(0.1, 2.8)
        : clamp(1.15 * internet + 0.03 + normal(random, 0, 0.03), 0, 1);
    return {
      ubigeo: d.ubigeo,
      anio: 2017,
      hogares,
      hogares_internet: Math.round(hogares * withInternet),
      hogares_computadora: Math.round(hogares * withComputer),
      hogares_celular: Math.round(hogares * share(2.6, 1.6)),
    };
  });
}

function generateOutcomes(premises: readonly Premises[], random: () => number) {
  // Students of primary per district and department: the weights of every mean below.
  const byDistrict = new Map<string, { district: DemoDistrict; students: number; rural: number }>();
  for (const p of premises) {
    const entry = byDistrict.get(p.district.ubigeo) ?? {
      district: p.district,
      students: 0,
      rural: 0,
    };
    entry.students += p.primaryStudents;
    if (p.rural) entry.rural += p.primaryStudents;
    byDistrict.set(p.district.ubigeo, entry);
  }
  const districts = [...byDistrict.values()];
  const departments = new Map<string, { students: number; rural: number }>();
  for (const d of districts) {
    const dep = departments.get(d.district.ubigeo.slice(0, 2)) ?? { students: 0, rural: 0 };
    dep.students += d.students;
    dep.rural += d.rural;
    departments.set(d.district.ubigeo.slice(0, 2), dep);
  }
  const total = districts.reduce((s, d) => s + d.students, 0);
  const nationalRural = districts.reduce((s, d) => s + d.rural, 0) / total;
  const rows: Array<Record<string, CellValue>> = [];
  const calibration: Record<string, number> = {};
  for (const subject of ["lectura", "matematica"] as const) {
    const target = DEMO_TARGETS.enla[subject];
    // Department level: more rural departments do worse; anchored departments take published values;
    // the others are shifted together so that the national weighted mean is the published one.
    const base = new Map<string, number>();
    for (const [code, dep] of departments)
      base.set(code, target - 45 * (dep.rural / dep.students - nationalRural));
    const anchored = new Set<string>();
    for (const [code, values] of Object.entries(DEMO_TARGETS.anchors)) {
      const value = values[subject];
      if (value !== undefined && departments.has(code)) {
        base.set(code, value);
        anchored.add(code);
      }
    }
    const free = [...departments].filter(([code]) => !anchored.has(code));
    const freeStudents = free.reduce((s, [, d]) => s + d.students, 0);
    const currentMean =
      [...departments].reduce((s, [code, d]) => s + base.get(code)! * d.students, 0) / total;
    const shift = freeStudents > 0 ? ((target - currentMean) * total) / freeStudents : 0;
    for (const [code] of free) base.set(code, Math.min(90, Math.max(3, base.get(code)! + shift)));

    // District level: rural districts below their department, noise, then recentred so that each
    // department's weighted mean is its base.
    const values = new Map<string, number>();
    for (const d of districts)
      values.set(
        d.district.ubigeo,
        -20 * (d.rural / Math.max(1, d.students)) + normal(random, 0, 5),
      );
    for (const [code, dep] of departments) {
      const members = districts.filter((d) => d.district.ubigeo.startsWith(code));
      // Clamping to [0.5, 95] moves the mean of very low or high departments; a few rounds of
      // shift-then-clamp bring it back.
      for (let round = 0; round < 20; round++) {
        const mean =
          members.reduce((s, d) => s + values.get(d.district.ubigeo)! * d.students, 0) /
          dep.students;
        for (const d of members)
          values.set(
            d.district.ubigeo,
            clamp(values.get(d.district.ubigeo)! - mean + base.get(code)!, 0.5, 95),
          );
      }
    }
    let weighted = 0;
    for (const d of districts) {
      const s = round(values.get(d.district.ubigeo)!, 1);
      weighted += s * d.students;
      const rest = 100 - s;
      const previo = round(rest * 0.15, 1);
      const inicio = round(rest * 0.35, 1);
      rows.push({
        ubigeo: d.district.ubigeo,
        anio: DEMO_YEAR_ENLA,
        evaluacion: "ENLA",
        grado: "4P",
        area: subject,
        pct_previo_inicio: previo,
        pct_en_inicio: inicio,
        pct_en_proceso: round(rest - previo - inicio, 1),
        pct_satisfactorio: s,
        suprimido: false,
      });
    }
    calibration[`enla_${subject}`] = weighted / total;
    for (const code of Object.keys(DEMO_TARGETS.anchors)) {
      const members = districts.filter((d) => d.district.ubigeo.startsWith(code));
      const students = members.reduce((s, d) => s + d.students, 0);
      if (students > 0)
        calibration[`enla_${subject}_${code}`] =
          members.reduce((s, d) => s + round(values.get(d.district.ubigeo)!, 1) * d.students, 0) /
          students;
    }
  }
  return { rows, calibration };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
