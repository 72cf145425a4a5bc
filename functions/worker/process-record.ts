import type { Context, SQSRecord } from 'aws-lambda';
import { parseJobMessage } from '../../src/core/job-message.ts';
import { type RunJobDeps, type RunOutcome, runJob } from '../../src/core/use-cases/run-job.ts';

/** Stops a handler this long before Lambda would kill the whole batch, so the outcome is recorded. */
const DEADLINE_MARGIN_MS = 2_000;

export interface RecordDeps extends RunJobDeps {
  /** Sets when this message comes back: the per-message retry backoff. */
  readonly delayRedelivery: (receiptHandle: string, seconds: number) => Promise<void>;
  readonly log: (message: string, data: Record<string, unknown>) => void;
}

/** Thrown so the batch processor reports the record as a batch item failure. */
export class RetryScheduledError extends Error {
  override readonly name = 'RetryScheduledError';
}

export async function processRecord(
  deps: RecordDeps,
  record: SQSRecord,
  context?: Context,
): Promise<RunOutcome> {
  const message = parseJobMessage(record.body);
  const budgetMs = (context?.getRemainingTimeInMillis() ?? 60_000) - DEADLINE_MARGIN_MS;
  const outcome = await runJob(deps, message, AbortSignal.timeout(Math.max(1, budgetMs)));
  deps.log('job attempt ended', {
    jobId: message.id,
    type: message.type,
    outcome: outcome.kind,
    receiveCount: Number(record.attributes.ApproximateReceiveCount),
  });
  if (outcome.kind === 'retry') {
    await deps.delayRedelivery(record.receiptHandle, outcome.delaySeconds);
    throw new RetryScheduledError(
      `Job ${message.id} will be retried in ${outcome.delaySeconds.toFixed(1)} s`,
    );
  }
  return outcome;
}
