import type { Job } from '../../core/job.ts';
import { closeHistoryEntry } from './attempt-history.ts';
import { expirySet } from './expiry.ts';
import type { JobsTableRef } from './jobs-table.ts';
import { updateOwnedJob } from './update-owned-job.ts';

/** Ends the given attempt as canceled, only if it still owns the job. */
export async function cancelRunningJob(
  table: JobsTableRef,
  id: string,
  attempt: number,
  now: Date,
  historyIndex?: number,
  expiresAt?: Date,
): Promise<Job | undefined> {
  const at = now.toISOString();
  const history = closeHistoryEntry(historyIndex, 'canceled', at);
  const expiry = expirySet(expiresAt);
  return updateOwnedJob(table, id, attempt, {
    expression: `SET #status = :canceled, finishedAt = :at, updatedAt = :at${history.set}${expiry.set} REMOVE leaseExpiresAt`,
    values: { ':canceled': 'canceled', ':at': at, ...history.values, ...expiry.values },
  });
}
