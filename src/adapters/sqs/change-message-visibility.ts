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
      // Whole seconds, at least one: SQS counts whole seconds, and with 0 the embedded emulator answered
      // MessageNotInflight for some retries, stranding them until the queue's visibility timeout.
      VisibilityTimeout: Math.max(1, Math.min(43_200, Math.ceil(seconds))),
    }),
  );
}
