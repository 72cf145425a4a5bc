import { z } from 'zod';
import { SqsJobsError, ValidationError } from '../errors.ts';
import type { JsonObject } from '../json.ts';
import { type Priority, prioritySchema } from '../priority.ts';

/**
 * Recurring schedules (BullMQ's job schedulers): a `cron(…)` or `rate(…)` expression, an optional
 * IANA time zone, a job type and a fixed payload. Each firing submits one job through the normal
 * path. Declared in the jobs module (`defineSchedules`) or made at run time (`PUT /schedules/{name}`).
 */

/** What a schedule is made of, as declared or sent to `PUT /schedules/{name}`. */
export interface ScheduleSpec {
  /** `cron(minutes hours day-of-month month day-of-week year)` or `rate(n minutes|hours|days)`. */
  readonly schedule: string;
  /** The IANA time zone a cron expression's fields are read in. @default 'UTC' */
  readonly timezone?: string;
  /** The job type each firing submits. */
  readonly type: string;
  /** The payload of every job it submits, validated against the type's schema. @default {} */
  readonly payload?: JsonObject;
  /** Attempts each job gets (the type's default otherwise). */
  readonly maxAttempts?: number;
  /** The queue each job goes on (the type's priority otherwise). */
  readonly priority?: Priority;
}

/** A stored schedule, as `GET /schedules` shows it. */
export interface Schedule extends ScheduleSpec {
  readonly name: string;
  readonly payload: JsonObject;
  /** When it fires next (ISO 8601). */
  readonly nextRunAt: string;
  /** The firing time of the last job it submitted, and that job. */
  readonly lastRunAt?: string;
  readonly lastJobId?: string;
  /** Why its last firing submitted no job (its type is gone, its payload no longer valid). */
  readonly lastError?: string;
  /** Declared in the jobs module: only a deploy changes or removes it, not the API. */
  readonly declared: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A schedule name: it appears in URLs and idempotency keys. */
export const SCHEDULE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/;

export const scheduleNameSchema = z
  .string()
  .regex(
    SCHEDULE_NAME,
    'a schedule name is 1–64 letters, digits, "_", "-" or ".", starting with a letter or digit',
  );

/** The body of `PUT /schedules/{name}`. */
export const scheduleSpecSchema = z.strictObject({
  schedule: z.string().min(1).max(256),
  timezone: z.string().min(1).max(64).optional(),
  type: z.string().min(1).max(64),
  payload: z.record(z.string(), z.unknown()).optional(),
  maxAttempts: z.number().int().min(1).optional(),
  priority: prioritySchema.optional(),
});

export class ScheduleNotFoundError extends SqsJobsError {
  constructor(name: string) {
    super('ScheduleNotFound', `No schedule named "${name}".`, { name });
  }
}

export class ScheduleDeclaredError extends SqsJobsError {
  constructor(name: string) {
    super(
      'ScheduleDeclared',
      `Schedule "${name}" is declared in the jobs module (defineSchedules); change or remove it there and deploy.`,
      { name },
    );
  }
}

/** The idempotency key of one firing: a firing submits one job, however many sweeper runs see it. */
export function firingKey(name: string, firingAt: string): string {
  return `schedule:${name}:${firingAt}`;
}

export function assertScheduleName(name: string): void {
  const parsed = scheduleNameSchema.safeParse(name);
  if (!parsed.success)
    throw new ValidationError(`Schedule name "${name.slice(0, 80)}": ${parsed.error.issues[0]?.message}`, {
      field: 'name',
    });
}

/** Whether two specs describe the same schedule (a redeploy that changed nothing keeps its next run). */
export function sameSpec(a: ScheduleSpec, b: ScheduleSpec): boolean {
  return (
    a.schedule === b.schedule &&
    (a.timezone ?? 'UTC') === (b.timezone ?? 'UTC') &&
    a.type === b.type &&
    a.maxAttempts === b.maxAttempts &&
    a.priority === b.priority &&
    JSON.stringify(a.payload ?? {}) === JSON.stringify(b.payload ?? {})
  );
}
