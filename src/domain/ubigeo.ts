/**
 * INEI ubigeo codes: department `DD`, province `DDPP`, district `DDPPdd`.
 *
 * Codes are text. Spreadsheets often turn `010101` into the number `10101`, so a 5-digit input
 * that becomes a valid district code once padded is accepted and flagged as `repaired`, so the
 * caller can say so (MINAM's district file has 3,656 such rows). Source: INEI, "Código de Ubicación
 * Geográfica" (https://www.inei.gob.pe/), which fixes departments 01..25 (Callao is 07).
 */
export type UbigeoLevel = "department" | "province" | "district";

export interface ParsedUbigeo {
  /** The canonical code: 2, 4 or 6 digits with leading zeros. */
  readonly ubigeo: string;
  readonly level: UbigeoLevel;
  /** True when a leading zero had been lost and was restored. */
  readonly repaired: boolean;
}

export type UbigeoParseResult =
  | { readonly ok: true; readonly value: ParsedUbigeo }
  | { readonly ok: false; readonly expected: string };

const LEVEL_BY_LENGTH: Record<number, UbigeoLevel> = {
  2: "department",
  4: "province",
  6: "district",
};

/** Highest department code in the INEI list (25 = Ucayali). */
export const MAX_DEPARTMENT_CODE = 25;

/**
 * Parses a ubigeo written at any level, tolerating surrounding blanks, the padded forms used by
 * some map files (`010000` for a department, `010100` for a province) when `allowPadded` is set,
 * and a lost leading zero (`10101` → `010101`).
 *
 * @example parseUbigeo("10101") // { ok: true, value: { ubigeo: "010101", level: "district", repaired: true } }
 */
export function parseUbigeo(
  input: string | number,
  { level, allowPadded = false }: { level?: UbigeoLevel; allowPadded?: boolean } = {},
): UbigeoParseResult {
  let text = typeof input === "number" ? String(input) : input.trim();
  if (text.endsWith(".0")) text = text.slice(0, -2); // numbers read from spreadsheets
  if (!/^\d+$/.test(text)) {
    return { ok: false, expected: expectedText(level) };
  }
  let repaired = false;
  if (text.length % 2 === 1 && text.length <= 5) {
    text = "0" + text;
    repaired = true;
  }
  if (allowPadded && text.length === 6) {
    if (level === "department" && text.endsWith("0000")) text = text.slice(0, 2);
    else if (level === "province" && text.endsWith("00")) text = text.slice(0, 4);
  }
  const found = LEVEL_BY_LENGTH[text.length];
  if (found === undefined || (level !== undefined && found !== level)) {
    return { ok: false, expected: expectedText(level) };
  }
  const department = Number(text.slice(0, 2));
  if (department < 1 || department > MAX_DEPARTMENT_CODE) {
    return { ok: false, expected: `department code 01-${MAX_DEPARTMENT_CODE}` };
  }
  for (let i = 2; i < text.length; i += 2) {
    if (text.slice(i, i + 2) === "00") return { ok: false, expected: expectedText(level) };
  }
  return { ok: true, value: { ubigeo: text, level: found, repaired } };
}

function expectedText(level: UbigeoLevel | undefined): string {
  switch (level) {
    case "department":
      return "a 2-digit department ubigeo (01-25)";
    case "province":
      return "a 4-digit province ubigeo (DDPP)";
    case "district":
      return "a 6-digit district ubigeo (DDPPdd)";
    default:
      return "a ubigeo of 2, 4 or 6 digits";
  }
}

/** The department code (`DD`) of any ubigeo. */
export function departmentOf(ubigeo: string): string {
  return ubigeo.slice(0, 2);
}

/** The province code (`DDPP`) of a province or district ubigeo. */
export function provinceOf(ubigeo: string): string {
  if (ubigeo.length < 4) throw new RangeError(`provinceOf: "${ubigeo}" is a department code`);
  return ubigeo.slice(0, 4);
}

/** The level a canonical code belongs to. */
export function levelOf(ubigeo: string): UbigeoLevel {
  const level = LEVEL_BY_LENGTH[ubigeo.length];
  if (level === undefined) throw new RangeError(`levelOf: "${ubigeo}" is not a canonical ubigeo`);
  return level;
}
