// What the server and the dashboard share: rules and formats with one definition each. Pure
// modules only (no Node, no DOM), so both sides can import them.
export { csvCell, csvLine, needsCsvQuotes, quoteCsv } from "./csv.ts";
export {
  SCENARIO_NAME,
  SCENARIO_NAME_PATTERN,
  SCENARIO_NAME_RULE,
  scenarioNameField,
} from "./names.ts";
export * from "./field.ts";
export * from "./near.ts";
export * from "./responses.ts";
