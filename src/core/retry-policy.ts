import { isPermanent, type Job } from './job.ts';

export interface BackoffPolicy {
  /** Delay before the 2nd attempt; each later one multiplies by `factor`. */
  readonly baseSeconds: number;
  readonly factor: number;
  readonly maxSeconds: number;
  /** "full": a random delay between 0 and the exponential step, so retries of a burst spread out. */
  readonly jitter: 'full' | 'none';
}

/** 1 s, 2 s, 4 s … capped at 5 minutes, with full jitter. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseSeconds: 1, factor: 2, maxSeconds: 300, jitter: 'full' };

/** The delay after failed attempt number `attempt` (1-based). */
export function backoffDelaySeconds(
  attempt: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const step = Math.min(policy.maxSeconds, policy.baseSeconds * policy.factor ** Math.max(0, attempt - 1));
  return policy.jitter === 'full' ? random() * step : step;
}

export type FailureDecision =
  | { readonly next: 'pending'; readonly delaySeconds: number }
  | { readonly next: 'failed'; readonly reason: 'permanent' | 'exhausted' };

/** After a failed attempt: retry later, or stop for good. */
export function decideAfterFailure(
  job: Pick<Job, 'attempts' | 'maxAttempts'>,
  error: unknown,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): FailureDecision {
  if (isPermanent(error)) return { next: 'failed', reason: 'permanent' };
  if (job.attempts >= job.maxAttempts) return { next: 'failed', reason: 'exhausted' };
  return { next: 'pending', delaySeconds: backoffDelaySeconds(job.attempts, policy, random) };
}
