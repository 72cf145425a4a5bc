import type { JobsTableRef } from './jobs-table.ts';
import { updateOwnedJob } from './update-owned-job.ts';

/** Ends the given attempt as canceled, only if it still owns the job. */
export async function cancelRunningJob(
  table: JobsTableRef,
  id: string,
  attempt: number,
  now: Date,
): Promise<boolean> {
  const updated = await updateOwnedJob(table, id, attempt, {
    expression: 'SET #status = :canceled, finishedAt = :at, updatedAt = :at REMOVE leaseExpiresAt',
    values: { ':canceled': 'canceled', ':at': now.toISOString() },
  });
  return updated !== undefined;
}
