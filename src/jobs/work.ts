import { buildTaskTable, trainTask, type ModelRecord } from "../models/index.ts";
import {
  currentDatasetVersions,
  devicePlanSummary,
  hubPlanSummary,
  infraPlanSummary,
  loadDeviceInputs,
  loadHubPlaces,
  loadInfraSites,
  planDevices,
  planHubs,
  planInfrastructure,
  withApprovedServices,
  type ObservedDeviceDemand,
  type ObservedServiceDemand,
  type PlanProgress,
} from "../optimise/index.ts";
import type { Store } from "../storage/index.ts";

/** The kinds of long work the server runs as jobs. */
export type JobKind = "plan-infra" | "plan-devices" | "plan-hubs" | "train";

export const JOB_KINDS: readonly JobKind[] = ["plan-infra", "plan-devices", "plan-hubs", "train"];

/** What a job's input looks like, per kind (validated by the route that submits it). */
export interface JobInputs {
  "plan-infra": {
    department?: string | undefined;
    /** Services approved in school requests, per premises (added by the server). */
    observed?: ObservedServiceDemand[] | undefined;
    budgetPen: number;
    objective: "benefit" | "maxmin";
    ugelFloorsPen: Record<string, number>;
    ugelCapsPen: Record<string, number>;
    mustDo: string[];
    mustNot: string[];
    timeLimitS: number;
    save?: string | undefined;
    lang: "es" | "en";
  };
  "plan-devices": {
    department?: string | undefined;
    /** Approved school requests per premises (added by the server from its operational store). */
    observed?: ObservedDeviceDemand[] | undefined;
    tablets: number;
    dataPlans?: number | undefined;
    solarChargers?: number | undefined;
    shareRural: number;
    shareUrban: number;
    timeLimitS: number;
    save?: string | undefined;
    lang: "es" | "en";
  };
  "plan-hubs": {
    department?: string | undefined;
    p: number;
    radiusKm: number;
    objective: "coverage" | "median" | "set-cover" | "center";
    candidates: "urban" | "all";
    existing: string[];
    capacity?: number | undefined;
    openingCostPen?: number | undefined;
    budgetPen?: number | undefined;
    siteCostsPen: Record<string, number>;
    timeLimitS: number;
    save?: string | undefined;
    lang: "es" | "en";
  };
  train: {
    task: string;
    learner: "gbt" | "linear" | "mlp";
    folds: number;
    seed: number;
    groupBy: "department" | "province";
  };
}

/** What a finished job hands back: the result the client reads, and what the server keeps. */
export interface JobOutput {
  readonly result: unknown;
  /** Headline figures (a scenario's summary). */
  readonly summary: Record<string, number>;
  /** Solver or training wall time, and the proven gap when there is one. */
  readonly seconds: number;
  readonly gap: number | null;
  /** The dataset versions the work read. */
  readonly datasetVersions: Record<string, string>;
  /** A trained model, for the registry (training only). */
  readonly model?: ModelRecord;
}

export type Progress = (progress: PlanProgress) => void;

/** Items of a plan with the coordinates of the place or premises each names (null if unknown). */
function withCoordinates<T extends object, L extends { lon: number | null; lat: number | null }>(
  items: readonly T[],
  keyOf: (item: T) => string,
  locations: readonly L[],
  locationKey: (location: L) => string,
): Array<T & { lon: number | null; lat: number | null }> {
  const at = new Map(locations.map((l) => [locationKey(l), l]));
  return items.map((item) => {
    const where = at.get(keyOf(item));
    return { ...item, lon: where?.lon ?? null, lat: where?.lat ?? null };
  });
}

const byPremises = (item: { codigoLocal: string }) => item.codigoLocal;

/** Times the solve and reads the dataset versions the work saw. */
async function timed<P>(
  store: Store,
  solve: () => Promise<P>,
): Promise<{ plan: P; seconds: number; datasetVersions: Record<string, string> }> {
  const datasetVersions = await currentDatasetVersions(store);
  const started = performance.now();
  const plan = await solve();
  return { plan, seconds: (performance.now() - started) / 1000, datasetVersions };
}

/** Runs one job's work against a store, telling `progress` where it has got to. */
export async function performJob<K extends JobKind>(
  kind: K,
  input: JobInputs[K],
  store: Store,
  progress: Progress,
): Promise<JobOutput> {
  progress({ phase: "loading", percent: 1 });
  switch (kind) {
    case "plan-infra": {
      const body = input as JobInputs["plan-infra"];
      const loaded = await loadInfraSites(store, { department: body.department });
      const { sites, observed } = withApprovedServices(loaded.sites, body.observed ?? []);
      const { synthetic } = loaded;
      const { plan, seconds, datasetVersions } = await timed(store, () =>
        planInfrastructure(sites, {
          lang: body.lang,
          budgetPen: body.budgetPen,
          objective: body.objective,
          ugelFloorsPen: body.ugelFloorsPen,
          ugelCapsPen: body.ugelCapsPen,
          mustDo: body.mustDo,
          mustNot: body.mustNot,
          timeLimitS: body.timeLimitS,
          onProgress: progress,
        }),
      );
      const summary = infraPlanSummary(plan);
      return {
        result: {
          ...plan,
          premises: sites.length,
          chosen: withCoordinates(plan.chosen, byPremises, sites, byPremises),
          observed,
          summary,
          synthetic,
        },
        summary,
        seconds,
        gap: plan.gap,
        datasetVersions,
      };
    }
    case "plan-devices": {
      const { save: _save, lang, timeLimitS, ...stock } = input as JobInputs["plan-devices"];
      const inputs = await loadDeviceInputs(store, { ...stock, lang });
      const { plan, seconds, datasetVersions } = await timed(store, () =>
        planDevices(inputs.schools, inputs.stock, { lang, timeLimitS, onProgress: progress }),
      );
      const summary = devicePlanSummary(plan);
      const requestsOf = new Map(inputs.schools.map((s) => [s.codigoLocal, s.requests ?? []]));
      return {
        result: {
          ...plan,
          shipments: withCoordinates(plan.shipments, byPremises, inputs.schools, byPremises).map(
            (s) => ({ ...s, requests: [...(requestsOf.get(s.codigoLocal) ?? [])] }),
          ),
          observed: inputs.observed,
          assumptions: [...inputs.assumptions, ...plan.assumptions],
          summary,
          synthetic: inputs.synthetic,
        },
        summary,
        seconds,
        // The transport model reports no gap; it is 0 only when HiGHS proved it optimal.
        gap: plan.status === "optimal" ? 0 : null,
        datasetVersions,
      };
    }
    case "plan-hubs": {
      const body = input as JobInputs["plan-hubs"];
      const { places, populationNote } = await loadHubPlaces(store, {
        department: body.department,
      });
      const { plan, seconds, datasetVersions } = await timed(store, () =>
        planHubs(places, {
          lang: body.lang,
          p: body.p,
          radiusKm: body.radiusKm,
          objective: body.objective,
          candidateRule: body.candidates,
          existing: body.existing,
          ...(body.capacity === undefined ? {} : { capacity: body.capacity }),
          ...(body.openingCostPen === undefined ? {} : { openingCostPen: body.openingCostPen }),
          ...(body.budgetPen === undefined ? {} : { budgetPen: body.budgetPen }),
          ...(Object.keys(body.siteCostsPen ?? {}).length === 0
            ? {}
            : { siteCostsPen: new Map(Object.entries(body.siteCostsPen)) }),
          populationNote,
          timeLimitS: body.timeLimitS,
          onProgress: progress,
        }),
      );
      const summary = hubPlanSummary(plan);
      return {
        result: {
          ...plan,
          hubs: withCoordinates(
            plan.hubs,
            (h) => h.code,
            places,
            (p) => p.code,
          ),
          summary,
        },
        summary,
        seconds,
        gap: plan.gap,
        datasetVersions,
      };
    }
    case "train": {
      const body = input as JobInputs["train"];
      progress({ phase: "building", percent: 5 });
      const table = await buildTaskTable(store, body.task, { groupBy: body.groupBy });
      progress({ phase: "solving", percent: 10 });
      const { record, seconds, datasetVersions } = await timed(store, () =>
        trainTask(table, {
          learner: body.learner,
          k: body.folds,
          seed: body.seed,
          groupBy: body.groupBy,
        }).then((r) => r.record),
      ).then((t) => ({ ...t, record: t.plan }));
      const { model: _model, profile: _profile, ...described } = record;
      return {
        result: described,
        summary: { ...record.metrics.overall },
        seconds,
        gap: null,
        datasetVersions,
        model: record,
      };
    }
  }
  throw new Error(`unknown job kind ${String(kind)}`);
}
