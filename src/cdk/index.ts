/**
 * `sqs-jobs/cdk`: the SqsJobs construct, its settings and the constructs it is made of, for an app's
 * own CDK stack.
 */
export { FilesBucket } from './constructs/files-bucket.ts';
export { JobQueue } from './constructs/job-queue.ts';
export { JobsApi, type JobsApiAuth } from './constructs/jobs-api.ts';
export { JobsTable, StatsTable } from './constructs/jobs-table.ts';
export { Monitoring } from './constructs/monitoring.ts';
export { ServiceFunction } from './constructs/service-function.ts';
export {
  API_AUTH_MODES,
  type ApiAuth,
  DEFAULT_SETTINGS,
  type SqsJobsSettings,
  settingsFromContext,
  validateSettings,
} from './settings.ts';
export { KEYLESS_API_WARNING, SqsJobs, type SqsJobsProps, type SqsJobsSettingsInput } from './sqs-jobs.ts';
