import type { Job } from '../../core/job.ts';
import type { JobsTableRef } from './jobs-table.ts';
import { statusCondition } from './status-condition.ts';
import { updateJobIf } from './update-job-if.ts';

/** A scheduled job's new start (the lifecycle's reschedule); undefined when it is not scheduled. */
export async function rescheduleJob(
  table: JobsTableRef,
  id: string,
  runAt: Date,
  now: Date,
): Promise<Job | undefined> {
  const from = statusCondition('reschedule');
  return updateJobIf(table, id, {
    expression: 'SET runAt = :runAt, updatedAt = :at',
    condition: from.expression,
    values: { ...from.values, ':runAt': runAt.toISOString(), ':at': now.toISOString() },
  });
}
