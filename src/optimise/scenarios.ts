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
