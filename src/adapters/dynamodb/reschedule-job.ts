import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Job } from '../../core/job.ts';
import { fromJobItem } from './job-item.ts';
import { isConditionFailed, type JobsTableRef } from './jobs-table.ts';
import { statusCondition } from './status-condition.ts';

/** A scheduled job's new start (the lifecycle's reschedule); undefined when it is not scheduled. */
export async function rescheduleJob(
  table: JobsTableRef,
  id: string,
  runAt: Date,
  now: Date,
): Promise<Job | undefined> {
  const from = statusCondition('reschedule');
  try {
    const { Attributes } = await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { id },
        UpdateExpression: 'SET runAt = :runAt, updatedAt = :at',
        ConditionExpression: from.expression,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ...from.values,
          ':runAt': runAt.toISOString(),
          ':at': now.toISOString(),
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
