import type { ModelAliases, ModelRecord, Promotion } from "../models/index.ts";
import type { NewScenario, Scenario } from "../optimise/index.ts";
import type { Actor } from "./audit.ts";

/**
 * Saved scenarios and the model registry: what the planners and the learners write, as the
 * operational store keeps it. A pipeline stage, which runs in a process of its own, reaches the
 * same records through the process that started it (see `pipeline/records-channel.ts`), since
 * the embedded store belongs to one process.
 */
export interface PlanningRecords {
  /** Saves a plan as the next version of its name. */
  saveScenario(scenario: NewScenario, actor: Actor): Promise<Scenario>;
  /** A version of a scenario, the latest by default. */
  scenario(name: string, version?: number): Promise<Scenario>;
  /** Every version of a name, oldest first. */
  scenarioHistory(name: string): Promise<Scenario[]>;
  /** The latest version of every scenario (of one kind when asked), by name. */
  scenarios(filter?: { kind?: Scenario["kind"] }): Promise<Scenario[]>;
  /** The content hash of a name's latest version, or null. */
  scenarioHash(name: string): Promise<string | null>;

  /** Registers a trained model as its task's candidate. */
  saveCandidate(record: ModelRecord, actor: Actor): Promise<void>;
  models(): Promise<ModelRecord[]>;
  modelAliases(): Promise<ModelAliases>;
  /** A model by id, unique id prefix or `task:alias`. */
  model(ref: string): Promise<ModelRecord>;
  /** Like `model`, and a bare task name means that task's production model. */
  resolveModel(ref: string): Promise<ModelRecord>;
  /** Makes a model production if it beats the current one on the same folds (or `force`). */
  promoteModel(ref: string, options: { force?: boolean }, actor: Actor): Promise<Promotion>;
}

/** The methods of `PlanningRecords`, the only ones a stage process may ask its parent to run. */
export const PLANNING_RECORD_METHODS = [
  "saveScenario",
  "scenario",
  "scenarioHistory",
  "scenarios",
  "scenarioHash",
  "saveCandidate",
  "models",
  "modelAliases",
  "model",
  "resolveModel",
  "promoteModel",
] as const satisfies ReadonlyArray<keyof PlanningRecords>;
