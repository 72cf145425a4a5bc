import type { Job } from '../../core/job.ts';
import type { JobsTableRef } from './jobs-table.ts';
import { statusCondition } from './status-condition.ts';
import { updateJobIf } from './update-job-if.ts';

/** The lifecycle's `release`: a waiting job whose dependencies ended goes to pending. */
export async function releaseJob(table: JobsTableRef, id: string, now: Date): Promise<Job | undefined> {
  const from = statusCondition('release');
  return updateJobIf(table, id, {
    expression: 'SET #status = :pending, updatedAt = :at',
    condition: from.expression,
    values: { ...from.values, ':pending': 'pending', ':at': now.toISOString() },
  });
}
