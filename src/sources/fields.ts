import { z } from "zod";
import { parseUbigeo, type UbigeoLevel, type CodeParseResult } from "../domain/index.ts";

/**
 * Zod building blocks for source row schemas. Every field takes the raw cell text and either
 * returns a typed value or adds one issue whose message says what was expected and what was found;
 * the ingest report prefixes file, row and column.
 */

// Spellings of "no value" in INEI, MINAM and MINEDU files. "-" is UMC's mark for a suppressed cell.
const MISSING = new Set([
  "",
  "NA",
  "S.I.",
  "S/I",
  "N/A",
  "N.A.",
  "NULL",
  "NAN",
  "-",
  "--",
  "ND",
  "S/D",
  "SIN DATO",
  "SIN INFORMACION",
]);

/** True for cells that mean "no value". */
export function isMissing(text: string): boolean {
  if (text.length === 0) return true;
  const first = text.charCodeAt(0);
  if (first >= 48 && first <= 57) return false; // a digit: the common case in bulk loads
  return text.length <= 16 && MISSING.has(text.toUpperCase());
}

function show(raw: string): string {
  const t = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
  return `"${t}"`;
}

type Out<T> = z.ZodType<T, string>;

/** A cell that could not be parsed, with what was expected. Returned, not thrown, and allocated
 * only on failure: the success path of a bulk load creates no wrapper objects. */
export class Invalid {
  constructor(readonly message: string) {}
}
export type FieldParser<T> = (raw: string) => T | Invalid;

// Each field schema is built from one plain parser, kept here so that bulk loads can call it
// directly: zod's per-object machinery costs ~10 µs a row, which is most of a 180,000-row load.
// The schema and the fast path therefore share a single implementation and cannot disagree.
const PARSERS = new WeakMap<z.ZodType, FieldParser<unknown>>();

function fieldSchema<T>(parse: FieldParser<T>): Out<T> {
  const schema = z.string().transform((raw, ctx) => {
    const result = parse(raw);
    if (!(result instanceof Invalid)) return result;
    ctx.addIssue({ code: "custom", message: result.message, input: raw });
    return z.NEVER;
  });
  PARSERS.set(schema, parse as FieldParser<unknown>);
  return schema;
}

/** The plain parser behind a field schema made here, or undefined for any other schema. */
export function fieldParserOf(schema: z.ZodType): FieldParser<unknown> | undefined {
  return PARSERS.get(schema);
}

const ok = <T>(value: T): T => value;
const fail = (message: string): Invalid => new Invalid(message);

/** Free text, whitespace collapsed; empty means null unless `required`. */
export function textField(opts: { required: true }): Out<string>;
export function textField(opts?: { required?: false }): Out<string | null>;
export function textField({ required = false }: { required?: boolean } = {}): Out<string | null> {
  return fieldSchema((raw) => {
    const t = raw.trim();
    if (t === "" || /^(NA|N\/A|NULL)$/i.test(t))
      return required ? fail("expected a value, the cell is empty") : ok(null);
    return ok(t.includes("  ") || t.includes("\n") ? t.replace(/\s+/g, " ") : t);
  });
}

/** How numbers are written: `plain` 1234.5; `thousands` 1,234.5 (MINAM); `auto` also 12,5 as a
 * decimal comma when the comma is not followed by exactly three digits (UMC spreadsheets). */
export type NumberFormat = "plain" | "thousands" | "auto";

const THOUSANDS = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/;
const DECIMAL_COMMA = /^-?\d+,\d+$/;

export interface NumberOptions {
  required?: boolean;
  integer?: boolean;
  min?: number;
  max?: number;
  format?: NumberFormat;
}

/** A number; NA, blank and "-" mean null unless `required`. */
export function numberField(opts: NumberOptions & { required: true }): Out<number>;
export function numberField(opts?: NumberOptions): Out<number | null>;
export function numberField({
  required = false,
  integer = false,
  min,
  max,
  format = "plain",
}: NumberOptions = {}): Out<number | null> {
  const expected = `expected ${integer ? "a whole number" : "a number"}${min !== undefined && max !== undefined ? ` between ${min} and ${max}` : min !== undefined ? ` of at least ${min}` : ""}`;
  return fieldSchema((raw) => {
    let t = raw.trim();
    if (isMissing(t)) return required ? fail(`${expected}, the cell is empty`) : ok(null);
    if (format !== "plain" && t.includes(",")) {
      if (THOUSANDS.test(t)) t = t.replace(/,/g, "");
      else if (format === "auto" && DECIMAL_COMMA.test(t)) t = t.replace(",", ".");
    }
    const value = t === "" ? NaN : Number(t);
    if (
      !Number.isFinite(value) ||
      (integer && !Number.isInteger(value)) ||
      (min !== undefined && value < min) ||
      (max !== undefined && value > max)
    ) {
      return fail(`${expected}, got ${show(raw)}`);
    }
    return ok(value);
  });
}

/** A percentage, 0 to 100, in either decimal convention. */
export const percentField = () => numberField({ min: 0, max: 100, format: "auto" });

/** An INEI ubigeo at the given level, restoring a lost leading zero. */
export function ubigeoField(opts: {
  level: UbigeoLevel;
  allowPadded?: boolean;
  required?: true;
}): Out<string>;
export function ubigeoField(opts: {
  level: UbigeoLevel;
  allowPadded?: boolean;
  required: false;
}): Out<string | null>;
export function ubigeoField({
  level,
  allowPadded = false,
  required = true,
}: {
  level: UbigeoLevel;
  allowPadded?: boolean;
  required?: boolean;
}): Out<string | null> {
  return fieldSchema((raw) => {
    const t = raw.trim();
    if (isMissing(t))
      return required
        ? fail(`expected a ${level} ubigeo, the cell is empty (missing ubigeo)`)
        : ok(null);
    const parsed = parseUbigeo(t, { level, allowPadded });
    return parsed.ok
      ? ok(parsed.value.ubigeo)
      : fail(`expected ${parsed.expected}, got ${show(raw)}`);
  });
}

/** A fixed-width MINEDU or INEI code (código modular, local, centro poblado). */
export function codeField(
  parse: (raw: string) => CodeParseResult,
  opts: { required: true },
): Out<string>;
export function codeField(
  parse: (raw: string) => CodeParseResult,
  opts?: { required?: false },
): Out<string | null>;
export function codeField(
  parse: (raw: string) => CodeParseResult,
  { required = false }: { required?: boolean } = {},
): Out<string | null> {
  return fieldSchema((raw) => {
    const t = raw.trim();
    if (isMissing(t) && t !== "0")
      return required ? fail("expected a code, the cell is empty") : ok(null);
    const parsed = parse(t);
    return parsed.ok ? ok(parsed.value) : fail(`expected ${parsed.expected}, got ${show(raw)}`);
  });
}

/** Upper case without accents, for matching labels such as "Urbana" / "URBANA" / "urbana". */
export function foldLabel(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .trim()
    .toUpperCase()
    .replace(/\s+/g, " ");
}

/**
 * A coded or labelled value mapped to a canonical one, e.g. AREA_CENSO `1`/`Urbana` → `urbana`.
 * Keys are matched after `foldLabel`.
 */
export function mappedField<T extends string | boolean>(
  map: Record<string, T>,
  opts: { required: true; what: string },
): Out<T>;
export function mappedField<T extends string | boolean>(
  map: Record<string, T>,
  opts: { required?: false; what: string },
): Out<T | null>;
export function mappedField<T extends string | boolean>(
  map: Record<string, T>,
  { required = false, what }: { required?: boolean; what: string },
): Out<T | null> {
  const folded = new Map(Object.entries(map).map(([k, v]) => [foldLabel(k), v]));
  // Most cells are written exactly as a key; only the rest pay for accent folding.
  const exact = new Map<string, T>([...Object.entries(map), ...folded]);
  const accepted = [...new Set(Object.keys(map))].slice(0, 12).join(", ");
  return fieldSchema((raw) => {
    const t = raw.trim();
    if (isMissing(t)) return required ? fail(`expected ${what}, the cell is empty`) : ok(null);
    const value = exact.get(t) ?? folded.get(foldLabel(t.endsWith(".0") ? t.slice(0, -2) : t));
    return value === undefined
      ? fail(`expected ${what} (${accepted}), got ${show(raw)}`)
      : ok(value);
  });
}

/** Latitude inside Peru's bounding box (with a margin): -18.4 to 0.1. */
export const latitudeField = (): Out<number | null> => numberField({ min: -18.4, max: 0.1 });
/** Longitude inside Peru's bounding box (with a margin): -81.4 to -68.6. */
export const longitudeField = (): Out<number | null> => numberField({ min: -81.4, max: -68.6 });
