import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRuntimeClients, type RuntimeClients } from '../../../local/aws-clients.ts';
import type { SqsEventSource, SqsEventSourceOptions } from '../../../local/event-sources/sqs-event-source.ts';
import { createEventSink, type RuntimeEvent } from '../../../local/events.ts';
import { provisionQueue } from '../../../local/provision/queues.ts';
import type { EventSourceModel } from '../../../local/template/functions.ts';
import type { QueueModel } from '../../../local/template/storage.ts';
import { type FixturePool, partialBatchSource } from './fixtures.ts';

let fauxqs: FauxqsServer;
let clients: RuntimeClients;
let endpoint: string;
const running: { source?: SqsEventSource; fixture?: FixturePool }[] = [];

beforeAll(async () => {
  fauxqs = await startFauxqs({ port: 0, logger: false });
  endpoint = `http://127.0.0.1:${fauxqs.port}`;
  clients = createRuntimeClients('us-east-1', { dynamodb: endpoint, sqs: endpoint, s3: endpoint });
});
afterEach(async () => {
  for (const { source, fixture } of running.splice(0)) {
    await source?.stop();
    await fixture?.pool.stop();
  }
});
afterAll(async () => {
  clients.destroy();
  await fauxqs.stop();
});

function queueModel(
  name: string,
  attributes: Record<string, string>,
  deadLetterQueue?: QueueModel,
): QueueModel {
  return {
    logicalId: name,
    name,
    arn: `arn:aws:sqs:us-east-1:000000000000:${name}`,
    fifo: false,
    attributes: {
      VisibilityTimeout: '30',
      ...attributes,
      ...(deadLetterQueue
        ? { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetterQueue.arn, maxReceiveCount: 2 }) }
        : {}),
    },
    deadLetterQueue: deadLetterQueue?.logicalId,
    maxReceiveCount: deadLetterQueue ? 2 : undefined,
  };
}

async function startWorker(
  queue: QueueModel,
  mapping: Partial<EventSourceModel> = {},
  extra: Partial<SqsEventSourceOptions> = {},
): Promise<{ url: string; source: SqsEventSource; fixture: FixturePool; notes: string[] }> {
  const notes: string[] = [];
  const { url, source, fixture } = await partialBatchSource(clients, endpoint, queue, {
    mapping,
    extra,
    log: (line) => notes.push(line),
  });
  running.push({ source, fixture });
  return { url, source, fixture, notes };
}

async function send(url: string, bodies: readonly object[]): Promise<void> {
  await clients.sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: url,
      Entries: bodies.map((body, i) => ({ Id: `e${i}`, MessageBody: JSON.stringify(body) })),
    }),
  );
}

async function visibleMessages(url: string): Promise<number> {
  const { Attributes } = await clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
}

describe('the SQS event source', () => {
  it('deletes the successes of a partial batch and lets the failures come back, then to the DLQ', async () => {
    const dlq = queueModel('partial-dlq', {});
    const { url: dlqUrl } = await provisionQueue(clients.sqs, dlq, endpoint);
    // A one-second visibility timeout so redelivery is quick.
    const { url, source, fixture, notes } = await startWorker(
      queueModel('partial', { VisibilityTimeout: '1' }, dlq),
    );
    await send(
      url,
      [1, 2, 3, 4, 5, 6].map((n) => ({ n, fail: n === 2 || n === 5 })),
    );

    await expect.poll(() => source.stats().deleted, { timeout: 5_000 }).toBe(4);
    // The failures reappear after the visibility timeout and fail again…
    await expect
      .poll(() => fixture.lines.filter((line) => / receive 2$/.test(line)).length, { timeout: 5_000 })
      .toBe(2);
    expect(fixture.lines).toEqual(expect.arrayContaining([expect.stringMatching(/record 2 receive 2$/)]));
    // …and after maxReceiveCount (2) receives SQS moves them to the dead-letter queue.
    await expect.poll(() => visibleMessages(dlqUrl), { timeout: 6_000 }).toBe(2);
    const dead = await clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10 }),
    );
    expect((dead.Messages ?? []).map((m) => JSON.parse(m.Body ?? '{}').n).sort()).toEqual([2, 5]);
    // Successes were handled exactly once.
    for (const n of [1, 3, 4, 6]) {
      expect(fixture.lines.filter((line) => line.includes(`record ${n} receive`))).toHaveLength(1);
    }
    expect(notes.some((note) => note.includes('reported as failed'))).toBe(true);
  });

  it('keeps the whole batch when the function fails', async () => {
    const { url, source, fixture } = await startWorker(queueModel('whole', { VisibilityTimeout: '1' }));
    await send(url, [{ n: 1 }, { n: 2, throw: true }]);
    // Wait for what is asserted: two failed invocations counted (a log line of the second one is
    // printed before its error is), and the batch came back for the second.
    await expect.poll(() => fixture.pool.stats().errors, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect(fixture.lines.some((line) => line.includes('record 1 receive 2'))).toBe(true);
    expect(source.stats().deleted).toBe(0);
  });

  it('waits for the batching window to fill a batch', async () => {
    const { url, fixture } = await startWorker(queueModel('window', {}), {
      batchSize: 20,
      batchingWindowSeconds: 2,
      // One poller: with more, each gathers its own batch (as Lambda's do) and the split varies.
      maxConcurrency: 1,
    });
    await clients.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify({ n: 1 }) }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await send(url, [{ n: 2 }, { n: 3 }]);
    await expect
      .poll(() => fixture.lines.filter((line) => / record \d receive 1$/.test(line)).length, {
        timeout: 5_000,
      })
      .toBe(3);
    expect(fixture.pool.stats().invocations).toBe(1);
  });

  it('with duplicate=1 delivers every message twice in its batch; the copies delete nothing twice', async () => {
    const events: RuntimeEvent[] = [];
    const sink = createEventSink();
    sink.onEvent((event) => events.push(event));
    const { url, source, fixture, notes } = await startWorker(
      queueModel('dup', { VisibilityTimeout: '1' }),
      { maxConcurrency: 1 },
      { duplicate: 1, events: sink, functionName: 'worker' },
    );
    await send(url, [{ n: 1 }, { n: 2 }, { n: 3 }]);
    await expect.poll(() => source.stats().deleted, { timeout: 5_000 }).toBe(3);
    expect(source.stats()).toMatchObject({ received: 3, duplicated: 3, kept: 0 });
    for (const n of [1, 2, 3])
      expect(fixture.lines.filter((line) => line.includes(`record ${n} receive 1`))).toHaveLength(2);
    expect(events.filter((e) => e.type === 'ChaosInjected' && e.fault === 'duplicate')).toHaveLength(3);
    expect(notes.filter((note) => note.includes('delete failed'))).toEqual([]);
    // Nothing comes back: the originals were deleted once each.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(fixture.lines.filter((line) => line.includes('receive 2'))).toEqual([]);
  });

  it('keeps a message whose copy is reported as failed', async () => {
    const { url, fixture } = await startWorker(
      queueModel('dup-fail', { VisibilityTimeout: '1' }),
      { maxConcurrency: 1 },
      { duplicate: 1 },
    );
    await send(url, [{ n: 1, fail: true }]);
    await expect
      .poll(() => fixture.lines.filter((line) => line.includes('record 1 receive 2')).length, {
        timeout: 5_000,
      })
      .toBe(2);
  });

  it('stops at once even while its pollers wait in a 20-second long poll', async () => {
    const { source } = await startWorker(queueModel('idle', {}));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    await source.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
