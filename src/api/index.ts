export { buildApi } from "./app.ts";
export type { ApiError } from "./error-handling.ts";
export type { Role } from "./context.ts";
