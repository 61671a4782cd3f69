import { z } from "zod";
import { StorageError } from "../errors/index.ts";

/** Table name of a version: the dataset plus the first 16 hex digits of its content hash. */
export function versionTableName(dataset: string, versionId: string): string {
  return `${dataset}__v${versionId.slice(0, 16)}`;
}

/** Checks every row a query returned against the caller's schema (the same for every engine); any
 * zod schema will do, including the small build's shared answer schemas of `src/contract`. */
export function validateRows<Row>(
  raw: readonly Record<string, unknown>[],
  rows: z.core.$ZodType<Row>,
  sql: string,
): Row[] {
  return raw.map((row, i) => {
    const parsed = z.safeParse(rows, row);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new StorageError(
        "BRECHA_ROW_SHAPE",
        `query row ${i + 1} does not match the expected shape: ${issue?.path.join(".") ?? ""} ${issue?.message ?? ""}`,
        { details: { sql: sql.slice(0, 500), row } },
      );
    }
    return parsed.data;
  });
}
