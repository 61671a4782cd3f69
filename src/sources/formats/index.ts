export {
  readRawTable,
  detectFormat,
  FormatError,
  type FileFormat,
  type RawTable,
} from "./read-table.ts";
export { readCsvRecords, detectDelimiter, type CsvRecord, type CsvDelimiter } from "./csv.ts";
export { readDbf, type DbfField, type DbfTable } from "./dbf.ts";
export { readXlsxRows, listXlsxSheets } from "./xlsx.ts";
export { readGeoJsonTable, boundingBox, GEOMETRY_FIELD, BBOX_FIELD } from "./geojson.ts";
export {
  decodeText,
  detectEncoding,
  decodeBytes,
  parseEncodingName,
  TEXT_ENCODINGS,
  type TextEncoding,
  type DecodedText,
} from "./encoding.ts";
