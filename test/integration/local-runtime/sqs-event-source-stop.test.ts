import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetQueueAttributesCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRuntimeClients, type RuntimeClients } from '../../../local/aws-clients.ts';
import { type EmulatorProcess, startEmulatorProcess } from '../../../local/emulators/emulator-process.ts';
import type { SqsEventSource } from '../../../local/event-sources/sqs-event-source.ts';
import type { QueueModel } from '../../../local/template/storage.ts';
import { type FixturePool, partialBatchSource } from './fixtures.ts';

/**
 * Stopping the event source while its pollers wait in long polls, against the fauxqs child process
 * the runtime runs (with its on-disk persistence). fauxqs does not notice an aborted poll: a message
 * that arrives later is handed to the dead connection and stays hidden for the whole visibility
 * timeout (30 s here). A stop must leave every message either finished or visible again at once.
 */
const FAUXQS_CHILD = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../local/emulators/fauxqs-child.mjs',
);

let stateDir: string;
let fauxqs: EmulatorProcess;
let clients: RuntimeClients;
let endpoint: string;
const running: { source: SqsEventSource; fixture: FixturePool }[] = [];

beforeAll(async () => {
  stateDir = mkdtempSync(path.join(tmpdir(), 'sqs-jobs-stop-polls-'));
  fauxqs = await startEmulatorProcess(
    'fauxqs',
    FAUXQS_CHILD,
    { port: 0, dataDir: path.join(stateDir, 'sqs'), s3StorageDir: path.join(stateDir, 's3') },
    () => {},
  );
  endpoint = `http://127.0.0.1:${fauxqs.port}`;
  clients = createRuntimeClients('us-east-1', { dynamodb: endpoint, sqs: endpoint, s3: endpoint });
});
afterEach(async () => {
  for (const { source, fixture } of running.splice(0)) {
    await source.stop();
    await fixture.pool.stop();
  }
});
afterAll(async () => {
  clients.destroy();
  await fauxqs.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

function queueModel(name: string): QueueModel {
  return {
    logicalId: name,
    name,
    arn: `arn:aws:sqs:us-east-1:000000000000:${name}`,
    fifo: false,
    attributes: { VisibilityTimeout: '30' },
    deadLetterQueue: undefined,
    maxReceiveCount: undefined,
  };
}

async function startSource(name: string): Promise<{ url: string; source: SqsEventSource }> {
  const queue = queueModel(name);
  const { url, source, fixture } = await partialBatchSource(clients, endpoint, queue, {
    mapping: { maxConcurrency: 3 },
    extra: fauxqs.endLongPolls ? { endLongPolls: fauxqs.endLongPolls } : {},
  });
  running.push({ source, fixture });
  return { url, source };
}

async function send(url: string, count: number): Promise<void> {
  await clients.sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: url,
      Entries: Array.from({ length: count }, (_, n) => ({ Id: `e${n}`, MessageBody: JSON.stringify({ n }) })),
    }),
  );
}

async function depth(url: string): Promise<{ visible: number; hidden: number }> {
  const { Attributes } = await clients.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return {
    visible: Number(Attributes?.ApproximateNumberOfMessages ?? 0),
    hidden: Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
  };
}

describe('stopping the SQS event source during long polls (fauxqs child process)', () => {
  it('the runtime can end fauxqs long polls', () => {
    expect(fauxqs.endLongPolls).toBeTypeOf('function');
  });

  it('stops at once, and a message sent after the stop is not taken by a poll that was waiting', async () => {
    const { url, source } = await startSource('after-stop');
    // The pollers are now (or soon) waiting in 20-second long polls on the empty queue.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    await source.stop();
    expect(Date.now() - started).toBeLessThan(2_000);
    await send(url, 10);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await depth(url)).toEqual({ visible: 10, hidden: 0 });
  });

  it('a message that arrives as the stop begins is finished or handed back, never left hidden', async () => {
    const { url, source } = await startSource('during-stop');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const sending = send(url, 10);
    await Promise.all([sending, source.stop()]);
    const { deleted, handedBack } = source.stats();
    // Handed back with a one-second visibility timeout (fauxqs fails 0 with persistence).
    await expect
      .poll(() => depth(url), { timeout: 4_000, interval: 250 })
      .toEqual({
        visible: 10 - deleted,
        hidden: 0,
      });
    expect(deleted + handedBack).toBeLessThanOrEqual(10);
  });
});
