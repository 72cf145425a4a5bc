import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { JobMessage } from '../../core/job.ts';
import type { SendOptions } from '../../core/ports.ts';

/** The message attributes every job message carries: its type, for filtering without parsing. */
export function jobMessageAttributes(message: JobMessage) {
  return { jobType: { DataType: 'String', StringValue: message.type } };
}

export async function sendJobMessage(
  sqs: SQSClient,
  queueUrl: string,
  message: JobMessage,
  options: SendOptions = {},
): Promise<void> {
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify(message),
      MessageAttributes: jobMessageAttributes(message),
      ...(options.delaySeconds ? { DelaySeconds: delaySeconds(options.delaySeconds) } : {}),
    }),
  );
}

/** Whole seconds within SQS's 0–900. */
export function delaySeconds(seconds: number): number {
  return Math.max(0, Math.min(900, Math.ceil(seconds)));
}
