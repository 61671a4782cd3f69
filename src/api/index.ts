export { serveWorkspace } from "./serve-workspace.ts";
