import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailed, type JobsTableRef } from './jobs-table.ts';
import { finalStatusCondition } from './status-condition.ts';

/**
 * What DynamoDB's TTL does on AWS, for the sweeper (TTL may lag by days, and dynalite has none):
 * deletes a finished job once its `expiresAt` has passed, and nothing else.
 */
export async function removeExpiredJob(table: JobsTableRef, id: string, now: Date): Promise<boolean> {
  const final = finalStatusCondition();
  try {
    await table.client.send(
      new DeleteCommand({
        TableName: table.tableName,
        Key: { id },
        ConditionExpression: `expiresAt <= :now AND ${final.expression}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000), ...final.values },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}
