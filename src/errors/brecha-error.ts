import { ERROR_CODES, type ErrorCode } from "./catalogue.ts";

/** Where in a file a problem was found. Rows are 1-based physical records, the header is row 1. */
export interface FileLocation {
  readonly file: string;
  readonly row?: number;
  readonly column?: string;
}

export interface ErrorOptions {
  details?: Record<string, unknown>;
  cause?: unknown;
  /** The message in Spanish, for a reader of the Spanish dashboard or API. Without it, Spanish
   * readers get the code's summary (`resumen`) and the details. */
  es?: string;
}

/**
 * The one error class Brecha throws on purpose. `code` is stable and documented in
 * docs/errors.md; `details` is structured data for the API and `--json` output.
 */
export class BrechaError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;
  readonly es: string | undefined;

  constructor(code: ErrorCode, message: string, { details = {}, cause, es }: ErrorOptions = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = new.target.name;
    this.code = code;
    this.details = details;
    this.es = es;
  }

  /** The message in a language: Spanish words when the error has them, else the code's
   * Spanish summary; English is the message itself. */
  messageIn(lang: "es" | "en"): string {
    return messageIn(lang, this);
  }

  get exitCode(): number {
    return ERROR_CODES[this.code].exitCode;
  }

  get httpStatus(): number {
    return ERROR_CODES[this.code].httpStatus;
  }

  toJSON(): { code: ErrorCode; message: string; details: Readonly<Record<string, unknown>> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** An error's message in a language, also for one kept as a record (a failed job): its Spanish
 * words, else its code's Spanish summary, else (an unknown code) the English message. */
export function messageIn(
  lang: "es" | "en",
  error: { readonly code: string; readonly message: string; readonly es?: string | undefined },
): string {
  if (lang === "en") return error.message;
  return error.es ?? ERROR_CODES[error.code as ErrorCode]?.resumen ?? error.message;
}

/** A file could not be ingested; the message names the file, row and column when known. */
export class IngestError extends BrechaError {
  constructor(code: ErrorCode, where: FileLocation, problem: string, options: ErrorOptions = {}) {
    super(code, `${formatLocation(where)}: ${problem}`, {
      ...options,
      details: { ...where, ...options.details },
    });
  }
}

export class ConfigError extends BrechaError {}
export class StorageError extends BrechaError {}
export class SourceError extends BrechaError {}
export class NotFoundError extends BrechaError {}
export class UsageError extends BrechaError {}

/** `padron.csv row 1187, column UBIGEO` */
export function formatLocation({ file, row, column }: FileLocation): string {
  let text = file;
  if (row !== undefined) text += ` row ${row}`;
  if (column !== undefined) text += `${row !== undefined ? "," : ""} column ${column}`;
  return text;
}
