import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { JsonValue } from '../../core/json.ts';
import { isConditionFailed, type JobsTableRef } from './jobs-table.ts';

/** Records success, only if this attempt still owns the job. */
export async function completeJob(
  table: JobsTableRef,
  id: string,
  attempt: number,
  result: JsonValue,
  now: Date,
): Promise<boolean> {
  const at = now.toISOString();
  try {
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { id },
        UpdateExpression:
          'SET #status = :completed, #result = :result, finishedAt = :at, updatedAt = :at ' +
          'REMOVE leaseExpiresAt, #error',
        ConditionExpression: '#status = :running AND attempts = :attempt',
        ExpressionAttributeNames: { '#status': 'status', '#result': 'result', '#error': 'error' },
        ExpressionAttributeValues: {
          ':completed': 'completed',
          ':running': 'running',
          ':result': result,
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
