import type { JsonValue } from '../../core/json.ts';
import type { JobsTableRef } from './jobs-table.ts';
import { updateOwnedJob } from './update-owned-job.ts';

/** Records success, only if this attempt still owns the job. */
export async function completeJob(
  table: JobsTableRef,
  id: string,
  attempt: number,
  result: JsonValue,
  now: Date,
): Promise<boolean> {
  const updated = await updateOwnedJob(table, id, attempt, {
    expression:
      'SET #status = :completed, #result = :result, finishedAt = :at, updatedAt = :at REMOVE leaseExpiresAt, #error',
    names: { '#result': 'result', '#error': 'error' },
    values: { ':completed': 'completed', ':result': result, ':at': now.toISOString() },
  });
  return updated !== undefined;
}
