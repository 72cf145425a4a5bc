import type { Job } from '../../core/job.ts';
import type { JsonValue } from '../../core/json.ts';
import { closeHistoryEntry } from './attempt-history.ts';
import { expirySet } from './expiry.ts';
import type { JobsTableRef } from './jobs-table.ts';
import { updateOwnedJob } from './update-owned-job.ts';

/** Records success, only if this attempt still owns the job. */
export async function completeJob(
  table: JobsTableRef,
  id: string,
  attempt: number,
  result: JsonValue,
  now: Date,
  historyIndex?: number,
  expiresAt?: Date,
): Promise<Job | undefined> {
  const at = now.toISOString();
  const history = closeHistoryEntry(historyIndex, 'completed', at);
  const expiry = expirySet(expiresAt);
  return updateOwnedJob(table, id, attempt, {
    expression: `SET #status = :completed, #result = :result, finishedAt = :at, updatedAt = :at${history.set}${expiry.set} REMOVE leaseExpiresAt, #error`,
    names: { '#result': 'result', '#error': 'error' },
    values: { ':completed': 'completed', ':result': result, ':at': at, ...history.values, ...expiry.values },
  });
}
