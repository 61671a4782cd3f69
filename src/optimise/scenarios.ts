import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { SCENARIO_NAME, SCENARIO_NAME_RULE } from "../contract/index.ts";
import { z } from "zod";
import { StorageError, UsageError } from "../errors/index.ts";
import type { Store } from "../storage/index.ts";

/**
 * A record of a plan that was solved: what was asked, the solver's outputs and figures, who ran it
 * and when, and the dataset versions it read. Only the planners write one (never from figures a
 * client sends), and a name is never overwritten: saving again makes the next version.
 */
export interface Scenario {
  readonly name: string;
  /** 1, 2, …: each save of a name is a new version; the old ones stay readable. */
  readonly version: number;
  readonly kind: "hubs" | "infra" | "devices";
  readonly createdAt: string;
  /** Who ran the plan: `api:<role>:<key fingerprint>`, `cli:<user>`, `pipeline:<name>`. */
  readonly createdBy: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly summary: Readonly<Record<string, number | string>>;
  readonly plan: unknown;
  /** Solver wall time and proven gap, when the planner reports them. */
  readonly solver?: { readonly seconds: number; readonly gap: number | null } | undefined;
  /** The dataset versions the plan was computed from. */
  readonly datasetVersions?: Readonly<Record<string, string>> | undefined;
}

/** A plan to save: the store numbers the version, dates it and records who saved it. */
export type NewScenario = Omit<Scenario, "createdAt" | "version" | "createdBy">;

/** A scenario as stored; `version` and `createdBy` are absent from the oldest files. */
const SCENARIO_RECORD = z.object({
  name: z.string(),
  version: z.number().int().min(1).optional(),
  kind: z.enum(["hubs", "infra", "devices"]),
  createdAt: z.string(),
  createdBy: z.string().optional(),
  params: z.record(z.string(), z.unknown()),
  summary: z.record(z.string(), z.union([z.number(), z.string()])),
  plan: z.unknown(),
  solver: z.object({ seconds: z.number(), gap: z.number().nullable() }).optional(),
  datasetVersions: z.record(z.string(), z.string()).optional(),
});

/** Checks a scenario name (letters, digits, - and _), in both languages. */
export function checkScenarioName(name: string): string {
  if (!SCENARIO_NAME.test(name))
    throw new UsageError(
      "BRECHA_USAGE",
      `a scenario name has ${SCENARIO_NAME_RULE.en} (got "${name}")`,
      { es: `un nombre de escenario tiene ${SCENARIO_NAME_RULE.es} (se recibió "${name}")` },
    );
  return name;
}

/** A scenario from its stored JSON text; `version` stands in for records written before
 * versions were kept. */
export function parseScenario(text: string, source: string, version: number): Scenario {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = SCENARIO_RECORD.safeParse(json);
  if (!parsed.success)
    throw new StorageError(
      "BRECHA_STORAGE",
      `${source} is not a saved scenario (${parsed.error.issues[0]?.path.join(".") || "(root)"}: ${parsed.error.issues[0]?.message})`,
      {
        es: `${source} no es un escenario guardado (${parsed.error.issues[0]?.path.join(".") || "(raíz)"}: ${parsed.error.issues[0]?.message})`,
      },
    );
  return {
    ...parsed.data,
    createdBy: parsed.data.createdBy ?? "unknown",
    version: parsed.data.version ?? version,
  };
}

/** The current dataset versions of a store, as a scenario records them. */
export async function currentDatasetVersions(store: Store): Promise<Record<string, string>> {
  return Object.fromEntries(
    (await store.versions())
      .filter((v) => v.current)
      .map((v) => [v.dataset, v.versionId] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

/** A scenario as an earlier Brecha kept it: its file's text, checked. */
export interface ScenarioFile {
  readonly scenario: Scenario;
  readonly text: string;
}

/**
 * The scenarios an earlier Brecha kept in a folder (`<name>/v0001.json` …, and a flat
 * `<name>.json` from before versions, read as version 1), read to be moved into the operational
 * store; a damaged file stops the move with the file's name.
 */
export function readScenarioFolder(dir: string): ScenarioFile[] {
  if (!existsSync(dir)) return [];
  const found: ScenarioFile[] = [];
  const read = (path: string, version: number) => {
    const text = readFileSync(path, "utf8");
    found.push({ scenario: parseScenario(text, path, version), text });
  };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith(".json")) {
      const name = entry.name.slice(0, -".json".length);
      const versioned = join(dir, name, "v0001.json");
      if (SCENARIO_NAME.test(name) && !existsSync(versioned)) read(join(dir, entry.name), 1);
    } else if (entry.isDirectory() && SCENARIO_NAME.test(entry.name))
      for (const f of readdirSync(join(dir, entry.name)).sort()) {
        const m = /^v(\d{4,})\.json$/.exec(f);
        if (m) read(join(dir, entry.name, f), Number(m[1]));
      }
  }
  return found.sort(
    (a, b) =>
      a.scenario.name.localeCompare(b.scenario.name) || a.scenario.version - b.scenario.version,
  );
}

/** Two scenarios of the same kind side by side: what was asked, the figures and the sites. */
export interface ScenarioComparison {
  readonly kind: Scenario["kind"];
  readonly a: string;
  readonly b: string;
  readonly params: ReadonlyArray<{ key: string; a: unknown; b: unknown }>;
  readonly figures: ReadonlyArray<{
    key: string;
    a: number | string | null;
    b: number | string | null;
    delta: number | null;
  }>;
  /** Sites (hub places, premises:intervention, premises receiving devices) in one plan or both. */
  readonly sites: { onlyA: string[]; onlyB: string[]; both: number };
}

/** The sites a saved plan chose, as comparable keys. */
function sitesOf(scenario: Scenario): Set<string> {
  const plan = scenario.plan as {
    hubs?: Array<{ code?: unknown }>;
    chosen?: Array<{ codigoLocal?: unknown; kind?: unknown }>;
    shipments?: Array<{ codigoLocal?: unknown }>;
  } | null;
  const keys =
    scenario.kind === "hubs"
      ? (plan?.hubs ?? []).map((h) => String(h.code))
      : scenario.kind === "infra"
        ? (plan?.chosen ?? []).map((c) => `${String(c.codigoLocal)}:${String(c.kind)}`)
        : (plan?.shipments ?? []).map((s) => String(s.codigoLocal));
  return new Set(keys);
}

/** Compares two saved scenarios; they must plan the same kind of thing. */
export function compareScenarios(left: Scenario, right: Scenario): ScenarioComparison {
  if (left.kind !== right.kind)
    throw new UsageError(
      "BRECHA_USAGE",
      `scenarios "${left.name}" (${left.kind}) and "${right.name}" (${right.kind}) plan different things`,
      {
        es: `los escenarios "${left.name}" (${left.kind}) y "${right.name}" (${right.kind}) planifican cosas distintas`,
      },
    );
  const union = (x: object, y: object) => [...new Set([...Object.keys(x), ...Object.keys(y)])];
  const sa = sitesOf(left);
  const sb = sitesOf(right);
  return {
    kind: left.kind,
    a: left.name,
    b: right.name,
    params: union(left.params, right.params).map((key) => ({
      key,
      a: left.params[key] ?? null,
      b: right.params[key] ?? null,
    })),
    figures: union(left.summary, right.summary).map((key) => {
      const a = left.summary[key] ?? null;
      const b = right.summary[key] ?? null;
      return {
        key,
        a,
        b,
        delta: typeof a === "number" && typeof b === "number" ? b - a : null,
      };
    }),
    sites: {
      onlyA: [...sa].filter((k) => !sb.has(k)).sort(),
      onlyB: [...sb].filter((k) => !sa.has(k)).sort(),
      both: [...sa].filter((k) => sb.has(k)).length,
    },
  };
}
