import { BatchNotFoundError, type BatchView, type JobBatch } from '../batch.ts';
import { JobFinishedError, JobNotFoundError } from '../errors.ts';
import { eachLimited } from '../iterate.ts';
import type { BatchStore, JobStore } from '../ports.ts';
import { isTerminal, JOB_STATUSES, type JobStatus } from '../status.ts';
import { type CancelJobDeps, cancelJob } from './cancel-job.ts';

export interface BatchDeps {
  readonly store: Pick<JobStore, 'getMany'>;
  readonly batches: BatchStore;
}

/**
 * A batch as it is now: its jobs read at once (100 to a request), counted by status. A job already
 * removed by its retention counts as what it ended as is no longer known: it is left out of the
 * counts, so `total` stays the batch's size and `finished` counts only jobs still there.
 */
export async function readBatch(deps: BatchDeps, id: string): Promise<BatchView> {
  const batch = await deps.batches.get(id);
  if (!batch) throw new BatchNotFoundError(id);
  const ids = batch.callbackJobId ? [...batch.jobIds, batch.callbackJobId] : batch.jobIds;
  const found = new Map((await deps.store.getMany(ids)).map((job) => [job.id, job]));
  const counts = Object.fromEntries(JOB_STATUSES.map((status) => [status, 0])) as Record<JobStatus, number>;
  const jobs: { id: string; type: string; status: JobStatus }[] = [];
  for (const jobId of batch.jobIds) {
    const job = found.get(jobId);
    if (!job) continue;
    counts[job.status] += 1;
    jobs.push({ id: job.id, type: job.type, status: job.status });
  }
  const finished = jobs.filter((job) => isTerminal(job.status)).length;
  const callback = batch.callbackJobId ? found.get(batch.callbackJobId) : undefined;
  return {
    ...batch,
    total: batch.jobIds.length,
    counts,
    finished,
    progress: batch.jobIds.length === 0 ? 1 : finished / batch.jobIds.length,
    jobs,
    ...(callback ? { onComplete: { id: callback.id, type: callback.type, status: callback.status } } : {}),
  };
}

/** The newest batches, without their jobs' statuses (GET /batches/{id} reads those). */
export async function listBatches(
  deps: Pick<BatchDeps, 'batches'>,
  limit: number,
): Promise<
  {
    readonly id: string;
    readonly createdAt: string;
    readonly total: number;
    readonly callbackJobId?: string;
  }[]
> {
  return (await deps.batches.listNewest(limit)).map((batch: JobBatch) => ({
    id: batch.id,
    createdAt: batch.createdAt,
    total: batch.jobIds.length,
    ...(batch.callbackJobId ? { callbackJobId: batch.callbackJobId } : {}),
  }));
}

/** What canceling a batch did. */
export interface BatchCanceled {
  readonly id: string;
  /** Jobs canceled before they started. */
  readonly canceled: number;
  /** Running jobs asked to stop (they end canceled at their next heartbeat). */
  readonly stopping: number;
  /** Jobs that had ended already, left as they were. */
  readonly finished: number;
}

/**
 * Cancels every unfinished job of the batch, as `POST /jobs/{id}/cancel` would each. The callback is
 * not canceled: it runs once they have all ended, and its summary counts them canceled.
 */
export async function cancelBatch(
  deps: CancelJobDeps & Pick<BatchDeps, 'batches'>,
  id: string,
): Promise<BatchCanceled> {
  const batch = await deps.batches.get(id);
  if (!batch) throw new BatchNotFoundError(id);
  let canceled = 0;
  let stopping = 0;
  let finished = 0;
  await eachLimited(batch.jobIds, 16, async (jobId) => {
    try {
      const outcome = await cancelJob(deps, jobId);
      if (outcome.stopping) stopping += 1;
      else canceled += 1;
    } catch (error) {
      // Ended already, or removed by its retention: nothing to cancel.
      if (error instanceof JobFinishedError || error instanceof JobNotFoundError) finished += 1;
      else throw error;
    }
  });
  return { id, canceled, stopping, finished };
}
