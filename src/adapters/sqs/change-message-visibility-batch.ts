import { ChangeMessageVisibilityBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { VisibilityChange } from '../../core/ports.ts';
import { visibilityTimeout } from './change-message-visibility.ts';

/** SQS takes at most ten entries per batch request. */
const MAX_ENTRIES = 10;

/**
 * ChangeMessageVisibilityBatch in tens; a receipt handle named twice (a duplicate delivery in one
 * batch) is changed once. Resolves with how many entries SQS refused (e.g. a message already
 * deleted); a failed request rejects.
 */
export async function changeMessageVisibilityBatch(
  sqs: SQSClient,
  queueUrl: string,
  changes: readonly Omit<VisibilityChange, 'priority'>[],
): Promise<{ failed: number }> {
  const unique = [...new Map(changes.map((change) => [change.receiptHandle, change])).values()];
  let failed = 0;
  for (let start = 0; start < unique.length; start += MAX_ENTRIES) {
    const chunk = unique.slice(start, start + MAX_ENTRIES);
    const response = await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: chunk.map((change, i) => ({
          Id: `m${i}`,
          ReceiptHandle: change.receiptHandle,
          VisibilityTimeout: visibilityTimeout(change.seconds),
        })),
      }),
    );
    failed += response.Failed?.length ?? 0;
  }
  return { failed };
}
