import { haversineKm } from "../../domain/index.ts";
import { BrechaError, UsageError } from "../../errors/index.ts";
import { deviceWords, type PlanLang } from "../reasons.ts";
import { whileSolving, type ProgressSink } from "../progress.ts";
import { INFINITY, solveMip, type MipModel, type MipResult } from "../solve-mip.ts";

/** A school premises with its predicted need of devices for remote learners. */
export interface DeviceSchool {
  readonly codigoLocal: string;
  readonly ubigeo: string;
  readonly lon: number;
  readonly lat: number;
  /** Students expected to lack a device at home (a model's prediction, or an estimate). */
  readonly need: number;
  /** Priority weight of unmet need (poverty, rurality…); higher is served first. */
  readonly priority: number;
  /** No internet where the students live: each device goes with a data plan. */
  readonly needsDataPlan: boolean;
  /** No electricity: each device goes with a solar charger. */
  readonly needsSolarCharger: boolean;
  readonly terrainFactor: number;
  /** Approved school requests behind part of the need (observed demand), if any. */
  readonly requests?: readonly number[];
}

/** A stock point (UGEL warehouse) with what it holds. */
export interface StockPoint {
  readonly id: string;
  readonly lon: number;
  readonly lat: number;
  readonly tablets: number;
  readonly dataPlans: number;
  readonly solarChargers: number;
}

export interface DevicePlanOptions {
  /** Transport cost per device and terrain-adjusted km, PEN. */
  readonly costPerDeviceKm?: number;
  /** Each school may be served by its `nearest` stock points only (keeps the model small). */
  readonly nearest?: number;
  readonly timeLimitS?: number;
  /** The language of the reasons (default Spanish). */
  readonly lang?: PlanLang;
  /** Told of each phase and how much of the time limit the solver has used. */
  readonly onProgress?: ProgressSink;
}

export interface DeviceShipment {
  readonly from: string;
  readonly codigoLocal: string;
  readonly devices: number;
  readonly bundle: "tablet" | "tablet+data" | "tablet+solar" | "tablet+data+solar";
  readonly km: number;
  readonly costPen: number;
}

export interface DevicePlan {
  readonly shipments: readonly DeviceShipment[];
  readonly delivered: number;
  readonly need: number;
  readonly unmet: number;
  /** Σ priority × unmet, the first objective. */
  readonly weightedUnmet: number;
  readonly transportCostPen: number;
  readonly bundles: Readonly<Record<DeviceShipment["bundle"], number>>;
  /** Schools left short, the highest priority first, with why. */
  readonly shortfalls: ReadonlyArray<{
    codigoLocal: string;
    need: number;
    delivered: number;
    why: string;
  }>;
  readonly stockLeft: ReadonlyArray<{
    id: string;
    tablets: number;
    dataPlans: number;
    solarChargers: number;
  }>;
  readonly status: string;
  readonly assumptions: readonly string[];
}

const bundleOf = (s: DeviceSchool): DeviceShipment["bundle"] =>
  s.needsDataPlan
    ? s.needsSolarCharger
      ? "tablet+data+solar"
      : "tablet+data"
    : s.needsSolarCharger
      ? "tablet+solar"
      : "tablet";

/** What validation makes of a distribution's inputs: the arcs each needy school may be served
 * by (its `nearest` stock points, terrain-adjusted km) and the options resolved. */
export interface DeviceProblem {
  readonly schools: readonly DeviceSchool[];
  readonly stock: readonly StockPoint[];
  readonly arcs: ReadonlyArray<{ school: number; point: number; km: number }>;
  /** Schools with a need, in order: one demand row and one unmet column each. */
  readonly needy: ReadonlyArray<{ s: DeviceSchool; i: number }>;
  readonly costPerDeviceKm: number;
  readonly nearest: number;
  readonly timeLimitS: number;
  readonly lang: PlanLang;
}

/** Checks the inputs (stock to ship from, needs ≥ 0, priorities > 0) and lays out the arcs. */
export function validateDeviceInputs(
  schools: readonly DeviceSchool[],
  stock: readonly StockPoint[],
  options: DevicePlanOptions = {},
): DeviceProblem {
  const { costPerDeviceKm = 0.05, nearest = 3, timeLimitS = 60, lang = "es" } = options;
  if (stock.length === 0) throw NO_STOCK();
  for (const s of schools)
    if (!(s.need >= 0) || !(s.priority > 0))
      throw new UsageError(
        "BRECHA_USAGE",
        `school ${s.codigoLocal}: need must be ≥ 0 and priority > 0`,
        { es: `local ${s.codigoLocal}: la necesidad debe ser ≥ 0 y la prioridad > 0` },
      );
  if (!(costPerDeviceKm >= 0) || !(Number.isInteger(nearest) && nearest >= 1))
    throw new UsageError(
      "BRECHA_USAGE",
      `the cost per device-km must be ≥ 0 and the nearest stock points a whole number ≥ 1, got ${costPerDeviceKm} and ${nearest}`,
      {
        es: `el costo por dispositivo-km debe ser ≥ 0 y los almacenes más cercanos un entero ≥ 1; se recibió ${costPerDeviceKm} y ${nearest}`,
      },
    );
  const arcs: Array<{ school: number; point: number; km: number }> = [];
  schools.forEach((s, i) => {
    if (s.need <= 0) return;
    stock
      .map((w, j) => ({ j, km: s.terrainFactor * haversineKm([s.lon, s.lat], [w.lon, w.lat]) }))
      .sort((a, b) => a.km - b.km)
      .slice(0, nearest)
      .forEach(({ j, km }) => arcs.push({ school: i, point: j, km }));
  });
  const needy = schools.map((s, i) => ({ s, i })).filter(({ s }) => s.need > 0);
  return { schools, stock, arcs, needy, costPerDeviceKm, nearest, timeLimitS, lang };
}

/**
 * The distribution as an LP: one flow column per arc and one unmet column per needy school. Rows:
 * per needy school, Σ flows + unmet = need; per stock point, the tablets, data plans and solar
 * chargers its flows take, within what it holds. Minimise priority-weighted unmet need, then
 * transport cost: a lexicographic objective folded into one, with a weight on unmet need larger
 * than any arc's cost.
 */
export function buildDeviceModel(problem: DeviceProblem): MipModel {
  const { schools, stock, arcs, needy, costPerDeviceKm } = problem;
  const maxArcCost = arcs.reduce((m, a) => Math.max(m, a.km * costPerDeviceKm), 0);
  const bigM = (maxArcCost + 1) * 10;
  const numCols = arcs.length + needy.length;
  const demandRow = new Map(needy.map(({ i }, k) => [i, k]));
  const base = needy.length;
  const entries: Array<Array<[number, number]>> = Array.from({ length: numCols }, () => []);
  arcs.forEach((a, c) => {
    const school = schools[a.school]!;
    entries[c]!.push([demandRow.get(a.school)!, 1], [base + 3 * a.point, 1]);
    if (school.needsDataPlan) entries[c]!.push([base + 3 * a.point + 1, 1]);
    if (school.needsSolarCharger) entries[c]!.push([base + 3 * a.point + 2, 1]);
  });
  needy.forEach(({ i }, k) => entries[arcs.length + k]!.push([demandRow.get(i)!, 1]));
  const numRows = base + 3 * stock.length;
  const rowLower = new Float64Array(numRows);
  const rowUpper = new Float64Array(numRows);
  needy.forEach(({ s }, k) => (rowLower[k] = rowUpper[k] = s.need));
  stock.forEach((w, j) => {
    rowLower.fill(-INFINITY, base + 3 * j, base + 3 * j + 3);
    rowUpper[base + 3 * j] = w.tablets;
    rowUpper[base + 3 * j + 1] = w.dataPlans;
    rowUpper[base + 3 * j + 2] = w.solarChargers;
  });
  const starts = new Int32Array(numCols + 1);
  const indices: number[] = [];
  const values: number[] = [];
  entries.forEach((list, c) => {
    starts[c] = indices.length;
    for (const [r, v] of list) {
      indices.push(r);
      values.push(v);
    }
  });
  starts[numCols] = indices.length;
  const colCost = new Float64Array(numCols);
  arcs.forEach((a, c) => (colCost[c] = a.km * costPerDeviceKm));
  needy.forEach(({ s }, k) => (colCost[arcs.length + k] = bigM * s.priority));
  return {
    numCols,
    numRows,
    colCost,
    colLower: new Float64Array(numCols),
    colUpper: new Float64Array(numCols).fill(INFINITY),
    rowLower,
    rowUpper,
    starts,
    indices: Int32Array.from(indices),
    values: Float64Array.from(values),
    integrality: new Int32Array(numCols),
  };
}

/**
 * Distributes devices from stock points to schools in three steps: validate the inputs
 * (`validateDeviceInputs`), build and solve the LP (`buildDeviceModel`), explain the result
 * (`explainDevicePlan`). Each device travels with the data plan and solar charger its school needs,
 * as the 2020-21 national tablet programme bundled them.
 */
export async function planDevices(
  schools: readonly DeviceSchool[],
  stock: readonly StockPoint[],
  options: DevicePlanOptions = {},
): Promise<DevicePlan> {
  options.onProgress?.({ phase: "building", percent: 5 });
  const problem = validateDeviceInputs(schools, stock, options);
  const model = buildDeviceModel(problem);
  const result = await whileSolving(options.onProgress, problem.timeLimitS, () =>
    solveMip(model, { timeLimitS: problem.timeLimitS }),
  );
  options.onProgress?.({ phase: "explaining", percent: 80 });
  if (result.x.length !== model.numCols)
    throw new BrechaError(
      "BRECHA_SOLVER",
      `HiGHS ended with status ${result.status} and no distribution`,
      { es: `HiGHS terminó con el estado ${result.status} y sin distribución` },
    );
  return explainDevicePlan(problem, result);
}

/**
 * Whole devices from the LP's flows (each rounded down, then the leftovers handed to the most
 * urgent short schools, nearest stock first, so every stock bound still holds), as shipments with
 * their bundles and costs, the schools left short with why, and the stock left.
 */
export function explainDevicePlan(problem: DeviceProblem, result: MipResult): DevicePlan {
  const { schools, stock, arcs, needy, costPerDeviceKm, nearest } = problem;
  const words = deviceWords(problem.lang);
  // Whole devices: floor every flow, then hand leftovers to the most urgent short schools.
  const left = stock.map((w) => ({
    tablets: w.tablets,
    dataPlans: w.dataPlans,
    solarChargers: w.solarChargers,
  }));
  const delivered = new Float64Array(schools.length);
  const flows = arcs.map((a, c) => {
    const devices = Math.max(0, Math.floor(result.x[c]! + 1e-6));
    return { ...a, devices };
  });
  const take = (a: { school: number; point: number }, n: number) => {
    const s = schools[a.school]!;
    const w = left[a.point]!;
    w.tablets -= n;
    if (s.needsDataPlan) w.dataPlans -= n;
    if (s.needsSolarCharger) w.solarChargers -= n;
    delivered[a.school]! += n;
  };
  for (const f of flows) if (f.devices > 0) take(f, f.devices);
  const flowsOf: Array<typeof flows> = schools.map(() => []);
  for (const f of flows) flowsOf[f.school]!.push(f);
  const canGive = (a: { school: number; point: number }) => {
    const s = schools[a.school]!;
    const w = left[a.point]!;
    return (
      w.tablets >= 1 &&
      (!s.needsDataPlan || w.dataPlans >= 1) &&
      (!s.needsSolarCharger || w.solarChargers >= 1)
    );
  };
  for (const { s, i } of [...needy].sort((a, b) => b.s.priority - a.s.priority)) {
    for (const f of [...flowsOf[i]!].sort((a, b) => a.km - b.km)) {
      while (delivered[i]! < Math.floor(s.need) && canGive(f)) {
        take(f, 1);
        f.devices++;
      }
    }
  }
  const shipments = flows
    .filter((f) => f.devices > 0)
    .map((f) => ({
      from: stock[f.point]!.id,
      codigoLocal: schools[f.school]!.codigoLocal,
      devices: f.devices,
      bundle: bundleOf(schools[f.school]!),
      km: Math.round(f.km * 10) / 10,
      costPen: Math.round(f.devices * f.km * costPerDeviceKm * 100) / 100,
    }));
  const bundles = { tablet: 0, "tablet+data": 0, "tablet+solar": 0, "tablet+data+solar": 0 };
  for (const sh of shipments) bundles[sh.bundle] += sh.devices;
  const totalNeed = needy.reduce((a, { s }) => a + Math.floor(s.need), 0);
  const totalDelivered = shipments.reduce((a, sh) => a + sh.devices, 0);
  const shortfalls = needy
    .filter(({ s, i }) => delivered[i]! < Math.floor(s.need))
    .sort((a, b) => b.s.priority - a.s.priority)
    .slice(0, 50)
    .map(({ s, i }) => {
      const reachable = flowsOf[i]!.map((f) => left[f.point]!);
      const why = reachable.every((w) => w.tablets < 1)
        ? words.noTablets(nearest)
        : s.needsDataPlan && reachable.every((w) => w.dataPlans < 1)
          ? words.noData
          : s.needsSolarCharger && reachable.every((w) => w.solarChargers < 1)
            ? words.noSolar
            : words.priority;
      return {
        codigoLocal: s.codigoLocal,
        need: Math.floor(s.need),
        delivered: delivered[i]!,
        why,
      };
    });
  return {
    shipments,
    delivered: totalDelivered,
    need: totalNeed,
    unmet: totalNeed - totalDelivered,
    weightedUnmet: needy.reduce(
      (a, { s, i }) => a + s.priority * (Math.floor(s.need) - delivered[i]!),
      0,
    ),
    transportCostPen: Math.round(shipments.reduce((a, sh) => a + sh.costPen, 0) * 100) / 100,
    bundles,
    shortfalls,
    stockLeft: stock.map((w, j) => ({ id: w.id, ...left[j]! })),
    status: result.status,
    assumptions: words.assumptions(costPerDeviceKm, nearest),
  };
}

/** A plan's headline figures, as saved with a scenario and compared side by side. */
export function devicePlanSummary(plan: DevicePlan): Record<string, number> {
  return {
    delivered: plan.delivered,
    need: plan.need,
    deliveredPct: Math.round((10_000 * plan.delivered) / Math.max(1, plan.need)) / 100,
    transportPen: plan.transportCostPen,
  };
}

const NO_STOCK = () =>
  new BrechaError("BRECHA_INFEASIBLE", "no stock points: add at least one warehouse with devices", {
    es: "no hay almacenes: agregue al menos uno con dispositivos",
  });
