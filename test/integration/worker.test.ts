import { randomUUID } from 'node:crypto';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { DeleteMessageBatchCommand, PurgeQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type EventBridgeEmulator,
  type PutEvent,
  startEventBridge,
} from '../../local/emulators/eventbridge.ts';
import { createDynamoJobStore } from '../../src/adapters/dynamodb/job-store.ts';
import { sendJobMessage } from '../../src/adapters/sqs/send-job-message.ts';
import { type Job, newJob } from '../../src/core/job.ts';
import type { JobStore } from '../../src/core/ports.ts';
import { lambdaContext } from '../helpers/api-events.ts';
import {
  createJobsTable,
  createQueue,
  createStatsTable,
  type Emulators,
  startEmulators,
} from '../helpers/emulators.ts';

type WorkerHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

let emulators: Emulators;
let store: JobStore;
let queue: { url: string; arn: string };
let highQueue: { url: string; arn: string };
let lowQueue: { url: string; arn: string };
let tableName: string;
let deadLetters: { url: string; arn: string };
let handler: WorkerHandler;
let eventBridge: EventBridgeEmulator;
const busEvents: PutEvent[] = [];

/** The real worker entry file, configured only through its environment, as Lambda would. */
beforeAll(async () => {
  emulators = await startEmulators();
  const table = `jobs-${randomUUID()}`;
  tableName = table;
  await createJobsTable(emulators.endpoints.dynamodb, table);
  await createStatsTable(emulators.endpoints.dynamodb, `${table}-stats`);
  queue = await createQueue(emulators.endpoints.sqs, `jobs-${randomUUID()}`, { VisibilityTimeout: '30' });
  deadLetters = await createQueue(emulators.endpoints.sqs, `dlq-${randomUUID()}`);
  highQueue = await createQueue(emulators.endpoints.sqs, `jobs-high-${randomUUID()}`, {
    VisibilityTimeout: '30',
  });
  lowQueue = await createQueue(emulators.endpoints.sqs, `jobs-low-${randomUUID()}`, {
    VisibilityTimeout: '30',
  });
  await emulators.clients.s3.send(new CreateBucketCommand({ Bucket: 'files' }));
  eventBridge = await startEventBridge({
    host: '127.0.0.1',
    buses: ['sqs-jobs-test'],
    record: (event) => busEvents.push(event),
  });
  Object.assign(process.env, {
    SQS_JOBS_STAGE: 'test',
    EVENT_BUS_NAME: 'sqs-jobs-test',
    AWS_ENDPOINT_URL_EVENTBRIDGE: eventBridge.endpoint,
    JOBS_TABLE_NAME: table,
    STATS_TABLE_NAME: `${table}-stats`,
    JOBS_BY_STATUS_INDEX: 'byStatus',
    JOBS_QUEUE_URL: queue.url,
    HIGH_PRIORITY_QUEUE_URL: highQueue.url,
    LOW_PRIORITY_QUEUE_URL: lowQueue.url,
    DEAD_LETTER_QUEUE_URL: deadLetters.url,
    FILES_BUCKET_NAME: 'files',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_DYNAMODB: emulators.endpoints.dynamodb,
    AWS_ENDPOINT_URL_SQS: emulators.endpoints.sqs,
    AWS_ENDPOINT_URL_S3: emulators.endpoints.s3,
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    POWERTOOLS_SERVICE_NAME: 'sqs-jobs',
    POWERTOOLS_METRICS_NAMESPACE: 'SqsJobs',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  store = createDynamoJobStore({
    client: emulators.clients.dynamo,
    tableName: table,
    byStatusIndex: 'byStatus',
  });
  // Imported once the environment above is set: the handler reads its configuration when made.
  const { createWorkerHandler } = await import('../../functions/worker/handler.ts');
  const { jobs } = await import('../../jobs/index.ts');
  handler = createWorkerHandler(jobs) as unknown as WorkerHandler;
});
afterAll(async () => {
  await eventBridge?.close();
  await emulators?.stop();
});
// Retried messages come back within a second or two; each case starts with an empty queue.
afterEach(async () => {
  await emulators.clients.sqs.send(new PurgeQueueCommand({ QueueUrl: queue.url }));
});

async function submit(type: string, payload: Job['payload']): Promise<Job> {
  const job = newJob({ id: randomUUID(), type, payload, maxAttempts: 3, now: new Date() });
  await store.create(job);
  await sendJobMessage(emulators.clients.sqs, queue.url, { id: job.id, type });
  return job;
}

async function receiveEvent(count: number, extraBodies: string[] = []): Promise<SQSEvent> {
  const records: SQSEvent['Records'] = [];
  while (records.length < count) {
    const { Messages = [] } = await emulators.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queue.url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ['All'],
      }),
    );
    for (const m of Messages) {
      records.push({
        messageId: m.MessageId!,
        receiptHandle: m.ReceiptHandle!,
        body: m.Body!,
        attributes: m.Attributes as unknown as SQSEvent['Records'][number]['attributes'],
        messageAttributes: {},
        md5OfBody: m.MD5OfBody!,
        eventSource: 'aws:sqs',
        eventSourceARN: queue.arn,
        awsRegion: 'us-east-1',
      });
    }
  }
  const poison = extraBodies.map((body, i) => ({ ...records[0]!, messageId: `poison-${i}`, body }));
  return { Records: [...records, ...poison] };
}

async function ack(event: SQSEvent, response: SQSBatchResponse): Promise<void> {
  const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
  const done = event.Records.filter((r) => !failed.has(r.messageId) && !r.messageId.startsWith('poison'));
  if (done.length === 0) return;
  await emulators.clients.sqs.send(
    new DeleteMessageBatchCommand({
      QueueUrl: queue.url,
      Entries: done.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })),
    }),
  );
}

describe('worker function', () => {
  it('completes good jobs and reports only the failed records of a batch', async () => {
    const ok = await submit('noop', {});
    const flaky = await submit('flaky', { failTimes: 1 });
    const event = await receiveEvent(2);
    const response = await handler(event, lambdaContext());
    const failedIds = response.batchItemFailures.map((f) => f.itemIdentifier);
    const flakyRecord = event.Records.find((r) => r.body.includes(flaky.id))!;
    expect(failedIds).toEqual([flakyRecord.messageId]);
    expect(await store.get(ok.id)).toMatchObject({ status: 'completed', result: { ok: true }, attempts: 1 });
    expect(await store.get(flaky.id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      error: { message: expect.stringContaining('flaky') },
    });
    await ack(event, response);
  });

  it('brings a retried message back after its backoff, not the queue visibility timeout', async () => {
    const flaky = await submit('flaky', { failTimes: 1 });
    const first = await receiveEvent(1);
    const started = Date.now();
    await handler(first, lambdaContext());
    const again = await receiveEvent(1);
    // Backoff after attempt 1 is at most 1 s (+ jitter); the queue's own timeout is 30 s.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(again.Records[0]!.body).toContain(flaky.id);
    const response = await handler(again, lambdaContext());
    expect(response.batchItemFailures).toEqual([]);
    expect(await store.get(flaky.id)).toMatchObject({ status: 'completed', attempts: 2 });
    await ack(again, response);
  });

  it('dead-letters a poison message and a job that failed for good, with the reason', async () => {
    const hopeless = await submit('resize', { file: 'no-such-file.png' });
    const event = await receiveEvent(1, ['not json']);
    const response = await handler(event, lambdaContext());
    expect(response.batchItemFailures).toEqual([]);
    expect(await store.get(hopeless.id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: { permanent: true },
    });
    const { Messages = [] } = await emulators.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: deadLetters.url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
      }),
    );
    const reasons = Messages.map((m) => m.MessageAttributes?.failureReason?.StringValue).sort();
    expect(reasons).toEqual(['permanent', 'poison']);
    const dead = Messages.find((m) => m.MessageAttributes?.jobId?.StringValue === hopeless.id);
    expect(dead?.MessageAttributes?.error?.StringValue).toContain('no-such-file.png');
    // The failure is on the stack's event bus, where a rule can route it to Slack or e-mail.
    const onBus = busEvents.filter((e) => (e.detail as { jobId?: string }).jobId === hopeless.id);
    expect(onBus.map((e) => e.detailType).sort()).toEqual(['JobDeadLettered', 'JobFailed']);
    expect(onBus.find((e) => e.detailType === 'JobFailed')).toMatchObject({
      bus: 'sqs-jobs-test',
      source: 'sqs-jobs',
      detail: { type: 'resize', attempt: 1, reason: 'permanent', stage: 'test' },
    });
    await ack(event, response);
  });

  it('acknowledges a duplicate delivery without running the job again', async () => {
    const job = await submit('noop', {});
    const event = await receiveEvent(1);
    const duplicated: SQSEvent = { Records: [event.Records[0]!, { ...event.Records[0]!, messageId: 'dup' }] };
    const response = await handler(duplicated, lambdaContext());
    expect(response.batchItemFailures).toEqual([]);
    expect(await store.get(job.id)).toMatchObject({ status: 'completed', attempts: 1 });
    await ack(event, response);
  });
});

describe('the direct producer', () => {
  it('submits jobs that run like any other, with one PutItem and one SendMessage each and no API call', async () => {
    const { createProducer, ValidationError } = await import('../../src/producer/index.ts');
    const { jobs } = await import('../../jobs/index.ts');
    const { createAwsClients } = await import('../../src/adapters/aws/clients.ts');
    const { drainRequestCounts } = await import('../../src/adapters/aws/request-counter.ts');
    const producer = createProducer({
      jobs,
      tableName,
      queueUrls: { high: highQueue.url, default: queue.url, low: lowQueue.url },
      clients: createAwsClients(),
    });
    drainRequestCounts();
    const submitted = [
      await producer.enqueue('noop'),
      await producer.enqueue('email', { to: 'ada@example.com' }),
      await producer.enqueue('flaky', { failTimes: 0 }, { maxAttempts: 2 }),
    ];
    expect(drainRequestCounts()).toEqual({ 'DynamoDB.PutItem': 3, 'SQS.SendMessage': 3 });
    expect((await store.get(submitted[2]!.id))?.maxAttempts).toBe(2);

    const event = await receiveEvent(3);
    const response = await handler(event, lambdaContext());
    await ack(event, response);
    expect(response.batchItemFailures).toEqual([]);
    for (const { id } of submitted) expect((await store.get(id))?.status, id).toBe('completed');

    // The same validation as POST /jobs: the field is named, and nothing is written.
    drainRequestCounts();
    const refused = await producer.enqueue('email', { to: 'nope' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect(JSON.stringify((refused as InstanceType<typeof ValidationError>).details)).toContain('to');
    expect(drainRequestCounts()).toEqual({});

    // A batch of 30 (one invalid): two BatchWriteItem and three SendMessageBatch for 29 jobs, not 58 requests.
    const batch = await producer.enqueueBatch([
      ...Array.from({ length: 29 }, () => ({ type: 'noop' as const })),
      { type: 'email', payload: { to: 'nope' } },
    ]);
    expect(batch).toMatchObject({ accepted: 29, rejected: 1 });
    expect(batch.results[29]).toMatchObject({ accepted: false, error: { code: 'ValidationError' } });
    expect(drainRequestCounts()).toEqual({
      'DynamoDB.BatchWriteItem': 2,
      'DynamoDB.BatchWriteItem:items': 29,
      'SQS.SendMessageBatch': 3,
    });
    for (const result of batch.results.slice(0, 29))
      expect(result.accepted && (await store.get(result.id))?.status).toBe('pending');
  }, 30_000);
});
