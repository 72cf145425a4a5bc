import type { Job, JobError, JobMessage } from './job.ts';
import type { JsonValue } from './json.ts';
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
   * Moves a pending job to running and counts the attempt, in one conditional write.
   * Returns undefined when the job is not claimable (a duplicate delivery, or a finished job).
   */
  claim(id: string, now: Date): Promise<Job | undefined>;
  /** Records success of the given attempt. False if the job moved on meanwhile (stale worker). */
  complete(id: string, attempt: number, result: JsonValue, now: Date): Promise<boolean>;
  /**
   * Records a failed attempt: back to `pending` when another attempt will follow, `failed` when not.
   * False if the job moved on meanwhile.
   */
  fail(id: string, attempt: number, error: JobError, next: 'pending' | 'failed', now: Date): Promise<boolean>;
  /** Deletes a pending job that was never queued (rollback of a failed submission). */
  removePending(id: string): Promise<void>;
  countByStatus(status: JobStatus): Promise<number>;
}

export interface JobQueue {
  send(message: JobMessage): Promise<void>;
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
