import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SCENARIO_NAME, SCENARIO_NAME_RULE } from "../contract/index.ts";
import { z } from "zod";
import { readJsonFile } from "../domain/index.ts";
import { NotFoundError, UsageError } from "../errors/index.ts";
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

export type NewScenario = Omit<Scenario, "createdAt" | "version">;

/** A scenario file as read back; `version` and `createdBy` are absent from the oldest ones. */
const SCENARIO_FILE = z.object({
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

/** The current dataset versions of a store, as a scenario records them. */
export async function currentDatasetVersions(store: Store): Promise<Record<string, string>> {
  return Object.fromEntries(
    (await store.versions())
      .filter((v) => v.current)
      .map((v) => [v.dataset, v.versionId] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

/**
 * Scenarios as JSON files, one folder per name (`<home>/scenarios/<name>/v0001.json` …), each
 * version created exclusively so two saves of one name at once get two versions. A flat
 * `<name>.json` written by earlier releases reads as version 1.
 */
export class ScenarioStore {
  constructor(readonly dir: string) {}

  private checked(name: string): string {
    if (!SCENARIO_NAME.test(name))
      throw new UsageError(
        "BRECHA_USAGE",
        `a scenario name has ${SCENARIO_NAME_RULE.en} (got "${name}")`,
        { es: `un nombre de escenario tiene ${SCENARIO_NAME_RULE.es} (se recibió "${name}")` },
      );
    return name;
  }

  private legacy(name: string): string {
    return join(this.dir, `${this.checked(name)}.json`);
  }

  private versionPath(name: string, version: number): string {
    return join(this.dir, this.checked(name), `v${String(version).padStart(4, "0")}.json`);
  }

  /** The versions of a name, ascending. */
  versions(name: string): number[] {
    const found: number[] = existsSync(this.legacy(name)) ? [1] : [];
    const folder = join(this.dir, this.checked(name));
    if (existsSync(folder))
      for (const f of readdirSync(folder)) {
        const m = /^v(\d{4,})\.json$/.exec(f);
        if (m) found.push(Number(m[1]));
      }
    return [...new Set(found)].sort((a, b) => a - b);
  }

  save(scenario: NewScenario): Scenario {
    const folder = join(this.dir, this.checked(scenario.name));
    mkdirSync(folder, { recursive: true });
    for (let attempt = 0; attempt < 100; attempt++) {
      const version = (this.versions(scenario.name).at(-1) ?? 0) + 1;
      const saved: Scenario = { ...scenario, version, createdAt: new Date().toISOString() };
      try {
        // "wx": fails if another save took this version first; then the next one is tried.
        writeFileSync(this.versionPath(scenario.name, version), JSON.stringify(saved, null, 2), {
          flag: "wx",
        });
        return saved;
      } catch (error) {
        if ((error as { code?: string }).code !== "EEXIST") throw error;
      }
    }
    throw new UsageError(
      "BRECHA_USAGE",
      `too many concurrent saves of scenario "${scenario.name}"`,
      { es: `demasiados guardados simultáneos del escenario "${scenario.name}"` },
    );
  }

  /** The file of a scenario's latest version, or undefined when there is none. */
  latestFile(name: string): string | undefined {
    const latest = this.versions(name).at(-1);
    if (latest === undefined) return undefined;
    return existsSync(this.versionPath(name, latest))
      ? this.versionPath(name, latest)
      : this.legacy(name);
  }

  /** A version of a scenario, the latest by default. */
  get(name: string, version?: number): Scenario {
    const known = this.versions(name);
    const wanted = version ?? known.at(-1);
    if (wanted === undefined || !known.includes(wanted))
      throw new NotFoundError(
        "BRECHA_NOT_FOUND",
        known.length === 0
          ? `no scenario "${name}"; see \`brecha plan scenarios\``
          : `scenario "${name}" has no version ${wanted}; it has ${known.join(", ")}`,
        {
          es:
            known.length === 0
              ? `no existe el escenario "${name}"; vea \`brecha plan scenarios\``
              : `el escenario "${name}" no tiene la versión ${wanted}; tiene ${known.join(", ")}`,
        },
      );
    const path = existsSync(this.versionPath(name, wanted))
      ? this.versionPath(name, wanted)
      : this.legacy(name);
    const record = readJsonFile(path, SCENARIO_FILE, {
      missing: () => {
        throw new NotFoundError("BRECHA_NOT_FOUND", `no scenario file for "${name}"`);
      },
      remedy: "Move it aside; the scenario's other versions stay readable.",
    });
    // Records written before versions (and their author) were kept.
    return {
      ...record,
      createdBy: record.createdBy ?? "unknown",
      version: record.version ?? wanted,
    };
  }

  /** The latest version of every scenario, by name. */
  list(): Scenario[] {
    if (!existsSync(this.dir)) return [];
    const names = new Set<string>();
    for (const f of readdirSync(this.dir, { withFileTypes: true })) {
      const name = f.isDirectory() ? f.name : f.name.replace(/\.json$/, "");
      if (SCENARIO_NAME.test(name) && (f.isDirectory() || f.name.endsWith(".json")))
        names.add(name);
    }
    return [...names]
      .filter((n) => this.versions(n).length > 0)
      .map((n) => this.get(n))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
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
