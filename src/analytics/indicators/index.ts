export { INDICATORS, indicatorById, type Indicator, type Direction } from "./catalogue.ts";
export {
  indicatorTable,
  type IndicatorTable,
  type AreaValues,
  type Level,
} from "./indicator-values.ts";
export { baseTableSql, publishedDatasets, type IndicatorFilters } from "./base-table.ts";
