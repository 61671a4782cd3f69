import { existsSync, readFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { StorageError } from "../errors/index.ts";
import { readModelFolder } from "../models/index.ts";
import { readScenarioFolder } from "../optimise/index.ts";
import { RESOURCE, type Resource } from "../resources/index.ts";
import type { MigrationContext } from "./migrations.ts";

// What earlier Brecha releases kept as files in the workspace, and which schema step moves each
// into the operational store. A file (or folder) moved is renamed `<name>.imported`, kept, and not
// read again.

const LEGACY = [
  { path: "resources.json", step: 5 },
  { path: "scenarios", step: 6 },
  { path: "models", step: 6 },
] as const;

/** The files of an earlier release found in the workspace, read and checked: a damaged one stops
 * the store's opening with its name, before anything is changed. */
export function readLegacyFiles(home: string): MigrationContext {
  const at = (path: string) => join(home, path);
  return {
    legacyResources: existsSync(at("resources.json"))
      ? resourcesIn(at("resources.json"))
      : undefined,
    legacyScenarios: existsSync(at("scenarios")) ? readScenarioFolder(at("scenarios")) : undefined,
    legacyModels: existsSync(at("models")) ? readModelFolder(at("models")) : undefined,
  };
}

/** Renames what the schema steps just applied have moved into the store. */
export function retireLegacyFiles(home: string, applied: readonly number[]): void {
  for (const { path, step } of LEGACY)
    if (applied.includes(step) && existsSync(join(home, path)))
      renameSync(join(home, path), join(home, `${path}.imported`));
}

/** The resources an older Brecha kept in the workspace's resources.json. */
function resourcesIn(file: string): Resource[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    json = error;
  }
  const parsed = z.array(RESOURCE).safeParse(json);
  if (!parsed.success)
    throw new StorageError(
      "BRECHA_STORAGE",
      `${file} is not a list of learning resources (${parsed.error.issues[0]?.message}); fix or move it aside, then start again`,
      {
        es: `${file} no es una lista de recursos de aprendizaje (${parsed.error.issues[0]?.message}); corríjalo o apártelo y vuelva a iniciar`,
      },
    );
  return parsed.data;
}
