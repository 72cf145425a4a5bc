import { ScheduleExpressionError } from './errors.ts';

/**
 * Time zones for schedules, from the runtime's own tz data through `Intl.DateTimeFormat` (no
 * dependency). A *wall time* is the clock reading in a zone written as if it were a UTC epoch ("fake"
 * epoch ms): 09:00 in Paris is `Date.UTC(y, m, d, 9)`, whatever the offset. Calendar arithmetic runs
 * on wall times with the `getUTC*` accessors; `instantOf` turns the result into a real instant.
 */
export interface TimeZone {
  /** The IANA name as given ("UTC" for the default). */
  readonly name: string;
  /** Whether the zone is UTC, where wall time and instant are the same number. */
  readonly utc: boolean;
  /** The zone's offset from UTC at an instant, in ms: wall time = instant + offset. */
  offsetAt(instant: number): number;
}

export const UTC: TimeZone = { name: 'UTC', utc: true, offsetAt: () => 0 };

const SECOND = 1000;
const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Checks that `timezone` is an IANA zone name the runtime knows (e.g. "Europe/Paris", "UTC") and
 * throws a ScheduleExpressionError naming it otherwise. Fixed offsets such as "+05:30" are refused:
 * they are not IANA names, and EventBridge Scheduler's ScheduleExpressionTimezone does not take them.
 * `expression` is the schedule the zone belongs to, for the error's message and details.
 */
export function validateTimezone(timezone: string, expression?: string): void {
  formatterFor(timezone, expression);
}

/** The zone named `timezone`, validated (see validateTimezone). */
export function timeZone(timezone: string, expression?: string): TimeZone {
  const formatter = formatterFor(timezone, expression);
  if (formatter.resolvedOptions().timeZone === 'UTC') return { ...UTC, name: timezone };
  return { name: timezone, utc: false, offsetAt: (instant) => offsetFrom(formatter, instant) };
}

/** The wall time (fake epoch ms) at an instant. */
export function wallTimeAt(zone: TimeZone, instant: number): number {
  return instant + zone.offsetAt(instant);
}

/**
 * The instant a wall time (fake epoch ms) stands for, resolving the two DST cases this way:
 * - a wall time that happens twice (clocks go back) is its *first* occurrence, the earlier instant;
 * - a wall time that never happens (clocks go forward over it) is the first instant after the gap,
 *   i.e. the moment of the change: 02:30 on a night Paris goes from 02:00 to 03:00 is 03:00 local.
 */
export function instantOf(zone: TimeZone, wall: number): number {
  if (zone.utc) return wall;
  // Offsets a day either side bracket any single change near `wall`.
  const before = zone.offsetAt(wall - DAY);
  const after = zone.offsetAt(wall + DAY);
  let earliest: number | undefined;
  for (const offset of before === after ? [before] : [before, after]) {
    const instant = wall - offset;
    if (zone.offsetAt(instant) === offset && (earliest === undefined || instant < earliest)) {
      earliest = instant;
    }
  }
  if (earliest !== undefined) return earliest;
  return firstInstantAfterGap(zone, wall, before, after);
}

/**
 * `wall` falls in a gap: find the change itself, the smallest instant whose wall time is past
 * `wall`, by bisection over whole seconds (tz data changes offsets on whole seconds).
 */
function firstInstantAfterGap(zone: TimeZone, wall: number, before: number, after: number): number {
  const isPast = (instant: number) => wallTimeAt(zone, instant) > wall;
  let lo = wall - Math.max(before, after);
  let hi = wall - Math.min(before, after);
  // Not the shape of a gap (two changes within a day): shift forward by the offset before, as
  // Temporal's "compatible" disambiguation does, rather than loop.
  if (isPast(lo) || !isPast(hi)) return wall - before;
  while (hi - lo > SECOND) {
    const mid = lo + Math.floor((hi - lo) / 2 / SECOND) * SECOND;
    if (isPast(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

function formatterFor(timezone: string, expression: string | undefined): Intl.DateTimeFormat {
  const cached = formatters.get(timezone);
  if (cached) return cached;
  const fail = () =>
    new ScheduleExpressionError(
      expression ?? '',
      `${expression ? `${expression}: ` : ''}unknown time zone "${timezone}"; use an IANA name such as "Europe/Paris" or "UTC".`,
      { timezone },
    );
  if (typeof timezone !== 'string' || !/^[A-Za-z]/.test(timezone)) throw fail();
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw fail();
  }
  formatters.set(timezone, formatter);
  return formatter;
}

function offsetFrom(formatter: Intl.DateTimeFormat, instant: number): number {
  const field: Record<string, number> = {};
  for (const part of formatter.formatToParts(instant)) {
    if (part.type !== 'literal') field[part.type] = Number(part.value);
  }
  const wall = Date.UTC(
    field.year as number,
    (field.month as number) - 1,
    field.day as number,
    field.hour as number,
    field.minute as number,
    field.second as number,
  );
  return wall - Math.floor(instant / SECOND) * SECOND;
}
