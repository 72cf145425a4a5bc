import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LocalRuntime } from '../local/runtime.ts';

/** A job as the benchmark reads it back: ISO times ("undefined" for one not reached). */
export interface ObservedJob {
  readonly id: string;
  readonly status: string;
  readonly createdAt: string;
  readonly startedAt: string;
  readonly finishedAt: string;
}

/** What observe() returns. */
export type Observer = ReturnType<typeof observe>;

/**
 * The benchmark's own view of the system, through clients without the counting middleware, so that
 * watching the run is not billed to the jobs.
 */
export function observe(runtime: LocalRuntime) {
  const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: runtime.region, endpoint: runtime.endpoints.dynamodb, credentials }),
  );
  const sqs = new SQSClient({ region: runtime.region, endpoint: runtime.endpoints.sqs, credentials });
  const table = runtime.resources.tables.find((t) => /JobsTable[0-9A-F]{8}$/.test(t.logicalId));
  // Every priority's queue: a job type of another priority than `default` goes on its own.
  const queues = runtime.resources.queues.filter((q) => q.role === 'queue');
  if (!table || queues.length === 0) throw new Error('the template has no jobs table or jobs queue');

  return {
    /**
     * Resolves once no message is waiting or in flight. Watching the queue costs the emulators almost
     * nothing, where counting completed jobs would read an ever larger index many times a second.
     */
    async drained(timeoutMs: number, onLeft?: (left: number) => void): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const depths = await Promise.all(
          queues.map(async (queue) => {
            const { Attributes = {} } = await sqs.send(
              new GetQueueAttributesCommand({
                QueueUrl: queue.url,
                AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
              }),
            );
            return (
              Number(Attributes.ApproximateNumberOfMessages) +
              Number(Attributes.ApproximateNumberOfMessagesNotVisible)
            );
          }),
        );
        const left = depths.reduce((a, b) => a + b, 0);
        onLeft?.(left);
        if (left === 0) return;
        if (Date.now() > deadline) throw new Error(`${left} messages still queued after ${timeoutMs} ms`);
        // Three queues every 100 ms: little load on the emulator the run is measuring.
        await sleep(100);
      }
    },
    /** Status and times of the given jobs, 100 per request (a job not found is left out). */
    async jobs(ids: readonly string[]): Promise<ObservedJob[]> {
      const items: ObservedJob[] = [];
      for (let i = 0; i < ids.length; i += 100) {
        const { Responses } = await db.send(
          new BatchGetCommand({
            RequestItems: {
              [table.name]: {
                Keys: ids.slice(i, i + 100).map((id) => ({ id })),
                ProjectionExpression: 'id, #s, createdAt, startedAt, finishedAt',
                ExpressionAttributeNames: { '#s': 'status' },
              },
            },
          }),
        );
        for (const item of Responses?.[table.name] ?? []) {
          items.push({
            id: String(item.id),
            status: String(item.status),
            createdAt: String(item.createdAt),
            startedAt: String(item.startedAt),
            finishedAt: String(item.finishedAt),
          });
        }
      }
      return items;
    },
    close(): void {
      db.destroy();
      sqs.destroy();
    },
  };
}
