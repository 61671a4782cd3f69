import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { readJsonFile } from "../domain/index.ts";
import { BrechaError } from "../errors/index.ts";
import { higherIsBetter } from "./metrics.ts";
import { parseRecord, type ModelRecord } from "./model-file.ts";

/** For each task, alias (production, candidate…) → model id. */
export type ModelAliases = Record<string, Record<string, string>>;
const ALIASES = z.record(z.string(), z.record(z.string(), z.string()));

/** What a promotion did: the new production model, the one it replaced, and why. */
export interface Promotion {
  readonly promoted: ModelRecord;
  readonly replaced: ModelRecord | null;
  readonly reason: string;
}

/**
 * Whether a candidate may become the production model of its task: only if it beats the current
 * production model on the same folds (the same task, fold assignment and target) on the primary
 * metric. The first model of a task is promoted without comparison; `force` skips the check.
 * Throws BRECHA_MODEL_MISMATCH with the figures when it may not.
 */
export function promotion(
  candidate: ModelRecord,
  current: ModelRecord | null,
  { force = false } = {},
): Promotion {
  const metric = primaryMetric(candidate);
  if (current && current.id !== candidate.id && !force) {
    if (current.folds.assignment !== candidate.folds.assignment)
      throw new BrechaError(
        "BRECHA_MODEL_MISMATCH",
        `model ${candidate.id} was validated on other folds than production ${current.id} (other data or blocks): retrain both on the same data to compare them, or pass --force`,
      );
    const better = higherIsBetter(metric)
      ? candidate.metrics.overall[metric]! > current.metrics.overall[metric]!
      : candidate.metrics.overall[metric]! < current.metrics.overall[metric]!;
    if (!better)
      throw new BrechaError(
        "BRECHA_MODEL_MISMATCH",
        `model ${candidate.id} does not beat production ${current.id} on ${metric} over the same folds (${candidate.metrics.overall[metric]!.toFixed(4)} vs ${current.metrics.overall[metric]!.toFixed(4)})`,
      );
  }
  return {
    promoted: candidate,
    replaced: current && current.id !== candidate.id ? current : null,
    reason: current
      ? `${metric} ${candidate.metrics.overall[metric]!.toFixed(4)} vs ${current.metrics.overall[metric]!.toFixed(4)} on the same folds`
      : "first production model of the task",
  };
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

/** A model as an earlier Brecha kept it: its file's text, checked. */
export interface ModelFile {
  readonly record: ModelRecord;
  readonly text: string;
}

/**
 * The model registry an earlier Brecha kept in a folder (`<id>.json` per model, named by its
 * content hash, and `aliases.json`), read to be moved into the operational store; a damaged file
 * stops the move with the file's name.
 */
export function readModelFolder(dir: string): { models: ModelFile[]; aliases: ModelAliases } {
  if (!existsSync(dir)) return { models: [], aliases: {} };
  const models = readdirSync(dir)
    .filter((f) => /^[0-9a-f]{16}\.json$/.test(f))
    .sort()
    .map((f) => {
      const text = readFileSync(join(dir, f), "utf8");
      return { record: parseRecord(text, join(dir, f)), text };
    });
  const aliases = readJsonFile(join(dir, "aliases.json"), ALIASES, {
    missing: () => ({}),
    remedy: "Delete it and promote the models again (brecha models promote).",
  });
  return { models, aliases };
}
