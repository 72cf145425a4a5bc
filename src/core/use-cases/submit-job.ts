import { EnqueueError } from '../errors.ts';
import type { JobEvents } from '../events.ts';
import { type Job, newJob } from '../job.ts';
import type { Clock, JobQueue, JobStore, SendOptions } from '../ports.ts';
import type { SpecRegistry } from '../registry.ts';
import { parseSubmission, type Submission } from '../submission.ts';
import { type Placement, placement, runAtOf } from '../timing.ts';

export interface SubmitJobDeps {
  readonly store: JobStore;
  /** Only sends: a use case takes the part of the port it uses. */
  readonly queue: Pick<JobQueue, 'send'>;
  readonly specs: SpecRegistry;
  readonly clock: Clock;
  readonly newId: () => string;
  readonly maxAttemptsLimit?: number;
  /**
   * Jobs due later than this are stored `scheduled` rather than queued with a delay: 1–900 s (SQS's
   * longest delay, the default); shorter only to try the scheduled path without waiting.
   */
  readonly scheduleHorizonSeconds?: number;
  /** Where JobEnqueued is reported, once the job is accepted. */
  readonly events?: JobEvents;
}

/** A new job for a parsed submission, and where it goes: the queue (with a delay) or `scheduled`. */
export function placeJob(
  deps: Pick<SubmitJobDeps, 'newId' | 'scheduleHorizonSeconds'>,
  submission: Submission,
  now: Date,
): { readonly job: Job; readonly placed: Placement } {
  const { timing, ...fields } = submission;
  const runAt = runAtOf(timing, now);
  const placed = placement(runAt, now, deps.scheduleHorizonSeconds);
  const job = newJob({
    id: deps.newId(),
    ...fields,
    now,
    status: placed.status,
    ...(runAt ? { runAt } : {}),
  });
  return { job, placed };
}

/**
 * Validates, writes the record, then sends the message. The record goes first so a worker never
 * receives a message for a job it cannot find; if the send fails the record is rolled back and the
 * caller gets an error, so a job is only ever accepted when its message is on the queue. A job due
 * beyond the horizon is only written, `scheduled`: the sweeper sends its message when its time nears.
 */
export async function submitJob(deps: SubmitJobDeps, body: unknown): Promise<Job> {
  const submission = parseSubmission(body, deps.specs, deps.maxAttemptsLimit);
  const { job, placed } = placeJob(deps, submission, deps.clock.now());
  await deps.store.create(job);
  if (placed.status === 'pending') {
    try {
      await deps.queue.send({ id: job.id, type: job.type }, delayed(placed.delaySeconds));
    } catch (error) {
      await deps.store.removePending(job.id).catch(() => {
        // The rollback failed too: the job stays pending with no message. It is never reported as
        // accepted; the sweeper re-enqueues such jobs.
      });
      throw new EnqueueError(job.id, error);
    }
  }
  deps.events?.emit({ name: 'JobEnqueued', jobId: job.id, type: job.type });
  return job;
}

/** Send options for a delay: none at all for 0, so an undelayed send is the plain one. */
export function delayed(delaySeconds: number): SendOptions | undefined {
  return delaySeconds > 0 ? { delaySeconds } : undefined;
}
