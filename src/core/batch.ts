import { z } from 'zod';
import type { DependencyOutcome } from './dependencies.ts';
import { SqsJobsError } from './errors.ts';
import type { JobStatus } from './status.ts';

/**
 * A batch: jobs submitted together (`POST /jobs/batch` with `batch`), watched as one, and an optional
 * callback job (`onComplete`) that runs once every job of the batch is final. The callback is a
 * dependent of each of them with the `run` policy (src/core/dependencies.ts), so "runs exactly once,
 * after the last" is the dependency machinery's promise: one release out of `waiting`, one claim.
 */
export interface JobBatch {
  readonly id: string;
  readonly createdAt: string;
  /** The jobs the batch created, in the order submitted (refused items and duplicates are not in it). */
  readonly jobIds: readonly string[];
  /** The `onComplete` job, if one was asked for. */
  readonly callbackJobId?: string;
}

/** What a batch is now (`GET /batches/{id}`): counts by status, and how far it got. */
export interface BatchView extends JobBatch {
  readonly total: number;
  readonly counts: Readonly<Record<JobStatus, number>>;
  /** Jobs that reached a final status. */
  readonly finished: number;
  /** finished / total, 0–1. */
  readonly progress: number;
  /** Each job's type and status, in the order submitted. */
  readonly jobs: readonly { readonly id: string; readonly type: string; readonly status: JobStatus }[];
  /** The callback job's status; absent without one. */
  readonly onComplete?: { readonly id: string; readonly type: string; readonly status: JobStatus };
}

/** What the callback's handler sees (`ctx.batch`): the batch and how its jobs ended. */
export interface BatchSummary {
  readonly id: string;
  readonly total: number;
  readonly completed: number;
  readonly failed: number;
  readonly canceled: number;
}

/** `batch` in `POST /jobs/batch`: asks for a batch id, and optionally a callback. */
export const batchOptionsSchema = z
  .strictObject({
    onComplete: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        'A job to run once, after every job of the batch is final, with the batch summary in ctx.batch: as POST /jobs takes it (type, payload, maxAttempts, priority; no start or dependsOn of its own)',
      ),
  })
  .describe('Submit the jobs as one batch: its id is in the answer (batchId), GET /batches/{id} follows it');
export type BatchOptions = z.infer<typeof batchOptionsSchema>;

/** The summary a callback sees, from the outcomes of the batch's jobs. */
export function batchSummary(
  id: string,
  total: number,
  outcomes: Iterable<Pick<DependencyOutcome, 'status'>>,
): BatchSummary {
  const counts = { completed: 0, failed: 0, canceled: 0 };
  for (const outcome of outcomes) counts[outcome.status] += 1;
  return { id, total, ...counts };
}

export class BatchNotFoundError extends SqsJobsError {
  constructor(readonly batchId: string) {
    super('BatchNotFound', `No batch with id "${batchId}".`, { id: batchId });
  }
}
