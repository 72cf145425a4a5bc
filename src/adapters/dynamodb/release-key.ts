import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailed, type JobsTableRef } from './jobs-table.ts';
import { keyItemId } from './key-item.ts';

/** Frees a key its job still holds (that job's submission was rolled back). */
export async function releaseKey(table: JobsTableRef, key: string, jobId: string): Promise<void> {
  try {
    await table.client.send(
      new DeleteCommand({
        TableName: table.tableName,
        Key: { id: keyItemId(key) },
        ConditionExpression: 'jobId = :jobId',
        ExpressionAttributeValues: { ':jobId': jobId },
      }),
    );
  } catch (error) {
    // Another job holds it now: it is not ours to free.
    if (!isConditionFailed(error)) throw error;
  }
}
