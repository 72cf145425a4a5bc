import { describe, expect, it } from 'vitest';
import { SnapshotConflictError } from '../../src/core/errors.ts';
import type { SnapshotStore, StatsHistory } from '../../src/core/ports.ts';
import { later } from './jobs.ts';
import { aPoint, aSnapshot, aWindow } from './stats.ts';

/** The stats table contract, run against every adapter. */
export function snapshotStoreConformance(name: string, makeStore: () => SnapshotStore & StatsHistory): void {
  describe(`SnapshotStore and StatsHistory contract: ${name}`, () => {
    const run = (previous: Date | null, to: Date) => ({
      snapshot: aSnapshot(to),
      previousCoveredUntil: previous?.toISOString() ?? null,
      point: aPoint(to),
      window: aWindow(previous ?? later(0), to),
    });

    it('has no snapshot before the first run, then reads back the latest whole', async () => {
      const store = makeStore();
      expect(await store.latest()).toBeUndefined();
      await store.save(run(null, later(60)));
      const second = run(later(60), later(120));
      await store.save(second);
      expect(await store.latest()).toEqual(second.snapshot);
    });

    it('refuses a run that did not start from the stored snapshot (two runs raced)', async () => {
      const store = makeStore();
      await store.save(run(null, later(60)));
      await expect(store.save(run(null, later(70)))).rejects.toBeInstanceOf(SnapshotConflictError);
      await store.save(run(later(60), later(120)));
      await expect(store.save(run(later(60), later(130)))).rejects.toBeInstanceOf(SnapshotConflictError);
      expect((await store.latest())?.coveredUntil).toBe(later(120).toISOString());
      // The loser wrote no history.
      expect((await store.points(later(0))).map((p) => p.at)).toEqual(
        [later(60), later(120)].map((d) => d.toISOString()),
      );
    });

    it('returns the points and windows that ended after `since`, oldest first', async () => {
      const store = makeStore();
      let previous: Date | null = null;
      for (const seconds of [60, 120, 180, 240]) {
        await store.save(run(previous, later(seconds)));
        previous = later(seconds);
      }
      expect((await store.points(later(120))).map((p) => p.at)).toEqual(
        [later(180), later(240)].map((d) => d.toISOString()),
      );
      const windows = await store.windows(later(60));
      expect(windows.map((w) => w.to)).toEqual(
        [later(120), later(180), later(240)].map((d) => d.toISOString()),
      );
      expect(windows[0]).toEqual(aWindow(later(60), later(120)));
    });

    it('stores only the snapshot for a run with an empty window', async () => {
      const store = makeStore();
      await store.save(run(null, later(60)));
      await store.save({ snapshot: aSnapshot(later(60)), previousCoveredUntil: later(60).toISOString() });
      expect(await store.points(later(0))).toHaveLength(1);
    });

    it('prunes the history that ended at or before the cut-off', async () => {
      const store = makeStore();
      let previous: Date | null = null;
      for (const seconds of [60, 120, 180]) {
        await store.save(run(previous, later(seconds)));
        previous = later(seconds);
      }
      expect(await store.prune(later(120))).toBe(2);
      expect((await store.points(later(0))).map((p) => p.at)).toEqual([later(180).toISOString()]);
      expect((await store.windows(later(0))).map((w) => w.to)).toEqual([later(180).toISOString()]);
      expect(await store.prune(later(120))).toBe(0);
      expect(await store.latest()).toBeDefined();
    });
  });
}
