export {
  BrechaError,
  IngestError,
  ConfigError,
  StorageError,
  SourceError,
  NotFoundError,
  UsageError,
  formatLocation,
  messageIn,
  type FileLocation,
  type ErrorOptions,
} from "./brecha-error.ts";
export {
  ERROR_CODES,
  RETIRED_CODES,
  type ErrorCode,
  type ErrorSpec,
  type ErrorArea,
} from "./catalogue.ts";
