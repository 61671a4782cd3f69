export { inequalityReport, type InequalityReport } from "./inequality-report.ts";
export { hotspots, type HotspotReport, type HotspotDistrict } from "./hotspots.ts";
export { gapReport, type GapReport, type GapLine } from "./gap-report.ts";
export {
  districtTypology,
  DEFAULT_TYPOLOGY_INDICATORS,
  type DistrictTypology,
} from "./district-typology.ts";
