import type { ColumnSpec, ColumnType } from "./source-spec.ts";

/** Shorthand for a data-dictionary entry: `column(["UBIGEO", "CODGEO"], "text", "Ubigeo del distrito", "District ubigeo")`. */
export function column(
  aliases: readonly string[],
  type: ColumnType,
  es: string,
  en: string,
  extra: { required?: boolean; clearInvalid?: boolean; code?: boolean; unit?: string } = {},
): ColumnSpec {
  return { aliases, type, description: { es, en }, ...extra };
}
