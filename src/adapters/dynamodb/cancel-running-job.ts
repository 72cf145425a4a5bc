import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailed, type JobsTableRef } from './jobs-table.ts';

/** Ends the given attempt as canceled, only if it still owns the job. */
export async function cancelRunningJob(
  table: JobsTableRef,
  id: string,
  attempt: number,
  now: Date,
): Promise<boolean> {
  const at = now.toISOString();
  try {
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { id },
        UpdateExpression: 'SET #status = :canceled, finishedAt = :at, updatedAt = :at REMOVE leaseExpiresAt',
        ConditionExpression: '#status = :running AND attempts = :attempt',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':canceled': 'canceled',
          ':running': 'running',
          ':attempt': attempt,
          ':at': at,
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}
