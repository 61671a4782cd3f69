import { z } from "zod";
import { NotFoundError } from "../errors/index.ts";
import { sql, type Store } from "../storage/index.ts";

const ANY_ROW = z.record(z.string(), z.unknown());

/** Every row of a dataset's current version, as the store gives them (for exports). */
export async function datasetRows(
  store: Store,
  dataset: string,
): Promise<Record<string, unknown>[]> {
  if (!(await store.versions(dataset)).some((v) => v.current))
    throw new NotFoundError(
      "BRECHA_NOT_FOUND",
      `dataset "${dataset}" has no published version; see \`brecha versions\``,
      { es: `el conjunto "${dataset}" no tiene una versión publicada; vea \`brecha versions\`` },
    );
  return store.query(sql`SELECT * FROM ${sql.id(dataset)}`, ANY_ROW);
}
