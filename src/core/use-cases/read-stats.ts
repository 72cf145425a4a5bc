import { type Clock, type SnapshotStore, type StatsHistory, systemClock } from '../ports.ts';
import type { StatsView } from '../stats.ts';

export const STATS_HISTORY_MAX_HOURS = 24;

export interface ReadStatsDeps {
  readonly snapshots: SnapshotStore;
  readonly history: StatsHistory;
  readonly clock?: Clock;
}

/** GET /stats: the latest snapshot and the chart points of the last `hours` (clamped to 1–24). */
export async function readStats(deps: ReadStatsDeps, hours = 1): Promise<StatsView> {
  const now = (deps.clock ?? systemClock).now();
  const span = Math.min(STATS_HISTORY_MAX_HOURS, Math.max(1, Number.isFinite(hours) ? hours : 1));
  const [snapshot, history] = await Promise.all([
    deps.snapshots.latest(),
    deps.history.points(new Date(now.getTime() - span * 3600 * 1000)),
  ]);
  return { snapshot: snapshot ?? null, history };
}
