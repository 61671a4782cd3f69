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
  /** The summary in Spanish: what the API says in Spanish when a message has no Spanish words
   * of its own. */
  readonly resumen: string;
}

export const ERROR_CODES = {
  BRECHA_CONFIG_INVALID: {
    area: "config",
    exitCode: 3,
    httpStatus: 500,
    summary: "A setting is invalid.",
    resumen: "Una configuración no es válida.",
  },
  BRECHA_USAGE: {
    area: "usage",
    exitCode: 2,
    httpStatus: 400,
    summary: "A command was called wrongly.",
    resumen: "La solicitud o el comando no son válidos.",
  },
  BRECHA_FILE_UNREADABLE: {
    area: "ingest",
    exitCode: 4,
    httpStatus: 422,
    summary: "The file cannot be opened or read.",
    resumen: "No se puede abrir o leer el archivo.",
  },
  BRECHA_ENCODING: {
    area: "ingest",
    exitCode: 4,
    httpStatus: 422,
    summary: "The file's text encoding is not the one declared or detected.",
    resumen: "La codificación del texto del archivo no es la declarada o detectada.",
  },
  BRECHA_FORMAT: {
    area: "ingest",
    exitCode: 4,
    httpStatus: 422,
    summary: "The file is not in the expected format (CSV, DBF, XLSX, GeoJSON).",
    resumen: "El archivo no tiene el formato esperado (CSV, DBF, XLSX, GeoJSON).",
  },
  BRECHA_MISSING_COLUMN: {
    area: "ingest",
    exitCode: 4,
    httpStatus: 422,
    summary: "A required column is missing from the header.",
    resumen: "Falta una columna obligatoria en el encabezado.",
  },
  BRECHA_TOO_MANY_BAD_ROWS: {
    area: "ingest",
    exitCode: 4,
    httpStatus: 422,
    summary: "Too many rows failed validation; nothing was published.",
    resumen: "Demasiadas filas no pasaron la validación; no se publicó nada.",
  },
  BRECHA_EMPTY_FILE: {
    area: "ingest",
    exitCode: 4,
    httpStatus: 422,
    summary: "The file holds no data rows.",
    resumen: "El archivo no tiene filas de datos.",
  },
  BRECHA_TRUNCATED_FILE: {
    area: "ingest",
    exitCode: 4,
    httpStatus: 422,
    summary: "The file ends in the middle of a record; nothing was published.",
    resumen: "El archivo termina a mitad de un registro; no se publicó nada.",
  },
  BRECHA_BUSY: {
    area: "usage",
    exitCode: 2,
    httpStatus: 503,
    summary:
      "The server is at its limit for this kind of heavy work; retry after the time it gives.",
    resumen:
      "El servidor está al límite para este tipo de trabajo pesado; vuelva a intentar después del tiempo indicado.",
  },
  BRECHA_JOB_STATE: {
    area: "usage",
    exitCode: 2,
    httpStatus: 409,
    summary:
      "The job is not in a state that allows this: its result exists only once it has succeeded, and an ended job cannot be cancelled.",
    resumen:
      "El trabajo no está en un estado que lo permita: su resultado existe solo cuando terminó bien, y un trabajo terminado no se puede cancelar.",
  },
  BRECHA_JOB_INTERRUPTED: {
    area: "usage",
    exitCode: 2,
    httpStatus: 503,
    summary:
      "The server stopped while the job was queued or running; nothing of it was saved: run it again.",
    resumen:
      "El servidor se detuvo mientras el trabajo esperaba o se ejecutaba; no se guardó nada: ejecútelo de nuevo.",
  },
  BRECHA_QUERY_REFUSED: {
    area: "usage",
    exitCode: 2,
    httpStatus: 400,
    summary:
      "brecha query runs one read-only SELECT over the workspace, with no file or network access.",
    resumen:
      "brecha query ejecuta un solo SELECT de lectura sobre el espacio de trabajo, sin acceso a archivos ni a la red.",
  },
  BRECHA_QUERY_TIMEOUT: {
    area: "usage",
    exitCode: 2,
    httpStatus: 400,
    summary: "The query ran past its time limit and was stopped.",
    resumen: "La consulta superó su tiempo límite y se detuvo.",
  },
  BRECHA_SHRINKING_VERSION: {
    area: "ingest",
    exitCode: 4,
    httpStatus: 409,
    summary:
      "The new version would lose many rows or whole areas of the current one; say --partial or --replace.",
    resumen:
      "La nueva versión perdería muchas filas o áreas enteras de la actual; indique --partial o --replace.",
  },
  BRECHA_UNKNOWN_SOURCE: {
    area: "source",
    exitCode: 2,
    httpStatus: 400,
    summary: "No reader exists for the named source.",
    resumen: "No existe un lector para la fuente indicada.",
  },
  BRECHA_SOURCE_UNAVAILABLE: {
    area: "source",
    exitCode: 6,
    httpStatus: 503,
    summary: "A source could not be found in the mirror, the cache or online.",
    resumen: "No se encontró una fuente en el espejo, la caché ni en línea.",
  },
  BRECHA_CHECKSUM_MISMATCH: {
    area: "source",
    exitCode: 6,
    httpStatus: 502,
    summary: "A downloaded file does not match its catalogued SHA-256.",
    resumen: "Un archivo descargado no coincide con su SHA-256 catalogado.",
  },
  BRECHA_STORAGE: {
    area: "storage",
    exitCode: 5,
    httpStatus: 500,
    summary: "The store failed to run a statement.",
    resumen: "El almacén no pudo ejecutar una instrucción.",
  },
  BRECHA_STORE_LOCKED: {
    area: "storage",
    exitCode: 5,
    httpStatus: 503,
    summary: "Another process holds the workspace store open for writing.",
    resumen: "Otro proceso tiene abierto el almacén del espacio de trabajo para escribir.",
  },
  BRECHA_READ_ONLY: {
    area: "storage",
    exitCode: 2,
    httpStatus: 400,
    summary: "A read-only query tried to change data.",
    resumen: "Una consulta de solo lectura intentó cambiar datos.",
  },
  BRECHA_ROW_SHAPE: {
    area: "validation",
    exitCode: 5,
    httpStatus: 500,
    summary: "Rows returned by the store do not match the expected schema.",
    resumen: "Las filas que devolvió el almacén no coinciden con el esquema esperado.",
  },
  BRECHA_RESPONSE_SHAPE: {
    area: "validation",
    exitCode: 5,
    httpStatus: 500,
    summary: "An answer of the API does not match the schema it publishes (a server fault).",
    resumen:
      "Una respuesta de la API no coincide con el esquema que publica (una falla del servidor).",
  },
  BRECHA_SOLVER: {
    area: "solver",
    exitCode: 8,
    httpStatus: 500,
    summary: "The optimisation solver failed.",
    resumen: "Falló el optimizador.",
  },
  BRECHA_INFEASIBLE: {
    area: "solver",
    exitCode: 9,
    httpStatus: 422,
    summary: "A plan's constraints cannot all be met.",
    resumen: "Las restricciones del plan no se pueden cumplir todas a la vez.",
  },
  BRECHA_NOT_FOUND: {
    area: "not-found",
    exitCode: 7,
    httpStatus: 404,
    summary: "The dataset, version or area does not exist.",
    resumen: "El conjunto de datos, la versión o el área no existen.",
  },
  BRECHA_UNAUTHORIZED: {
    area: "usage",
    exitCode: 2,
    httpStatus: 401,
    summary: "The request needs a valid API key.",
    resumen: "La solicitud necesita una clave de API válida.",
  },
  BRECHA_FORBIDDEN: {
    area: "usage",
    exitCode: 2,
    httpStatus: 403,
    summary: "The API key's role does not allow this request.",
    resumen: "El rol de la clave de API no permite esta solicitud.",
  },
  BRECHA_RATE_LIMITED: {
    area: "usage",
    exitCode: 2,
    httpStatus: 429,
    summary: "Too many requests from one client; retry after the time given.",
    resumen:
      "Demasiadas solicitudes de un mismo cliente; vuelva a intentar después del tiempo indicado.",
  },
  BRECHA_PAYLOAD_TOO_LARGE: {
    area: "usage",
    exitCode: 2,
    httpStatus: 413,
    summary: "The request body is larger than the server accepts.",
    resumen: "El cuerpo de la solicitud es más grande de lo que el servidor acepta.",
  },
  BRECHA_MODEL_MISMATCH: {
    area: "model",
    exitCode: 10,
    httpStatus: 422,
    summary: "A model file or the data given to a model do not match its format or feature schema.",
    resumen:
      "Un archivo de modelo o los datos dados a un modelo no coinciden con su formato o sus variables.",
  },
  BRECHA_PIPELINE_BUSY: {
    area: "pipeline",
    exitCode: 11,
    httpStatus: 409,
    summary: "A run of this pipeline is already in progress; one run at a time.",
    resumen: "Ya hay una ejecución de este pipeline en curso; una a la vez.",
  },
  BRECHA_CORRUPT_FILE: {
    area: "storage",
    exitCode: 5,
    httpStatus: 500,
    summary:
      "A file Brecha wrote and reads back (a model, a pipeline's lock or history, a scenario) is damaged or not in the shape it should have.",
    resumen:
      "Un archivo que Brecha escribió y vuelve a leer (un modelo, el candado o el historial de un pipeline, un escenario) está dañado o no tiene la forma esperada.",
  },
  BRECHA_PIPELINE_FAILED: {
    area: "pipeline",
    exitCode: 12,
    httpStatus: 500,
    summary:
      "A pipeline stage failed or timed out; earlier stages keep their outputs and the next run resumes there.",
    resumen:
      "Falló o superó su tiempo una etapa del pipeline; las etapas anteriores conservan sus resultados y la próxima ejecución sigue desde allí.",
  },
  BRECHA_CSRF: {
    area: "usage",
    exitCode: 2,
    httpStatus: 403,
    summary:
      "A write signed in by cookie lacks the session's anti-forgery token (header x-csrf-token).",
    resumen:
      "Una escritura con sesión por cookie no trae el token antifalsificación de la sesión (cabecera x-csrf-token).",
  },
  BRECHA_PERSONAL_DATA: {
    area: "validation",
    exitCode: 4,
    httpStatus: 422,
    summary:
      "The text looks like personal data (an identity number, a phone, an e-mail, a list of names); requests carry counts, not people.",
    resumen:
      "El texto parece contener datos personales (un número de documento, un teléfono, un correo, una lista de nombres); las solicitudes llevan cantidades, no personas.",
  },
  BRECHA_CONFLICT: {
    area: "usage",
    exitCode: 2,
    httpStatus: 409,
    summary:
      "The record changed state before this write (already reviewed, withdrawn, a name taken).",
    resumen:
      "El registro cambió de estado antes de esta escritura (ya revisado, retirado, un nombre ya usado).",
  },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Codes that were used once and must never be given a new meaning. */
export const RETIRED_CODES: readonly string[] = [];
