import { describe, expect, it } from 'vitest';
import { ApiKeyGuard } from '../../../local/gateway/api-keys.ts';

const KEY = 'a-local-api-key-of-24ch';

function clock(start = 0) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('ApiKeyGuard (the local usage plan)', () => {
  it('refuses a missing, wrong or prefix-only key', () => {
    const guard = new ApiKeyGuard(KEY);
    expect(guard.check(undefined)).toBe('INVALID_API_KEY');
    expect(guard.check('nope')).toBe('INVALID_API_KEY');
    expect(guard.check(KEY.slice(0, -1))).toBe('INVALID_API_KEY');
    expect(guard.check(KEY)).toBe('ok');
  });

  it('allows a burst, then the steady rate, refilling with time', () => {
    const time = clock();
    const guard = new ApiKeyGuard(KEY, { rateLimit: 2, burstLimit: 3 }, time.now);
    expect([1, 2, 3, 4].map(() => guard.check(KEY))).toEqual(['ok', 'ok', 'ok', 'THROTTLED']);
    time.advance(500); // 2/s → one token back
    expect(guard.check(KEY)).toBe('ok');
    expect(guard.check(KEY)).toBe('THROTTLED');
    time.advance(10_000); // never more than the burst
    expect([1, 2, 3, 4].map(() => guard.check(KEY))).toEqual(['ok', 'ok', 'ok', 'THROTTLED']);
  });

  it('answers QUOTA_EXCEEDED past the quota until the period turns', () => {
    const time = clock();
    const guard = new ApiKeyGuard(KEY, { quota: { limit: 2, period: 'DAY' } }, time.now);
    expect([1, 2, 3].map(() => guard.check(KEY))).toEqual(['ok', 'ok', 'QUOTA_EXCEEDED']);
    time.advance(86_400_000);
    expect(guard.check(KEY)).toBe('ok');
  });
});
