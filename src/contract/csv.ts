/**
 * CSV as every writer of Brecha writes it (RFC 4180): a field is quoted when it holds a quote, a
 * comma or a line break, when it is empty, or when it starts or ends with a blank, so an empty
 * text stays apart from a missing value (an empty, unquoted field) and blanks survive a round
 * trip. Quotes inside are doubled. Dataset versions hash this form: changing the rule changes
 * every version id.
 */
const NEEDS_QUOTES = /^$|[",\n\r]|^\s|\s$/;

export const needsCsvQuotes = (text: string): boolean => NEEDS_QUOTES.test(text);

export const quoteCsv = (text: string): string => `"${text.replace(/"/g, '""')}"`;

/** One field: null is missing (empty), numbers and booleans as they print, text quoted when needed. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "string") return String(value);
  return NEEDS_QUOTES.test(value) ? quoteCsv(value) : value;
}

/** One line of fields, without its line break. */
export const csvLine = (values: ReadonlyArray<string | number | boolean | null | undefined>) =>
  values.map(csvCell).join(",");
