import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailed, type JobsTableRef } from './jobs-table.ts';

/**
 * An update that applies only while attempt `attempt` still owns the running job — the guard every
 * outcome a worker records shares, so a stale worker can never overwrite a newer attempt. Returns the
 * updated item, or undefined when the job moved on.
 */
export async function updateOwnedJob(
  table: JobsTableRef,
  id: string,
  attempt: number,
  update: {
    readonly expression: string;
    readonly names?: Readonly<Record<string, string>>;
    readonly values: Readonly<Record<string, unknown>>;
  },
): Promise<Record<string, unknown> | undefined> {
  try {
    const { Attributes } = await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { id },
        UpdateExpression: update.expression,
        ConditionExpression: '#status = :running AND attempts = :attempt',
        ExpressionAttributeNames: { '#status': 'status', ...update.names },
        ExpressionAttributeValues: { ':running': 'running', ':attempt': attempt, ...update.values },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes;
  } catch (error) {
    if (isConditionFailed(error)) return undefined;
    throw error;
  }
}
