import { censoHogaresTic } from "./censo-hogares-tic/spec.ts";
import { censoLocales } from "./censo-locales/spec.ts";
import { censoServicios } from "./censo-servicios/spec.ts";
import { escaleTrayectoria } from "./escale-trayectoria/spec.ts";
import { umcRegiones } from "./umc-regiones/spec.ts";
import { centrosPoblados } from "./centros-poblados/spec.ts";
import { ineiDistritos } from "./inei-distritos/spec.ts";
import { ineiPobreza2018 } from "./inei-pobreza-2018/spec.ts";
import {
  limitesDepartamentos,
  limitesDistritos,
  limitesProvincias,
  WEB_TOLERANCE,
} from "./limites/spec.ts";
import { minamPoblacion } from "./minam-poblacion/spec.ts";
import { padron } from "./padron/spec.ts";
import type { SourceSpec } from "./source-spec.ts";
import { ubigeoDepartamento, ubigeoDistrito, ubigeoProvincia } from "./ubigeo-atributos/spec.ts";
import { umcResultados } from "./umc-resultados/spec.ts";

/** Every source Brecha can read, by id. */
export const SOURCES: readonly SourceSpec[] = [
  ineiDistritos,
  ubigeoDistrito,
  ubigeoProvincia,
  ubigeoDepartamento,
  ineiPobreza2018,
  minamPoblacion,
  centrosPoblados,
  limitesDistritos,
  limitesProvincias,
  limitesDepartamentos,
  padron,
  censoLocales,
  umcResultados,
  umcRegiones,
  escaleTrayectoria,
  censoServicios,
  censoHogaresTic,
];

/** The source with this id, or undefined. */
export function sourceById(id: string): SourceSpec | undefined {
  return SOURCES.find((s) => s.id === id);
}

export {
  normalizeHeader,
  type SourceSpec,
  type ColumnSpec,
  type ColumnType,
  type CellValue,
  type Row,
  type SourceOptions,
  type Bilingual,
} from "./source-spec.ts";
export {
  normalizeTable,
  HeaderProblem,
  type NormalizedTable,
  type QuarantineRecord,
  type NormalizeStats,
} from "./normalize-table.ts";
export { CATALOGUE, workspaceEntries, type CatalogueEntry } from "./catalogue.ts";
export {
  readRawTable,
  detectFormat,
  FormatError,
  parseEncodingName,
  decodeBytes,
  TEXT_ENCODINGS,
  type RawTable,
  type FileFormat,
  type TextEncoding,
} from "./formats/index.ts";
export { foldLabel, isMissing } from "./fields.ts";
export { NIVEL_BY_NIV_MOD } from "./padron/spec.ts";
export { readSourceFile, archiveSourceFile, type SourceFile } from "./read-source-file.ts";
export { resolveSource, type ResolvedSource } from "./resolve-source.ts";
export {
  STARTER_DIR,
  starterFiles,
  findStarterFile,
  starterManifestMarkdown,
  type StarterFile,
} from "./starter-pack.ts";
export { dreScope } from "./umc-regiones/spec.ts";
export {
  generateDemo,
  demoDistrictsFromPlaces,
  DEMO_TARGETS,
  type DemoWorkspace,
  type DemoTable,
  type DemoDistrict,
} from "./synthetic/index.ts";
export { guessSource } from "./guess-source.ts";
export { createRandom, normal } from "../domain/index.ts";
export { dataDictionaryMarkdown } from "./data-dictionary.ts";
export { WEB_TOLERANCE };
