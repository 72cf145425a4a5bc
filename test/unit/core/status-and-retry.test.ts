import { describe, expect, it } from 'vitest';
import { PermanentJobError } from '../../../src/core/errors.ts';
import { canTransition } from '../../../src/core/lifecycle.ts';
import { backoffDelaySeconds, DEFAULT_BACKOFF, decideAfterFailure } from '../../../src/core/retry-policy.ts';
import { isTerminal, JOB_STATUSES } from '../../../src/core/status.ts';

describe('job status', () => {
  it('has the seven lifecycle words', () => {
    expect(JOB_STATUSES).toEqual([
      'waiting',
      'scheduled',
      'pending',
      'running',
      'completed',
      'failed',
      'canceled',
    ]);
  });

  it('has three final statuses', () => {
    expect(isTerminal('completed') && isTerminal('failed') && isTerminal('canceled')).toBe(true);
    expect(isTerminal('pending') || isTerminal('running')).toBe(false);
  });

  it('allows the moves a job makes', () => {
    expect(canTransition('pending', 'running')).toBe(true);
    expect(canTransition('running', 'pending')).toBe(true);
    expect(canTransition('running', 'completed')).toBe(true);
    expect(canTransition('failed', 'pending')).toBe(true);
    expect(canTransition('pending', 'completed')).toBe(false);
  });

  it('lets a user retry a canceled job, as POST /jobs/{id}/retry does', () => {
    expect(canTransition('canceled', 'pending')).toBe(true);
  });

  it('never leaves completed', () => {
    for (const to of JOB_STATUSES) expect(canTransition('completed', to)).toBe(false);
  });
});

describe('retry policy', () => {
  it('doubles from 1 s and caps, without jitter', () => {
    const policy = { ...DEFAULT_BACKOFF, jitter: 'none' as const };
    expect([1, 2, 3, 4].map((n) => backoffDelaySeconds(n, policy))).toEqual([1, 2, 4, 8]);
    expect(backoffDelaySeconds(30, policy)).toBe(300);
  });

  it('spreads full jitter between zero and the step', () => {
    expect(backoffDelaySeconds(3, DEFAULT_BACKOFF, () => 0)).toBe(0);
    expect(backoffDelaySeconds(3, DEFAULT_BACKOFF, () => 0.5)).toBe(2);
  });

  it('retries until attempts run out, and never retries a permanent error', () => {
    expect(
      decideAfterFailure({ attempts: 1, maxAttempts: 3 }, new Error('x'), DEFAULT_BACKOFF, () => 1),
    ).toEqual({
      next: 'pending',
      delaySeconds: 1,
    });
    expect(decideAfterFailure({ attempts: 3, maxAttempts: 3 }, new Error('x'))).toEqual({
      next: 'failed',
      reason: 'exhausted',
    });
    expect(decideAfterFailure({ attempts: 1, maxAttempts: 3 }, new PermanentJobError('no'))).toEqual({
      next: 'failed',
      reason: 'permanent',
    });
  });
});
