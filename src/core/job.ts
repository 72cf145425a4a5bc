import type { DependencyPolicy } from './dependencies.ts';
import { SqsJobsError } from './errors.ts';
import type { JsonObject, JsonValue } from './json.ts';
import type { HeldBack } from './limits.ts';
import { DEFAULT_PRIORITY, type Priority } from './priority.ts';
import type { JobProgress } from './progress.ts';
import { redactAwsIdentifiers } from './redact.ts';
import type { FinishedStatus } from './stats/window.ts';
import type { JobStatus } from './status.ts';

/** What went wrong in the last failed attempt, as the user sees it. */
export interface JobError {
  readonly name: string;
  readonly message: string;
  /** Set when the handler said retrying cannot help (PermanentJobError). */
  readonly permanent?: boolean;
}

/** One attempt of the current run (a retry by hand or a redrive starts a new run, and a new history). */
export interface AttemptRecord {
  readonly startedAt: string;
  /** The worker instance that ran it. */
  readonly workerId?: string;
  /** Unset while it runs, or forever if its worker died (the next attempt took over). */
  readonly finishedAt?: string;
  /** completed, failed (for good), retried (failed, another attempt follows) or canceled. */
  readonly outcome?: 'completed' | 'failed' | 'retried' | 'canceled';
  readonly error?: JobError;
}

/** Errors kept in the attempt history are cut to this length; the job's own `error` keeps more. */
export const HISTORY_ERROR_CHARS = 500;

/** The job as the API, the worker and the dashboard see it. Times are ISO-8601 strings. */
export interface Job {
  readonly id: string;
  readonly type: string;
  readonly payload: JsonObject;
  readonly status: JobStatus;
  /** Attempts started so far (a claim counts as an attempt). */
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  /**
   * The earliest time the job may start, when its submission asked for a delay (`delaySeconds` or
   * `runAt`) or it was rescheduled. No attempt starts before it.
   */
  readonly runAt?: string;
  /** The queue the job travels on (src/core/priority.ts). Records written before priorities have none: `default`. */
  readonly priority?: Priority;
  /** Its key under its type's `keyLimits` (from the payload, at submission). */
  readonly limitKey?: string;
  /** While a limit of its type holds it back: why, since when, until when (cleared when it starts). */
  readonly heldBack?: HeldBack;
  /** The latest attempt's own report of how far it got (ctx.progress); a new attempt starts without. */
  readonly progress?: JobProgress;
  /** The jobs this one waits for (`waiting` until they end; src/core/dependencies.ts). */
  readonly dependsOn?: readonly string[];
  /** What it does when a dependency ends failed or canceled. Set with `dependsOn`. */
  readonly onDependencyFailure?: DependencyPolicy;
  /** How each dependency ended, recorded once per dependency as it ends. */
  readonly dependencyOutcomes?: Readonly<Record<string, FinishedStatus>>;
  /** How many of its dependencies have not ended yet. */
  readonly dependenciesLeft?: number;
  /** The jobs that named this one in their `dependsOn` while it had not ended. */
  readonly dependents?: readonly string[];
  /** Unfinished dependents that keep this finished job (it has no `expiresAt` while any does). */
  readonly keptBy?: readonly string[];
  /** The batch it was submitted in (`POST /jobs/batch` with `batch`). */
  readonly batchId?: string;
  /** For a batch's callback: the batch whose end it runs after (its jobs are its dependencies). */
  readonly onCompleteOf?: string;
  /** A finished job: when it is removed (its type's retention, src/core/retention.ts). */
  readonly expiresAt?: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly result?: JsonValue;
  /** The last failed attempt's error; kept while a retry is pending. */
  readonly error?: JobError;
  /** While running: when the worker's claim lapses and another delivery may take the job over. */
  readonly leaseExpiresAt?: string;
  /** While pending after a failure: when the next attempt is due. */
  readonly nextAttemptAt?: string;
  /** A cancel was asked for while the job was running; the worker stops it at its next heartbeat. */
  readonly cancelRequestedAt?: string;
  /** The attempts of the current run, oldest first (one entry per claim). */
  readonly history?: readonly AttemptRecord[];
  /**
   * The worker instance that claimed the latest attempt (on AWS the Lambda execution environment's log
   * stream); kept after the attempt ends so the stats can tell which instance finished the job.
   */
  readonly workerId?: string;
}

/**
 * The job's status view (`GET /jobs/{id}/status`): where the job is in its lifecycle, without its
 * payload, result or attempt history, for clients that poll.
 */
export type JobStatusView = Pick<
  Job,
  | 'id'
  | 'type'
  | 'status'
  | 'attempts'
  | 'maxAttempts'
  | 'createdAt'
  | 'updatedAt'
  | 'runAt'
  | 'priority'
  | 'heldBack'
  | 'progress'
  | 'dependsOn'
  | 'dependenciesLeft'
  | 'startedAt'
  | 'finishedAt'
  | 'nextAttemptAt'
  | 'cancelRequestedAt'
  | 'error'
>;

export function jobStatusView(job: Job): JobStatusView {
  const { id, type, status, attempts, maxAttempts, createdAt, updatedAt } = job;
  return {
    id,
    type,
    status,
    attempts,
    maxAttempts,
    createdAt,
    updatedAt,
    ...(job.runAt === undefined ? {} : { runAt: job.runAt }),
    priority: priorityOf(job),
    ...(job.heldBack === undefined ? {} : { heldBack: job.heldBack }),
    ...(job.progress === undefined ? {} : { progress: job.progress }),
    ...(job.dependsOn === undefined ? {} : { dependsOn: job.dependsOn }),
    ...(job.dependenciesLeft === undefined ? {} : { dependenciesLeft: job.dependenciesLeft }),
    ...(job.startedAt === undefined ? {} : { startedAt: job.startedAt }),
    ...(job.finishedAt === undefined ? {} : { finishedAt: job.finishedAt }),
    ...(job.nextAttemptAt === undefined ? {} : { nextAttemptAt: job.nextAttemptAt }),
    ...(job.cancelRequestedAt === undefined ? {} : { cancelRequestedAt: job.cancelRequestedAt }),
    ...(job.error === undefined ? {} : { error: job.error }),
  };
}

/**
 * What travels on the queue: the id and type, and the priority that chose the queue (so a message
 * dead-lettered and redriven goes back to its own); the payload lives in the job record.
 */
export interface JobMessage {
  readonly id: string;
  readonly type: string;
  /** Absent for `default`. */
  readonly priority?: Priority;
  /** The job's key under its type's `keyLimits`: checked before the record is read, and the SQS message group. */
  readonly limitKey?: string;
  /** How often a limit held this job back in its current wait: the next hold waits longer. */
  readonly holds?: number;
}

/** A job's priority; records from before priorities existed are `default`. */
export function priorityOf(job: Pick<Job, 'priority'>): Priority {
  return job.priority ?? DEFAULT_PRIORITY;
}

/** The message that sends this job to its queue: every path that (re)queues a job builds it here. */
export function jobMessageOf(job: Pick<Job, 'id' | 'type' | 'priority' | 'limitKey'>): JobMessage {
  const priority = priorityOf(job);
  return {
    id: job.id,
    type: job.type,
    ...(priority === DEFAULT_PRIORITY ? {} : { priority }),
    ...(job.limitKey === undefined ? {} : { limitKey: job.limitKey }),
  };
}

export const DEFAULT_MAX_ATTEMPTS = 3;
export const MAX_ATTEMPTS_LIMIT = 25;

export function newJob(input: {
  id: string;
  type: string;
  payload: JsonObject;
  maxAttempts: number;
  now: Date;
  /** @default 'default' */
  priority?: Priority;
  limitKey?: string;
  /** When it may start, if later than now. */
  runAt?: Date;
  /** `scheduled` when its start is beyond the queue's delay horizon (see timing.ts); `waiting` for dependencies. @default 'pending' */
  status?: 'pending' | 'scheduled' | 'waiting';
  /** The jobs it waits for, with what is known of them already. */
  dependencies?: {
    readonly dependsOn: readonly string[];
    readonly policy: DependencyPolicy;
    readonly outcomes: Readonly<Record<string, FinishedStatus>>;
  };
  /** Items of the same batch that wait for this one: written with it, so it needs no second write. */
  dependents?: readonly string[];
  batchId?: string;
  onCompleteOf?: string;
}): Job {
  const at = input.now.toISOString();
  return {
    id: input.id,
    type: input.type,
    payload: input.payload,
    status: input.status ?? 'pending',
    attempts: 0,
    maxAttempts: input.maxAttempts,
    priority: input.priority ?? DEFAULT_PRIORITY,
    ...(input.limitKey === undefined ? {} : { limitKey: input.limitKey }),
    createdAt: at,
    updatedAt: at,
    ...(input.runAt ? { runAt: input.runAt.toISOString() } : {}),
    ...(input.dependencies
      ? {
          dependsOn: input.dependencies.dependsOn,
          onDependencyFailure: input.dependencies.policy,
          dependencyOutcomes: input.dependencies.outcomes,
          dependenciesLeft: input.dependencies.dependsOn.filter((id) => !input.dependencies?.outcomes[id])
            .length,
        }
      : {}),
    ...(input.dependents && input.dependents.length > 0 ? { dependents: input.dependents } : {}),
    ...(input.batchId ? { batchId: input.batchId } : {}),
    ...(input.onCompleteOf ? { onCompleteOf: input.onCompleteOf } : {}),
  };
}

/** Told apart by `code`, not class identity or name, so it survives bundling and minification. */
export function isPermanent(error: unknown): boolean {
  return error instanceof SqsJobsError && error.code === 'PermanentJobError';
}

export function toJobError(error: unknown): JobError {
  if (error instanceof Error) {
    const name = error instanceof SqsJobsError ? `${error.code}` : error.name;
    const permanent = isPermanent(error) ? { permanent: true } : {};
    return { name, message: redactAwsIdentifiers(error.message).slice(0, 2_000), ...permanent };
  }
  return { name: 'Error', message: redactAwsIdentifiers(String(error)).slice(0, 2_000) };
}

/** The history entry's view of an error: short, and never more than the user needs to see. */
export function historyError(error: JobError): JobError {
  return { ...error, message: error.message.slice(0, HISTORY_ERROR_CHARS) };
}
