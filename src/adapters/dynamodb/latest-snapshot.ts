import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { StatsSnapshot } from '../../core/stats.ts';
import { SNAPSHOT_PARTITION, type StatsTableRef } from './stats-table.ts';

export async function latestSnapshot(table: StatsTableRef): Promise<StatsSnapshot | undefined> {
  const { Items } = await table.client.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': SNAPSHOT_PARTITION },
      ScanIndexForward: false,
      Limit: 1,
    }),
  );
  return Items?.[0]?.snapshot as StatsSnapshot | undefined;
}
