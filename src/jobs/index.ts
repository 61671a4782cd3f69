export {
  JobQueue,
  type Finisher,
  type JobLimits,
  type JobRecord,
  type JobState,
} from "./job-queue.ts";
export { JOB_KINDS, performJob, type JobInputs, type JobKind, type JobOutput } from "./work.ts";
