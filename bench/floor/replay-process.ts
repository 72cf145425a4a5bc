/**
 * One process of the floor: the same DynamoDB and SQS requests as one API or worker instance of
 * the measured run, made with plain AWS SDK v3 clients and nothing of sqs-jobs, so what it reaches is
 * what the emulators allow, not what sqs-jobs adds. Forked by floor/replay.ts, driven over IPC.
 */
import { randomUUID } from 'node:crypto';
import { Agent } from 'node:http';
import {
  type AttributeValue,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { PER_JOB_OPERATIONS, type PerJobOperation, repeatsFor } from './plan.ts';
import type { FromReplay, ReplayConfig, ToReplay } from './protocol.ts';

const send = (message: FromReplay) => process.send?.(message);
const counts = new Map<string, number>();
const stopping = new AbortController();

process.on('message', (message: ToReplay) => {
  handle(message).catch((error: unknown) => {
    send({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  });
});
// The parent gone (killed, crashed): nothing left to replay for.
process.on('disconnect', () => process.exit(0));

let replay: ReturnType<typeof replayer> | undefined;

async function handle(message: ToReplay): Promise<void> {
  switch (message.kind) {
    case 'init':
      replay = replayer(message.config);
      send({ kind: 'ready' });
      if (message.config.role === 'worker') await replay.work();
      return;
    case 'submit':
      await replay?.submit(message.jobs, message.concurrency, message.firstIndex);
      send({ kind: 'submitted', jobs: message.jobs });
      return;
    case 'counts':
      send({ kind: 'counts', counts: Object.fromEntries(counts) });
      counts.clear();
      return;
    case 'stop':
      stopping.abort();
      replay?.close();
      process.exit(0);
  }
}

function count(key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function replayer(config: ReplayConfig) {
  // Keep-alive, as the functions' clients have: without it every request pays a handshake.
  const requestHandler = new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: 256 }) });
  const base = {
    region: config.region,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestHandler,
  };
  const dynamo = new DynamoDBClient({ ...base, endpoint: config.endpoints.dynamodb });
  const sqs = new SQSClient({ ...base, endpoint: config.endpoints.sqs });
  const { plan, items } = config;
  /** The worker side's jobs and batches so far, numbered n, n + processes, … across the side. */
  let jobsSeen = 0;
  let batchesSeen = 0;
  const numbered = (seen: number) => config.process + seen * config.processes;

  const now = () => ({ S: new Date().toISOString() });
  const key = (id: string) => ({ id: { S: id } });

  /** The job's `update`-th update: status and updatedAt, and its share of the worker's attributes. */
  const update = (id: string, update: number, last: boolean) => {
    const attributes = items.updates[update % items.updates.length] ?? {};
    const names: Record<string, string> = { '#status': 'status', '#updatedAt': 'updatedAt' };
    const values: Record<string, AttributeValue> = {
      ':status': { S: last ? 'completed' : 'running' },
      ':now': now(),
    };
    const sets = ['#status = :status', '#updatedAt = :now'];
    Object.entries(attributes).forEach(([name, value], i) => {
      names[`#a${i}`] = name;
      values[`:a${i}`] = value as AttributeValue;
      sets.push(`#a${i} = :a${i}`);
    });
    return dynamo.send(
      new UpdateItemCommand({
        TableName: config.tableName,
        Key: key(id),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: 'attribute_exists(id)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  };

  /** One request of a per-job operation for job `id` (the `nth` of its kind for this job). */
  const perJob = async (
    operation: PerJobOperation,
    id: string,
    nth: number,
    of: number,
    message?: Message,
  ): Promise<void> => {
    count(operation);
    switch (operation) {
      case 'SQS.GetQueueAttributes':
        await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: config.queueUrl,
            AttributeNames: ['ApproximateNumberOfMessages'],
          }),
        );
        return;
      case 'DynamoDB.GetItem':
        await dynamo.send(new GetItemCommand({ TableName: config.tableName, Key: key(id) }));
        return;
      case 'DynamoDB.Query':
        if (!config.statusIndex) return;
        await dynamo.send(
          new QueryCommand({
            TableName: config.tableName,
            IndexName: config.statusIndex,
            KeyConditionExpression: '#status = :status',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':status': { S: 'pending' } },
            Limit: 1,
          }),
        );
        return;
      case 'DynamoDB.PutItem': {
        const at = now();
        await dynamo.send(
          new PutItemCommand({
            TableName: config.tableName,
            Item: {
              ...(items.submitted as Record<string, AttributeValue>),
              id: { S: id },
              status: { S: 'pending' },
              createdAt: at,
              updatedAt: at,
            },
            ConditionExpression: 'attribute_not_exists(id)',
          }),
        );
        return;
      }
      case 'DynamoDB.UpdateItem':
        await update(id, nth, nth === of - 1 && config.role === 'worker');
        return;
      case 'DynamoDB.DeleteItem':
        await dynamo.send(new DeleteItemCommand({ TableName: config.tableName, Key: key(id) }));
        return;
      case 'SQS.SendMessage':
        await sqs.send(
          new SendMessageCommand({
            QueueUrl: config.queueUrl,
            MessageBody: JSON.stringify({ id, type: config.type }),
          }),
        );
        return;
      case 'SQS.ChangeMessageVisibility':
        if (message?.ReceiptHandle)
          await sqs.send(
            new ChangeMessageVisibilityCommand({
              QueueUrl: config.queueUrl,
              ReceiptHandle: message.ReceiptHandle,
              VisibilityTimeout: 60,
            }),
          );
        return;
      case 'SQS.DeleteMessage':
        if (message?.ReceiptHandle)
          await sqs.send(
            new DeleteMessageCommand({ QueueUrl: config.queueUrl, ReceiptHandle: message.ReceiptHandle }),
          );
        return;
    }
  };

  /**
   * Every per-job request of one job, in the order the functions make them; `index` (the job's
   * number on its side) spreads fractional rates evenly over the jobs.
   */
  const oneJob = async (id: string, index: number, message?: Message) => {
    for (const operation of PER_JOB_OPERATIONS) {
      const times = repeatsFor(plan.perJob[operation] ?? 0, index);
      for (let nth = 0; nth < times; nth++) await perJob(operation, id, nth, times, message);
    }
  };

  const entries = (messages: readonly Message[]) =>
    messages.map((message, i) => ({ Id: String(i), ReceiptHandle: message.ReceiptHandle ?? '' }));

  /** The worker side: receive, the batch's own requests, each job's, then the delete, until stopped. */
  const work = async () => {
    while (!stopping.signal.aborted) {
      let messages: Message[];
      try {
        ({ Messages: messages = [] } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: config.queueUrl,
            MaxNumberOfMessages: config.receiveBatch,
            WaitTimeSeconds: config.waitTimeSeconds,
          }),
          { abortSignal: stopping.signal },
        ));
      } catch (error) {
        if (stopping.signal.aborted) return;
        throw error;
      }
      count('SQS.ReceiveMessage');
      if (messages.length === 0) continue;
      const batch = numbered(batchesSeen++);
      for (let i = repeatsFor(plan.perBatch['SQS.ChangeMessageVisibilityBatch'] ?? 0, batch); i > 0; i--) {
        count('SQS.ChangeMessageVisibilityBatch');
        await sqs.send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl: config.queueUrl,
            Entries: entries(messages).map((entry) => ({ ...entry, VisibilityTimeout: 60 })),
          }),
        );
      }
      await Promise.all(
        messages.map((message) =>
          oneJob((JSON.parse(message.Body ?? '{}') as { id: string }).id, numbered(jobsSeen++), message),
        ),
      );
      const at = Date.now();
      for (let i = repeatsFor(plan.perBatch['SQS.DeleteMessageBatch'] ?? 0, batch); i > 0; i--) {
        count('SQS.DeleteMessageBatch');
        await sqs.send(
          new DeleteMessageBatchCommand({ QueueUrl: config.queueUrl, Entries: entries(messages) }),
        );
      }
      send({ kind: 'completed', count: messages.length, at });
    }
  };

  /** The API side: `jobs` submissions numbered from `firstIndex`, `concurrency` at a time. */
  const submit = async (jobs: number, concurrency: number, firstIndex: number) => {
    let next = 0;
    const loop = async () => {
      while (next < jobs) {
        await oneJob(randomUUID(), firstIndex + next++);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, jobs)) }, loop));
  };

  return {
    work,
    submit,
    close() {
      dynamo.destroy();
      sqs.destroy();
    },
  };
}
