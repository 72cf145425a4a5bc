import { EnqueueError } from '../errors.ts';
import { type Job, jobMessageOf } from '../job.ts';
import type { Clock, DueJob, JobQueue, JobStore } from '../ports.ts';
import { promoteUntil, secondsUntil } from '../timing.ts';
import { delayed } from './submit-job.ts';

/** Scheduled jobs promoted per run at most; the rest wait for the next run, a minute later. */
export const MAX_PROMOTIONS_PER_RUN = 1_000;
/** Promotions in flight at once: each is one conditional write and one send. */
const PARALLEL = 16;

export interface EnqueueDueResult {
  /** Scheduled jobs now pending, their messages sent (delayed to their `runAt`). */
  readonly promoted: number;
  /** Promoted, but the send failed: the sweeper's stuck-pending rule sends it later. */
  readonly unsent: number;
}

/**
 * Moves each scheduled job whose `runAt` is within PROMOTE_AHEAD_SECONDS to pending and sends its
 * message, delayed to the second of its `runAt`; the sweeper runs this every minute. The promote is
 * conditional on the `runAt` read, so a reschedule or cancel in between wins, and two racing runs
 * promote a job once: only the one whose write succeeded sends.
 */
export async function enqueueDueJobs(
  deps: { readonly store: JobStore; readonly queue: Pick<JobQueue, 'send'>; readonly clock: Clock },
  limit: number = MAX_PROMOTIONS_PER_RUN,
): Promise<EnqueueDueResult> {
  const due = await deps.store.listDue(promoteUntil(deps.clock.now()), limit);
  let promoted = 0;
  let unsent = 0;
  for (let start = 0; start < due.length; start += PARALLEL) {
    await Promise.all(
      due.slice(start, start + PARALLEL).map(async (job) => {
        try {
          if (await promoteDueJob(deps, job, deps.clock.now())) promoted += 1;
        } catch (error) {
          if (!(error instanceof EnqueueError)) throw error;
          promoted += 1;
          unsent += 1;
        }
      }),
    );
  }
  return { promoted, unsent };
}

/**
 * The lifecycle's promote and the message it owes, delayed to the second of `runAt`: the promoted
 * job, or undefined when the job moved on (rescheduled, canceled) since `runAt` was read. A send that
 * fails after the promote throws EnqueueError: the job is pending with no message, which the
 * sweeper's stuck-pending rule sends again.
 */
export async function promoteDueJob(
  deps: { readonly store: JobStore; readonly queue: Pick<JobQueue, 'send'> },
  { id, runAt }: DueJob,
  now: Date,
): Promise<Job | undefined> {
  const promoted = await deps.store.promote(id, runAt, now);
  if (!promoted) return undefined;
  try {
    await deps.queue.send(jobMessageOf(promoted), delayed(secondsUntil(runAt, now)));
  } catch (error) {
    throw new EnqueueError(id, error);
  }
  return promoted;
}
