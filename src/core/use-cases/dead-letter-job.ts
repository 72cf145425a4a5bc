import type { JobEvents } from '../events.ts';
import type { JobMessage } from '../job.ts';
import type { JobQueue } from '../ports.ts';

export interface DeadLetterJobDeps {
  readonly queue: Pick<JobQueue, 'deadLetter'>;
  /** Where JobDeadLettered is reported. */
  readonly events?: JobEvents;
}

/**
 * A job that failed for good leaves its message in the dead-letter queue, as it was (so a redrive can
 * send it back), with why; JobDeadLettered says so. The worker does this itself for the failures it
 * understands: waiting for the queue's redrive policy would take maxReceiveCount more receives.
 */
export async function deadLetterJob(
  deps: DeadLetterJobDeps,
  message: JobMessage,
  body: string,
  failure: { readonly reason: 'permanent' | 'exhausted'; readonly error: string },
): Promise<void> {
  await deps.queue.deadLetter({
    body,
    reason: failure.reason,
    error: failure.error,
    jobId: message.id,
    jobType: message.type,
  });
  deps.events?.emit({
    name: 'JobDeadLettered',
    jobId: message.id,
    type: message.type,
    reason: failure.reason,
  });
}
