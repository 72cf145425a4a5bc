import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailed, type JobsTableRef, LIMIT_ITEM_PREFIX } from './jobs-table.ts';

/** Frees a holder's slot, moving the version on (see acquire-slot.ts); nothing if it holds none. */
export async function releaseSlot(table: JobsTableRef, name: string, holder: string): Promise<void> {
  try {
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { id: `${LIMIT_ITEM_PREFIX}${name}` },
        UpdateExpression: 'REMOVE #holders.#me ADD version :one',
        ConditionExpression: 'attribute_exists(#holders.#me)',
        ExpressionAttributeNames: { '#holders': 'holders', '#me': holder },
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
}
