export {
  parseUbigeo,
  departmentOf,
  provinceOf,
  levelOf,
  MAX_DEPARTMENT_CODE,
  type ParsedUbigeo,
  type UbigeoLevel,
  type UbigeoParseResult,
} from "./ubigeo.ts";
export {
  parseCodigoModular,
  parseCodigoLocal,
  parseAnexo,
  parseCentroPoblado,
  serviceKey,
  type CodeParseResult,
} from "./school-codes.ts";
export { DEPARTMENTS, INEI_2025_COUNTS, departmentName } from "./departments.ts";
export type {
  ColumnType,
  CellValue,
  ColumnDef,
  QuarantineRecord,
  Provenance,
  DatasetVersion,
} from "./dataset.ts";
export { createRandom, normal } from "./random.ts";
export { haversineKm } from "./geo.ts";
export { corruptFile, readJsonFile, writeFileAtomically } from "./files.ts";
export {
  simplifyTopology,
  simplifyTopologyAt,
  type PolygonGeometry,
  type Position,
} from "./simplify-topology.ts";
