import { parseAwsCron } from './cron.ts';
import { ScheduleExpressionError } from './errors.ts';
import { validateTimezone } from './time-zone.ts';

/** A recurring schedule: when it first fires after a start time, and each time after that. */
export interface ScheduleExpression {
  readonly text: string;
  /** Epoch ms of the first firing after `after` (a start time or the previous firing). */
  next(after: number): number | undefined;
}

export interface ScheduleExpressionOptions {
  /** IANA time zone whose wall clock `cron(...)` fields are matched against; UTC when absent. */
  readonly timezone?: string | undefined;
}

const UNIT_MS: Readonly<Record<string, number>> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/**
 * Parses an EventBridge schedule expression. Supported forms:
 *
 * - `rate(N unit)`: unit is `minute`/`minutes`, `hour`/`hours` or `day`/`days`, singular exactly
 *   when N is 1 (as EventBridge insists). Fires N units after the start, then every N units; a
 *   fixed duration, so the time zone does not affect it (a day is 24 hours, DST or not).
 * - `cron(minutes hours day-of-month month day-of-week year)`: AWS's six-field cron with `*`, `?`
 *   (exactly one of the two day fields), lists `a,b`, ranges `a-b`, steps `a/n` (also on `*` and
 *   on ranges), month names JAN–DEC and day names SUN–SAT (days numbered 1–7 from Sunday), years
 *   1970–2199; `L`, `W` and `#` are refused. The fields are matched against the wall clock in
 *   `options.timezone` (UTC when absent): a repeated wall time (clocks go back) fires once, at its
 *   first occurrence; a skipped one (clocks go forward) fires at the first instant after the gap.
 *   See parseAwsCron.
 *
 * Throws ScheduleExpressionError (code `InvalidSchedule`) for anything else, and for a time zone
 * that is not a known IANA name, whichever form the expression has.
 */
export function parseScheduleExpression(
  text: string,
  options: ScheduleExpressionOptions = {},
): ScheduleExpression {
  const { timezone } = options;
  if (timezone !== undefined) validateTimezone(timezone, text);
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(text.trim());
  if (rate) {
    const count = Number(rate[1]);
    const unit = (rate[2] as string).replace(/s$/, '');
    // EventBridge rejects "rate(1 minutes)" and "rate(5 minute)"; so do we, before a deploy would.
    if (count < 1 || (count === 1) !== !(rate[2] as string).endsWith('s')) {
      throw new ScheduleExpressionError(
        text,
        `${text}: use a singular unit for 1 and a plural unit otherwise, e.g. rate(1 minute), rate(5 minutes).`,
      );
    }
    const period = count * (UNIT_MS[unit] as number);
    // Like EventBridge, a rate schedule first fires one period after it is created.
    return { text, next: (after) => after + period };
  }
  const cron = /^cron\((.*)\)$/.exec(text.trim());
  if (cron) {
    const schedule = parseAwsCron(cron[1] as string, { timezone });
    return { text, next: (after) => schedule.next(after) };
  }
  throw new ScheduleExpressionError(text, `"${text}" is neither rate(...) nor cron(...).`);
}
