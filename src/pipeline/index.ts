export { parseCron, nextRun, type CronSchedule } from "./cron.ts";
export {
  loadPipeline,
  parsePipeline,
  downstreamOf,
  type Pipeline,
  type Stage,
} from "./definition.ts";
export { ACTIONS, type ActionName } from "./actions.ts";
export {
  runPipeline,
  runStage,
  pipelineStatus,
  pipelineFolder,
  readHistory,
  readLock,
  readMeasurements,
  runningNow,
  type RunRecord,
  type StageRun,
  type StageState,
  type Measurement,
} from "./runner.ts";
export { PipelineScheduler, type ScheduledRun } from "./scheduler.ts";
export { lazyRecords, recordsFromParent, spawnAnswering } from "./records-channel.ts";
