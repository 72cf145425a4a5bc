import { SnapshotConflictError } from '../../core/errors.ts';
import type { SnapshotStore, StatsHistory } from '../../core/ports.ts';
import type { WindowRecord } from '../../core/stats/window.ts';
import type { StatsPoint, StatsSnapshot } from '../../core/stats.ts';

/** The stats table held in memory: the twin of src/adapters/dynamodb/snapshot-store.ts. */
export function createMemorySnapshotStore(): SnapshotStore &
  StatsHistory & { readonly stored: { points: number; windows: number } } {
  let latest: StatsSnapshot | undefined;
  const points = new Map<string, StatsPoint>();
  const windows = new Map<string, WindowRecord>();
  const since = <T>(map: Map<string, T>, after: Date) =>
    [...map]
      .filter(([at]) => at > after.toISOString())
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, value]) => structuredClone(value));
  return {
    get stored() {
      return { points: points.size, windows: windows.size };
    },
    async save(run) {
      if ((latest?.coveredUntil ?? null) !== run.previousCoveredUntil)
        throw new SnapshotConflictError(run.previousCoveredUntil);
      latest = structuredClone(run.snapshot);
      if (!run.point || !run.window) return;
      points.set(run.window.to, structuredClone(run.point));
      windows.set(run.window.to, structuredClone(run.window));
    },
    latest: async () => (latest ? structuredClone(latest) : undefined),
    points: async (after) => since(points, after),
    windows: async (after) => since(windows, after),
    async prune(before) {
      let n = 0;
      for (const map of [points, windows] as Map<string, unknown>[]) {
        for (const at of [...map.keys()]) {
          if (at > before.toISOString()) continue;
          map.delete(at);
          if (map === points) n++;
        }
      }
      return n;
    },
  };
}
