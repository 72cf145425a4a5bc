import type { Job } from '../../core/job.ts';
import { fromJobItem } from './job-item.ts';
import type { JobsTableRef } from './jobs-table.ts';
import { updateOwnedJob } from './update-owned-job.ts';

/** The worker's heartbeat: extends its lease and reads back the job (a cancel request shows up here). */
export async function renewLease(
  table: JobsTableRef,
  id: string,
  attempt: number,
  leaseUntil: Date,
): Promise<Job | undefined> {
  const updated = await updateOwnedJob(table, id, attempt, {
    expression: 'SET leaseExpiresAt = :lease',
    values: { ':lease': leaseUntil.toISOString() },
  });
  return updated ? fromJobItem(updated) : undefined;
}
