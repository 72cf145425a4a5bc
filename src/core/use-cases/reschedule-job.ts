import { z } from 'zod';
import { JobNotFoundError, SqsJobsError, ValidationError } from '../errors.ts';
import type { Job } from '../job.ts';
import type { Clock, JobQueue, JobStore } from '../ports.ts';
import { delaySecondsSchema, parseTiming, runAtSchema, zodToValidationError } from '../submission.ts';
import { placement, runAtOf } from '../timing.ts';
import { promoteDueJob } from './enqueue-due-jobs.ts';

export class JobNotScheduledError extends SqsJobsError {
  constructor(jobId: string, status: string) {
    super(
      'JobNotScheduled',
      `Job ${jobId} is ${status}; only a scheduled job can be rescheduled (a queued one's message is already on its way: cancel it and submit it again).`,
      { id: jobId, status },
    );
  }
}

const rescheduleBody = z.strictObject({
  delaySeconds: delaySecondsSchema.optional(),
  runAt: runAtSchema.optional(),
});

export interface RescheduleJobDeps {
  readonly store: JobStore;
  readonly queue: Pick<JobQueue, 'send'>;
  readonly clock: Clock;
  /** As for submitJob: a new start within it is queued at once. */
  readonly scheduleHorizonSeconds?: number;
}

/**
 * A scheduled job's new start (`POST /jobs/{id}/reschedule` with `runAt` or `delaySeconds`). A start
 * within the horizon promotes it at once, so "now" runs now; a later one waits for the sweeper.
 */
export async function rescheduleJob(deps: RescheduleJobDeps, id: string, body: unknown): Promise<Job> {
  const parsed = rescheduleBody.safeParse(body ?? {});
  if (!parsed.success) throw zodToValidationError(parsed.error, [], 'Invalid reschedule');
  const timing = parseTiming(parsed.data);
  if (!timing)
    throw new ValidationError('Send the new start as {"runAt": "<ISO 8601>"} or {"delaySeconds": n}.', {
      fields: ['runAt', 'delaySeconds'],
    });
  const now = deps.clock.now();
  const runAt = runAtOf(timing, now) ?? now;
  const job = await deps.store.reschedule(id, runAt, now);
  if (!job) {
    const current = await deps.store.get(id);
    if (!current) throw new JobNotFoundError(id);
    throw new JobNotScheduledError(id, current.status);
  }
  if (placement(runAt, now, deps.scheduleHorizonSeconds).status === 'scheduled') return job;
  // Due within the horizon: promoted now rather than at the sweeper's next run. A promote that
  // fails lost a race (a cancel, another reschedule): the job as it is now is the answer.
  const promoted = await promoteDueJob(deps, { id, type: job.type, runAt: runAt.toISOString() }, now);
  return promoted ?? (await deps.store.get(id)) ?? job;
}
