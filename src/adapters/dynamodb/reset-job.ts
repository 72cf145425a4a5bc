import type { Job } from '../../core/job.ts';
import type { JsonObject } from '../../core/json.ts';
import type { ResetMove } from '../../core/lifecycle.ts';
import type { JobsTableRef } from './jobs-table.ts';
import { statusCondition } from './status-condition.ts';
import { updateJobIf } from './update-job-if.ts';

/**
 * A finished job back to pending with a fresh set of attempts (the lifecycle's retry or redrive
 * move), or, for a job with dependencies, back to waiting with none of their outcomes known (rewait).
 */
export async function resetJob(
  table: JobsTableRef,
  id: string,
  move: ResetMove,
  now: Date,
  payload?: JsonObject,
  /** For a rewait: how many dependencies the job names. */
  dependencyCount?: number,
): Promise<Job | undefined> {
  const from = statusCondition(move);
  const rewait = move === 'rewait';
  return updateJobIf(table, id, {
    expression:
      `SET #status = :to, attempts = :zero, updatedAt = :at${payload ? ', payload = :payload' : ''}` +
      `${rewait ? ', dependencyOutcomes = :none, dependenciesLeft = :count' : ''} ` +
      // A new run, at once: its attempts start a new history (which also keeps the item's size bounded).
      'REMOVE finishedAt, #result, leaseExpiresAt, nextAttemptAt, cancelRequestedAt, history, runAt, expiresAt, progress',
    // A rewait counts every dependency again: how many the job names is in the condition.
    condition: rewait ? `${from.expression} AND size(dependsOn) = :count` : from.expression,
    names: { '#result': 'result' },
    values: {
      ':to': rewait ? 'waiting' : 'pending',
      ...(rewait ? { ':none': {}, ':count': dependencyCount ?? 0 } : {}),
      ':zero': 0,
      ':at': now.toISOString(),
      ...from.values,
      ...(payload ? { ':payload': payload } : {}),
    },
  });
}
