import type { JobStatus } from './status.ts';

/** One move of a job's status: the statuses it may start from and the one it ends in. */
export interface Move {
  readonly from: readonly JobStatus[];
  readonly to: JobStatus;
}

/**
 * The job lifecycle, in one table: every move a job's status makes, named by what makes it. Both job
 * stores guard their writes with these `from` lists (the DynamoDB adapter as condition expressions),
 * and the store conformance suite walks the whole table on both: each move from each status
 * succeeds exactly when the table allows it. A new status or move starts here.
 */
export const LIFECYCLE = {
  /** Its last dependency ended and the policy lets it run (src/core/dependencies.ts): its message is sent. */
  release: { from: ['waiting'], to: 'pending' },
  /** A dependency ended failed or canceled under the `fail` policy: it ends without running. */
  dependencyFailed: { from: ['waiting'], to: 'failed' },
  /** The same under the `skip` policy. */
  dependencySkipped: { from: ['waiting'], to: 'canceled' },
  /** A scheduled job's `runAt` came near (within PROMOTE_AHEAD_SECONDS): its message is sent, delayed to `runAt`. */
  promote: { from: ['scheduled'], to: 'pending' },
  /** A user moved a scheduled job's `runAt` (`POST /jobs/{id}/reschedule`). */
  reschedule: { from: ['scheduled'], to: 'scheduled' },
  /** A delivery starts an attempt; from `running` only when the last attempt's lease lapsed (its worker died). */
  claim: { from: ['pending', 'running'], to: 'running' },
  /** The handler returned. */
  complete: { from: ['running'], to: 'completed' },
  /** The attempt failed and another will follow, after the backoff. */
  retryLater: { from: ['running'], to: 'pending' },
  /** The attempt failed with none left, or for good (PermanentJobError, an invalid payload). */
  fail: { from: ['running'], to: 'failed' },
  /** The handler stopped on a cancel request. */
  cancelRunning: { from: ['running'], to: 'canceled' },
  /** Canceled before any worker took it: waiting for its time, or queued. A running job is only asked (JobStore.requestCancel). */
  cancelBeforeStart: { from: ['waiting', 'scheduled', 'pending'], to: 'canceled' },
  /** A user's retry (`POST /jobs/{id}/retry`): a new run from attempt 1, optionally with a new payload. */
  retry: { from: ['failed', 'canceled'], to: 'pending' },
  /** A dead letter moved back (`POST /dlq/redrive`): only a failed job has one. */
  redrive: { from: ['failed'], to: 'pending' },
  /** The user's retry of a job with dependencies: it waits for them again (those already ended count at once). */
  rewait: { from: ['failed', 'canceled'], to: 'waiting' },
} as const satisfies Readonly<Record<string, Move>>;

export type MoveName = keyof typeof LIFECYCLE;

/** The moves that start a new run of a finished job (JobStore.reset). */
export type ResetMove = 'retry' | 'redrive' | 'rewait';

/** Whether the lifecycle has a move from `from` to `to`. */
export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return Object.values(LIFECYCLE).some((move: Move) => move.to === to && move.from.includes(from));
}

/** Whether `move` may start from `status`. */
export function canMove(move: MoveName, status: JobStatus): boolean {
  return (LIFECYCLE[move].from as readonly JobStatus[]).includes(status);
}
