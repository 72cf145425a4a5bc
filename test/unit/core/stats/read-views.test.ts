import { describe, expect, it } from 'vitest';
import { readStats } from '../../../../src/core/use-cases/read-stats.ts';
import { readStatus } from '../../../../src/core/use-cases/read-status.ts';
import { readWorkers } from '../../../../src/core/use-cases/read-workers.ts';
import { takeSnapshot } from '../../../../src/core/use-cases/take-snapshot.ts';
import { later } from '../../../helpers/jobs.ts';
import { live, statsHarness } from '../../../helpers/stats-harness.ts';

const HOUR = 3600;

describe('readStatus', () => {
  it('adds what finished since the snapshot to its totals, and counts pending and running live', async () => {
    const h = statsHarness();
    await live(h.store, { created: 1, started: 2, finished: 3 });
    await live(h.store, { created: 4, started: 5, finished: 6, outcome: 'failed' });
    h.at(60);
    await takeSnapshot(h.deps);
    // After the snapshot's coveredUntil (50 s): counted live.
    await live(h.store, { created: 52, started: 53, finished: 55 });
    await live(h.store, { created: 70, started: 71, finished: 80, outcome: 'canceled' });
    await live(h.store, { created: 90 });
    await live(h.store, { created: 91, started: 92, worker: 'w-1' });
    h.at(100);
    const status = await readStatus({ ...h.deps, clock: h.clock });
    expect(status).toMatchObject({
      pending: 1,
      running: 1,
      completed: 2,
      failed: 1,
      canceled: 1,
      workers: 4,
      workersBusy: 1,
      workersAlive: 1,
      snapshotAt: later(60).toISOString(),
    });
  });

  it('measures throughput over the last minute, live', async () => {
    const h = statsHarness();
    for (let i = 0; i < 30; i++) await live(h.store, { created: i, started: i, finished: 50 + i });
    await live(h.store, { created: 100, started: 100, finished: 101, outcome: 'failed' });
    h.at(110);
    const status = await readStatus({ ...h.deps, clock: h.clock });
    // Finished after 50 s: 29 completed (51–79) and the failure.
    expect(status.throughput).toEqual({
      completedPerSecond: 29 / 60,
      failedPerSecond: 1 / 60,
      windowSeconds: 60,
    });
  });

  it('shows the newest failure: a retry waiting now beats an older one in the snapshot', async () => {
    const h = statsHarness();
    await live(h.store, {
      type: 'email',
      created: 1,
      started: 2,
      finished: 3,
      outcome: 'failed',
      error: 'old',
    });
    h.at(60);
    await takeSnapshot(h.deps);
    h.at(65);
    expect((await readStatus({ ...h.deps, clock: h.clock })).lastFailure).toMatchObject({ retried: false });
    await live(h.store, {
      type: 'resize',
      created: 55,
      started: 56,
      finished: 58,
      outcome: 'retrying',
      error: 'new',
    });
    h.at(70);
    expect((await readStatus({ ...h.deps, clock: h.clock })).lastFailure).toMatchObject({
      type: 'resize',
      retried: true,
      at: later(58).toISOString(),
      error: { message: 'new' },
    });
  });

  it('before the first snapshot, counts the last hour live and has no queue depth', async () => {
    const h = statsHarness();
    await live(h.store, { created: -2 * HOUR, started: -2 * HOUR, finished: -2 * HOUR + 1 });
    await live(h.store, { created: 1, started: 2, finished: 3 });
    h.at(10);
    const status = await readStatus({ ...h.deps, clock: h.clock });
    expect(status).toMatchObject({ completed: 1, queue: null, deadLetterQueue: null, snapshotAt: null });
    expect(status.lastFailure).toBeNull();
  });
});

describe('readStats', () => {
  it('returns the latest snapshot and the points of the last hours, oldest first', async () => {
    const h = statsHarness();
    for (let minute = 1; minute <= 150; minute++) {
      h.at(minute * 60);
      await takeSnapshot(h.deps);
    }
    const hour = await readStats({ ...h.deps, clock: h.clock });
    expect(hour.snapshot?.takenAt).toBe(later(150 * 60).toISOString());
    expect(hour.history).toHaveLength(60);
    expect(hour.history[0]!.at < hour.history[59]!.at).toBe(true);
    expect((await readStats({ ...h.deps, clock: h.clock }, 2)).history).toHaveLength(120);
    expect((await readStats({ ...h.deps, clock: h.clock }, 99)).history).toHaveLength(150);
  });

  it('answers before the first run with no snapshot and no history', async () => {
    const h = statsHarness();
    expect(await readStats({ ...h.deps, clock: h.clock })).toEqual({ snapshot: null, history: [] });
  });
});

describe('readWorkers', () => {
  it('merges the snapshot instances with the jobs running now', async () => {
    const h = statsHarness();
    await live(h.store, { created: 1, started: 2, finished: 3, worker: 'a' });
    h.at(60);
    await takeSnapshot(h.deps);
    await live(h.store, { created: 61, started: 62, worker: 'b' });
    h.at(70);
    const view = await readWorkers({ ...h.deps, clock: h.clock });
    expect(view).toMatchObject({ limit: 4, alive: 2, busy: 1 });
    expect(view.instances).toEqual([
      { id: 'b', status: 'busy', jobsDone: 0, failures: 0, lastSeen: later(62).toISOString() },
      { id: 'a', status: 'idle', jobsDone: 1, failures: 0, lastSeen: later(3).toISOString() },
    ]);
  });

  it('sees workers at once on a new stack, before the first snapshot, in GET /status too', async () => {
    const h = statsHarness();
    await live(h.store, { created: 1, started: 2, finished: 3, worker: 'a' });
    await live(h.store, { created: 4, started: 5, finished: 6, worker: 'b', outcome: 'failed' });
    h.at(20);
    const view = await readWorkers({ ...h.deps, clock: h.clock });
    expect(view.instances.map((i) => [i.id, i.jobsDone, i.failures])).toEqual([
      ['b', 1, 1],
      ['a', 1, 0],
    ]);
    expect((await readStatus({ ...h.deps, clock: h.clock })).workersAlive).toBe(2);
  });
});
