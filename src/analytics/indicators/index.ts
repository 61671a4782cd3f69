export {
  INDICATORS,
  indicatorById,
  type Indicator,
  type Direction,
  type Series,
} from "./catalogue.ts";
export {
  indicatorTable,
  indicatorCatalogue,
  officialResults,
  type CatalogueEntry as IndicatorCatalogueEntry,
  type IndicatorTable,
  type AreaValues,
  type Level,
} from "./indicator-values.ts";
export { baseTableSql, publishedDatasets, type IndicatorFilters } from "./base-table.ts";
