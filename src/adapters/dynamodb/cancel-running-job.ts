import { closeHistoryEntry } from './attempt-history.ts';
import type { JobsTableRef } from './jobs-table.ts';
import { updateOwnedJob } from './update-owned-job.ts';

/** Ends the given attempt as canceled, only if it still owns the job. */
export async function cancelRunningJob(
  table: JobsTableRef,
  id: string,
  attempt: number,
  now: Date,
  historyIndex?: number,
): Promise<boolean> {
  const at = now.toISOString();
  const history = closeHistoryEntry(historyIndex, 'canceled', at);
  const updated = await updateOwnedJob(table, id, attempt, {
    expression: `SET #status = :canceled, finishedAt = :at, updatedAt = :at${history.set} REMOVE leaseExpiresAt`,
    values: { ':canceled': 'canceled', ':at': at, ...history.values },
  });
  return updated !== undefined;
}
