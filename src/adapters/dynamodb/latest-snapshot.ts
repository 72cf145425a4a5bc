import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { StatsSnapshot } from '../../core/stats.ts';
import { SNAPSHOT_KEY, type StatsTableRef } from './stats-table.ts';

export async function latestSnapshot(table: StatsTableRef): Promise<StatsSnapshot | undefined> {
  const { Item } = await table.client.send(new GetCommand({ TableName: table.tableName, Key: SNAPSHOT_KEY }));
  return Item?.snapshot as StatsSnapshot | undefined;
}
