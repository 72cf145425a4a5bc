import type { Context, SQSRecord } from 'aws-lambda';
import { PoisonMessageError, parseJobMessage } from '../../src/core/job-message.ts';
import type { JobQueue, Receipt } from '../../src/core/ports.ts';
import type { Priority } from '../../src/core/priority.ts';
import { deadLetterJob } from '../../src/core/use-cases/dead-letter-job.ts';
import { type RunJobDeps, type RunOutcome, runJob } from '../../src/core/use-cases/run-job.ts';

/** Stops a handler this long before Lambda would kill the whole batch, so the outcome is recorded. */
const DEADLINE_MARGIN_MS = 3_000;
/** A running job's message is kept hidden this long past its lease, so a live job is never redelivered. */
const VISIBILITY_MARGIN_SECONDS = 30;

export interface RecordDeps extends Omit<RunJobDeps, 'onHeartbeat'> {
  /**
   * Sets when this message comes back (the retry backoff, the heartbeat's extension); dead-letters;
   * sends a fresh message for a delivery that came before the job's start.
   */
  readonly queue: Pick<JobQueue, 'send' | 'setVisibility' | 'deadLetter'>;
  readonly log: (message: string, data: Record<string, unknown>) => void;
  /** The queue (by priority) a record was received from, where its visibility is changed. */
  readonly priorityOf: (record: SQSRecord) => Priority;
}

/** Thrown so the batch processor reports the record as a batch item failure. */
export class RetryScheduledError extends Error {
  override readonly name = 'RetryScheduledError';
}

export type RecordOutcome = RunOutcome | { readonly kind: 'poison' };

export async function processRecord(
  deps: RecordDeps,
  record: SQSRecord,
  context?: Context,
): Promise<RecordOutcome> {
  let message: ReturnType<typeof parseJobMessage>;
  try {
    message = parseJobMessage(record.body);
  } catch (error) {
    if (!(error instanceof PoisonMessageError)) throw error;
    await deps.queue.deadLetter({ body: record.body, reason: 'poison', error: error.message });
    deps.log('poison message dead-lettered', { messageId: record.messageId, error: error.message });
    // No job id to report a JobDeadLettered for: the message named none that could be read.
    return { kind: 'poison' };
  }
  const receipt: Receipt = { receiptHandle: record.receiptHandle, priority: deps.priorityOf(record) };
  const remainingMs = context?.getRemainingTimeInMillis() ?? 60_000;
  const deadline = new Date(deps.clock.now().getTime() + remainingMs - DEADLINE_MARGIN_MS);
  const outcome = await runJob(
    {
      ...deps,
      onHeartbeat: async (job) => {
        const leaseLeft = (Date.parse(job.leaseExpiresAt ?? '') - deps.clock.now().getTime()) / 1000;
        await deps.queue.setVisibility(receipt, Math.max(0, leaseLeft) + VISIBILITY_MARGIN_SECONDS);
      },
    },
    message,
    { deadline },
  );
  // A completed attempt's JobCompleted event already says so; one line less per job is measurable.
  if (outcome.kind !== 'completed')
    deps.log('job attempt ended', {
      jobId: message.id,
      type: message.type,
      outcome: outcome.kind,
      receiveCount: Number(record.attributes.ApproximateReceiveCount),
    });
  if (outcome.kind === 'retry') {
    await deps.queue.setVisibility(receipt, outcome.delaySeconds);
    throw new RetryScheduledError(
      `Job ${message.id} will be retried in ${outcome.delaySeconds.toFixed(1)} s`,
    );
  }
  if (outcome.kind === 'failed') await deadLetterJob(deps, message, record.body, outcome);
  // A fresh message rather than this one hidden for longer: its receive count would creep towards
  // maxReceiveCount and the dead-letter queue. If the send fails the record fails, and comes back.
  if (outcome.kind === 'early') await deps.queue.send(message, { delaySeconds: outcome.delaySeconds });
  // Held back by a limit: the same, with the count of holds that spaces the next try further.
  if (outcome.kind === 'heldBack')
    await deps.queue.send(outcome.message, { delaySeconds: outcome.delaySeconds });
  return outcome;
}
