import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { JobMessage } from '../../core/job.ts';
import type { SendOptions } from '../../core/ports.ts';
import { delaySeconds, jobMessageAttributes, messageGroupOf } from './send-job-message.ts';

/** SQS takes at most ten entries per batch request. */
const MAX_ENTRIES = 10;

/**
 * SendMessageBatch in tens. Resolves with the messages not surely sent: those SQS refused (each entry
 * succeeds or fails on its own) and every message of a request that failed. A message of a failed
 * request may still have been sent; its job is then refused and removed, and the worker acknowledges
 * a message whose job does not exist, so it never runs.
 */
export async function sendJobMessages(
  sqs: SQSClient,
  queueUrl: string,
  messages: readonly JobMessage[],
  options: SendOptions = {},
): Promise<{ failed: JobMessage[] }> {
  const failed: JobMessage[] = [];
  for (let start = 0; start < messages.length; start += MAX_ENTRIES) {
    const chunk = messages.slice(start, start + MAX_ENTRIES);
    const response = await sqs
      .send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: chunk.map((message, i) => ({
            Id: `m${i}`,
            MessageBody: JSON.stringify(message),
            MessageAttributes: jobMessageAttributes(message),
            ...messageGroupOf(message),
            ...(options.delaySeconds ? { DelaySeconds: delaySeconds(options.delaySeconds) } : {}),
          })),
        }),
      )
      .catch(() => undefined);
    if (!response) {
      failed.push(...chunk);
      continue;
    }
    for (const entry of response.Failed ?? []) {
      const message = chunk[Number(entry.Id?.slice(1))];
      if (message) failed.push(message);
    }
  }
  return { failed };
}
