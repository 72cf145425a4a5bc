import type { Job } from '../../core/job.ts';
import type { JobsTableRef } from './jobs-table.ts';
import { updateJobIf } from './update-job-if.ts';

/**
 * An update that applies only while attempt `attempt` still owns the running job — the guard every
 * outcome a worker records shares, so a stale worker can never overwrite a newer attempt. Returns the
 * updated job, or undefined when the job moved on.
 */
export async function updateOwnedJob(
  table: JobsTableRef,
  id: string,
  attempt: number,
  update: {
    readonly expression: string;
    readonly names?: Readonly<Record<string, string>>;
    readonly values: Readonly<Record<string, unknown>>;
  },
): Promise<Job | undefined> {
  return updateJobIf(table, id, {
    expression: update.expression,
    condition: '#status = :running AND attempts = :attempt',
    ...(update.names ? { names: update.names } : {}),
    values: { ':running': 'running', ':attempt': attempt, ...update.values },
  });
}
