import type { z } from 'zod';
import type { BatchSummary, BatchView } from '../core/batch.ts';
import type { DependencyPolicy } from '../core/dependencies.ts';
import type { Job as StoredJob, JobStatusView as StoredJobStatusView } from '../core/job.ts';
import type { Priority } from '../core/priority.ts';
import type { JobProgress } from '../core/progress.ts';
import type { JobRegistry, PayloadOf, ResultOf } from '../core/registry.ts';
import type { Schedule } from '../core/schedule/schedule.ts';
import type { JobStatus } from '../core/status.ts';
import type { BatchCanceled } from '../core/use-cases/batches.ts';
import type { RedriveResult } from '../core/use-cases/redrive-dead-letters.ts';

export type { DependencyPolicy } from '../core/dependencies.ts';
export type { AttemptRecord, JobError } from '../core/job.ts';
export type { Priority } from '../core/priority.ts';
export type { JobProgress } from '../core/progress.ts';
export type { JobRegistry, PayloadOf, ResultOf } from '../core/registry.ts';
export type { Schedule } from '../core/schedule/schedule.ts';
export type { StatsView, StatusView } from '../core/stats.ts';
export type { JobStatus } from '../core/status.ts';
export type { BatchCanceled, BatchSummary, BatchView, RedriveResult };

declare const jobTypeBrand: unique symbol;

/**
 * A job's id. At run time a plain string; for the compiler it also carries the job's type, so
 * `client.waitFor(id)` knows what `result` holds. Any string is accepted where a `JobId` is asked
 * for (the type is then the union of all types).
 *
 * @example
 * const { id } = await client.enqueue('email', { to: 'ada@example.com' }); // JobId<'email'>
 */
export type JobId<K extends string = string> = string & { readonly [jobTypeBrand]?: K };

/** The job type names of a registry (`keyof typeof jobs`, as strings). */
export type JobTypeOf<J extends JobRegistry> = keyof J & string;

/**
 * The payload a job holds once the API accepted it: its schema's output (defaults filled in), where
 * {@link PayloadOf} is what a caller sends (its input).
 */
export type StoredPayloadOf<J extends JobRegistry, K extends keyof J> = z.output<J[K]['schema']>;

/** The statuses a job stays in until someone retries or redrives it. */
export type FinalStatus = 'completed' | 'failed' | 'canceled';

type Identity<K extends string> = { readonly id: JobId<K>; readonly type: K };

/**
 * A job as `GET /jobs/{id}` answers it, typed by its job type: `payload` and `result` are what the
 * job type's schema and handler say. For a union of types it is a union, told apart by `type`.
 */
export type Job<J extends JobRegistry, K extends JobTypeOf<J> = JobTypeOf<J>> = K extends unknown
  ? Omit<StoredJob, 'id' | 'type' | 'payload' | 'result'> &
      Identity<K> & {
        readonly payload: StoredPayloadOf<J, K>;
        /** Set once the job completed: what its handler returned. */
        readonly result?: ResultOf<J, K>;
      }
  : never;

/**
 * A job in a final status, as `waitFor` resolves: once narrowed to `status === 'completed'`, its
 * `result` is the handler's return value, never undefined.
 */
export type FinishedJob<J extends JobRegistry, K extends JobTypeOf<J> = JobTypeOf<J>> = K extends unknown
  ?
      | (Job<J, K> & { readonly status: 'completed'; readonly result: ResultOf<J, K> })
      | (Job<J, K> & { readonly status: Exclude<FinalStatus, 'completed'> })
  : never;

/** A job as `GET /jobs` lists it: without payload and result. */
export type JobSummary<J extends JobRegistry, K extends JobTypeOf<J> = JobTypeOf<J>> = K extends unknown
  ? Omit<StoredJob, 'id' | 'type' | 'payload' | 'result'> & Identity<K>
  : never;

/** `GET /jobs/{id}/status`: where the job is, without payload, result or history. */
export type JobStatusView<J extends JobRegistry, K extends JobTypeOf<J> = JobTypeOf<J>> = K extends unknown
  ? Omit<StoredJobStatusView, 'id' | 'type'> & Identity<K>
  : never;

/**
 * When a job may start: `delaySeconds` from now or at `runAt`, not both (the compiler refuses both);
 * default: as soon as possible. A start within 15 minutes is queued at once with SQS's delay; a later
 * one is stored `scheduled` and queued when its time nears. The job never starts before it.
 */
export type StartOptions =
  | {
      /** Start no sooner than this many whole seconds from now: 0 to 31,536,000 (a year). */
      readonly delaySeconds?: number;
      readonly runAt?: never;
    }
  | {
      /**
       * Start no sooner than this time, up to a year ahead; a time in the past means now. A `Date` is
       * sent as its `toISOString()`; a string must be ISO 8601 with `Z` or an offset
       * (`2026-12-01T09:30:00Z`, `…+01:00`).
       */
      readonly runAt?: Date | string;
      readonly delaySeconds?: never;
    };

/**
 * Jobs this one waits for: it is `waiting` until they end, then runs (or ends, as
 * `onDependencyFailure` says). Not with `delaySeconds` or `runAt`: it starts when they end.
 * `Ref` is a job id for `enqueue`; a batch job may also name another job of the same batch by its
 * position (from 0), so a chain or a diamond goes in one request.
 */
export type DependencyOptions<Ref = string> =
  | {
      /**
       * The jobs to wait for (1–500, each once). An unknown id is refused (400 `ValidationError`,
       * `details.reason: "unknown"`), and so are a batch's cycles. The handler reads how each ended in
       * `ctx.dependencies`.
       *
       * @example
       * const { id } = await client.enqueue('resize', { key: 'a.png', width: 64 });
       * await client.enqueue('email', { to: 'ada@example.com' }, { dependsOn: [id] });
       */
      readonly dependsOn: readonly Ref[];
      /**
       * When a dependency ends failed or canceled: `fail` (default: this job fails at once, its error
       * naming the dependency), `skip` (it is canceled) or `run` (it runs once all have ended, whatever
       * they did).
       */
      readonly onDependencyFailure?: DependencyPolicy;
      readonly delaySeconds?: never;
      readonly runAt?: never;
    }
  | { readonly dependsOn?: never; readonly onDependencyFailure?: never };

/** Per-job settings sent next to the payload: attempts, priority, when it may start, an idempotency key. */
export type EnqueueOptions<Ref = string> = {
  /** Attempts this job gets (1–25, at most the stack's cap); default: its job type's, else 3. */
  readonly maxAttempts?: number;
  /**
   * The queue the job goes on: `high`, `default` or `low`; default: its job type's `priority`, else
   * `default`. Each priority is a queue with its own workers, so a `high` job never waits behind a
   * `default` backlog. A full queue (503 `Backpressure`) is judged per priority.
   *
   * @example
   * await client.enqueue('email', { to: 'ada@example.com' }, { priority: 'high' });
   */
  readonly priority?: Priority;
  /**
   * Makes the submission idempotent: 1–255 printable ASCII characters, sent as the `idempotencyKey`
   * field. Submitted again while the key is held, the answer is the key's first job, marked
   * `duplicate: true` (with its status now), and nothing is created; the same key with another type,
   * payload, maxAttempts or start is refused with a `SqsJobsApiError` coded `IdempotencyKeyReused`
   * (409). The job type's `idempotency.mode` says how long a key holds: `window` (the default) for
   * its `windowSeconds` (default a day) after the first submission, `untilFinished` until that job is
   * completed, failed or canceled.
   *
   * @example
   * await client.enqueue('email', { to: 'ada@example.com' }, { idempotencyKey: `welcome-${userId}` });
   */
  readonly idempotencyKey?: string;
} & StartOptions &
  DependencyOptions<Ref>;

/**
 * `enqueue`'s arguments after the type: the payload, which may be left out when every field of it is
 * optional (e.g. `client.enqueue('noop')`), then the options.
 */
export type EnqueueArgs<J extends JobRegistry, K extends JobTypeOf<J>> =
  // An empty object fits: every field is optional (or there is none).
  Record<never, never> extends PayloadOf<J, K>
    ? [payload?: PayloadOf<J, K>, options?: EnqueueOptions]
    : [payload: PayloadOf<J, K>, options?: EnqueueOptions];

/**
 * What `enqueue` answers: a new job ({@link EnqueuedNew}), or, for an idempotency key already held,
 * the key's first job ({@link EnqueuedDuplicate}); `if (answer.duplicate)` tells them apart.
 */
export type Enqueued<K extends string> = EnqueuedNew<K> | EnqueuedDuplicate<K>;

/**
 * What a new job is when its submission is answered: queued (`pending`), waiting for a start more
 * than 15 minutes ahead (`scheduled`) or for its dependencies (`waiting`), or — a dependent whose
 * dependency had already failed or been canceled — ended by its policy (`failed`, `canceled`).
 */
export type NewJobStatus = 'pending' | 'scheduled' | 'waiting' | 'failed' | 'canceled';

/**
 * A new job: stored and its message on the queue (`pending`, perhaps delayed), or waiting for a
 * start more than 15 minutes ahead (`scheduled`) or for its dependencies (`waiting`). `POST /jobs`
 * answers it 202.
 */
export interface EnqueuedNew<K extends string> {
  readonly id: JobId<K>;
  readonly status: NewJobStatus;
  /** When it may start, for a job submitted with `delaySeconds` or `runAt` (ISO 8601, UTC). */
  readonly runAt?: string;
  readonly duplicate?: never;
}

/**
 * The idempotency key was already held: this is the key's first job, with its status as it is now
 * (it may have run already); nothing was created. `POST /jobs` answers it 200 (`Idempotent-Replayed: true`).
 */
export interface EnqueuedDuplicate<K extends string> {
  readonly id: JobId<K>;
  readonly status: JobStatus;
  /** When it may start, for a job submitted with `delaySeconds` or `runAt` (ISO 8601, UTC). */
  readonly runAt?: string;
  readonly duplicate: true;
}

/**
 * One job of `enqueueBatch`: its type, its payload (left out when every field is optional) and its
 * options; any job type of the registry, each checked against its own payload.
 */
export type BatchJob<J extends JobRegistry> = {
  [K in JobTypeOf<J>]: { readonly type: K } & (Record<never, never> extends PayloadOf<J, K>
    ? { readonly payload?: PayloadOf<J, K> }
    : { readonly payload: PayloadOf<J, K> }) &
    EnqueueOptions<string | number>;
}[JobTypeOf<J>];

/** Why one job of a batch was refused: the error POST /jobs would answer for it alone. */
export interface BatchRefusal {
  readonly code: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/**
 * One job's outcome in a batch, in the order submitted: accepted as a new job; accepted as a
 * duplicate (its idempotency key was held, perhaps by an earlier job of the same batch: the key's
 * first job, with its status now; nothing was created); or refused.
 */
export type BatchResult<K extends string = string> =
  | {
      readonly accepted: true;
      readonly id: JobId<K>;
      readonly status: NewJobStatus;
      readonly duplicate?: never;
    }
  | { readonly accepted: true; readonly id: JobId<K>; readonly status: JobStatus; readonly duplicate: true }
  | { readonly accepted: false; readonly error: BatchRefusal };

/** What `enqueueBatch` answers (`POST /jobs/batch`). */
export interface BatchEnqueued<K extends string = string> {
  readonly accepted: number;
  readonly rejected: number;
  readonly results: readonly BatchResult<K>[];
  /**
   * The batch's id, when `enqueueBatch` was given `batch` and at least one job was accepted: follow
   * it with `client.batches.get(batchId)`, stop it with `client.batches.cancel(batchId)`. Absent
   * without `batch`, and when every job was refused (there is no batch then, and no callback).
   *
   * @example
   * const { batchId } = await client.enqueueBatch([{ type: 'noop' }, { type: 'noop' }], { batch: {} });
   * if (batchId) console.log((await client.batches.get(batchId)).progress);
   */
  readonly batchId?: string;
}

/**
 * A batch's callback (`batch.onComplete` of `enqueueBatch`): a job run once, after every job of the
 * batch is completed, failed or canceled, whatever each did. Its handler reads how they ended in
 * `ctx.batch` ({@link BatchSummary}) and each job's outcome in `ctx.dependencies`. Typed by the
 * registry as a batch job is (`type`, and that type's `payload`, left out when every field of it is
 * optional), with its own `maxAttempts` and `priority`; it starts when the batch ends, so it takes no
 * `delaySeconds`, `runAt`, `idempotencyKey` or `dependsOn` (the compiler refuses them).
 *
 * @example
 * const onComplete: BatchCallback<typeof jobs> = { type: 'email', payload: { to: 'ops@example.com' }, priority: 'high' };
 */
export type BatchCallback<J extends JobRegistry> = {
  [K in JobTypeOf<J>]: {
    readonly type: K;
    /** Attempts the callback gets (1–25, at most the stack's cap); default: its job type's, else 3. */
    readonly maxAttempts?: number;
    /** The queue the callback goes on once the batch ends; default: its job type's, else `default`. */
    readonly priority?: Priority;
    readonly delaySeconds?: never;
    readonly runAt?: never;
    readonly idempotencyKey?: never;
    readonly dependsOn?: never;
    readonly onDependencyFailure?: never;
  } & (Record<never, never> extends PayloadOf<J, K>
    ? { readonly payload?: PayloadOf<J, K> }
    : { readonly payload: PayloadOf<J, K> });
}[JobTypeOf<J>];

/**
 * `batch` of `enqueueBatch`: given (even `{}`), the accepted jobs form one batch, answered with its
 * `batchId` and followed with `client.batches`. The batch is stored whole or not at all: a job that
 * cannot be stored or queued takes it all back (503 `EnqueueFailed`). A job refused on its own (its
 * payload, a full queue…) is simply not in it.
 */
export interface BatchOptions<J extends JobRegistry> {
  /**
   * A job to run once every job of the batch is final ({@link BatchCallback}). An invalid one (from
   * untyped code: a payload of the wrong shape, a start of its own) refuses the whole request (400
   * `ValidationError`, `details.field: "batch.onComplete"`; an unknown type: `UnknownJobType`).
   *
   * @example
   * await client.enqueueBatch(
   *   [{ type: 'resize', payload: { key: 'a.png', width: 64 } }, { type: 'resize', payload: { key: 'b.png', width: 64 } }],
   *   { batch: { onComplete: { type: 'email', payload: { to: 'ops@example.com' }, maxAttempts: 5 } } },
   * );
   */
  readonly onComplete?: BatchCallback<J>;
}

/** `enqueueBatch`'s options. */
export interface EnqueueBatchOptions<J extends JobRegistry> {
  /**
   * Submit the jobs as one batch ({@link BatchOptions}), with an optional callback; without it, the
   * jobs are only submitted together.
   *
   * @example
   * const { batchId } = await client.enqueueBatch([{ type: 'noop' }, { type: 'noop' }], { batch: {} });
   */
  readonly batch?: BatchOptions<J>;
}

/**
 * A batch as `client.batches.list()` lists it (`GET /batches`): without its jobs' statuses, which
 * `client.batches.get(id)` reads ({@link BatchView}).
 *
 * @example
 * for (const { id, createdAt, total } of await client.batches.list()) console.log(id, createdAt, total);
 */
export interface BatchListEntry {
  readonly id: string;
  /** When it was submitted (ISO 8601, UTC). */
  readonly createdAt: string;
  /** How many jobs it created (refused items and duplicates are not in it). */
  readonly total: number;
  /** Its `onComplete` job, if one was asked for. */
  readonly callbackJobId?: string;
}

/** What `cancel` answers: `canceled` at once, or `running` with `cancelRequested` until the handler stops. */
export interface Canceled<K extends string> {
  readonly id: JobId<K>;
  readonly status: JobStatus;
  readonly cancelRequested?: boolean;
}

/** What `retry` answers: the job is pending again, from attempt 1. */
export interface Retried<K extends string> {
  readonly id: JobId<K>;
  readonly status: JobStatus;
}

/**
 * `reschedule`'s new start: exactly one of `runAt` (a `Date`, or ISO 8601 with `Z` or an offset) and
 * `delaySeconds` (whole seconds from now, up to a year).
 */
export type RescheduleOptions =
  | { readonly runAt: Date | string; readonly delaySeconds?: never }
  | { readonly delaySeconds: number; readonly runAt?: never };

/**
 * What `reschedule` answers: `scheduled` with its new `runAt`, or `pending` when the new start is
 * within 15 minutes (its message is then on the queue, delayed until `runAt`). A cancel that came
 * first shows as the job's status then.
 */
export interface Rescheduled<K extends string> {
  readonly id: JobId<K>;
  readonly status: JobStatus;
  readonly runAt?: string;
}

/** `retry`'s options. */
export interface RetryOptions<J extends JobRegistry, K extends JobTypeOf<J>> {
  /** Replaces the job's payload; validated like a submission. */
  readonly payload?: PayloadOf<J, K>;
}

/** Which dead letters `redrive` moves back: all (no filter), one job type, or the given job ids. */
export interface RedriveFilter<J extends JobRegistry> {
  readonly type?: JobTypeOf<J>;
  readonly ids?: readonly string[];
}

/** `list`'s filters. */
export interface ListOptions<K extends string> {
  readonly status?: JobStatus;
  readonly type?: K;
  /** The most jobs the iteration yields in all (default: every job that matches). */
  readonly limit?: number;
}

/** `stats`' options. */
export interface StatsOptions {
  /** Hours of one-minute history points, 1–24 (default 1). */
  readonly hours?: number;
}

/** `waitFor`'s options, typed by the job's type (what `onProgress` sees). */
export interface WaitOptions<J extends JobRegistry = JobRegistry, K extends JobTypeOf<J> = JobTypeOf<J>> {
  /** Give up after this long with a `WaitTimeoutError` (default 60,000 ms; `Infinity`: never). */
  readonly timeoutMs?: number;
  /** Time between two looks at the job's status (default 500 ms). */
  readonly intervalMs?: number;
  /** Stops waiting (and the request in flight); the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /**
   * Called with each new progress report the polls see (the handler's `ctx.progress`: `percent`
   * 0–100, `message`, `at`), once per report, with the status view it came in; the first call may
   * be a report made before the wait began, and reports replaced between two polls are never seen
   * (the API keeps the latest, stored at most once a second). A new attempt starts without progress:
   * its first report is a new one. An error it throws ends the wait with that error.
   *
   * @example
   * await client.waitFor(id, {
   *   onProgress: ({ percent, message }) => console.log(`${percent}% ${message ?? ''}`),
   * });
   */
  readonly onProgress?: (progress: JobProgress, job: JobStatusView<J, K>) => void;
}

/**
 * A recurring schedule as `schedules.put` sends it (`PUT /schedules/{name}`), typed by the registry
 * as `enqueue` is: `type` is one of its job types and `payload` that type's payload, which may be
 * left out when every field of it is optional (the API then stores `{}`). Any job type of the
 * registry (or of `K`), each checked against its own payload.
 */
export type ScheduleSpec<J extends JobRegistry, K extends JobTypeOf<J> = JobTypeOf<J>> = {
  [T in K]: {
    /**
     * When it fires, as EventBridge writes it: `cron(minutes hours day-of-month month day-of-week
     * year)` (e.g. `cron(0 9 ? * MON-FRI *)`) or `rate(n minute|minutes|hour|hours|day|days)` (e.g.
     * `rate(1 hour)`, `rate(15 minutes)`).
     */
    readonly schedule: string;
    /** The IANA time zone a cron expression's fields are read in (e.g. `Europe/Paris`); UTC when absent. */
    readonly timezone?: string;
    /** The job type each firing submits. */
    readonly type: T;
    /** Attempts each job it submits gets (1 to the stack's cap); default: its job type's. */
    readonly maxAttempts?: number;
    /**
     * The queue each job it submits goes on: `high`, `default` or `low`; default: its job type's
     * `priority`, else `default`. As `enqueue`'s, each firing's job is judged on that queue alone.
     */
    readonly priority?: Priority;
  } & (Record<never, never> extends PayloadOf<J, T>
    ? { readonly payload?: PayloadOf<J, T> }
    : { readonly payload: PayloadOf<J, T> });
}[K];

/**
 * What `schedules.put` answers: the schedule as stored, with its next run, and whether the name was
 * new (`created`, the API's 201) or an existing run-time schedule was replaced (200).
 */
export interface SchedulePut {
  readonly schedule: Schedule;
  readonly created: boolean;
}
