import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { SnapshotConflictError } from '../../core/errors.ts';
import type { StatsRun } from '../../core/ports.ts';
import { isConditionFailed } from './jobs-table.ts';
import {
  HISTORY_RETENTION_SECONDS,
  POINT_PARTITION,
  SNAPSHOT_KEY,
  type StatsTableRef,
  WINDOW_PARTITION,
} from './stats-table.ts';

/**
 * The snapshot first, on the condition that the stored one is still the run's starting point (two
 * overlapping runs must not both add the same window to the totals); then the run's history. A crash
 * in between leaves a gap in the charts, never a window counted twice.
 */
export async function saveSnapshot(table: StatsTableRef, run: StatsRun): Promise<void> {
  const { snapshot, previousCoveredUntil } = run;
  try {
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...SNAPSHOT_KEY, coveredUntil: snapshot.coveredUntil, snapshot },
        ...(previousCoveredUntil === null
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: 'coveredUntil = :previous',
              ExpressionAttributeValues: { ':previous': previousCoveredUntil },
            }),
      }),
    );
  } catch (error) {
    if (isConditionFailed(error)) throw new SnapshotConflictError(previousCoveredUntil);
    throw error;
  }
  if (!run.point || !run.window) return;
  const sk = run.window.to;
  const expiresAt = Math.floor(Date.parse(sk) / 1000) + HISTORY_RETENTION_SECONDS;
  const put = (pk: string, data: Record<string, unknown>) =>
    table.client.send(new PutCommand({ TableName: table.tableName, Item: { pk, sk, expiresAt, ...data } }));
  await Promise.all([
    put(POINT_PARTITION, { point: run.point }),
    put(WINDOW_PARTITION, { window: run.window }),
  ]);
}
