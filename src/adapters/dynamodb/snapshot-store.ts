import type { SnapshotStore, StatsHistory } from '../../core/ports.ts';
import type { WindowRecord } from '../../core/stats/window.ts';
import type { StatsPoint } from '../../core/stats.ts';
import { latestSnapshot } from './latest-snapshot.ts';
import { pruneStatsHistory } from './prune-stats-history.ts';
import { queryStatsHistory } from './query-stats-history.ts';
import { saveSnapshot } from './save-snapshot.ts';
import { POINT_PARTITION, type StatsTableRef, WINDOW_PARTITION } from './stats-table.ts';

export function createDynamoSnapshotStore(table: StatsTableRef): SnapshotStore & StatsHistory {
  return {
    save: (run) => saveSnapshot(table, run),
    latest: () => latestSnapshot(table),
    points: async (since) =>
      (await queryStatsHistory(table, POINT_PARTITION, { since })).map((item) => item.point as StatsPoint),
    windows: async (since) =>
      (await queryStatsHistory(table, WINDOW_PARTITION, { since })).map(
        (item) => item.window as WindowRecord,
      ),
    prune: (before) => pruneStatsHistory(table, before),
  };
}
