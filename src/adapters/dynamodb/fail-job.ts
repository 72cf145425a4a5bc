import type { Job, JobError } from '../../core/job.ts';
import type { FailNext } from '../../core/ports.ts';
import { closeHistoryEntry } from './attempt-history.ts';
import { expirySet } from './expiry.ts';
import type { JobsTableRef } from './jobs-table.ts';
import { updateOwnedJob } from './update-owned-job.ts';

/**
 * Records a failed attempt, only if this attempt still owns the job. `pending` means another attempt
 * will follow at `retryAt` (the error stays visible meanwhile); `failed` is final.
 */
export async function failJob(
  table: JobsTableRef,
  id: string,
  attempt: number,
  error: JobError,
  next: FailNext,
  now: Date,
  historyIndex?: number,
  expiresAt?: Date,
): Promise<Job | undefined> {
  const expiry = expirySet(expiresAt);
  const at = now.toISOString();
  const history = closeHistoryEntry(
    historyIndex,
    next.status === 'pending' ? 'retried' : 'failed',
    at,
    error,
  );
  const historyNames: Record<string, string> = history.set ? { '#historyError': 'error' } : {};
  return updateOwnedJob(
    table,
    id,
    attempt,
    next.status === 'pending'
      ? {
          expression: `SET #status = :next, #error = :error, updatedAt = :at, nextAttemptAt = :retryAt${history.set} REMOVE leaseExpiresAt`,
          names: { '#error': 'error', ...historyNames },
          values: {
            ':next': 'pending',
            ':error': error,
            ':at': at,
            ':retryAt': next.retryAt.toISOString(),
            ...history.values,
          },
        }
      : {
          expression: `SET #status = :next, #error = :error, updatedAt = :at, finishedAt = :at${history.set}${expiry.set} REMOVE leaseExpiresAt`,
          names: { '#error': 'error', ...historyNames },
          values: { ':next': 'failed', ':error': error, ':at': at, ...history.values, ...expiry.values },
        },
  );
}
