import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** Sets when a received message comes back: the retry backoff, per message, instead of the queue's fixed timeout. */
export async function changeMessageVisibility(
  sqs: SQSClient,
  queueUrl: string,
  receiptHandle: string,
  seconds: number,
): Promise<void> {
  await sqs.send(
    new ChangeMessageVisibilityCommand({
      QueueUrl: queueUrl,
      ReceiptHandle: receiptHandle,
      VisibilityTimeout: visibilityTimeout(seconds),
    }),
  );
}

/**
 * Whole seconds, at least one and at most SQS's 12 hours: SQS counts whole seconds, and fauxqs's
 * SQLite store fails a 0 (NOT NULL on the receive count), dropping the message from its in-memory
 * queue until a restart.
 */
export function visibilityTimeout(seconds: number): number {
  return Math.max(1, Math.min(43_200, Math.ceil(seconds)));
}
