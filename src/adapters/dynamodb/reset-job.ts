import type { Job } from '../../core/job.ts';
import type { JsonObject } from '../../core/json.ts';
import type { ResetMove } from '../../core/lifecycle.ts';
import type { JobsTableRef } from './jobs-table.ts';
import { statusCondition } from './status-condition.ts';
import { updateJobIf } from './update-job-if.ts';

/** A finished job back to pending with a fresh set of attempts (the lifecycle's retry or redrive move). */
export async function resetJob(
  table: JobsTableRef,
  id: string,
  move: ResetMove,
  now: Date,
  payload?: JsonObject,
): Promise<Job | undefined> {
  const from = statusCondition(move);
  return updateJobIf(table, id, {
    expression:
      `SET #status = :pending, attempts = :zero, updatedAt = :at${payload ? ', payload = :payload' : ''} ` +
      // A new run, at once: its attempts start a new history (which also keeps the item's size bounded).
      'REMOVE finishedAt, #result, leaseExpiresAt, nextAttemptAt, cancelRequestedAt, history, runAt, expiresAt, progress',
    condition: from.expression,
    names: { '#result': 'result' },
    values: {
      ':pending': 'pending',
      ':zero': 0,
      ':at': now.toISOString(),
      ...from.values,
      ...(payload ? { ':payload': payload } : {}),
    },
  });
}
