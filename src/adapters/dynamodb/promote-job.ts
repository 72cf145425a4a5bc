import type { Job } from '../../core/job.ts';
import { type JobsTableRef, SCHEDULED_INDEX } from './jobs-table.ts';
import { statusCondition } from './status-condition.ts';
import { updateJobIf } from './update-job-if.ts';

/**
 * scheduled → pending (the lifecycle's promote), only while `runAt` is the one the due listing saw:
 * a reschedule or a cancel in between wins. Leaving `scheduled` also leaves the scheduled index.
 */
export async function promoteJob(
  table: JobsTableRef,
  id: string,
  runAt: string,
  now: Date,
): Promise<Job | undefined> {
  const from = statusCondition('promote');
  return updateJobIf(table, id, {
    expression: `SET #status = :pending, updatedAt = :at REMOVE ${SCHEDULED_INDEX.partitionKey}`,
    condition: `${from.expression} AND runAt = :runAt`,
    values: { ...from.values, ':pending': 'pending', ':at': now.toISOString(), ':runAt': runAt },
  });
}
