/**
 * sqs-jobs: background jobs on SQS, DynamoDB and Lambda. This entry is what a job module imports:
 * `defineJob` / `defineJobs` to declare job types, the errors a handler may throw, and the types a
 * handler sees. The CDK construct (`sqs-jobs/cdk`), the client (`sqs-jobs/client`) and the producer
 * (`sqs-jobs/producer`) have entries of their own.
 */

export type { BatchSummary } from './core/batch.ts';
export type { DependencyOutcome, DependencyPolicy } from './core/dependencies.ts';
export {
  FileNotFoundError,
  FileTooLargeError,
  /** Thrown by a handler to say retrying cannot help: the job fails at once. */
  PermanentJobError,
  SqsJobsError,
} from './core/errors.ts';
export type { IdempotencyMode, IdempotencyPolicy } from './core/idempotency.ts';
export type { JsonObject, JsonValue } from './core/json.ts';
export type { HeldBack, HoldReason, KeyLimits } from './core/limits.ts';
export type { FileStore, StoredFile } from './core/ports.ts';
export type { Priority } from './core/priority.ts';
export type { JobProgress } from './core/progress.ts';
export {
  defineJob,
  defineJobs,
  type JobContext,
  type JobDefinition,
  type JobRegistry,
  type PayloadOf,
  type ResultOf,
} from './core/registry.ts';
export type { BackoffPolicy } from './core/retry-policy.ts';
export { type DeclaredSchedule, defineSchedules } from './core/schedule/define.ts';
export type { JobStatus } from './core/status.ts';
