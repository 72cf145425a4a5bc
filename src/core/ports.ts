import type { JobBatch } from './batch.ts';
import type { KeyEntry } from './idempotency.ts';
import type { Job, JobError, JobMessage } from './job.ts';
import type { JsonObject, JsonValue } from './json.ts';
import type { ResetMove } from './lifecycle.ts';
import type { HoldReason } from './limits.ts';
import type { Priority } from './priority.ts';
import type { JobProgress } from './progress.ts';
import type { Schedule } from './schedule/schedule.ts';
import type { FinishedStatus, WindowRecord } from './stats/window.ts';
import type { QueueDepth, StatsPoint, StatsSnapshot } from './stats.ts';
import type { JobStatus } from './status.ts';

export type { QueueDepth } from './stats.ts';

/**
 * Storage of job records. Each method is one storage operation; adapters translate their
 * SDK's errors into the core's (e.g. a failed condition on create → JobAlreadyExistsError).
 */
export interface JobStore {
  /** Writes a new pending job; throws JobAlreadyExistsError if the id is taken. */
  create(job: Job): Promise<void>;
  /**
   * Writes many new pending jobs in as few requests as the store takes (25 per BatchWriteItem).
   * Resolves with the ids it could not write. Unlike create it does not check that an id is free (a
   * batch write takes no condition): the ids must be new ones, as submitJobs makes them (UUIDs).
   */
  createMany(jobs: readonly Job[]): Promise<{ readonly failed: string[] }>;
  get(id: string): Promise<Job | undefined>;
  /**
   * Moves a pending job — or a running one whose lease has lapsed (its worker died) — to running,
   * counts the attempt and takes a lease until `leaseUntil`, in one conditional write.
   */
  claim(id: string, now: Date, leaseUntil: Date, options?: ClaimOptions): Promise<ClaimResult>;
  /**
   * Records success of the given attempt: the job as it is now (its `dependents` are told next), or
   * undefined if the job moved on meanwhile (stale worker).
   * `historyIndex` (the claimed job's last history entry) is where the outcome is written in the
   * attempt history; the outcome methods below take it too.
   */
  complete(
    id: string,
    attempt: number,
    result: JsonValue,
    now: Date,
    historyIndex?: number,
    /** When the finished job is removed (its retention); kept for ever without. */
    expiresAt?: Date,
  ): Promise<Job | undefined>;
  /**
   * Records a failed attempt: back to `pending` (due again at `retryAt`) when another attempt will
   * follow, `failed` when not. Undefined if the job moved on meanwhile.
   */
  fail(
    id: string,
    attempt: number,
    error: JobError,
    next: FailNext,
    now: Date,
    historyIndex?: number,
    /** When the job is removed, if this failure is final. */
    expiresAt?: Date,
  ): Promise<Job | undefined>;
  /** Stores the given attempt's progress report; false when the attempt no longer owns the job. */
  reportProgress(id: string, attempt: number, progress: JobProgress): Promise<boolean>;
  /** Ends the given attempt as canceled (the handler stopped on a cancel request). */
  cancelRunning(
    id: string,
    attempt: number,
    now: Date,
    historyIndex?: number,
    expiresAt?: Date,
  ): Promise<Job | undefined>;
  /** pending → canceled; or, for a running job, records the request. Undefined if the job is gone. */
  requestCancel(id: string, now: Date, expiresAt?: Date): Promise<CancelResult>;
  /** Deletes a finished job whose `expiresAt` has passed by `now`; false when it has not (or is gone). */
  removeExpired(id: string, now: Date): Promise<boolean>;
  /** Extends the lease of the given attempt; returns the job (to see cancel requests) or undefined if lost. */
  renewLease(id: string, attempt: number, leaseUntil: Date): Promise<Job | undefined>;
  /**
   * A finished job back to pending with a fresh set of attempts, optionally with a new payload: the
   * lifecycle's `retry` (failed or canceled) or `redrive` (failed) move. Undefined when the job is
   * not in a status the move starts from.
   */
  reset(
    id: string,
    move: ResetMove,
    now: Date,
    payload?: JsonObject,
    /** `rewait` only: how many dependencies the job names (all are waited for again). */
    dependencyCount?: number,
  ): Promise<Job | undefined>;
  /**
   * Adds `dependent` to the job's `dependents` while the job has not ended: 'added' (it tells the
   * dependent how it ended, when it does). Otherwise the job as it is ('finished': the dependent
   * records its outcome itself), or 'missing'.
   */
  addDependent(id: string, dependent: string): Promise<AddDependentResult>;
  /**
   * Records on a waiting job how its dependency `dependency` ended, and counts `dependenciesLeft`
   * down: once per dependency, however many tell it. The job afterwards, or undefined when it is not
   * waiting, does not name that dependency, or has its outcome already.
   */
  resolveDependency(id: string, dependency: string, outcome: FinishedStatus): Promise<Job | undefined>;
  /** The lifecycle's `release`: a waiting job to pending. Undefined when it is not waiting. */
  release(id: string, now: Date): Promise<Job | undefined>;
  /**
   * A waiting job ends without running: `dependencyFailed` (with its error) or `dependencySkipped`.
   * Undefined when it is not waiting.
   */
  endWaiting(id: string, end: WaitingEnd): Promise<Job | undefined>;
  /** Many jobs by id, in as few reads as the store takes (100 per BatchGetItem); missing ones are left out. */
  getMany(ids: readonly string[]): Promise<Job[]>;
  /**
   * Keeps a finished job for dependents that have not finished (they read its result when they run):
   * adds them to its `keptBy` and removes its expiry. Nothing when the job has not ended or is gone.
   */
  keep(id: string, dependents: readonly string[]): Promise<void>;
  /**
   * A dependent finished: it no longer keeps the job. When no other does, the job expires at
   * `expiresAt` (unless it has an expiry already).
   */
  unkeep(id: string, dependent: string, expiresAt: Date): Promise<void>;
  /**
   * Scheduled jobs due at or before `until`, soonest first, at most `limit` (index fields only). Cost
   * follows the jobs returned, not all scheduled jobs.
   */
  listDue(until: Date, limit: number): Promise<DueJob[]>;
  /**
   * The lifecycle's `promote`: a scheduled job to pending, if its `runAt` is still `runAt` (not
   * rescheduled or canceled meanwhile). The promoted job, or undefined.
   */
  promote(id: string, runAt: string, now: Date): Promise<Job | undefined>;
  /** The lifecycle's `reschedule`: a scheduled job's new `runAt`. Undefined when it is not scheduled. */
  reschedule(id: string, runAt: Date, now: Date): Promise<Job | undefined>;
  /**
   * Records on a pending job that a limit holds it back (`heldBack`, its `times` counted on from the
   * wait's earlier holds). The job as it is now, or undefined when it is not pending (it started,
   * finished or is gone meanwhile: nothing to hold).
   */
  holdBack(id: string, hold: HoldBackInput): Promise<Job | undefined>;
  /** Deletes a waiting, scheduled or pending job that never ran (rollback of a submission: failed, or a duplicate). */
  removePending(id: string): Promise<void>;
  countByStatus(status: JobStatus): Promise<number>;
  /** Jobs of one status that last changed before `before`, oldest first (index fields only: no payload). */
  listByStatus(status: JobStatus, before: Date, limit: number): Promise<JobSummary[]>;
  /**
   * Every job of one status whose last change falls in the range, oldest change first, read page by
   * page as the caller iterates (index fields only). Cost follows the jobs in the range, not all jobs.
   */
  listChanged(status: JobStatus, range?: ChangedRange): AsyncIterable<JobSummary>;
  /** How many jobs of one status last changed in the range (reads keys only). */
  countChanged(status: JobStatus, range?: ChangedRange): Promise<number>;
  /**
   * One page of the jobs of one status, newest change first, starting after `after` (exclusive).
   * `next` is where the following page starts, or null when the status has no more jobs. A page may
   * hold fewer than `limit` jobs (even none) while `next` is set, when a type filter skipped many.
   */
  listNewest(status: JobStatus, query: NewestQuery): Promise<NewestPage>;
}

export type AddDependentResult =
  | { readonly kind: 'added' }
  | { readonly kind: 'finished'; readonly job: Job }
  | { readonly kind: 'missing' };

/** How a waiting job ends when a dependency went wrong. */
export interface WaitingEnd {
  readonly move: 'dependencyFailed' | 'dependencySkipped';
  readonly now: Date;
  /** Why (dependencyFailed): names the dependency. */
  readonly error?: JobError;
  readonly expiresAt?: Date;
}

export interface ClaimOptions {
  /** The worker instance taking the attempt, recorded on the job (removed when not given). */
  readonly workerId?: string;
}

/** A range of `updatedAt`: after `after` (exclusive) up to `until` (inclusive); open where absent. */
export interface ChangedRange {
  readonly after?: Date;
  readonly until?: Date;
  /** Only pending jobs waiting for an automatic retry: a failed attempt that will run again. */
  readonly retryingOnly?: boolean;
}

/** A place in a newest-first listing of one status: the last job returned. */
export interface ListPosition {
  readonly updatedAt: string;
  readonly id: string;
}

export interface NewestQuery {
  readonly limit: number;
  readonly after?: ListPosition;
  readonly type?: string;
}

export interface NewestPage {
  readonly jobs: JobSummary[];
  readonly next: ListPosition | null;
}

/**
 * Idempotency keys (src/core/idempotency.ts): which job holds each key. Every change is one
 * conditional write, so of racing submissions with one key exactly one takes it.
 */
export interface IdempotencyKeys {
  /** Takes the key for `entry.jobId` if it is free (never taken, or expired): undefined; else its holder. */
  reserve(entry: KeyEntry, now: Date): Promise<KeyEntry | undefined>;
  /** Hands the key from `previousJobId` to `entry.jobId`; false when it changed hands first. */
  replace(entry: KeyEntry, previousJobId: string): Promise<boolean>;
  /** Frees the key if `jobId` still holds it (that job's submission was rolled back). */
  release(key: string, jobId: string): Promise<void>;
}

/**
 * The state behind job limits (src/core/limits.ts): slots of a concurrency limit, each held by one
 * delivery of a job until it ends or its lease lapses (so a worker that dies frees its slot by
 * itself), and per-second start counts for rates. Every change is one conditional write, so racing
 * workers never hold more slots than the limit.
 */
export interface JobLimits {
  /**
   * Takes one of the `max` slots of limit `name` for `holder` until `leaseUntil`; slots whose lease
   * lapsed by `now` are free. False when `max` live holders have them.
   */
  acquire(name: string, holder: string, max: number, leaseUntil: Date, now: Date): Promise<boolean>;
  /** Extends `holder`'s slot to `leaseUntil` (the running job's heartbeat); nothing if it holds none. */
  renew(name: string, holder: string, leaseUntil: Date): Promise<void>;
  /** Frees `holder`'s slot (its job ended, or it did not start after all). */
  release(name: string, holder: string): Promise<void>;
  /** Counts one start of limit `name` in the second of `now`; false when `max` started in it already. */
  takeRate(name: string, max: number, now: Date): Promise<boolean>;
}

/** Batches (src/core/batch.ts): written once when submitted, read by id or newest first. */
export interface BatchStore {
  /** Writes a new batch (its id is new: a UUID). */
  create(batch: JobBatch): Promise<void>;
  get(id: string): Promise<JobBatch | undefined>;
  /** The newest batches first, at most `limit`. */
  listNewest(limit: number): Promise<JobBatch[]>;
  /** Deletes a batch whose submission was taken back. */
  remove(id: string): Promise<void>;
}

/** How often limits held jobs back, per job type and minute: what the stats count. */
export interface HoldTally {
  /** Counts one hold of a job of `type` at `at`. */
  add(type: string, at: Date): Promise<void>;
  /** The holds counted after `after` up to `until`, by job type. */
  read(after: Date, until: Date): Promise<Record<string, number>>;
}

/**
 * Recurring schedules (src/core/schedule/schedule.ts). Each change is one conditional write: a
 * declared schedule is only written as declared, and a firing moves `nextRunAt` on from the value it
 * read, so two sweeper runs advance a schedule once.
 */
export interface ScheduleStore {
  /**
   * Writes a schedule, unless one of that name exists with the other `declared` value (the API
   * never overwrites a declared schedule, a deploy never an API one): then 'refused'.
   */
  save(schedule: Schedule): Promise<'created' | 'updated' | 'refused'>;
  get(name: string): Promise<Schedule | undefined>;
  /** Every schedule, by name. */
  list(): Promise<Schedule[]>;
  /** Deletes a schedule with this `declared` value: 'refused' if it has the other one. */
  remove(name: string, declared: boolean): Promise<'deleted' | 'missing' | 'refused'>;
  /** The names of the schedules due by `until`, soonest first, with the `nextRunAt` each had. */
  listDue(until: Date, limit: number): Promise<{ readonly name: string; readonly nextRunAt: string }[]>;
  /**
   * After a firing: `nextRunAt` from `from` to `to`, with what the firing did. False when another
   * run moved it first (or the schedule was changed or removed meanwhile).
   */
  advance(name: string, from: string, to: string, run: ScheduleRun): Promise<boolean>;
}

/** What a firing did: the job it submitted, or why it submitted none. */
export interface ScheduleRun {
  readonly at: string;
  readonly jobId?: string;
  readonly error?: string;
}

/** A scheduled job as the due listing returns it: enough to promote it and send its message. */
export interface DueJob {
  readonly id: string;
  readonly type: string;
  readonly runAt: string;
}

/** A hold to record: the limit and when the job tries again; `since` and `times` come from the record. */
export interface HoldBackInput {
  readonly reason: HoldReason;
  readonly message: string;
  readonly at: Date;
  readonly until: Date;
}

/** What the byStatus index holds of a job. */
export type JobSummary = Omit<Job, 'payload' | 'result'>;

/** How a message is sent. */
export interface SendOptions {
  /** Seconds before the message can be received: 0–900 (SQS's DelaySeconds). @default 0 */
  readonly delaySeconds?: number;
}

/** A received message: its handle, and the queue (by priority) it was received from. */
export interface Receipt {
  readonly receiptHandle: string;
  readonly priority: Priority;
}

/** One received message's new visibility: it comes back `seconds` from now unless deleted first. */
export interface VisibilityChange extends Receipt {
  readonly seconds: number;
}

/** A message the worker gave up on, for the dead-letter queue, with why. */
export interface DeadLetterRecord {
  /** The original message body, unchanged, so a redrive can send it back as it was. */
  readonly body: string;
  readonly reason: 'exhausted' | 'permanent' | 'poison';
  readonly error: string;
  readonly jobId?: string;
  readonly jobType?: string;
}

/**
 * The jobs queues (one per priority) and their dead-letter queue, as the use cases and the functions
 * use them: one port, an SQS adapter (src/adapters/sqs/job-queue.ts) and an in-memory twin, held to
 * one conformance suite (test/helpers/job-queue-conformance.ts). A message goes to the queue of its
 * `priority` (absent: `default`).
 */
export interface JobQueue {
  /** Sends one job's message to its priority's queue. */
  send(message: JobMessage, options?: SendOptions): Promise<void>;
  /**
   * Sends many messages in as few requests as the queue takes (ten per request on SQS). Resolves
   * with the messages not surely sent: refused ones, and all of a request that failed.
   */
  sendBatch(
    messages: readonly JobMessage[],
    options?: SendOptions,
  ): Promise<{ readonly failed: JobMessage[] }>;
  /** Sets when a received message comes back (whole seconds, 1 s to 12 h): a retry's backoff, a heartbeat. */
  setVisibility(receipt: Receipt, seconds: number): Promise<void>;
  /** The same for many (a handle named twice is changed once); resolves with how many were refused. */
  setVisibilityBatch(changes: readonly VisibilityChange[]): Promise<{ readonly failed: number }>;
  /** Puts a message into the dead-letter queue, with why. */
  deadLetter(record: DeadLetterRecord): Promise<void>;
  /** The message counts of one priority's queue. */
  depth(priority: Priority): Promise<QueueDepth>;
}

export type FailNext = { readonly status: 'pending'; readonly retryAt: Date } | { readonly status: 'failed' };

export type ClaimResult =
  | { readonly kind: 'claimed'; readonly job: Job }
  /** Another delivery holds a live lease: this one is a duplicate. */
  | { readonly kind: 'busy'; readonly job: Job }
  /** The delivery came before the job's `runAt` (scheduled, or pending with a later start). */
  | { readonly kind: 'early'; readonly job: Job }
  /** completed, failed or canceled. */
  | { readonly kind: 'finished'; readonly job: Job }
  /** The previous attempt's worker died holding the last attempt: nothing left to run. */
  | { readonly kind: 'exhausted'; readonly job: Job }
  | { readonly kind: 'missing' };

export type CancelResult =
  | { readonly kind: 'canceled'; readonly job: Job }
  | { readonly kind: 'requested'; readonly job: Job }
  | { readonly kind: 'finished'; readonly job: Job }
  | { readonly kind: 'missing' };

/** A message as read from the dead-letter queue. */
export interface DeadLetter {
  readonly handle: string;
  readonly body: string;
}

export interface DeadLetterQueue {
  /** Reads up to `max` messages; they stay hidden from other readers until removed or released. */
  receive(max: number): Promise<DeadLetter[]>;
  remove(handles: readonly string[]): Promise<void>;
  /** Makes messages visible again at once. */
  release(handles: readonly string[]): Promise<void>;
}

export interface QueueMonitor {
  depth(): Promise<QueueDepth>;
}

export interface StoredFile {
  readonly key: string;
  readonly size: number;
  readonly lastModified: Date;
}

/** The files bucket, as job handlers see it. */
export interface FileStore {
  /**
   * Throws FileNotFoundError when the key does not exist, and FileTooLargeError, before reading the
   * body, when it holds more than `maxBytes`.
   */
  get(key: string, options?: { readonly maxBytes?: number }): Promise<Uint8Array>;
  put(key: string, body: Uint8Array | string, contentType?: string): Promise<void>;
  list(prefix: string): Promise<StoredFile[]>;
  /** Returns how many keys were deleted. */
  delete(keys: readonly string[]): Promise<number>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** What one stats run stores: the new latest snapshot and, unless its window is empty, its history. */
export interface StatsRun {
  readonly snapshot: StatsSnapshot;
  /** The `coveredUntil` of the snapshot this run started from; null on the first run. */
  readonly previousCoveredUntil: string | null;
  readonly point?: StatsPoint;
  readonly window?: WindowRecord;
}

export interface SnapshotStore {
  /**
   * Stores a run. The snapshot is written only if the stored one is still the run's starting point,
   * else SnapshotConflictError (another run got there first; its totals already hold this window).
   */
  save(run: StatsRun): Promise<void>;
  /** The latest snapshot: one small read. */
  latest(): Promise<StatsSnapshot | undefined>;
}

/** The stats history: one point (charts) and one window record (mergeable detail) per run. */
export interface StatsHistory {
  /** Points whose window ended after `since`, oldest first. */
  points(since: Date): Promise<StatsPoint[]>;
  /** Window records that ended after `since`, oldest first. */
  windows(since: Date): Promise<WindowRecord[]>;
  /** Deletes points and window records that ended at or before `before`; returns how many runs went. */
  prune(before: Date): Promise<number>;
}
