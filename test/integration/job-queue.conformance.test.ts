import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll } from 'vitest';
import type { ReceivedMessage } from '../../src/adapters/memory/job-queue.ts';
import { createSqsJobQueue } from '../../src/adapters/sqs/job-queue.ts';
import { type Priority, perPriority } from '../../src/core/priority.ts';
import { createQueue, type Emulators, startEmulators } from '../helpers/emulators.ts';
import { jobQueueConformance } from '../helpers/job-queue-conformance.ts';

let emulators: Emulators;
beforeAll(async () => {
  emulators = await startEmulators();
});
afterAll(async () => {
  await emulators?.stop();
});

async function receive(
  sqs: SQSClient,
  queueUrl: string,
  max: number,
  priority: Priority = 'default',
): Promise<ReceivedMessage[]> {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: max,
      WaitTimeSeconds: 0,
      MessageAttributeNames: ['All'],
    }),
  );
  return Messages.map((message) => ({
    receiptHandle: message.ReceiptHandle ?? '',
    priority,
    body: message.Body ?? '',
    attributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([key, value]) => [key, value.StringValue ?? '']),
    ),
  }));
}

// Fresh queues per case, as the stack makes them (one per priority and a dead-letter queue): a 30 s
// visibility timeout.
jobQueueConformance('SQS (fauxqs)', async () => {
  const sqs = emulators.clients.sqs;
  const name = `conformance-${randomUUID()}`;
  const deadLetterQueue = await createQueue(emulators.endpoints.sqs, `${name}-dlq`);
  const made = perPriority((priority) =>
    createQueue(emulators.endpoints.sqs, `${name}-${priority}`, { VisibilityTimeout: '30' }),
  );
  const queueUrls = {
    high: (await made.high).url,
    default: (await made.default).url,
    low: (await made.low).url,
  };
  return {
    queue: createSqsJobQueue(sqs, { queueUrls, deadLetterQueueUrl: deadLetterQueue.url }),
    receive: (max, priority = 'default') => receive(sqs, queueUrls[priority], max, priority),
    deadLetters: () => receive(sqs, deadLetterQueue.url, 10),
    now: () => Date.now(),
    wait: (ms) => sleep(ms),
  };
});
