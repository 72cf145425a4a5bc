import type { SQSClient } from '@aws-sdk/client-sqs';
import type { JobQueue } from '../../core/ports.ts';
import { changeMessageVisibility } from './change-message-visibility.ts';
import { changeMessageVisibilityBatch } from './change-message-visibility-batch.ts';
import { deadLetterMessage } from './dead-letter-message.ts';
import { queueDepth } from './queue-depth.ts';
import { sendJobMessage } from './send-job-message.ts';
import { sendJobMessages } from './send-job-messages.ts';

export interface SqsJobQueueOptions {
  readonly queueUrl: string;
  /** Where deadLetter sends; not needed by code that never dead-letters (the API, the sweeper). */
  readonly deadLetterQueueUrl?: string;
}

/** The JobQueue port on SQS: each method one request (batches: one per ten), in a file of its own. */
export function createSqsJobQueue(sqs: SQSClient, options: SqsJobQueueOptions): JobQueue {
  const { queueUrl, deadLetterQueueUrl } = options;
  return {
    send: (message, sendOptions) => sendJobMessage(sqs, queueUrl, message, sendOptions),
    sendBatch: (messages, sendOptions) => sendJobMessages(sqs, queueUrl, messages, sendOptions),
    setVisibility: (receiptHandle, seconds) => changeMessageVisibility(sqs, queueUrl, receiptHandle, seconds),
    setVisibilityBatch: (changes) => changeMessageVisibilityBatch(sqs, queueUrl, changes),
    deadLetter: (record) => {
      if (!deadLetterQueueUrl) throw new Error('This JobQueue was made without a dead-letter queue URL.');
      return deadLetterMessage(sqs, deadLetterQueueUrl, record);
    },
    depth: () => queueDepth(sqs, queueUrl),
  };
}
