import { describe, expect, it } from 'vitest';
import { SqsJobsError } from '../../../../src/core/errors.ts';
import { parseAwsCron } from '../../../../src/core/schedule/cron.ts';
import { ScheduleExpressionError } from '../../../../src/core/schedule/errors.ts';
import { parseScheduleExpression } from '../../../../src/core/schedule/expression.ts';
import { instantOf, timeZone, validateTimezone } from '../../../../src/core/schedule/time-zone.ts';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** The next n firings after a start time, in a time zone. */
function firings(expression: string, timezone: string, start: string, n: number): (string | undefined)[] {
  const schedule = parseScheduleExpression(expression, { timezone });
  const out: (string | undefined)[] = [];
  let t: number | undefined = at(start);
  for (let i = 0; i < n && t !== undefined; i += 1) {
    t = schedule.next(t);
    out.push(iso(t));
  }
  return out;
}

describe('cron in a time zone', () => {
  it('matches the wall clock of the zone: 09:00 in Paris is 08:00Z in winter, 07:00Z in summer', () => {
    expect(firings('cron(0 9 * * ? *)', 'Europe/Paris', '2026-01-15T00:00:00Z', 2)).toEqual([
      '2026-01-15T08:00:00.000Z',
      '2026-01-16T08:00:00.000Z',
    ]);
    expect(firings('cron(0 9 * * ? *)', 'Europe/Paris', '2026-07-15T00:00:00Z', 1)).toEqual([
      '2026-07-15T07:00:00.000Z',
    ]);
  });

  it('follows the offset across a change: the same wall time, one hour less of UTC', () => {
    // Paris goes from +01:00 to +02:00 on 2026-03-29.
    expect(firings('cron(0 9 * * ? *)', 'Europe/Paris', '2026-03-28T00:00:00Z', 3)).toEqual([
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
    ]);
  });

  it('fires a wall time that does not exist (spring forward) once, at the first instant after the gap', () => {
    // 2026-03-29 in Paris: 02:00 CET jumps to 03:00 CEST (01:00Z); 02:30 never happens.
    expect(firings('cron(30 2 * * ? *)', 'Europe/Paris', '2026-03-28T00:00:00Z', 3)).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:00:00.000Z', // 03:00 CEST
      '2026-03-30T00:30:00.000Z',
    ]);
  });

  it('collapses several wall times inside the gap into that one firing', () => {
    // 02:00, 02:15, 02:30 and 02:45 do not exist; they all fire as one at 03:00 CEST.
    expect(firings('cron(0/15 * * * ? *)', 'Europe/Paris', '2026-03-29T00:40:00Z', 3)).toEqual([
      '2026-03-29T00:45:00.000Z', // 01:45 CET
      '2026-03-29T01:00:00.000Z', // 03:00 CEST
      '2026-03-29T01:15:00.000Z', // 03:15 CEST
    ]);
  });

  it('finds the end of a gap that is not a whole hour (Lord Howe moves by 30 minutes)', () => {
    // 2026-10-04 on Lord Howe Island: 02:00 (+10:30) jumps to 02:30 (+11:00), at 15:30Z.
    expect(firings('cron(15 2 * * ? *)', 'Australia/Lord_Howe', '2026-10-02T12:00:00Z', 3)).toEqual([
      '2026-10-02T15:45:00.000Z', // 02:15 +10:30
      '2026-10-03T15:30:00.000Z', // 02:30 +11:00, first instant after the gap
      '2026-10-04T15:15:00.000Z', // 02:15 +11:00
    ]);
  });

  it('fires a wall time that happens twice (fall back) once, at its first occurrence', () => {
    // 2026-10-25 in Paris: 03:00 CEST goes back to 02:00 CET (at 01:00Z); 02:30 happens at 00:30Z
    // and again at 01:30Z.
    expect(firings('cron(30 2 * * ? *)', 'Europe/Paris', '2026-10-24T00:00:00Z', 3)).toEqual([
      '2026-10-24T00:30:00.000Z',
      '2026-10-25T00:30:00.000Z', // 02:30 CEST, the first 02:30
      '2026-10-26T01:30:00.000Z',
    ]);
    const schedule = parseScheduleExpression('cron(30 2 * * ? *)', { timezone: 'Europe/Paris' });
    // From inside the repeated hour, the second 02:30 is not a firing.
    expect(iso(schedule.next(at('2026-10-25T01:00:00Z')))).toBe('2026-10-26T01:30:00.000Z');
    expect(iso(schedule.next(at('2026-10-25T00:59:00Z')))).toBe('2026-10-26T01:30:00.000Z');
  });

  it('does not repeat the wall times of the repeated hour', () => {
    expect(firings('cron(0/30 * * * ? *)', 'Europe/Paris', '2026-10-25T00:00:00Z', 3)).toEqual([
      '2026-10-25T00:30:00.000Z', // 02:30 CEST
      // 02:00 and 02:30 CET (01:00Z, 01:30Z) are repeats.
      '2026-10-25T02:00:00.000Z', // 03:00 CET
      '2026-10-25T02:30:00.000Z',
    ]);
  });

  it('handles America/New_York, days of the week included, on the local date', () => {
    // 2026-01-05 and 2026-07-06 are Mondays; New York is -05:00 in winter and -04:00 in summer.
    expect(firings('cron(0 9 ? * MON-FRI *)', 'America/New_York', '2026-01-03T00:00:00Z', 2)).toEqual([
      '2026-01-05T14:00:00.000Z',
      '2026-01-06T14:00:00.000Z',
    ]);
    expect(firings('cron(0 9 ? * MON-FRI *)', 'America/New_York', '2026-07-04T00:00:00Z', 1)).toEqual([
      '2026-07-06T13:00:00.000Z',
    ]);
    // Friday 22:00 in New York is already Saturday in UTC.
    expect(firings('cron(0 22 ? * FRI *)', 'America/New_York', '2026-07-01T00:00:00Z', 1)).toEqual([
      '2026-07-04T02:00:00.000Z',
    ]);
    // 2026-03-08: 02:00 EST jumps to 03:00 EDT (07:00Z); 2026-11-01: 02:00 EDT goes back to 01:00 EST.
    expect(firings('cron(30 2 * * ? *)', 'America/New_York', '2026-03-07T12:00:00Z', 2)).toEqual([
      '2026-03-08T07:00:00.000Z',
      '2026-03-09T06:30:00.000Z',
    ]);
    expect(firings('cron(30 1 * * ? *)', 'America/New_York', '2026-10-31T12:00:00Z', 2)).toEqual([
      '2026-11-01T05:30:00.000Z', // 01:30 EDT, not 06:30Z (01:30 EST)
      '2026-11-02T06:30:00.000Z',
    ]);
  });

  it('handles half-hour offsets (Asia/Kolkata, +05:30) and local dates that are the previous UTC day', () => {
    expect(firings('cron(0 9 * * ? *)', 'Asia/Kolkata', '2026-02-15T00:00:00Z', 1)).toEqual([
      '2026-02-15T03:30:00.000Z',
    ]);
    // 00:15 on the 1st of the month in India is 18:45Z on the last day of the month before.
    expect(firings('cron(15 0 1 * ? *)', 'Asia/Kolkata', '2026-02-15T00:00:00Z', 2)).toEqual([
      '2026-02-28T18:45:00.000Z',
      '2026-03-31T18:45:00.000Z',
    ]);
    // A start with seconds and milliseconds still gives whole minutes, strictly after it.
    expect(firings('cron(* * * * ? *)', 'Asia/Kolkata', '2026-02-15T03:30:29.750Z', 2)).toEqual([
      '2026-02-15T03:31:00.000Z',
      '2026-02-15T03:32:00.000Z',
    ]);
  });

  it('treats UTC, given or not, like the default', () => {
    for (const timezone of ['UTC', 'Etc/UTC']) {
      expect(firings('cron(0/15 * * * ? *)', timezone, '2025-03-01T10:07:00Z', 2)).toEqual([
        '2025-03-01T10:15:00.000Z',
        '2025-03-01T10:30:00.000Z',
      ]);
    }
  });

  it('stops after the last year the expression allows, in the zone', () => {
    expect(firings('cron(0 0 1 1 ? 2026)', 'Europe/Paris', '2026-01-01T00:00:00Z', 1)).toEqual([undefined]);
    // Midnight on 1 Jan 2026 in Paris is 23:00Z on 31 Dec 2025.
    expect(firings('cron(0 0 1 1 ? 2026)', 'Europe/Paris', '2025-12-31T22:00:00Z', 1)).toEqual([
      '2025-12-31T23:00:00.000Z',
    ]);
  });

  it('finds a yearly firing in a few steps, a thousand times over', () => {
    const schedule = parseScheduleExpression('cron(0 0 1 1 ? *)', { timezone: 'Europe/Paris' });
    const start = at('2026-01-01T00:00:00Z');
    for (let i = 0; i < 1000; i += 1) {
      // Starts spread over 2026 (every 7 hours): the next midnight of 1 January is 2027's.
      expect(schedule.next(start + i * 7 * 3_600_000)).toBe(at('2026-12-31T23:00:00Z'));
    }
    // Chained, every year up to 2199, then nothing.
    const years: number[] = [];
    for (let t = schedule.next(start); t !== undefined; t = schedule.next(t)) {
      years.push(new Date(t).getUTCFullYear() + 1);
    }
    expect(years).toEqual(Array.from({ length: 2199 - 2027 + 1 }, (_, i) => 2027 + i));
  });
});

describe('rate in a time zone', () => {
  it('ignores the zone: a fixed period, DST or not', () => {
    const start = at('2026-03-29T00:58:00Z');
    const plain = parseScheduleExpression('rate(5 minutes)');
    const paris = parseScheduleExpression('rate(5 minutes)', { timezone: 'Europe/Paris' });
    expect(paris.next(start)).toBe(plain.next(start));
    expect(iso(paris.next(start))).toBe('2026-03-29T01:03:00.000Z');
    expect(iso(parseScheduleExpression('rate(1 day)', { timezone: 'Europe/Paris' }).next(start))).toBe(
      '2026-03-30T00:58:00.000Z',
    );
  });
});

describe('unknown time zones', () => {
  it('throw a ScheduleExpressionError naming the zone, for cron and rate alike', () => {
    for (const expression of ['cron(0 9 * * ? *)', 'rate(5 minutes)']) {
      let error: unknown;
      try {
        parseScheduleExpression(expression, { timezone: 'Mars/Olympus_Mons' });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ScheduleExpressionError);
      expect(error).toBeInstanceOf(SqsJobsError);
      const e = error as ScheduleExpressionError;
      expect(e.code).toBe('InvalidSchedule');
      expect(e.name).toBe('ScheduleExpressionError');
      expect(e.message).toMatch(/unknown time zone "Mars\/Olympus_Mons"/);
      expect(e.expression).toBe(expression);
      expect(e.details).toEqual({ expression, timezone: 'Mars/Olympus_Mons' });
    }
    expect(() => parseAwsCron('0 9 * * ? *', { timezone: 'Nowhere' })).toThrow(/unknown time zone "Nowhere"/);
  });

  it('are refused by validateTimezone, which accepts IANA names and refuses fixed offsets', () => {
    expect(() => validateTimezone('Europe/Paris')).not.toThrow();
    expect(() => validateTimezone('UTC')).not.toThrow();
    expect(() => validateTimezone('America/Argentina/Buenos_Aires')).not.toThrow();
    expect(() => validateTimezone('Europe/Pariss')).toThrow(ScheduleExpressionError);
    expect(() => validateTimezone('')).toThrow(/unknown time zone ""/);
    expect(() => validateTimezone('+05:30')).toThrow(/IANA name/);
    expect(() => validateTimezone('Atlantis')).toThrow(
      expect.objectContaining({
        expression: '',
        message: 'unknown time zone "Atlantis"; use an IANA name such as "Europe/Paris" or "UTC".',
        details: { expression: '', timezone: 'Atlantis' },
      }),
    );
  });
});

describe('the core errors of schedule expressions', () => {
  it('carry the InvalidSchedule code and the expression', () => {
    try {
      parseScheduleExpression('cron(0 0 * * *)');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ScheduleExpressionError);
      expect((error as ScheduleExpressionError).code).toBe('InvalidSchedule');
      expect((error as ScheduleExpressionError).expression).toBe('cron(0 0 * * *)');
      expect((error as ScheduleExpressionError).details).toEqual({ expression: 'cron(0 0 * * *)' });
    }
  });
});

describe('instantOf', () => {
  const paris = timeZone('Europe/Paris');
  const wall = (text: string) => Date.parse(`${text}Z`);

  it('is the earlier instant for a repeated wall time and the change itself for a missing one', () => {
    expect(iso(instantOf(paris, wall('2026-10-25T02:30:00')))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(instantOf(paris, wall('2026-03-29T02:30:00')))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(instantOf(paris, wall('2026-03-29T03:00:00')))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(instantOf(paris, wall('2026-03-29T01:59:00')))).toBe('2026-03-29T00:59:00.000Z');
  });
});
