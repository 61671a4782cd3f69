export { buildApi, type ApiError, type Role } from "./app.ts";
