import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Job } from '../../core/job.ts';
import { fromJobItem } from './job-item.ts';
import { isConditionFailed, type JobsTableRef, SCHEDULED_INDEX } from './jobs-table.ts';
import { statusCondition } from './status-condition.ts';

/**
 * scheduled → pending (the lifecycle's promote), only while `runAt` is the one the due listing saw:
 * a reschedule or a cancel in between wins. Leaving `scheduled` also leaves the scheduled index.
 */
export async function promoteJob(
  table: JobsTableRef,
  id: string,
  runAt: string,
  now: Date,
): Promise<Job | undefined> {
  const from = statusCondition('promote');
  try {
    const { Attributes } = await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { id },
        UpdateExpression: `SET #status = :pending, updatedAt = :at REMOVE ${SCHEDULED_INDEX.partitionKey}`,
        ConditionExpression: `${from.expression} AND runAt = :runAt`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ...from.values,
          ':pending': 'pending',
          ':at': now.toISOString(),
          ':runAt': runAt,
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
