import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type JobsTableRef, SCHEDULED_INDEX } from './jobs-table.ts';

/**
 * One partition of the scheduled index (scheduled jobs, or schedules), soonest `runAt` first, up to
 * `until` and `limit` when given, page by page: the index holds each item's id, `runAt` and type.
 */
export async function queryScheduledIndex(
  table: JobsTableRef,
  partition: string,
  options: { readonly until?: Date; readonly limit?: number; readonly newestFirst?: boolean } = {},
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
          ':partition': partition,
          ...(options.until ? { ':until': options.until.toISOString() } : {}),
        },
        ...(options.limit ? { Limit: options.limit - items.length } : {}),
        ...(options.newestFirst ? { ScanIndexForward: false } : {}),
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start && (!options.limit || items.length < options.limit));
  return items;
}
