import type { SQSClient } from '@aws-sdk/client-sqs';
import type { JobMessage } from '../../core/job.ts';
import { priorityOf } from '../../core/job.ts';
import type { JobQueue, VisibilityChange } from '../../core/ports.ts';
import { type PerPriority, PRIORITIES, type Priority } from '../../core/priority.ts';
import { changeMessageVisibility } from './change-message-visibility.ts';
import { changeMessageVisibilityBatch } from './change-message-visibility-batch.ts';
import { deadLetterMessage } from './dead-letter-message.ts';
import { queueDepth } from './queue-depth.ts';
import { sendJobMessage } from './send-job-message.ts';
import { sendJobMessages } from './send-job-messages.ts';

export interface SqsJobQueueOptions {
  /** The queue of each priority. */
  readonly queueUrls: PerPriority<string>;
  /** Where deadLetter sends; not needed by code that never dead-letters (the API, the sweeper). */
  readonly deadLetterQueueUrl?: string;
}

/**
 * The JobQueue port on SQS: each method one request per queue it touches (batches: one per ten), in
 * a file of its own. A message goes to its priority's queue; a receipt is changed on the queue it
 * was received from.
 */
export function createSqsJobQueue(sqs: SQSClient, options: SqsJobQueueOptions): JobQueue {
  const { queueUrls, deadLetterQueueUrl } = options;
  return {
    send: (message, sendOptions) => sendJobMessage(sqs, queueUrls[priorityOf(message)], message, sendOptions),
    async sendBatch(messages, sendOptions) {
      const failed: JobMessage[] = [];
      for (const [priority, group] of byPriority(messages, priorityOf)) {
        failed.push(...(await sendJobMessages(sqs, queueUrls[priority], group, sendOptions)).failed);
      }
      return { failed };
    },
    setVisibility: (receipt, seconds) =>
      changeMessageVisibility(sqs, queueUrls[receipt.priority], receipt.receiptHandle, seconds),
    async setVisibilityBatch(changes) {
      let failed = 0;
      for (const [priority, group] of byPriority(changes, (change: VisibilityChange) => change.priority)) {
        failed += (await changeMessageVisibilityBatch(sqs, queueUrls[priority], group)).failed;
      }
      return { failed };
    },
    deadLetter: (record) => {
      if (!deadLetterQueueUrl) throw new Error('This JobQueue was made without a dead-letter queue URL.');
      return deadLetterMessage(sqs, deadLetterQueueUrl, record);
    },
    depth: (priority) => queueDepth(sqs, queueUrls[priority]),
  };
}

/** The items grouped by priority, in priority order, leaving out the empty groups. */
function byPriority<T>(items: readonly T[], priorityOfItem: (item: T) => Priority): [Priority, T[]][] {
  return PRIORITIES.map((priority): [Priority, T[]] => [
    priority,
    items.filter((item) => priorityOfItem(item) === priority),
  ]).filter(([, group]) => group.length > 0);
}
