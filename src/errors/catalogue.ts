/**
 * Every error Brecha raises on purpose has a stable code listed here, with its area, the process
 * exit code the CLI uses and the HTTP status the API will use. Codes are never reused: a retired
 * code stays in RETIRED_CODES. docs/errors.md documents each one; a test keeps the two in step.
 */
export type ErrorArea =
  | "config"
  | "ingest"
  | "validation"
  | "storage"
  | "source"
  | "not-found"
  | "usage"
  | "solver"
  | "model"
  | "pipeline";

export interface ErrorSpec {
  readonly area: ErrorArea;
  /** CLI exit code: 2 usage, 3 config, 4 data rejected, 5 storage, 6 source unavailable, 7 not found,
   * 8 solver failure, 9 infeasible plan, 10 model file or features do not match, 11 a pipeline run
   * is already in progress, 12 a pipeline stage failed. */
  readonly exitCode: number;
  readonly httpStatus: number;
  readonly summary: string;
}

export const ERROR_CODES = {
  BRECHA_CONFIG_INVALID: {
    area: "config",
    exitCode: 3,
    httpStatus: 500,
    summary: "A setting is invalid.",
  },
  BRECHA_USAGE: {
    area: "usage",
    exitCode: 2,
    httpStatus: 400,
    summary: "A command was called wrongly.",
  },
  BRECHA_FILE_UNREADABLE: {
    area: "ingest",
    exitCode: 4,
    httpStatus: 422,
    summary: "The file cannot be opened or read.",
  },
  BRECHA_ENCODING: {
    area: "ingest",
    exitCode: 4,
    httpStatus: 422,
    summary: "The file's text encoding is not the one declared or detected.",
  },
  BRECHA_FORMAT: {
    area: "ingest",
    exitCode: 4,
    httpStatus: 422,
    summary: "The file is not in the expected format (CSV, DBF, XLSX, GeoJSON).",
  },
  BRECHA_MISSING_COLUMN: {
    area: "ingest",
    exitCode: 4,
    httpStatus: 422,
    summary: "A required column is missing from the header.",
  },
  BRECHA_TOO_MANY_BAD_ROWS: {
    area: "ingest",
    exitCode: 4,
    httpStatus: 422,
    summary: "Too many rows failed validation; nothing was published.",
  },
  BRECHA_EMPTY_FILE: {
    area: "ingest",
    exitCode: 4,
    httpStatus: 422,
    summary: "The file holds no data rows.",
  },
  BRECHA_TRUNCATED_FILE: {
    area: "ingest",
    exitCode: 4,
    httpStatus: 422,
    summary: "The file ends in the middle of a record; nothing was published.",
  },
  BRECHA_BUSY: {
    area: "usage",
    exitCode: 2,
    httpStatus: 503,
    summary:
      "The server is at its limit for this kind of heavy work; retry after the time it gives.",
  },
  BRECHA_JOB_STATE: {
    area: "usage",
    exitCode: 2,
    httpStatus: 409,
    summary:
      "The job is not in a state that allows this: its result exists only once it has succeeded, and an ended job cannot be cancelled.",
  },
  BRECHA_JOB_INTERRUPTED: {
    area: "usage",
    exitCode: 2,
    httpStatus: 503,
    summary:
      "The server stopped while the job was queued or running; nothing of it was saved: run it again.",
  },
  BRECHA_QUERY_REFUSED: {
    area: "usage",
    exitCode: 2,
    httpStatus: 400,
    summary:
      "brecha query runs one read-only SELECT over the workspace, with no file or network access.",
  },
  BRECHA_QUERY_TIMEOUT: {
    area: "usage",
    exitCode: 2,
    httpStatus: 400,
    summary: "The query ran past its time limit and was stopped.",
  },
  BRECHA_SHRINKING_VERSION: {
    area: "ingest",
    exitCode: 4,
    httpStatus: 409,
    summary:
      "The new version would lose many rows or whole areas of the current one; say --partial or --replace.",
  },
  BRECHA_UNKNOWN_SOURCE: {
    area: "source",
    exitCode: 2,
    httpStatus: 400,
    summary: "No reader exists for the named source.",
  },
  BRECHA_SOURCE_UNAVAILABLE: {
    area: "source",
    exitCode: 6,
    httpStatus: 503,
    summary: "A source could not be found in the mirror, the cache or online.",
  },
  BRECHA_CHECKSUM_MISMATCH: {
    area: "source",
    exitCode: 6,
    httpStatus: 502,
    summary: "A downloaded file does not match its catalogued SHA-256.",
  },
  BRECHA_STORAGE: {
    area: "storage",
    exitCode: 5,
    httpStatus: 500,
    summary: "The store failed to run a statement.",
  },
  BRECHA_STORE_LOCKED: {
    area: "storage",
    exitCode: 5,
    httpStatus: 503,
    summary: "Another process holds the workspace store open for writing.",
  },
  BRECHA_READ_ONLY: {
    area: "storage",
    exitCode: 2,
    httpStatus: 400,
    summary: "A read-only query tried to change data.",
  },
  BRECHA_ROW_SHAPE: {
    area: "validation",
    exitCode: 5,
    httpStatus: 500,
    summary: "Rows returned by the store do not match the expected schema.",
  },
  BRECHA_SOLVER: {
    area: "solver",
    exitCode: 8,
    httpStatus: 500,
    summary: "The optimisation solver failed.",
  },
  BRECHA_INFEASIBLE: {
    area: "solver",
    exitCode: 9,
    httpStatus: 422,
    summary: "A plan's constraints cannot all be met.",
  },
  BRECHA_NOT_FOUND: {
    area: "not-found",
    exitCode: 7,
    httpStatus: 404,
    summary: "The dataset, version or area does not exist.",
  },
  BRECHA_UNAUTHORIZED: {
    area: "usage",
    exitCode: 2,
    httpStatus: 401,
    summary: "The request needs a valid API key.",
  },
  BRECHA_FORBIDDEN: {
    area: "usage",
    exitCode: 2,
    httpStatus: 403,
    summary: "The API key's role does not allow this request.",
  },
  BRECHA_RATE_LIMITED: {
    area: "usage",
    exitCode: 2,
    httpStatus: 429,
    summary: "Too many requests from one client; retry after the time given.",
  },
  BRECHA_PAYLOAD_TOO_LARGE: {
    area: "usage",
    exitCode: 2,
    httpStatus: 413,
    summary: "The request body is larger than the server accepts.",
  },
  BRECHA_MODEL_MISMATCH: {
    area: "model",
    exitCode: 10,
    httpStatus: 422,
    summary: "A model file or the data given to a model do not match its format or feature schema.",
  },
  BRECHA_PIPELINE_BUSY: {
    area: "pipeline",
    exitCode: 11,
    httpStatus: 409,
    summary: "A run of this pipeline is already in progress; one run at a time.",
  },
  BRECHA_PIPELINE_FAILED: {
    area: "pipeline",
    exitCode: 12,
    httpStatus: 500,
    summary:
      "A pipeline stage failed or timed out; earlier stages keep their outputs and the next run resumes there.",
  },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Codes that were used once and must never be given a new meaning. */
export const RETIRED_CODES: readonly string[] = [];
