/**
 * MINEDU school identifiers, as published in the ESCALE padrón:
 * - `codigoModular` (COD_MOD): 7 digits, one per educational service (level/modality);
 * - `anexo` (ANEXO): 1 digit, 0 for the main service and 1-9 for annexes;
 * - `codigoLocal` (CODLOCAL): 6 digits, one per school premises (local escolar), shared by services;
 * - centro poblado (CODCP_INEI): INEI's 10-digit code, the district ubigeo plus 4 digits.
 * Source: MINEDU ESCALE, "Padrón de Instituciones Educativas, diccionario de datos".
 * Leading zeros are lost by spreadsheets just as with ubigeos; shorter numeric inputs are padded
 * and flagged.
 */
export type CodeParseResult =
  | { readonly ok: true; readonly value: string; readonly repaired: boolean }
  | { readonly ok: false; readonly expected: string };

function parseDigits(input: string, width: number, what: string): CodeParseResult {
  let text = input.trim();
  if (text.endsWith(".0")) text = text.slice(0, -2);
  if (!/^\d+$/.test(text) || text.length > width || /^0+$/.test(text)) {
    return { ok: false, expected: `${what}: ${width} digits` };
  }
  return { ok: true, value: text.padStart(width, "0"), repaired: text.length < width };
}

/** @example parseCodigoModular("254078") // { ok: true, value: "0254078", repaired: true } */
export function parseCodigoModular(input: string): CodeParseResult {
  return parseDigits(input, 7, "código modular");
}

/** @example parseCodigoLocal("32754") // { ok: true, value: "032754", repaired: true } */
export function parseCodigoLocal(input: string): CodeParseResult {
  return parseDigits(input, 6, "código de local");
}

/** ANEXO is a single digit; blank means the main service (0). */
export function parseAnexo(input: string): CodeParseResult {
  const text = input.trim();
  if (text === "") return { ok: true, value: "0", repaired: true };
  if (!/^\d$/.test(text)) return { ok: false, expected: "anexo: one digit 0-9" };
  return { ok: true, value: text, repaired: false };
}

/** @example parseCentroPoblado("101010001") // { ok: true, value: "0101010001", repaired: true } */
export function parseCentroPoblado(input: string): CodeParseResult {
  const result = parseDigits(input, 10, "código de centro poblado");
  if (!result.ok) return result;
  const department = Number(result.value.slice(0, 2));
  if (department < 1 || department > 25) {
    return { ok: false, expected: "código de centro poblado: starts with a department 01-25" };
  }
  return result;
}

/** The key of an educational service: código modular plus anexo. */
export function serviceKey(codigoModular: string, anexo: string): string {
  return `${codigoModular}-${anexo}`;
}
