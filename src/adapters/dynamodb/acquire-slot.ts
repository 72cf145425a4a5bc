import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailed, type JobsTableRef, LIMIT_ITEM_PREFIX } from './jobs-table.ts';

/** Reads and conditional writes per acquire before giving up (the limit is busy: the job waits). */
const MAX_ROUNDS = 5;

/**
 * One item per concurrency limit holds its slots as a map, holder → lease expiry, and a version
 * that every change moves on. An acquire reads the item and counts the live holders. While the map
 * has room, it writes itself in with a condition on the map's size alone, so racing workers each
 * take a free slot at once instead of all but one losing a race on the version (every refused
 * conditional write is billed: 40 racers for 10 slots refused 96 % of their writes that way). Only
 * when lapsed holders fill the map does it rewrite the map, dropping them, if the version is still
 * the one it read. Either way no more than `max` ever hold slots. A lost race reads again, at most
 * MAX_ROUNDS times.
 */
export async function acquireSlot(
  table: JobsTableRef,
  name: string,
  holder: string,
  max: number,
  leaseUntil: Date,
  now: Date,
): Promise<boolean> {
  const id = `${LIMIT_ITEM_PREFIX}${name}`;
  const at = now.toISOString();
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const { Item } = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: { id }, ConsistentRead: true }),
    );
    const holders = (Item?.holders ?? {}) as Record<string, string>;
    const others = Object.entries(holders).filter(([who]) => who !== holder);
    const live = others.filter(([, lease]) => lease > at);
    if (live.length >= max) return false;
    try {
      if (!Item) {
        await table.client.send(
          new PutCommand({
            TableName: table.tableName,
            Item: { id, holders: { [holder]: leaseUntil.toISOString() }, version: 1 },
            ConditionExpression: 'attribute_not_exists(id)',
          }),
        );
        return true;
      }
      const lapsed = others.filter(([, lease]) => lease <= at).map(([who]) => who);
      const names: Record<string, string> = { '#holders': 'holders', '#me': holder };
      if (others.length < max) {
        // Room without dropping anyone: the size condition alone decides, whatever else changed.
        await table.client.send(
          new UpdateCommand({
            TableName: table.tableName,
            Key: { id },
            UpdateExpression: 'SET #holders.#me = :lease ADD version :one',
            ConditionExpression: 'attribute_exists(#holders.#me) OR size(#holders) < :max',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ':lease': leaseUntil.toISOString(), ':one': 1, ':max': max },
          }),
        );
        return true;
      }
      lapsed.forEach((who, i) => {
        names[`#l${i}`] = who;
      });
      await table.client.send(
        new UpdateCommand({
          TableName: table.tableName,
          Key: { id },
          UpdateExpression: `SET #holders.#me = :lease, version = :next REMOVE ${lapsed.map((_, i) => `#holders.#l${i}`).join(', ')}`,
          ConditionExpression: 'version = :version',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: {
            ':lease': leaseUntil.toISOString(),
            ':version': Item.version,
            ':next': Number(Item.version) + 1,
          },
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
  }
  return false;
}
