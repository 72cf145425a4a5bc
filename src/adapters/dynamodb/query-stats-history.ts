import { paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { HistoryPartition, StatsTableRef } from './stats-table.ts';

/**
 * One history partition, oldest first: items whose window ended after `since` (exclusive), or, with
 * `keysOnly`, the keys of those that ended at or before `until` (inclusive).
 */
export async function queryStatsHistory(
  table: StatsTableRef,
  partition: HistoryPartition,
  range: { readonly since: Date } | { readonly until: Date; readonly keysOnly: true },
): Promise<Record<string, unknown>[]> {
  const since = 'since' in range;
  const pages = paginateQuery(
    { client: table.client },
    {
      TableName: table.tableName,
      KeyConditionExpression: since ? 'pk = :pk AND sk > :at' : 'pk = :pk AND sk <= :at',
      ExpressionAttributeValues: {
        ':pk': partition,
        ':at': ('since' in range ? range.since : range.until).toISOString(),
      },
      ...(since ? {} : { ProjectionExpression: 'pk, sk' }),
    },
  );
  const items: Record<string, unknown>[] = [];
  for await (const page of pages) items.push(...(page.Items ?? []));
  return items;
}
