import type { Job } from './job.ts';
import { canMove } from './lifecycle.ts';
import type { ClaimResult } from './ports.ts';
import { isDue } from './timing.ts';

/**
 * Whether a delivery may start a new attempt of this job now: the lifecycle's claim move, from
 * `running` only once the last attempt's lease lapsed, and never before the job's `runAt`. Every
 * JobStore applies this rule.
 */
export function isClaimable(job: Job, now: Date): boolean {
  if (job.attempts >= job.maxAttempts || job.cancelRequestedAt) return false;
  if (!isDue(job.runAt, now)) return false;
  if (!canMove('claim', job.status)) return false;
  return job.status !== 'running' || leaseLapsed(job, now);
}

export function leaseLapsed(job: Pick<Job, 'leaseExpiresAt'>, now: Date): boolean {
  return !job.leaseExpiresAt || Date.parse(job.leaseExpiresAt) <= now.getTime();
}

/** Why a delivery could not claim the job, from the job as it is now. */
export function classifyUnclaimable(
  job: Job | undefined,
  now: Date,
): Exclude<ClaimResult, { kind: 'claimed' }> {
  if (!job) return { kind: 'missing' };
  if (job.status === 'completed' || job.status === 'failed' || job.status === 'canceled') {
    return { kind: 'finished', job };
  }
  if (job.status === 'running' && !leaseLapsed(job, now)) return { kind: 'busy', job };
  // A scheduled job is queued by the sweeper when its time nears, whatever brought this delivery.
  if (job.status === 'scheduled' || (job.status === 'pending' && !isDue(job.runAt, now)))
    return { kind: 'early', job };
  if (job.status === 'pending' && !job.cancelRequestedAt && job.attempts < job.maxAttempts) {
    // Lost a race with another delivery that claimed and released it in between: it is handled.
    return { kind: 'busy', job };
  }
  return { kind: 'exhausted', job };
}
