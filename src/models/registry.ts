import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { readJsonFile, writeFileAtomically } from "../domain/index.ts";
import { BrechaError, NotFoundError } from "../errors/index.ts";
import { higherIsBetter } from "./metrics.ts";
import { parseRecord, type ModelRecord } from "./model-file.ts";

/** aliases.json: for each task, alias (production, candidate…) → model id. */
const ALIASES = z.record(z.string(), z.record(z.string(), z.string()));

/**
 * The model registry: one JSON file per model (named by its content hash) in `<home>/models`, and
 * `aliases.json` mapping task → alias (production, candidate, …) → model id. Files are written to
 * a temporary name and renamed, so a crash never leaves half a model.
 */
export class ModelRegistry {
  constructor(readonly dir: string) {}

  private writeAtomic(path: string, text: string): void {
    mkdirSync(this.dir, { recursive: true });
    writeFileAtomically(path, text);
  }

  save(record: ModelRecord): void {
    this.writeAtomic(join(this.dir, `${record.id}.json`), JSON.stringify(record));
  }

  list(): ModelRecord[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((f) => /^[0-9a-f]{16}\.json$/.test(f))
      .map((f) => parseRecord(readFileSync(join(this.dir, f), "utf8"), f))
      .sort((a, b) => b.trainedAt.localeCompare(a.trainedAt));
  }

  aliases(): Record<string, Record<string, string>> {
    const path = join(this.dir, "aliases.json");
    return readJsonFile(path, ALIASES, {
      missing: () => ({}),
      remedy: "Delete it and promote the models again (brecha models promote).",
    });
  }

  /** A model by id (or unique id prefix), or by `task:alias`. */
  get(ref: string): ModelRecord {
    const [task, alias] = ref.split(":");
    let id = ref;
    if (alias !== undefined) {
      const found = this.aliases()[task!]?.[alias];
      if (!found)
        throw new NotFoundError("BRECHA_NOT_FOUND", `no model is ${alias} for task ${task}`);
      id = found;
    }
    const matches = existsSync(this.dir)
      ? readdirSync(this.dir).filter((f) => f.startsWith(id) && /^[0-9a-f]{16}\.json$/.test(f))
      : [];
    if (matches.length !== 1)
      throw new NotFoundError(
        "BRECHA_NOT_FOUND",
        `${matches.length === 0 ? "no" : "more than one"} model matches "${ref}"; see \`brecha models list\``,
      );
    return parseRecord(readFileSync(join(this.dir, matches[0]!), "utf8"), matches[0]!);
  }

  /** Like `get`, and a bare task name means that task's production model. */
  resolve(ref: string): ModelRecord {
    return this.get(ref.includes(":") || /^[0-9a-f]{4,16}$/.test(ref) ? ref : `${ref}:production`);
  }

  setAlias(task: string, alias: string, id: string): void {
    const all = this.aliases();
    all[task] = { ...all[task], [alias]: id };
    this.writeAtomic(join(this.dir, "aliases.json"), JSON.stringify(all, null, 2));
  }

  /**
   * Makes a candidate the production model of its task, only if it beats the current production
   * model on the same folds: the same task, fold assignment and target, and a better mean score
   * on the primary metric. The first model of a task is promoted without comparison.
   */
  promote(
    ref: string,
    { force = false } = {},
  ): { promoted: ModelRecord; replaced: ModelRecord | null; reason: string } {
    const candidate = this.get(ref);
    const currentId = this.aliases()[candidate.task]?.production;
    const current = currentId ? this.get(currentId) : null;
    if (current && current.id !== candidate.id && !force) {
      if (current.folds.assignment !== candidate.folds.assignment)
        throw new BrechaError(
          "BRECHA_MODEL_MISMATCH",
          `model ${candidate.id} was validated on other folds than production ${current.id} (other data or blocks): retrain both on the same data to compare them, or pass --force`,
        );
      const metric = primaryMetric(candidate);
      const better = higherIsBetter(metric)
        ? candidate.metrics.overall[metric]! > current.metrics.overall[metric]!
        : candidate.metrics.overall[metric]! < current.metrics.overall[metric]!;
      if (!better)
        throw new BrechaError(
          "BRECHA_MODEL_MISMATCH",
          `model ${candidate.id} does not beat production ${current.id} on ${metric} over the same folds (${candidate.metrics.overall[metric]!.toFixed(4)} vs ${current.metrics.overall[metric]!.toFixed(4)})`,
        );
    }
    this.setAlias(candidate.task, "production", candidate.id);
    const metric = primaryMetric(candidate);
    return {
      promoted: candidate,
      replaced: current && current.id !== candidate.id ? current : null,
      reason: current
        ? `${metric} ${candidate.metrics.overall[metric]!.toFixed(4)} vs ${current.metrics.overall[metric]!.toFixed(4)} on the same folds`
        : "first production model of the task",
    };
  }
}

export function primaryMetric(record: Pick<ModelRecord, "objective">): string {
  return record.objective === "regression" ? "rmse" : "logLoss";
}

/** A short hash of a fold assignment and the rows it applies to. */
export function foldAssignmentHash(
  keys: readonly string[],
  folds: Int32Array,
  target: Float64Array,
): string {
  const hash = createHash("sha256");
  keys.forEach((k, i) => hash.update(`${k}:${folds[i]}:${target[i]}\n`));
  return hash.digest("hex").slice(0, 16);
}
