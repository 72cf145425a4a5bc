import type { SnapshotStore } from '../../core/ports.ts';
import { latestSnapshot } from './latest-snapshot.ts';
import { saveSnapshot } from './save-snapshot.ts';
import type { StatsTableRef } from './stats-table.ts';

export function createDynamoSnapshotStore(table: StatsTableRef): SnapshotStore {
  return { save: (snapshot) => saveSnapshot(table, snapshot), latest: () => latestSnapshot(table) };
}
