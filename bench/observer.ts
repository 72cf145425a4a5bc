import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LocalRuntime } from '../local/runtime.ts';

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
  const queue = runtime.resources.queues.find((q) => q.role === 'queue');
  if (!table || !queue) throw new Error('the template has no jobs table or jobs queue');

  return {
    /**
     * Resolves once no message is waiting or in flight. Watching the queue costs the emulators almost
     * nothing, where counting completed jobs would read an ever larger index many times a second.
     */
    async drained(timeoutMs: number): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { Attributes = {} } = await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: queue.url,
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
          }),
        );
        const left =
          Number(Attributes.ApproximateNumberOfMessages) +
          Number(Attributes.ApproximateNumberOfMessagesNotVisible);
        if (left === 0) return;
        if (Date.now() > deadline) throw new Error(`${left} messages still queued after ${timeoutMs} ms`);
        await sleep(50);
      }
    },
    /** Status and times of the given jobs, 100 per request. */
    async jobs(
      ids: readonly string[],
    ): Promise<Array<{ status: string; createdAt: string; finishedAt: string }>> {
      const items: Array<{ status: string; createdAt: string; finishedAt: string }> = [];
      for (let i = 0; i < ids.length; i += 100) {
        const { Responses } = await db.send(
          new BatchGetCommand({
            RequestItems: {
              [table.name]: {
                Keys: ids.slice(i, i + 100).map((id) => ({ id })),
                ProjectionExpression: '#s, createdAt, finishedAt',
                ExpressionAttributeNames: { '#s': 'status' },
              },
            },
          }),
        );
        for (const item of Responses?.[table.name] ?? []) {
          items.push({
            status: String(item.status),
            createdAt: String(item.createdAt),
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
