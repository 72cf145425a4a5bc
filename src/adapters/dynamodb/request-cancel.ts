import type { CancelResult } from '../../core/ports.ts';
import { isTerminal } from '../../core/status.ts';
import { expirySet } from './expiry.ts';
import { getJob } from './get-job.ts';
import { HELD_BACK_ATTRIBUTES } from './hold-back-job.ts';
import { type JobsTableRef, SCHEDULED_INDEX } from './jobs-table.ts';
import { statusCondition } from './status-condition.ts';
import { updateJobIf } from './update-job-if.ts';

/**
 * A scheduled or pending job is canceled on the spot (its message will find it canceled and be acknowledged);
 * a running one gets a cancel request its worker sees at the next heartbeat.
 */
export async function requestCancel(
  table: JobsTableRef,
  id: string,
  now: Date,
  expiresAt?: Date,
): Promise<CancelResult> {
  const at = now.toISOString();
  const from = statusCondition('cancelBeforeStart');
  const expiry = expirySet(expiresAt);
  const canceled = await updateJobIf(table, id, {
    expression: `SET #status = :canceled, finishedAt = :at, updatedAt = :at${expiry.set} REMOVE nextAttemptAt, ${SCHEDULED_INDEX.partitionKey}, ${HELD_BACK_ATTRIBUTES.join(', ')}`,
    condition: from.expression,
    values: { ...from.values, ':at': at, ':canceled': 'canceled', ...expiry.values },
  });
  if (canceled) return { kind: 'canceled', job: canceled };
  // Not a move: the running job's worker sees the request at its next heartbeat and stops.
  const requested = await updateJobIf(table, id, {
    expression: 'SET cancelRequestedAt = :at, updatedAt = :at',
    condition: '#status = :running',
    values: { ':running': 'running', ':at': at },
  });
  if (requested) return { kind: 'requested', job: requested };
  const job = await getJob(table, id);
  if (!job) return { kind: 'missing' };
  // It moved between the two writes (a pending job got claimed): ask once more.
  if (!isTerminal(job.status)) return requestCancel(table, id, now, expiresAt);
  return { kind: 'finished', job };
}
