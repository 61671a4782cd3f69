import { z } from "zod";

/** A saved scenario's name: 1-64 letters, digits, ".", "-" or "_". The one rule, for the store,
 * the API, the pipelines and the dashboard's form (`SCENARIO_NAME_PATTERN` is its HTML pattern). */
export const SCENARIO_NAME_PATTERN = "[\\w.\\-]{1,64}";
export const SCENARIO_NAME = new RegExp(`^${SCENARIO_NAME_PATTERN}$`, "v");
export const SCENARIO_NAME_RULE = {
  en: "1-64 letters, digits, '.', '-' or '_'",
  es: "de 1 a 64 letras, dígitos, '.', '-' o '_'",
} as const;

/** The name as a schema field; its message is the rule in English (the API translates it). */
export const scenarioNameField = () => z.string().regex(SCENARIO_NAME, SCENARIO_NAME_RULE.en);
