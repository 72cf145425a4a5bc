import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailed, type JobsTableRef, LIMIT_ITEM_PREFIX } from './jobs-table.ts';

/**
 * A held slot's new lease. The version moves on too, so an acquire that read the old lease as
 * lapsed cannot drop a slot that was just renewed.
 */
export async function renewSlot(
  table: JobsTableRef,
  name: string,
  holder: string,
  leaseUntil: Date,
): Promise<void> {
  try {
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { id: `${LIMIT_ITEM_PREFIX}${name}` },
        UpdateExpression: 'SET #holders.#me = :lease ADD version :one',
        ConditionExpression: 'attribute_exists(#holders.#me)',
        ExpressionAttributeNames: { '#holders': 'holders', '#me': holder },
        ExpressionAttributeValues: { ':lease': leaseUntil.toISOString(), ':one': 1 },
      }),
    );
  } catch (error) {
    // Not held (dropped as lapsed meanwhile): nothing to renew.
    if (!isConditionFailed(error)) throw error;
  }
}
