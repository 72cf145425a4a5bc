import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Job } from '../../core/job.ts';
import { fromJobItem } from './job-item.ts';
import { isConditionFailed, type JobsTableRef } from './jobs-table.ts';

/**
 * One job's conditional update, the shape the lifecycle's moves share (promote, reschedule, reset)
 * and a hold: the job as it is afterwards, or undefined when the condition did not hold (the job is
 * gone, or not where the move starts from). `#status` names the status attribute.
 */
export async function updateJobIf(
  table: JobsTableRef,
  id: string,
  update: {
    readonly expression: string;
    readonly condition: string;
    readonly names?: Readonly<Record<string, string>>;
    readonly values: Readonly<Record<string, unknown>>;
  },
): Promise<Job | undefined> {
  try {
    const { Attributes } = await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { id },
        UpdateExpression: update.expression,
        ConditionExpression: update.condition,
        // DynamoDB refuses a name no expression uses, and an empty map: `#status` only where one does.
        ...attributeNames(update),
        ExpressionAttributeValues: update.values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ? fromJobItem(Attributes) : undefined;
  } catch (error) {
    if (isConditionFailed(error)) return undefined;
    throw error;
  }
}

function attributeNames(update: {
  readonly expression: string;
  readonly condition: string;
  readonly names?: Readonly<Record<string, string>>;
}): { ExpressionAttributeNames?: Record<string, string> } {
  const names = {
    ...(`${update.expression} ${update.condition}`.includes('#status') ? { '#status': 'status' } : {}),
    ...update.names,
  };
  return Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {};
}
