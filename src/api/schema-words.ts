import { SCENARIO_NAME_RULE } from "../contract/index.ts";

/**
 * The Spanish of the custom messages in the API's schemas (zod words its own messages in
 * Spanish through its locale). A message missing here reaches a Spanish reader in English, so
 * every custom message in a route schema has its line; api.test.ts checks a few by name.
 */
export const SCHEMA_MESSAGES_ES: Readonly<Record<string, string>> = {
  [SCENARIO_NAME_RULE.en]: SCENARIO_NAME_RULE.es,
  "3-64 lowercase letters, digits or '-'": "de 3 a 64 letras minúsculas, dígitos o '-'",
  "a 10-digit centro poblado code": "un código de centro poblado de 10 dígitos",
  "a 2-digit department code": "un código de departamento de 2 dígitos",
  "a 4-digit province code": "un código de provincia de 4 dígitos",
  "a 2, 4 or 6-digit ubigeo": "un ubigeo de 2, 4 o 6 dígitos",
  "a 7-digit código modular": "un código modular de 7 dígitos",
  "a job id (20 hex digits)": "un identificador de trabajo (20 dígitos hexadecimales)",
  "a 6-digit code": "un código de 6 dígitos",
  "a 10-digit code": "un código de 10 dígitos",
  "at most 5,000 site costs": "como máximo 5,000 costos de sitio",
};
