import { ScheduleExpressionError } from './errors.ts';
import { instantOf, timeZone, UTC, wallTimeAt } from './time-zone.ts';

/**
 * EventBridge's cron: `minutes hours day-of-month month day-of-week year`. Supports `*`, `?`, lists,
 * ranges, names (JAN–DEC, SUN–SAT) and `/` steps; not `L`, `W` or `#`, which are rare enough to
 * refuse loudly rather than evaluate wrongly.
 *
 * The fields match the wall-clock time in `options.timezone` (UTC unless given), as EventBridge
 * Scheduler does with ScheduleExpressionTimezone. Across DST changes (see `instantOf` in
 * time-zone.ts): a wall time that happens twice fires once, at its first occurrence; a wall time that
 * does not exist fires at the first instant after the gap (EventBridge Scheduler skips it instead),
 * and several such wall times (02:00, 02:15, 02:30 and 02:45 for `cron(0/15 * * * ? *)` on a night
 * the clocks go from 02:00 to 03:00) become that one firing.
 */
export interface CronSchedule {
  /** The first firing time strictly after `after` (epoch ms), or undefined if none before 2200. */
  next(after: number): number | undefined;
}

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  },
  // EventBridge numbers days 1–7 from Sunday.
  { name: 'day-of-week', min: 1, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
  { name: 'year', min: 1970, max: 2199 },
];

const MINUTE = 60_000;

export interface CronOptions {
  /** IANA time zone whose wall clock the fields are matched against; UTC when absent. */
  readonly timezone?: string | undefined;
}

/** Parses the fields inside `cron(...)`. */
export function parseAwsCron(fields: string, options: CronOptions = {}): CronSchedule {
  const expression = `cron(${fields})`;
  const zone = options.timezone === undefined ? UTC : timeZone(options.timezone, expression);
  const parts = fields.trim().split(/\s+/);
  if (parts.length !== 6) {
    throw new ScheduleExpressionError(
      expression,
      `${expression} needs 6 fields (minutes hours day-of-month month day-of-week year), got ${parts.length}.`,
    );
  }
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = parts.map((part, i) =>
    parseField(part, FIELDS[i] as FieldSpec, expression),
  ) as [Field, Field, Field, Field, Field, Field];
  if ((dayOfMonth === 'any') === (dayOfWeek === 'any')) {
    throw new ScheduleExpressionError(
      expression,
      `${expression}: exactly one of day-of-month and day-of-week must be "?".`,
    );
  }
  const has = (field: Field, value: number) => field === 'any' || field.has(value);

  return {
    next(after) {
      // Step field by field over wall time `w` (a fake UTC epoch, see time-zone.ts), so a yearly
      // cron costs a few dozen steps, not one per minute. Cron fires on whole minutes of the wall
      // clock; start at the wall minute after `after`.
      let w = Math.floor(wallTimeAt(zone, after) / MINUTE) * MINUTE + MINUTE;
      while (true) {
        const d = new Date(w);
        const y = d.getUTCFullYear();
        if (y > 2199) return undefined;
        if (!has(year, y)) {
          w = Date.UTC(y + 1, 0, 1);
          continue;
        }
        if (!has(month, d.getUTCMonth() + 1)) {
          w = Date.UTC(y, d.getUTCMonth() + 1, 1);
          continue;
        }
        const dayMatches =
          dayOfMonth === 'any' ? has(dayOfWeek, d.getUTCDay() + 1) : has(dayOfMonth, d.getUTCDate());
        if (!dayMatches) {
          w = Date.UTC(y, d.getUTCMonth(), d.getUTCDate() + 1);
          continue;
        }
        if (!has(hours, d.getUTCHours())) {
          w = Date.UTC(y, d.getUTCMonth(), d.getUTCDate(), d.getUTCHours() + 1);
          continue;
        }
        if (!has(minutes, d.getUTCMinutes())) {
          w += MINUTE;
          continue;
        }
        const instant = instantOf(zone, w);
        // Only after a fall-back change: the wall time repeats and its first occurrence (the one
        // that fires) is already past. In UTC the instant is `w`, always after `after`.
        if (instant > after) return instant;
        w += MINUTE;
      }
    },
  };
}

/** 'any' is `?`: the field does not constrain the day, the other day field does. */
type Field = ReadonlySet<number> | 'any';

function parseField(text: string, spec: FieldSpec, expression: string): Field {
  const fail = (why: string) =>
    new ScheduleExpressionError(expression, `${expression}: ${spec.name} field "${text}" ${why}.`);
  if (text === '?') {
    if (spec.name !== 'day-of-month' && spec.name !== 'day-of-week') throw fail('cannot be "?"');
    return 'any';
  }
  if (
    /[LW#]/i.test(
      text.replace(/[A-Z]{3}/gi, (name) => (spec.names?.includes(name.toUpperCase()) ? '0' : name)),
    )
  ) {
    throw fail('uses L, W or #, which sqs-jobs does not evaluate (use a list of days instead)');
  }
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const [range, stepText] = item.split('/') as [string, string | undefined];
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw fail(`has an invalid step "${stepText}"`);
    let from: number;
    let to: number;
    if (range === '*') {
      [from, to] = [spec.min, spec.max];
    } else if (range.includes('-')) {
      const [a, b] = range.split('-') as [string, string];
      [from, to] = [value(a, spec, fail), value(b, spec, fail)];
      if (from > to) throw fail('has a range that runs backwards');
    } else {
      from = value(range, spec, fail);
      // "5/15" means every 15 starting at 5, up to the field's maximum.
      to = stepText === undefined ? from : spec.max;
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

function value(text: string, spec: FieldSpec, fail: (why: string) => Error): number {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  const n = named >= 0 ? spec.min + named : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n) || n < spec.min || n > spec.max) {
    throw fail(`has "${text}", outside ${spec.min}–${spec.max}`);
  }
  return n;
}
