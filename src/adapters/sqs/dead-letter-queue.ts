import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { DeadLetter, DeadLetterQueue } from '../../core/ports.ts';

/** The dead-letter queue as the redrive sees it: read, remove, release — all in batches of 10. */
export function createSqsDeadLetterQueue(sqs: SQSClient, queueUrl: string): DeadLetterQueue {
  const inBatches = async (handles: readonly string[], send: (batch: readonly string[]) => Promise<void>) => {
    for (let i = 0; i < handles.length; i += 10) await send(handles.slice(i, i + 10));
  };
  return {
    async receive(max) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: Math.min(10, max),
          // Long enough that a sparse queue is not mistaken for an empty one.
          WaitTimeSeconds: 1,
          VisibilityTimeout: 60,
        }),
      );
      return Messages.flatMap((m): DeadLetter[] =>
        m.ReceiptHandle && m.Body !== undefined ? [{ handle: m.ReceiptHandle, body: m.Body }] : [],
      );
    },
    remove: (handles) =>
      inBatches(handles, async (batch) => {
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: batch.map((ReceiptHandle, i) => ({ Id: String(i), ReceiptHandle })),
          }),
        );
      }),
    release: (handles) =>
      inBatches(handles, async (batch) => {
        await sqs.send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl: queueUrl,
            Entries: batch.map((ReceiptHandle, i) => ({
              // One second, not 0: fauxqs's SQLite store fails a 0 (NOT NULL on the receive count) and then
              // drops the message from its in-memory queue until a restart.
              Id: String(i),
              ReceiptHandle,
              VisibilityTimeout: 1,
            })),
          }),
        );
      }),
  };
}
