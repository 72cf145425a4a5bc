import type { Job, JobError, JobMessage } from './job.ts';
import type { JsonObject, JsonValue } from './json.ts';
import type { QueueDepth, StatsSnapshot } from './stats.ts';
import type { JobStatus } from './status.ts';

export type { QueueDepth } from './stats.ts';

/**
 * Storage of job records. Each method is one storage operation; adapters translate their
 * SDK's errors into the core's (e.g. a failed condition on create → JobAlreadyExistsError).
 */
export interface JobStore {
  /** Writes a new pending job; throws JobAlreadyExistsError if the id is taken. */
  create(job: Job): Promise<void>;
  get(id: string): Promise<Job | undefined>;
  /**
   * Moves a pending job — or a running one whose lease has lapsed (its worker died) — to running,
   * counts the attempt and takes a lease until `leaseUntil`, in one conditional write.
   */
  claim(id: string, now: Date, leaseUntil: Date): Promise<ClaimResult>;
  /** Records success of the given attempt. False if the job moved on meanwhile (stale worker). */
  complete(id: string, attempt: number, result: JsonValue, now: Date): Promise<boolean>;
  /**
   * Records a failed attempt: back to `pending` (due again at `retryAt`) when another attempt will
   * follow, `failed` when not. False if the job moved on meanwhile.
   */
  fail(id: string, attempt: number, error: JobError, next: FailNext, now: Date): Promise<boolean>;
  /** Ends the given attempt as canceled (the handler stopped on a cancel request). */
  cancelRunning(id: string, attempt: number, now: Date): Promise<boolean>;
  /** pending → canceled; or, for a running job, records the request. Undefined if the job is gone. */
  requestCancel(id: string, now: Date): Promise<CancelResult>;
  /** Extends the lease of the given attempt; returns the job (to see cancel requests) or undefined if lost. */
  renewLease(id: string, attempt: number, leaseUntil: Date): Promise<Job | undefined>;
  /**
   * failed/canceled → pending with a fresh set of attempts, optionally with a new payload.
   * Undefined when the job is not in one of `from`.
   */
  reset(id: string, from: readonly JobStatus[], now: Date, payload?: JsonObject): Promise<Job | undefined>;
  /** Deletes a pending job that was never queued (rollback of a failed submission). */
  removePending(id: string): Promise<void>;
  countByStatus(status: JobStatus): Promise<number>;
  /** Jobs of one status that last changed before `before`, oldest first (index fields only: no payload). */
  listByStatus(status: JobStatus, before: Date, limit: number): Promise<JobSummary[]>;
}

/** What the byStatus index holds of a job. */
export type JobSummary = Omit<Job, 'payload' | 'result'>;

export interface JobQueue {
  send(message: JobMessage): Promise<void>;
}

export type FailNext = { readonly status: 'pending'; readonly retryAt: Date } | { readonly status: 'failed' };

export type ClaimResult =
  | { readonly kind: 'claimed'; readonly job: Job }
  /** Another delivery holds a live lease: this one is a duplicate. */
  | { readonly kind: 'busy'; readonly job: Job }
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
  /** Throws FileNotFoundError when the key does not exist. */
  get(key: string): Promise<Uint8Array>;
  put(key: string, body: Uint8Array | string, contentType?: string): Promise<void>;
  list(prefix: string): Promise<StoredFile[]>;
  /** Returns how many keys were deleted. */
  delete(keys: readonly string[]): Promise<number>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface SnapshotStore {
  save(snapshot: StatsSnapshot): Promise<void>;
  latest(): Promise<StatsSnapshot | undefined>;
}
