import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeadLetterRecord } from '../../core/ports.ts';

/**
 * Puts a message the worker gave up on into the dead-letter queue, with why as message attributes.
 * The worker does this itself for the failures it understands (attempts exhausted, permanent errors,
 * poison): waiting for the redrive policy would take maxReceiveCount more receives. The redrive policy
 * stays as the net for what the worker cannot report (a function that crashes on every delivery).
 */
export async function deadLetterMessage(
  sqs: SQSClient,
  deadLetterQueueUrl: string,
  letter: DeadLetterRecord,
): Promise<void> {
  const attribute = (value: string) => ({ DataType: 'String', StringValue: value.slice(0, 1024) || '-' });
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: deadLetterQueueUrl,
      MessageBody: letter.body,
      MessageAttributes: {
        failureReason: attribute(letter.reason),
        error: attribute(letter.error),
        ...(letter.jobId ? { jobId: attribute(letter.jobId) } : {}),
        ...(letter.jobType ? { jobType: attribute(letter.jobType) } : {}),
      },
    }),
  );
}
