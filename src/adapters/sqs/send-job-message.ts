import { createHash } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { JobMessage } from '../../core/job.ts';
import type { SendOptions } from '../../core/ports.ts';

/** The message attributes every job message carries: its type, for filtering without parsing. */
export function jobMessageAttributes(message: JobMessage) {
  return { jobType: { DataType: 'String', StringValue: message.type } };
}

/**
 * A job with a limit key goes in that key's message group: on a standard queue SQS then spreads its
 * receives fairly across groups (fair queues), so one key's backlog does not raise the others'
 * waits. A group id is 1–128 characters of ASCII punctuation and alphanumerics: a key that does not
 * fit is hashed. Emulators that know no fair queues ignore it.
 */
export function messageGroupOf(message: JobMessage): { MessageGroupId?: string } {
  if (message.limitKey === undefined) return {};
  const group = `${message.type}:${message.limitKey}`;
  return {
    MessageGroupId: /^[\x21-\x7e]{1,128}$/.test(group)
      ? group
      : `${message.type}:${createHash('sha256').update(message.limitKey).digest('hex')}`.slice(0, 128),
  };
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
      ...messageGroupOf(message),
      ...(options.delaySeconds ? { DelaySeconds: delaySeconds(options.delaySeconds) } : {}),
    }),
  );
}

/** Whole seconds within SQS's 0–900. */
export function delaySeconds(seconds: number): number {
  return Math.max(0, Math.min(900, Math.ceil(seconds)));
}
