import type { JobRegistry } from '../core/registry.ts';
import { InvalidArgumentError } from './errors.ts';
import type { Transport } from './transport.ts';
import type { Schedule, SchedulePut, ScheduleSpec } from './types.ts';

/**
 * The recurring schedules of the stack (`client.schedules`): each firing submits one job of its type
 * through the normal path. Those declared in the jobs module (`defineSchedules`, `declared: true`) are
 * read here like the others but only a deploy changes them: `put` and `delete` reject with a
 * `SqsJobsApiError` coded `ScheduleDeclared` (409). A schedule's `type` and `payload` are read back
 * as stored, not narrowed to the registry: a stored schedule may name a type the app no longer has.
 */
export interface SqsJobsSchedules<J extends JobRegistry> {
  /** Every schedule, declared and made at run time, by name (`GET /schedules`). */
  list(): Promise<Schedule[]>;
  /**
   * One schedule (`GET /schedules/{name}`): its expression, next run and last firing (the job it
   * submitted, or why it submitted none). Rejects coded `ScheduleNotFound` (404) when there is none.
   */
  get(name: string): Promise<Schedule>;
  /**
   * Creates or replaces a run-time schedule (`PUT /schedules/{name}`). The API checks the expression,
   * the time zone and the payload (against the type's schema) now, as each firing's submission will
   * be: an unknown type or a payload of the wrong shape does not compile, and a bad expression rejects
   * coded `InvalidSchedule` (400). Replaced with the same fields, a schedule keeps its next run.
   *
   * @example
   * const { schedule, created } = await client.schedules.put('daily-digest', {
   *   schedule: 'cron(0 9 ? * MON-FRI *)',
   *   timezone: 'Europe/Paris',
   *   type: 'email',
   *   payload: { to: 'team@example.com' },
   *   priority: 'high',
   * });
   * console.log(`${created ? 'created' : 'replaced'}; next run ${schedule.nextRunAt}`);
   */
  put(name: string, spec: ScheduleSpec<J>): Promise<SchedulePut>;
  /**
   * Deletes a run-time schedule (`DELETE /schedules/{name}`): it fires no more; the jobs it submitted
   * are not touched. Rejects coded `ScheduleNotFound` (404) or `ScheduleDeclared` (409).
   */
  delete(name: string): Promise<void>;
}

/** The schedule methods over one transport. */
export function createSchedules<J extends JobRegistry>(transport: Transport): SqsJobsSchedules<J> {
  return {
    list: async () => {
      const answer = await transport<{ readonly schedules: Schedule[] }>({
        method: 'GET',
        path: '/schedules',
        isAnswer: (body) => Array.isArray((body as { schedules?: unknown }).schedules),
      });
      return answer.schedules;
    },
    // async: a bad name rejects the promise like any other failure, rather than throwing.
    get: async (name) => transport({ method: 'GET', path: schedulePath(name), isAnswer: isSchedule }),
    put: async (name, spec) => {
      const { status, body } = await transport.answer<Schedule>({
        method: 'PUT',
        path: schedulePath(name),
        body: scheduleBody(spec),
        isAnswer: isSchedule,
      });
      return { schedule: body, created: status === 201 };
    },
    delete: async (name) => {
      await transport({ method: 'DELETE', path: schedulePath(name), noContent: true });
    },
  };
}

/**
 * `/schedules/{name}`, the name encoded; an empty name would name the list route instead. The rest of
 * the naming rule is the API's to say (a ValidationError naming the rule).
 */
function schedulePath(name: string): string {
  if (typeof name !== 'string' || name === '')
    throw new InvalidArgumentError('A schedule name must be a non-empty string.');
  return `/schedules/${encodeURIComponent(name)}`;
}

/**
 * The body `PUT /schedules/{name}` reads: only the fields given, so a spec object's other keys (from
 * untyped code) are not sent for the API's strict schema to refuse.
 */
function scheduleBody(spec: ScheduleSpec<JobRegistry>): Record<string, unknown> {
  const { schedule, timezone, type, payload, maxAttempts, priority } = spec;
  return {
    schedule,
    ...(timezone === undefined ? {} : { timezone }),
    type,
    ...(payload === undefined ? {} : { payload }),
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
    ...(priority === undefined ? {} : { priority }),
  };
}

/** Else a wrong URL answering 200 would pass for a schedule. */
function isSchedule(body: object): boolean {
  const { name, nextRunAt } = body as { name?: unknown; nextRunAt?: unknown };
  return typeof name === 'string' && typeof nextRunAt === 'string';
}
