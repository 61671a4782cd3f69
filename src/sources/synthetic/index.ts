export { generateDemo, DEMO_TARGETS, type DemoWorkspace, type DemoTable } from "./generate-demo.ts";
export { demoDistrictsFromPlaces, type DemoDistrict } from "./demo-districts.ts";
