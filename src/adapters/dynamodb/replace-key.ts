import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { KeyEntry } from '../../core/idempotency.ts';
import { isConditionFailed, type JobsTableRef } from './jobs-table.ts';
import { toKeyItem } from './key-item.ts';

/** Hands a key over from the job that held it, in one conditional write: false if it moved first. */
export async function replaceKey(
  table: JobsTableRef,
  entry: KeyEntry,
  previousJobId: string,
): Promise<boolean> {
  try {
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: toKeyItem(entry),
        ConditionExpression: 'jobId = :previous',
        ExpressionAttributeValues: { ':previous': previousJobId },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}
