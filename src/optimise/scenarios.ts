import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { NotFoundError, UsageError } from "../errors/index.ts";

/** A saved plan: what was asked, the headline figures and the whole plan. */
export interface Scenario {
  readonly name: string;
  readonly kind: "hubs" | "infra" | "devices";
  readonly createdAt: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly summary: Readonly<Record<string, number | string>>;
  readonly plan: unknown;
}

export const SCENARIO_NAME = /^[\w.-]{1,64}$/;

/** Scenarios as JSON files in `<home>/scenarios`, written atomically (temporary file + rename). */
export class ScenarioStore {
  constructor(readonly dir: string) {}

  private path(name: string): string {
    if (!SCENARIO_NAME.test(name))
      throw new UsageError(
        "BRECHA_USAGE",
        `scenario names use 1-64 letters, digits, ".", "-" and "_" (got "${name}")`,
      );
    return join(this.dir, `${name}.json`);
  }

  save(scenario: Omit<Scenario, "createdAt">): Scenario {
    const saved: Scenario = { ...scenario, createdAt: new Date().toISOString() };
    const path = this.path(scenario.name);
    mkdirSync(this.dir, { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(saved, null, 2));
    renameSync(temporary, path);
    return saved;
  }

  get(name: string): Scenario {
    const path = this.path(name);
    if (!existsSync(path))
      throw new NotFoundError(
        "BRECHA_NOT_FOUND",
        `no scenario "${name}" in ${this.dir}; see \`brecha plan scenarios\``,
      );
    return JSON.parse(readFileSync(path, "utf8")) as Scenario;
  }

  list(): Scenario[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((f) => f.endsWith(".json") && SCENARIO_NAME.test(f.slice(0, -5)))
      .map((f) => this.get(f.slice(0, -5)))
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
