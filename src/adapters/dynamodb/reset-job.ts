import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Job } from '../../core/job.ts';
import type { JsonObject } from '../../core/json.ts';
import type { JobStatus } from '../../core/status.ts';
import { fromJobItem } from './job-item.ts';
import { isConditionFailed, type JobsTableRef } from './jobs-table.ts';

/** A finished job back to pending with a fresh set of attempts (retry, redrive). */
export async function resetJob(
  table: JobsTableRef,
  id: string,
  from: readonly JobStatus[],
  now: Date,
  payload?: JsonObject,
): Promise<Job | undefined> {
  const fromValues = Object.fromEntries(from.map((status, i) => [`:from${i}`, status]));
  try {
    const { Attributes } = await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { id },
        UpdateExpression:
          `SET #status = :pending, attempts = :zero, updatedAt = :at${payload ? ', payload = :payload' : ''} ` +
          // A new run: its attempts start a new history (which also keeps the item's size bounded).
          'REMOVE finishedAt, #result, leaseExpiresAt, nextAttemptAt, cancelRequestedAt, history',
        ConditionExpression: `#status IN (${Object.keys(fromValues).join(', ')})`,
        ExpressionAttributeNames: { '#status': 'status', '#result': 'result' },
        ExpressionAttributeValues: {
          ':pending': 'pending',
          ':zero': 0,
          ':at': now.toISOString(),
          ...fromValues,
          ...(payload ? { ':payload': payload } : {}),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ? fromJobItem(Attributes) : undefined;
  } catch (error) {
    if (isConditionFailed(error)) return undefined;
    throw error;
  }
}
