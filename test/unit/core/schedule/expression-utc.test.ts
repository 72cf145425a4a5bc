import { describe, expect, it } from 'vitest';
import { ScheduleExpressionError } from '../../../../src/core/schedule/errors.ts';
import { parseScheduleExpression } from '../../../../src/core/schedule/expression.ts';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** The next n firings after a start time. */
function firings(expression: string, start: string, n: number): (string | undefined)[] {
  const schedule = parseScheduleExpression(expression);
  const out: (string | undefined)[] = [];
  let t: number | undefined = at(start);
  for (let i = 0; i < n && t !== undefined; i += 1) {
    t = schedule.next(t);
    out.push(iso(t));
  }
  return out;
}

describe('rate expressions', () => {
  it('fire one period after the start, then every period', () => {
    expect(firings('rate(1 minute)', '2025-03-01T10:00:30.500Z', 2)).toEqual([
      '2025-03-01T10:01:30.500Z',
      '2025-03-01T10:02:30.500Z',
    ]);
    expect(firings('rate(2 hours)', '2025-03-01T10:00:00Z', 1)).toEqual(['2025-03-01T12:00:00.000Z']);
    expect(firings('rate(3 days)', '2025-03-01T00:00:00Z', 1)).toEqual(['2025-03-04T00:00:00.000Z']);
  });

  it('insist on the singular for 1 and the plural otherwise, as EventBridge does', () => {
    expect(() => parseScheduleExpression('rate(1 minutes)')).toThrow(ScheduleExpressionError);
    expect(() => parseScheduleExpression('rate(5 minute)')).toThrow(/singular unit for 1/);
    expect(() => parseScheduleExpression('rate(0 minutes)')).toThrow(ScheduleExpressionError);
    expect(() => parseScheduleExpression('every 5 minutes')).toThrow(/neither rate/);
  });
});

describe('AWS cron expressions (UTC)', () => {
  it('steps through minutes with a start/step', () => {
    expect(firings('cron(0/15 * * * ? *)', '2025-03-01T10:07:00Z', 3)).toEqual([
      '2025-03-01T10:15:00.000Z',
      '2025-03-01T10:30:00.000Z',
      '2025-03-01T10:45:00.000Z',
    ]);
    expect(firings('cron(*/20 9 * * ? *)', '2025-03-01T09:50:00Z', 2)).toEqual([
      '2025-03-02T09:00:00.000Z',
      '2025-03-02T09:20:00.000Z',
    ]);
  });

  it('fires strictly after the given time, never at it', () => {
    expect(firings('cron(0 12 * * ? *)', '2025-03-01T12:00:00Z', 1)).toEqual(['2025-03-02T12:00:00.000Z']);
  });

  it('numbers days of the week 1–7 from Sunday and accepts names and ranges', () => {
    // 2025-03-01 is a Saturday.
    expect(firings('cron(0 8 ? * MON-FRI *)', '2025-03-01T00:00:00Z', 2)).toEqual([
      '2025-03-03T08:00:00.000Z',
      '2025-03-04T08:00:00.000Z',
    ]);
    expect(firings('cron(0 8 ? * 1 *)', '2025-03-01T00:00:00Z', 1)).toEqual(['2025-03-02T08:00:00.000Z']);
  });

  it('handles lists, month names, days of the month and years', () => {
    expect(firings('cron(30 6,18 1 JAN,JUL ? 2026-2027)', '2025-03-01T00:00:00Z', 3)).toEqual([
      '2026-01-01T06:30:00.000Z',
      '2026-01-01T18:30:00.000Z',
      '2026-07-01T06:30:00.000Z',
    ]);
    expect(firings('cron(0 0 31 * ? *)', '2025-04-01T00:00:00Z', 2)).toEqual([
      '2025-05-31T00:00:00.000Z',
      '2025-07-31T00:00:00.000Z',
    ]);
  });

  it('stops after the last year it allows', () => {
    expect(firings('cron(0 0 1 1 ? 2025)', '2025-06-01T00:00:00Z', 1)).toEqual([undefined]);
  });

  it('refuses L, W and # with a clear message rather than guessing', () => {
    expect(() => parseScheduleExpression('cron(0 0 L * ? *)')).toThrow(/L, W or #/);
    expect(() => parseScheduleExpression('cron(0 0 15W * ? *)')).toThrow(/L, W or #/);
    expect(() => parseScheduleExpression('cron(0 0 ? * 6#3 *)')).toThrow(/L, W or #/);
    // Names that contain those letters are fine.
    expect(() => parseScheduleExpression('cron(0 0 ? JUL WED *)')).not.toThrow();
  });

  it('rejects malformed expressions', () => {
    expect(() => parseScheduleExpression('cron(0 0 * * *)')).toThrow(/6 fields/);
    expect(() => parseScheduleExpression('cron(0 0 * * * *)')).toThrow(
      /exactly one of day-of-month and day-of-week/,
    );
    expect(() => parseScheduleExpression('cron(0 0 ? * ? *)')).toThrow(/exactly one/);
    expect(() => parseScheduleExpression('cron(60 0 * * ? *)')).toThrow(/outside 0–59/);
    expect(() => parseScheduleExpression('cron(0 5-2 * * ? *)')).toThrow(/backwards/);
    expect(() => parseScheduleExpression('cron(? 0 * * ? *)')).toThrow(/cannot be "\?"/);
  });
});
