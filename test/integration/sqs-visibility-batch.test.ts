import { randomUUID } from 'node:crypto';
import { ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeMessageVisibilityBatch } from '../../src/adapters/sqs/change-message-visibility-batch.ts';
import { createQueue, type Emulators, startEmulators } from '../helpers/emulators.ts';

let emulators: Emulators;
beforeAll(async () => {
  emulators = await startEmulators();
});
afterAll(async () => {
  await emulators?.stop();
});

describe('changeMessageVisibilityBatch', () => {
  it('brings 12 received messages back after 1 s instead of the queue’s 30 s, a repeated handle once', async () => {
    const sqs = emulators.clients.sqs;
    const queue = await createQueue(emulators.endpoints.sqs, `hold-${randomUUID()}`, {
      VisibilityTimeout: '30',
    });
    for (const start of [0, 6])
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queue.url,
          Entries: Array.from({ length: 6 }, (_, i) => ({ Id: `m${i}`, MessageBody: String(start + i) })),
        }),
      );
    const handles: string[] = [];
    while (handles.length < 12) {
      const { Messages } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queue.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      handles.push(...(Messages ?? []).map((m) => m.ReceiptHandle as string));
    }
    const changes = [...handles, handles[0] as string].map((receiptHandle) => ({
      receiptHandle,
      seconds: 0.2,
    }));
    expect(await changeMessageVisibilityBatch(sqs, queue.url, changes)).toEqual({ failed: 0 });
    // Received again (fauxqs moves expired messages back when it is asked for them).
    const back = new Set<string>();
    const deadline = Date.now() + 5_000;
    while (back.size < 12 && Date.now() < deadline) {
      const { Messages } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queue.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      for (const message of Messages ?? []) back.add(message.Body as string);
    }
    expect(back.size).toBe(12);
  });
});
