import type { SQSRecord } from 'aws-lambda';
import type { VisibilityChange } from '../../src/core/ports.ts';
import type { Priority } from '../../src/core/priority.ts';

/**
 * How long past the invocation's deadline a held message stays hidden. It must outlast any lease
 * this invocation takes (a job's lease ends at most 7 s past the deadline: the attempt stops 3 s
 * before it, and the lease has 10 s of margin), or a redelivery would find the job still leased,
 * take itself for a duplicate and be deleted.
 */
export const HOLD_MARGIN_SECONDS = 15;

export type ChangeVisibilities = (changes: readonly VisibilityChange[]) => Promise<{ failed: number }>;

/**
 * The queue hides a received message for its visibility timeout, six times the worker's timeout
 * (AWS's advice, so the event source can retry a throttled invoke). Once this invocation runs, none
 * of its records can outlive it, so each is hidden only until the invocation's deadline plus a
 * margin: if the worker crashes (or the runtime is killed), the batch comes back that soon instead
 * of after six timeouts. A running job's heartbeat extends its own message from there; a retry
 * sets its backoff after this, so this never overrides it. One request per ten records.
 */
export async function holdBatch(
  records: readonly SQSRecord[],
  remainingMs: number,
  change: ChangeVisibilities,
  /** The queue (by priority) a record was received from. */
  priorityOf: (record: SQSRecord) => Priority,
): Promise<{ failed: number }> {
  const seconds = remainingMs / 1000 + HOLD_MARGIN_SECONDS;
  return change(
    records.map((record) => ({ receiptHandle: record.receiptHandle, priority: priorityOf(record), seconds })),
  );
}
