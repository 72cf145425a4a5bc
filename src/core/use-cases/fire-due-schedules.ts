import { EnqueueError, SqsJobsError } from '../errors.ts';
import { IdempotencyKeyBusyError } from '../idempotency.ts';
import type { Clock, ScheduleRun, ScheduleStore } from '../ports.ts';
import { parseScheduleExpression } from '../schedule/expression.ts';
import { firingKey } from '../schedule/schedule.ts';
import { type SubmitJobDeps, submitJob } from './submit-job.ts';

/** Schedules fired per sweeper run at most; the rest fire on the next run, a minute later. */
export const MAX_FIRINGS_PER_RUN = 200;
/** The next run of a schedule that will never fire again (a cron whose years ran out). */
export const NEVER = '9999-12-31T23:59:59.999Z';

export interface FireResult {
  /** Jobs submitted (a duplicate of a firing another run submitted counts once, there). */
  readonly fired: number;
  /** Firings that submitted no job because the schedule no longer makes a valid one (see lastError). */
  readonly refused: number;
}

/**
 * Each due schedule submits one job through the normal path (validated, visible and retried like any
 * other), with the idempotency key of its firing, then moves its next run on from the one it read:
 * two racing runs, or a run that died between the two steps, submit that firing's job once.
 * Firings missed while nothing ran (the stack was down) are caught up by one job, for the earliest
 * of them; the schedule then goes on from the first firing after now.
 */
export async function fireDueSchedules(
  deps: { readonly schedules: ScheduleStore; readonly submit: SubmitJobDeps; readonly clock: Clock },
  limit: number = MAX_FIRINGS_PER_RUN,
): Promise<FireResult> {
  const now = deps.clock.now();
  let fired = 0;
  let refused = 0;
  for (const due of await deps.schedules.listDue(now, limit)) {
    const schedule = await deps.schedules.get(due.name);
    if (!schedule || schedule.nextRunAt !== due.nextRunAt) continue;
    let run: ScheduleRun;
    try {
      const { job, duplicate } = await submitJob(deps.submit, {
        type: schedule.type,
        payload: schedule.payload,
        ...(schedule.maxAttempts !== undefined ? { maxAttempts: schedule.maxAttempts } : {}),
        ...(schedule.priority !== undefined ? { priority: schedule.priority } : {}),
        idempotencyKey: firingKey(schedule.name, schedule.nextRunAt),
      });
      run = { at: schedule.nextRunAt, jobId: job.id };
      if (!duplicate) fired += 1;
    } catch (error) {
      // The queue or the key was busy: this firing is tried again on the next run.
      if (error instanceof EnqueueError || error instanceof IdempotencyKeyBusyError) continue;
      if (!(error instanceof SqsJobsError)) throw error;
      run = { at: schedule.nextRunAt, error: error.message };
      refused += 1;
    }
    const expression = parseScheduleExpression(schedule.schedule, { timezone: schedule.timezone });
    const next = firstFiringAfter(expression, Date.parse(schedule.nextRunAt), now.getTime());
    await deps.schedules.advance(
      schedule.name,
      schedule.nextRunAt,
      next ? new Date(next).toISOString() : NEVER,
      run,
    );
  }
  return { fired, refused };
}

/**
 * The schedule's first firing after `now`, counted on from the firing that was due, so a rate keeps
 * its phase (a run a few seconds late does not shift every later firing). After a long downtime the
 * count gives up and starts from now.
 */
export function firstFiringAfter(
  expression: { next(after: number): number | undefined },
  due: number,
  now: number,
): number | undefined {
  let at: number | undefined = due;
  for (let step = 0; step < 1_000 && at !== undefined && at <= now; step += 1) at = expression.next(at);
  return at !== undefined && at <= now ? expression.next(now) : at;
}
