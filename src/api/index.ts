export { buildApi, type ApiError } from "./app.ts";
export type { Role } from "./context.ts";
