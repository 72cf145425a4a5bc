import type { Job } from '../../core/job.ts';
import type { JobsTableRef } from './jobs-table.ts';
import { updateOwnedJob } from './update-owned-job.ts';

/** The worker's heartbeat: extends its lease and reads back the job (a cancel request shows up here). */
export async function renewLease(
  table: JobsTableRef,
  id: string,
  attempt: number,
  leaseUntil: Date,
): Promise<Job | undefined> {
  return updateOwnedJob(table, id, attempt, {
    expression: 'SET leaseExpiresAt = :lease',
    values: { ':lease': leaseUntil.toISOString() },
  });
}
