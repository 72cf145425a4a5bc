import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { KeyEntry } from '../../core/idempotency.ts';
import { isConditionFailed, type JobsTableRef } from './jobs-table.ts';
import { fromKeyItem, toKeyItem } from './key-item.ts';

/**
 * Takes a key unless a live holder has it: one conditional PutItem (free = no item, or its time is
 * up), so of racing submissions exactly one succeeds. The others read the holder, consistently.
 */
export async function reserveKey(
  table: JobsTableRef,
  entry: KeyEntry,
  now: Date,
): Promise<KeyEntry | undefined> {
  const item = toKeyItem(entry);
  // Twice: a holder that expires (or is released) between the write and the read is taken again.
  for (let round = 0; round < 2; round += 1) {
    try {
      await table.client.send(
        new PutCommand({
          TableName: table.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(id) OR keyExpiresAt <= :now',
          ExpressionAttributeValues: { ':now': now.toISOString() },
        }),
      );
      return undefined;
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
    const { Item } = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: { id: item.id }, ConsistentRead: true }),
    );
    if (Item) return fromKeyItem(Item);
  }
  throw new Error(`Idempotency key ${entry.key} could neither be taken nor read`);
}
