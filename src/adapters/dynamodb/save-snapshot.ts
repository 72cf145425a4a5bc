import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { StatsSnapshot } from '../../core/stats.ts';
import { SNAPSHOT_PARTITION, SNAPSHOT_RETENTION_SECONDS, type StatsTableRef } from './stats-table.ts';

export async function saveSnapshot(table: StatsTableRef, snapshot: StatsSnapshot): Promise<void> {
  const expiresAt = Math.floor(Date.parse(snapshot.takenAt) / 1000) + SNAPSHOT_RETENTION_SECONDS;
  await table.client.send(
    new PutCommand({
      TableName: table.tableName,
      Item: { pk: SNAPSHOT_PARTITION, sk: snapshot.takenAt, expiresAt, snapshot },
    }),
  );
}
