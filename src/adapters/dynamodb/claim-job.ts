import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Job } from '../../core/job.ts';
import { fromJobItem } from './job-item.ts';
import { isConditionFailed, type JobsTableRef } from './jobs-table.ts';

/**
 * pending → running and attempts + 1 in one conditional write, returning the whole job (payload
 * included) so the worker needs no extra read. A failed condition means another delivery got here
 * first, or the job is finished: the caller acknowledges the message without running anything.
 */
export async function claimJob(table: JobsTableRef, id: string, now: Date): Promise<Job | undefined> {
  const at = now.toISOString();
  try {
    const { Attributes } = await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { id },
        UpdateExpression: 'SET #status = :running, startedAt = :at, updatedAt = :at ADD attempts :one',
        ConditionExpression: 'attribute_exists(id) AND #status = :pending AND attempts < maxAttempts',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':running': 'running', ':pending': 'pending', ':at': at, ':one': 1 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ? fromJobItem(Attributes) : undefined;
  } catch (error) {
    if (isConditionFailed(error)) return undefined;
    throw error;
  }
}
