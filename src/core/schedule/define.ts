import type { JsonObject } from '../json.ts';
import type { Priority } from '../priority.ts';
import type { JobRegistry, PayloadOf } from '../registry.ts';
import { parseScheduleExpression } from './expression.ts';
import { assertScheduleName, type ScheduleSpec } from './schedule.ts';

/** One declared schedule, typed by the app's job types: its `payload` is that type's payload. */
export type DeclaredSchedule<J extends JobRegistry> = {
  [K in keyof J & string]: {
    /** `cron(minutes hours day-of-month month day-of-week year)` or `rate(n minutes|hours|days)`. */
    readonly schedule: string;
    /** The IANA time zone a cron expression's fields are read in. @default 'UTC' */
    readonly timezone?: string;
    readonly type: K;
    readonly payload?: PayloadOf<J, K>;
    readonly maxAttempts?: number;
    readonly priority?: Priority;
  };
}[keyof J & string];

/**
 * The app's recurring schedules, exported from the jobs module next to its job types:
 * `export const schedules = defineSchedules<typeof jobs>({ nightly: { schedule: 'cron(0 2 * * ? *)', type: 'report' } })`.
 * The sweeper makes the stored declared schedules match these at each deploy; the API cannot change
 * or delete them. Checks names and expressions now (a payload is checked against its type's schema
 * when the sweeper stores it), so a mistake fails where the module is loaded: tests, synth, `sqs-jobs dev`.
 */
export function defineSchedules<J extends JobRegistry>(
  schedules: Readonly<Record<string, DeclaredSchedule<J>>>,
): Readonly<Record<string, ScheduleSpec>> {
  for (const [name, spec] of Object.entries(schedules)) {
    assertScheduleName(name);
    parseScheduleExpression(spec.schedule, { timezone: spec.timezone });
  }
  return Object.freeze(
    Object.fromEntries(
      Object.entries(schedules).map(([name, spec]) => [
        name,
        { ...spec, payload: (spec.payload ?? {}) as JsonObject } satisfies ScheduleSpec,
      ]),
    ),
  );
}

/** The schedules a jobs module declares (its `schedules` export), or none. */
export function declaredSchedulesOf(
  module: Readonly<Record<string, unknown>>,
  where: string,
): Readonly<Record<string, ScheduleSpec>> {
  const declared = module.schedules;
  if (declared === undefined) return {};
  if (typeof declared !== 'object' || declared === null)
    throw new TypeError(`${where}: its "schedules" export must be what defineSchedules returns.`);
  return declared as Readonly<Record<string, ScheduleSpec>>;
}
