import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMemoryBatchStore } from '../../../src/adapters/memory/batch-store.ts';
import { createMemoryIdempotencyKeys } from '../../../src/adapters/memory/idempotency-keys.ts';
import { MemoryJobQueue } from '../../../src/adapters/memory/job-queue.ts';
import { createMemoryJobStore } from '../../../src/adapters/memory/job-store.ts';
import type { JobMessage } from '../../../src/core/job.ts';
import type { BatchStore, SendOptions } from '../../../src/core/ports.ts';
import type { Priority } from '../../../src/core/priority.ts';
import { defineJob, defineJobs } from '../../../src/core/registry.ts';
import { createProducer, IdempotencyKeyReusedError, ValidationError } from '../../../src/producer/index.ts';
import { producerOver } from '../../../src/producer/producer.ts';
import { jobs } from '../../fixtures/client/jobs.ts';
import { later, T0 } from '../../helpers/jobs.ts';

/** The client tests' job types, and one whose jobs go on the low queue unless a submission says otherwise. */
const app = defineJobs({
  ...jobs,
  digest: defineJob({ schema: z.strictObject({}), handler: async () => null, priority: 'low' }),
});

/**
 * The producer on memory adapters at T0, with every send and its delay written down; with a batch
 * store unless `batches: null` (a producer that takes no batches).
 */
function world(scheduleHorizonSeconds?: number, options: { readonly batches?: null } = {}) {
  const clock = { now: () => T0 };
  const store = createMemoryJobStore();
  const keys = createMemoryIdempotencyKeys();
  const batches: BatchStore | undefined = options.batches === null ? undefined : createMemoryBatchStore();
  const memory = new MemoryJobQueue(clock);
  const sends: { readonly id: string; readonly delaySeconds: number }[] = [];
  const note = (messages: readonly JobMessage[], options: SendOptions = {}) => {
    for (const { id } of messages) sends.push({ id, delaySeconds: options.delaySeconds ?? 0 });
  };
  let ids = 0;
  const producer = producerOver<typeof app>({
    store,
    keys,
    queue: {
      send: async (message, options) => {
        note([message], options);
        return memory.send(message, options);
      },
      sendBatch: async (messages, options) => {
        note(messages, options);
        return memory.sendBatch(messages, options);
      },
    },
    ...(batches ? { batches } : {}),
    specs: app,
    clock,
    newId: () => `job-${++ids}`,
    ...(scheduleHorizonSeconds === undefined ? {} : { scheduleHorizonSeconds }),
  });
  /** The ids of the messages waiting on one priority's queue. */
  const waitingOn = (priority: Priority) =>
    memory.receive(10, priority).map((message) => (JSON.parse(message.body) as JobMessage).id);
  return { producer, store, keys, batches, sends, waitingOn };
}

describe('the producer places a job as POST /jobs does', () => {
  it('queues a start within 15 minutes with a delay, and stores a later one scheduled with no message', async () => {
    const { producer, store, sends } = world();
    const now = await producer.enqueue('noop');
    const soon = await producer.enqueue('email', { to: 'ada@example.com' }, { delaySeconds: 600 });
    const far = await producer.enqueue('noop', {}, { runAt: later(3_600), maxAttempts: 2 });
    expect(now).toEqual({ id: 'job-1', status: 'pending' });
    expect(soon).toEqual({ id: 'job-2', status: 'pending', runAt: later(600).toISOString() });
    expect(far).toEqual({ id: 'job-3', status: 'scheduled', runAt: later(3_600).toISOString() });
    expect(sends).toEqual([
      { id: 'job-1', delaySeconds: 0 },
      { id: 'job-2', delaySeconds: 600 },
    ]);
    expect(await store.get('job-3')).toMatchObject({
      status: 'scheduled',
      runAt: later(3_600).toISOString(),
      maxAttempts: 2,
    });
  });

  it('reads a runAt string with an offset as the instant it names', async () => {
    const { producer, store } = world();
    const { id, runAt } = await producer.enqueue('noop', undefined, { runAt: '2026-01-01T02:00:00+01:00' });
    expect(runAt).toBe('2026-01-01T01:00:00.000Z');
    expect((await store.get(id))?.status).toBe('scheduled');
  });

  it('refuses what the API refuses: both starts, a negative delay, a runAt without an offset, an invalid Date', async () => {
    const { producer, store } = world();
    const refusals = [
      // Both: only untyped code can send them (the options' type refuses it).
      { delaySeconds: 60, runAt: later(60) } as never,
      { delaySeconds: -1 },
      { runAt: '2026-01-01T09:30:00' },
      { runAt: new Date('not a date') },
    ].map((options) => producer.enqueue('noop', {}, options).catch((error: unknown) => error));
    for (const refused of await Promise.all(refusals)) expect(refused).toBeInstanceOf(ValidationError);
    expect(store.jobs.size).toBe(0);
  });

  it('takes a shorter horizon, as the stack may set one', async () => {
    const { producer } = world(5);
    expect((await producer.enqueue('noop', {}, { delaySeconds: 5 })).status).toBe('pending');
    expect((await producer.enqueue('noop', {}, { delaySeconds: 6 })).status).toBe('scheduled');
  });

  it('places each job of a batch on its own: one send per delay, none for a scheduled job', async () => {
    const { producer, store, sends } = world();
    const answer = await producer.enqueueBatch([
      { type: 'noop' },
      { type: 'noop', delaySeconds: 30 },
      { type: 'email', payload: { to: 'ada@example.com' }, runAt: later(7_200) },
      { type: 'noop', delaySeconds: -5 },
    ]);
    expect(answer).toMatchObject({
      accepted: 3,
      rejected: 1,
      results: [
        { accepted: true, id: 'job-1', status: 'pending' },
        { accepted: true, id: 'job-2', status: 'pending' },
        { accepted: true, id: 'job-3', status: 'scheduled' },
        { accepted: false, error: { code: 'ValidationError' } },
      ],
    });
    expect(sends).toEqual([
      { id: 'job-1', delaySeconds: 0 },
      { id: 'job-2', delaySeconds: 30 },
    ]);
    expect((await store.get('job-3'))?.runAt).toBe(later(7_200).toISOString());
  });
});

describe('the producer submits a batch as POST /jobs/batch with batch does', () => {
  it('records the batch and its callback, waiting for every job, and answers the batchId', async () => {
    const { producer, store, batches, sends } = world();
    const answer = await producer.enqueueBatch(
      [
        { type: 'noop' },
        { type: 'email', payload: { to: 'ada@example.com' } },
        { type: 'noop', delaySeconds: -5 },
      ],
      { batch: { onComplete: { type: 'email', payload: { to: 'ops@example.com' }, maxAttempts: 2 } } },
    );
    // Ids are drawn in order: the batch's, its callback's, then one per valid job.
    expect(answer).toMatchObject({
      accepted: 2,
      rejected: 1,
      batchId: 'job-1',
      results: [
        { accepted: true, id: 'job-3', status: 'pending' },
        { accepted: true, id: 'job-4', status: 'pending' },
        { accepted: false, error: { code: 'ValidationError' } },
      ],
    });
    // The refused job is not in the batch.
    expect(await batches?.get('job-1')).toEqual({
      id: 'job-1',
      createdAt: T0.toISOString(),
      jobIds: ['job-3', 'job-4'],
      callbackJobId: 'job-2',
    });
    expect(await store.get('job-2')).toMatchObject({
      type: 'email',
      payload: { to: 'ops@example.com' },
      maxAttempts: 2,
      status: 'waiting',
      onCompleteOf: 'job-1',
      dependsOn: ['job-3', 'job-4'],
    });
    expect((await store.get('job-3'))?.batchId).toBe('job-1');
    // The callback has no message until the batch ends.
    expect(sends.map(({ id }) => id)).toEqual(['job-3', 'job-4']);
  });

  it('makes a batch of batch: {} without a callback, and none without batch', async () => {
    const { producer, batches } = world();
    const asked = await producer.enqueueBatch([{ type: 'noop' }], { batch: {} });
    expect(asked.batchId).toBe('job-1');
    expect(await batches?.get('job-1')).toEqual({
      id: 'job-1',
      createdAt: T0.toISOString(),
      jobIds: ['job-2'],
    });
    const plain = await producer.enqueueBatch([{ type: 'noop' }]);
    expect(plain.batchId).toBeUndefined();
    expect(await batches?.listNewest(10)).toHaveLength(1);
  });

  it('answers no batchId when every job was refused, and records no batch', async () => {
    const { producer, store, batches } = world();
    const answer = await producer.enqueueBatch([{ type: 'noop', delaySeconds: -1 }], {
      batch: { onComplete: { type: 'noop' } },
    });
    expect(answer).toMatchObject({ accepted: 0, rejected: 1 });
    expect(answer.batchId).toBeUndefined();
    expect(await batches?.listNewest(10)).toEqual([]);
    expect(store.jobs.size).toBe(0);
  });

  it('refuses a callback with a start of its own, a wrong payload or an unknown type, before writing anything', async () => {
    const { producer, store, batches } = world();
    // Only untyped code can give them: the callback's type refuses them all.
    for (const onComplete of [
      { type: 'noop', delaySeconds: 60 } as never,
      { type: 'noop', dependsOn: ['job-x'] } as never,
      { type: 'email', payload: { to: 42 } } as never,
    ]) {
      const refused = producer.enqueueBatch([{ type: 'noop' }], { batch: { onComplete } });
      await expect(refused).rejects.toBeInstanceOf(ValidationError);
      await expect(refused).rejects.toMatchObject({ details: { field: 'batch.onComplete' } });
    }
    await expect(
      producer.enqueueBatch([{ type: 'noop' }], { batch: { onComplete: { type: 'sms' } as never } }),
    ).rejects.toMatchObject({ code: 'UnknownJobType' });
    expect(store.jobs.size).toBe(0);
    expect(await batches?.listNewest(10)).toEqual([]);
  });

  it('refuses batch without a batch store (ValidationError), and still takes a plain batch', async () => {
    const { producer, store } = world(undefined, { batches: null });
    await expect(producer.enqueueBatch([{ type: 'noop' }], { batch: {} })).rejects.toThrow(
      'This API takes no batches.',
    );
    expect(store.jobs.size).toBe(0);
    expect((await producer.enqueueBatch([{ type: 'noop' }])).accepted).toBe(1);
  });

  it('answers a dependent job waiting, as POST /jobs does', async () => {
    const { producer, sends } = world();
    const first = await producer.enqueue('noop', {}, { delaySeconds: 3_600 });
    const dependent = await producer.enqueue('noop', {}, { dependsOn: [first.id] });
    expect(dependent).toEqual({ id: 'job-2', status: 'waiting' });
    expect(sends).toEqual([]);
  });
});

describe('the producer takes an idempotency key as POST /jobs does', () => {
  it('answers a key submitted again with its first job, duplicate: true, and creates nothing', async () => {
    const { producer, store, keys, sends } = world();
    const first = await producer.enqueue('email', { to: 'ada@example.com' }, { idempotencyKey: 'k1' });
    const again = await producer.enqueue('email', { to: 'ada@example.com' }, { idempotencyKey: 'k1' });
    expect(first).toEqual({ id: 'job-1', status: 'pending' });
    expect(again).toEqual({ id: 'job-1', status: 'pending', duplicate: true });
    expect([...store.jobs.keys()]).toEqual(['job-1']);
    expect(sends).toEqual([{ id: 'job-1', delaySeconds: 0 }]);
    expect(keys.entries.get('k1')).toMatchObject({ jobId: 'job-1' });
  });

  it('answers a duplicate with the first job as it is now, runAt included', async () => {
    const { producer, store } = world();
    const first = await producer.enqueue('noop', {}, { runAt: later(3_600), idempotencyKey: 'k1' });
    expect(first.status).toBe('scheduled');
    await store.requestCancel(first.id, T0);
    const again = await producer.enqueue('noop', {}, { runAt: later(3_600), idempotencyKey: 'k1' });
    expect(again).toEqual({
      id: first.id,
      status: 'canceled',
      runAt: later(3_600).toISOString(),
      duplicate: true,
    });
  });

  it('refuses the key with another payload (IdempotencyKeyReused), and creates nothing', async () => {
    const { producer, store } = world();
    await producer.enqueue('email', { to: 'ada@example.com' }, { idempotencyKey: 'k1' });
    const refused = producer.enqueue('email', { to: 'bob@example.com' }, { idempotencyKey: 'k1' });
    await expect(refused).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    await expect(refused).rejects.toMatchObject({
      code: 'IdempotencyKeyReused',
      details: { idempotencyKey: 'k1', id: 'job-1' },
    });
    expect([...store.jobs.keys()]).toEqual(['job-1']);
  });

  it('refuses a key the API would refuse, before storing anything', async () => {
    const { producer, store } = world();
    for (const idempotencyKey of ['', 'x'.repeat(256), 'line\nbreak'])
      await expect(producer.enqueue('noop', {}, { idempotencyKey })).rejects.toBeInstanceOf(ValidationError);
    expect(store.jobs.size).toBe(0);
  });

  it('in a batch, makes one job of two items with one key: the second is its duplicate', async () => {
    const { producer, store, sends } = world();
    const answer = await producer.enqueueBatch([
      { type: 'noop', idempotencyKey: 'k1' },
      { type: 'noop', idempotencyKey: 'k1' },
      { type: 'noop', payload: {}, idempotencyKey: 'k2' },
    ]);
    expect(answer.accepted).toBe(3);
    expect(answer.rejected).toBe(0);
    const [a, b, c] = answer.results;
    if (!a?.accepted || !b?.accepted || !c?.accepted) throw new Error(`refused: ${JSON.stringify(answer)}`);
    // Either item may take the key first (each is one conditional write): one job, and one duplicate of it.
    expect([a.duplicate, b.duplicate].filter(Boolean)).toEqual([true]);
    expect(a.id).toBe(b.id);
    expect(c).toEqual({ accepted: true, id: c.id, status: 'pending' });
    expect(store.jobs.size).toBe(2);
    expect(sends.map(({ id }) => id).sort()).toEqual([a.id, c.id].sort());
  });

  it('answers a batch item with a key an earlier enqueue took as its duplicate, and refuses a reuse', async () => {
    const { producer, store } = world();
    const first = await producer.enqueue('email', { to: 'ada@example.com' }, { idempotencyKey: 'k1' });
    const answer = await producer.enqueueBatch([
      { type: 'email', payload: { to: 'ada@example.com' }, idempotencyKey: 'k1' },
      { type: 'email', payload: { to: 'bob@example.com' }, idempotencyKey: 'k1' },
    ]);
    expect(answer).toMatchObject({
      accepted: 1,
      rejected: 1,
      results: [
        { accepted: true, id: first.id, status: 'pending', duplicate: true },
        {
          accepted: false,
          error: { code: 'IdempotencyKeyReused', details: { idempotencyKey: 'k1', id: first.id } },
        },
      ],
    });
    expect([...store.jobs.keys()]).toEqual([first.id]);
  });
});

describe('the producer puts each job on its priority’s queue, as POST /jobs does', () => {
  it('takes the submission’s priority, else its type’s, else default, and stores it on the job', async () => {
    const { producer, store, waitingOn } = world();
    const urgent = await producer.enqueue('email', { to: 'ada@example.com' }, { priority: 'high' });
    const plain = await producer.enqueue('noop');
    const digest = await producer.enqueue('digest');
    const raised = await producer.enqueue('digest', {}, { priority: 'high' });
    expect(waitingOn('high')).toEqual([urgent.id, raised.id]);
    expect(waitingOn('default')).toEqual([plain.id]);
    expect(waitingOn('low')).toEqual([digest.id]);
    expect((await store.get(urgent.id))?.priority).toBe('high');
    expect((await store.get(plain.id))?.priority).toBe('default');
    expect((await store.get(digest.id))?.priority).toBe('low');
  });

  it('keeps a scheduled job’s priority for when it is queued', async () => {
    const { producer, store, waitingOn } = world();
    const { id, status } = await producer.enqueue('noop', {}, { priority: 'low', delaySeconds: 3_600 });
    expect(status).toBe('scheduled');
    expect((await store.get(id))?.priority).toBe('low');
    expect(waitingOn('low')).toEqual([]);
  });

  it('refuses a priority the API does not know, naming the field, and stores nothing', async () => {
    const { producer, store } = world();
    const refused = producer.enqueue('noop', {}, { priority: 'urgent' } as never);
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    await expect(refused).rejects.toThrow(/priority/);
    expect(store.jobs.size).toBe(0);
  });

  it('sends each job of a batch to its own priority’s queue, and refuses a bad priority for its job alone', async () => {
    const { producer, waitingOn } = world();
    const answer = await producer.enqueueBatch([
      { type: 'noop', priority: 'low' },
      { type: 'noop', priority: 'high' },
      { type: 'noop' },
      { type: 'digest' },
      { type: 'noop', priority: 'urgent' } as never,
    ]);
    expect(answer).toMatchObject({
      accepted: 4,
      rejected: 1,
      results: [
        { accepted: true, id: 'job-1' },
        { accepted: true, id: 'job-2' },
        { accepted: true, id: 'job-3' },
        { accepted: true, id: 'job-4' },
        { accepted: false, error: { code: 'ValidationError' } },
      ],
    });
    expect(JSON.stringify(answer.results[4])).toContain('priority');
    expect(waitingOn('high')).toEqual(['job-2']);
    expect(waitingOn('default')).toEqual(['job-3']);
    expect(waitingOn('low')).toEqual(['job-1', 'job-4']);
  });
});

const QUEUE_URLS = {
  high: 'https://sqs.eu-west-1.amazonaws.com/1/jobs-high',
  default: 'https://sqs.eu-west-1.amazonaws.com/1/jobs',
  low: 'https://sqs.eu-west-1.amazonaws.com/1/jobs-low',
};

/** SDK clients that answer every command with an empty success, and note the queue each message went to. */
function fakeClients() {
  const sentTo: { readonly queueUrl: string; readonly bodies: string[] }[] = [];
  const sqs = {
    send: async (command: { readonly input: Record<string, unknown> }) => {
      const { QueueUrl, MessageBody, Entries } = command.input as {
        QueueUrl: string;
        MessageBody?: string;
        Entries?: { MessageBody: string }[];
      };
      const bodies =
        MessageBody === undefined ? (Entries ?? []).map((entry) => entry.MessageBody) : [MessageBody];
      sentTo.push({ queueUrl: QueueUrl, bodies });
      return { Successful: [], Failed: [] };
    },
  };
  const written: { readonly command: string; readonly input: Record<string, unknown> }[] = [];
  const dynamo = {
    send: async (command: { readonly constructor: { readonly name: string }; readonly input: object }) => {
      written.push({ command: command.constructor.name, input: command.input as Record<string, unknown> });
      return {};
    },
  };
  return {
    clients: { sqs: sqs as unknown as SQSClient, dynamo: dynamo as unknown as DynamoDBDocumentClient },
    sentTo,
    written,
  };
}

describe('createProducer', () => {
  it('sends a job’s message to the queue URL of its priority', async () => {
    const { clients, sentTo } = fakeClients();
    const producer = createProducer({ jobs: app, tableName: 'jobs', queueUrls: QUEUE_URLS, clients });
    await producer.enqueue('noop', {}, { priority: 'high' });
    await producer.enqueue('noop');
    await producer.enqueue('digest');
    await producer.enqueueBatch([{ type: 'noop', priority: 'low' }, { type: 'noop' }]);
    expect(sentTo.map(({ queueUrl, bodies }) => [queueUrl, bodies.length])).toEqual([
      [QUEUE_URLS.high, 1],
      [QUEUE_URLS.default, 1],
      [QUEUE_URLS.low, 1],
      // A batch: one SendMessageBatch per priority it uses, in priority order.
      [QUEUE_URLS.default, 1],
      [QUEUE_URLS.low, 1],
    ]);
  });

  it('records a batch in the jobs table, next to its jobs', async () => {
    const { clients, written } = fakeClients();
    const producer = createProducer({ jobs: app, tableName: 'jobs', queueUrls: QUEUE_URLS, clients });
    const { batchId } = await producer.enqueueBatch([{ type: 'noop' }, { type: 'noop' }], { batch: {} });
    expect(batchId).toEqual(expect.any(String));
    const puts = written.filter(({ command }) => command === 'PutCommand').map(({ input }) => input);
    expect(puts).toContainEqual(
      expect.objectContaining({
        TableName: 'jobs',
        Item: expect.objectContaining({ id: `batch#${batchId}`, jobIds: expect.any(Array) }),
      }),
    );
  });

  it('refuses a scheduleHorizonSeconds SQS cannot honour, before making any client', () => {
    const options = { jobs, tableName: 'jobs', queueUrls: QUEUE_URLS };
    for (const scheduleHorizonSeconds of [0, 901, 1.5])
      expect(() => createProducer({ ...options, scheduleHorizonSeconds })).toThrow(
        /scheduleHorizonSeconds must be a whole number 1–900/,
      );
  });
});
