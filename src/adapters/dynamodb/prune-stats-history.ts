import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { queryStatsHistory } from './query-stats-history.ts';
import {
  type HistoryPartition,
  HOLDS_PARTITION,
  POINT_PARTITION,
  type StatsTableRef,
  WINDOW_PARTITION,
} from './stats-table.ts';

/**
 * Deletes the history items of runs whose window ended at or before `before`: about one point and one
 * window record per run, so a few deletes a minute. Returns how many runs' points went.
 */
export async function pruneStatsHistory(table: StatsTableRef, before: Date): Promise<number> {
  const prune = async (partition: HistoryPartition) => {
    const keys = await queryStatsHistory(table, partition, { until: before, keysOnly: true });
    // Few at a time: after a long pause a backlog of a day is still only ~1,400 small deletes.
    for (let i = 0; i < keys.length; i += 25) {
      await Promise.all(
        keys
          .slice(i, i + 25)
          .map((key) =>
            table.client.send(
              new DeleteCommand({ TableName: table.tableName, Key: { pk: key.pk, sk: key.sk } }),
            ),
          ),
      );
    }
    return keys.length;
  };
  const [points] = await Promise.all([
    prune(POINT_PARTITION),
    prune(WINDOW_PARTITION),
    prune(HOLDS_PARTITION),
  ]);
  return points;
}
