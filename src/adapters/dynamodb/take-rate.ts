import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailed, type JobsTableRef, LIMIT_ITEM_PREFIX } from './jobs-table.ts';

/**
 * A rate is one item: the second it counts (`windowSecond`, epoch seconds) and the starts in it. A
 * start adds one while the second is the same and under `max`; the first start of a later second
 * begins it at one. Neither condition holding means this second's starts are used up.
 */
export async function takeRate(table: JobsTableRef, name: string, max: number, now: Date): Promise<boolean> {
  const key = { id: `${LIMIT_ITEM_PREFIX}${name}` };
  const second = Math.floor(now.getTime() / 1000);
  const attempt = async (update: string, condition: string, values: Record<string, number>) => {
    try {
      await table.client.send(
        new UpdateCommand({
          TableName: table.tableName,
          Key: key,
          UpdateExpression: update,
          ConditionExpression: condition,
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  };
  if (
    await attempt('ADD #count :one', 'windowSecond = :second AND #count < :max', {
      ':one': 1,
      ':second': second,
      ':max': max,
    })
  )
    return true;
  return attempt(
    'SET windowSecond = :second, #count = :one',
    'attribute_not_exists(windowSecond) OR windowSecond < :second',
    { ':one': 1, ':second': second },
  );
}
