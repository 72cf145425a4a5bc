import type { Job } from '../../core/job.ts';
import { LIFECYCLE } from '../../core/lifecycle.ts';
import type { WaitingEnd } from '../../core/ports.ts';
import { expirySet } from './expiry.ts';
import type { JobsTableRef } from './jobs-table.ts';
import { statusCondition } from './status-condition.ts';
import { updateJobIf } from './update-job-if.ts';

/** A waiting job ends without running, because a dependency failed or was canceled. */
export async function endWaitingJob(
  table: JobsTableRef,
  id: string,
  end: WaitingEnd,
): Promise<Job | undefined> {
  const from = statusCondition(end.move);
  const expiry = expirySet(end.expiresAt);
  const at = end.now.toISOString();
  return updateJobIf(table, id, {
    expression: `SET #status = :to, finishedAt = :at, updatedAt = :at${end.error ? ', #error = :error' : ''}${expiry.set}`,
    condition: from.expression,
    ...(end.error ? { names: { '#error': 'error' } } : {}),
    values: {
      ...from.values,
      ':to': LIFECYCLE[end.move].to,
      ':at': at,
      ...(end.error ? { ':error': end.error } : {}),
      ...expiry.values,
    },
  });
}
