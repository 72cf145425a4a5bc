import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type JobsTableRef, SCHEDULED_INDEX, SCHEDULES_PARTITION } from './jobs-table.ts';

/**
 * The schedules partition of the scheduled index, soonest next run first, up to `until` when given:
 * the index holds each schedule's id, next run and type.
 */
export async function querySchedules(
  table: JobsTableRef,
  options: { readonly until?: Date; readonly limit?: number } = {},
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new QueryCommand({
        TableName: table.tableName,
        IndexName: SCHEDULED_INDEX.name,
        KeyConditionExpression: `#partition = :partition${options.until ? ' AND #runAt <= :until' : ''}`,
        ExpressionAttributeNames: {
          '#partition': SCHEDULED_INDEX.partitionKey,
          ...(options.until ? { '#runAt': SCHEDULED_INDEX.sortKey } : {}),
        },
        ExpressionAttributeValues: {
          ':partition': SCHEDULES_PARTITION,
          ...(options.until ? { ':until': options.until.toISOString() } : {}),
        },
        ...(options.limit ? { Limit: options.limit - items.length } : {}),
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start && (!options.limit || items.length < options.limit));
  return items;
}
