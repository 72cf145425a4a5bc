import { InvalidArgumentError } from './errors.ts';
import type { Transport } from './transport.ts';
import type { BatchCanceled, BatchListEntry, BatchView } from './types.ts';

/**
 * The batches of the stack (`client.batches`): jobs submitted together with `enqueueBatch(jobs,
 * { batch })`, followed and canceled as one. A batch's jobs are read back by id and plain type name,
 * not narrowed to the registry: `client.get(id)` reads each one typed.
 */
export interface SqsJobsBatches {
  /**
   * The 20 newest batches, newest first (`GET /batches`), without their jobs' statuses: `get` reads
   * those.
   *
   * @example
   * for (const { id, createdAt, total } of await client.batches.list()) console.log(id, createdAt, total);
   */
  list(): Promise<BatchListEntry[]>;
  /**
   * One batch as it is now (`GET /batches/{id}`): its jobs counted by status, how many are `finished`
   * and the `progress` (finished / total, 0–1), each job's type and status, and its callback's
   * (`onComplete`) once asked for. A job its retention already removed is left out of the counts.
   * Rejects with a `SqsJobsApiError` coded `BatchNotFound` (404) when there is no such batch (or its
   * record expired, 30 days after it was submitted).
   *
   * @example
   * const { batchId } = await client.enqueueBatch([{ type: 'noop' }, { type: 'noop' }], { batch: {} });
   * if (batchId) {
   *   const batch = await client.batches.get(batchId);
   *   console.log(`${Math.round(batch.progress * 100)}%`, batch.counts.failed, 'failed');
   * }
   */
  get(id: string): Promise<BatchView>;
  /**
   * Cancels every unfinished job of the batch (`POST /batches/{id}/cancel`), as `client.cancel` would
   * each: one not started yet at once (`canceled`), a running one at its next heartbeat (`stopping`);
   * those already ended are left as they were (`finished`). The callback is not canceled: it runs
   * once they have all ended, its `ctx.batch` counting them canceled. Rejects coded `BatchNotFound`
   * (404) when there is no such batch.
   *
   * @example
   * const { canceled, stopping } = await client.batches.cancel(batchId);
   * console.log(`${canceled} canceled, ${stopping} stopping`);
   */
  cancel(id: string): Promise<BatchCanceled>;
}

/** The batch methods over one transport. */
export function createBatches(transport: Transport): SqsJobsBatches {
  return {
    list: async () => {
      const answer = await transport<{ readonly batches: BatchListEntry[] }>({
        method: 'GET',
        path: '/batches',
        isAnswer: (body) => Array.isArray((body as { batches?: unknown }).batches),
      });
      return answer.batches;
    },
    // async: a bad id rejects the promise like any other failure, rather than throwing.
    get: async (id) => transport({ method: 'GET', path: batchPath(id), isAnswer: isBatchView }),
    cancel: async (id) =>
      transport({ method: 'POST', path: `${batchPath(id)}/cancel`, isAnswer: isBatchCanceled }),
  };
}

/** `/batches/{id}`, the id encoded; an empty id would name the list route instead. */
function batchPath(id: string): string {
  if (typeof id !== 'string' || id === '')
    throw new InvalidArgumentError('A batch id must be a non-empty string.');
  return `/batches/${encodeURIComponent(id)}`;
}

/** Else a wrong URL answering 200 would pass for a batch. */
function isBatchView(body: object): boolean {
  const { id, counts, jobs } = body as { id?: unknown; counts?: unknown; jobs?: unknown };
  return typeof id === 'string' && typeof counts === 'object' && counts !== null && Array.isArray(jobs);
}

function isBatchCanceled(body: object): boolean {
  const { id, canceled } = body as { id?: unknown; canceled?: unknown };
  return typeof id === 'string' && typeof canceled === 'number';
}
