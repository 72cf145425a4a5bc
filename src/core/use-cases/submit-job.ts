import { EnqueueError } from '../errors.ts';
import type { JobEvents } from '../events.ts';
import { type Job, newJob } from '../job.ts';
import type { Clock, JobQueue, JobStore } from '../ports.ts';
import type { SpecRegistry } from '../registry.ts';
import { parseSubmission } from '../submission.ts';

export interface SubmitJobDeps {
  readonly store: JobStore;
  /** Only sends: a use case takes the part of the port it uses. */
  readonly queue: Pick<JobQueue, 'send'>;
  readonly specs: SpecRegistry;
  readonly clock: Clock;
  readonly newId: () => string;
  readonly maxAttemptsLimit?: number;
  /** Where JobEnqueued is reported, once the job is accepted. */
  readonly events?: JobEvents;
}

/**
 * Validates, writes the record, then sends the message. The record goes first so a worker never
 * receives a message for a job it cannot find; if the send fails the record is rolled back and the
 * caller gets an error, so a job is only ever accepted when its message is on the queue.
 */
export async function submitJob(deps: SubmitJobDeps, body: unknown): Promise<Job> {
  const submission = parseSubmission(body, deps.specs, deps.maxAttemptsLimit);
  const job = newJob({ id: deps.newId(), ...submission, now: deps.clock.now() });
  await deps.store.create(job);
  try {
    await deps.queue.send({ id: job.id, type: job.type });
  } catch (error) {
    await deps.store.removePending(job.id).catch(() => {
      // The rollback failed too: the job stays pending with no message. It is never reported as
      // accepted; the sweeper re-enqueues such jobs.
    });
    throw new EnqueueError(job.id, error);
  }
  deps.events?.emit({ name: 'JobEnqueued', jobId: job.id, type: job.type });
  return job;
}
