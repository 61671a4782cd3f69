export {
  ingestFile,
  prepareFile,
  summarise,
  type IngestOptions,
  type IngestReport,
} from "./ingest.ts";
export { toCanonicalCsv, versionIdOf } from "./canonical-csv.ts";
export { joinReport, type JoinReport } from "./join-report.ts";
export { buildWorkspace, type WorkspaceReport, type SourceOutcome } from "./build-workspace.ts";
export { publishGenerated } from "./publish-generated.ts";
export { copyStore, type CopiedVersion } from "./copy-store.ts";
export { datasetRows } from "./dataset-rows.ts";
