import { describe, expect, it } from 'vitest';
import { createMemoryJobStore } from '../../../../src/adapters/memory/job-store.ts';
import { SnapshotConflictError } from '../../../../src/core/errors.ts';
import type { ChangedRange, JobStore } from '../../../../src/core/ports.ts';
import type { JobStatus } from '../../../../src/core/status.ts';
import { takeSnapshot } from '../../../../src/core/use-cases/take-snapshot.ts';
import { later } from '../../../helpers/jobs.ts';
import { near } from '../../../helpers/stats.ts';
import { live, statsHarness } from '../../../helpers/stats-harness.ts';

const HOUR = 3600;

/** A memory store that remembers every range the stats asked for. */
function spiedStore() {
  const store = createMemoryJobStore();
  const reads: { status: JobStatus; range?: ChangedRange }[] = [];
  const spied: JobStore = {
    ...store,
    listChanged(status, range) {
      reads.push({ status, ...(range ? { range } : {}) });
      return store.listChanged(status, range);
    },
  };
  return { store: spied, reads };
}

describe('takeSnapshot', () => {
  it('starts from an hour back, then reads only the window since the last run; totals add up', async () => {
    const { store, reads } = spiedStore();
    const h = statsHarness({ store });
    // Two hours ago: before the first run's look-back, never read.
    await live(store, { created: -2 * HOUR, started: -2 * HOUR, finished: -2 * HOUR + 1 });
    await live(store, { type: 'email', created: 1000, started: 1001, finished: 1002 });
    await live(store, { type: 'email', created: 2000, started: 2010, finished: 2040 });
    await live(store, { type: 'resize', created: 3000, started: 3000, finished: 3001, outcome: 'failed' });
    // Finished 5 s before the run: inside the settle margin, left to the next run.
    await live(store, { type: 'email', created: 3590, started: 3594, finished: 3595 });
    await live(store, { created: 3500 });
    await live(store, { created: 3550, started: 3551 });

    h.at(HOUR);
    const first = await takeSnapshot(h.deps);
    expect(first.coveredUntil).toBe(later(HOUR - 10).toISOString());
    expect(first.counts).toEqual({
      waiting: 0,
      scheduled: 0,
      pending: 1,
      running: 1,
      completed: 2,
      failed: 1,
      canceled: 0,
    });
    expect(first.byType.email?.counts).toMatchObject({ completed: 2, failed: 0 });
    expect(first.byType.resize?.counts).toMatchObject({ failed: 1 });
    expect(first.byType.noop?.counts).toMatchObject({ pending: 1, running: 1, completed: 0 });

    await live(store, { type: 'email', created: 3610, started: 3611, finished: 3620 });
    h.at(HOUR + 60);
    const second = await takeSnapshot(h.deps);
    expect(second.counts).toMatchObject({ completed: 4, failed: 1 });
    expect(second.lastMinute).toMatchObject({ seconds: 60, completed: 2, completedPerSecond: 2 / 60 });
    expect(second.lastHour).toMatchObject({ completed: 4, failed: 1 });

    const finishedReads = reads.filter((r) => ['completed', 'failed', 'canceled'].includes(r.status));
    expect(
      new Set(finishedReads.map((r) => `${r.range?.after?.toISOString()}..${r.range?.until?.toISOString()}`)),
    ).toEqual(
      new Set([
        `${later(0).toISOString()}..${later(HOUR - 10).toISOString()}`,
        `${later(HOUR - 10).toISOString()}..${later(HOUR + 50).toISOString()}`,
      ]),
    );
  });

  it('computes the last hour percentiles from the stored windows, per type', async () => {
    const h = statsHarness();
    h.at(0);
    await takeSnapshot(h.deps);
    // Ten minutes of runs: minute i finishes jobs that ran 100·(i+1) ms.
    for (let minute = 0; minute < 10; minute++) {
      const base = minute * 60;
      for (let j = 0; j < 5; j++) {
        const job = await live(h.store, { type: 'email', created: base + j });
        await h.store.claim(job.id, later(base + j + 1), later(base + 600));
        await h.store.complete(job.id, 1, null, new Date(later(base + j + 1).getTime() + 100 * (minute + 1)));
      }
      h.at(base + 70);
      await takeSnapshot(h.deps);
    }
    const snapshot = (await h.stats.latest())!;
    const email = snapshot.byType.email!;
    expect(email.lastHour.completed).toBe(50);
    expect(near(email.lastHour.runTimeMs.p50, 500)).toBe(true);
    expect(near(email.lastHour.runTimeMs.p99, 1000)).toBe(true);
    expect(near(email.lastHour.queueWaitMs.p50, 1000)).toBe(true);
    expect(email.lastMinute.completed).toBe(5);
    expect(near(email.lastMinute.runTimeMs.p50, 1000)).toBe(true);
    expect(email.costPerJobUsd).toBeGreaterThan(0);
    expect(snapshot.costPerJobUsd).toBeCloseTo(email.costPerJobUsd!, 15);
    expect(h.stats.stored.points).toBe(11);
  });

  it('lists the last failures newest first: final ones, and attempts that were retried', async () => {
    const h = statsHarness();
    await live(h.store, {
      type: 'email',
      created: 10,
      started: 11,
      finished: 12,
      outcome: 'failed',
      error: 'bad address',
    });
    await live(h.store, {
      type: 'resize',
      created: 20,
      started: 21,
      finished: 22,
      outcome: 'retrying',
      error: 'timeout',
    });
    await live(h.store, { created: 30, started: 31, finished: 32 });
    h.at(60);
    const snapshot = await takeSnapshot(h.deps);
    expect(snapshot.lastFailures).toEqual([
      expect.objectContaining({
        type: 'resize',
        retried: true,
        attempt: 1,
        at: later(22).toISOString(),
        error: expect.objectContaining({ message: 'timeout' }),
      }),
      expect.objectContaining({
        type: 'email',
        retried: false,
        error: expect.objectContaining({ message: 'bad address' }),
      }),
    ]);
    // A retried attempt counts as a failure of its worker, not as a failed job.
    expect(snapshot.counts.failed).toBe(1);
    await live(h.store, { created: 70, started: 71, finished: 72, outcome: 'failed', error: 'later' });
    h.at(120);
    const next = await takeSnapshot(h.deps);
    expect(next.lastFailures.map((f) => f.error.message)).toEqual(['later', 'timeout', 'bad address']);
  });

  it('tracks worker instances: jobs done, failures, busy now, alive for five minutes, gone after an hour', async () => {
    const h = statsHarness();
    await live(h.store, { created: 1, started: 2, finished: 3, worker: 'a' });
    await live(h.store, { created: 4, started: 5, finished: 6, worker: 'a' });
    await live(h.store, { created: 7, started: 8, finished: 9, worker: 'b', outcome: 'failed' });
    await live(h.store, { created: 10, started: 11, finished: 12, worker: 'b', outcome: 'retrying' });
    await live(h.store, { created: 40, started: 45, worker: 'c' });
    h.at(60);
    const first = await takeSnapshot(h.deps);
    expect(first.workers).toMatchObject({ limit: 4, alive: 3, busy: 1 });
    const byId = Object.fromEntries(first.workers.instances.map((i) => [i.id, i]));
    expect(byId.a).toMatchObject({
      status: 'idle',
      jobsDone: 2,
      failures: 0,
      lastSeen: later(6).toISOString(),
    });
    expect(byId.b).toMatchObject({ jobsDone: 1, failures: 2 });
    expect(byId.c).toMatchObject({ status: 'busy', jobsDone: 0, lastSeen: later(45).toISOString() });

    await live(h.store, { created: 100, started: 101, finished: 102, worker: 'a' });
    h.at(400);
    const later1 = await takeSnapshot(h.deps);
    const a = later1.workers.instances.find((i) => i.id === 'a');
    expect(a).toMatchObject({ jobsDone: 3, lastSeen: later(102).toISOString() });
    // b was last seen at 12 s: more than five minutes ago. c is still running its job.
    expect(later1.workers).toMatchObject({ alive: 2, busy: 1 });

    // An hour on, a and b are forgotten; c's lease lapsed long ago (its worker died): not busy either.
    h.at(HOUR + 200);
    const muchLater = await takeSnapshot(h.deps);
    expect(muchLater.workers).toMatchObject({ alive: 0, busy: 0, instances: [] });
  });

  it('keeps 25 hours of history, deleting older points on each run', async () => {
    const h = statsHarness();
    for (let hour = 0; hour <= 30; hour++) {
      h.at(hour * HOUR);
      await takeSnapshot(h.deps);
    }
    expect(h.stats.stored.points).toBe(25);
    const oldest = (await h.stats.points(later(-HOUR)))[0]!;
    expect(Date.parse(oldest.at)).toBeGreaterThan(later(30 * HOUR - 25 * HOUR).getTime());
  });

  it('stores the gauges with each point: queue depth, dead letters, pending, running, busy workers', async () => {
    const h = statsHarness();
    h.queue.depth = { visible: 7, inFlight: 2, delayed: 1 };
    h.deadLetters.depth = { visible: 3, inFlight: 1, delayed: 0 };
    await live(h.store, { created: 1 });
    await live(h.store, { created: 2, started: 3, worker: 'w' });
    h.at(60);
    const snapshot = await takeSnapshot(h.deps);
    expect(snapshot.queue).toEqual(h.queue.depth);
    expect(snapshot.deadLetterQueue).toEqual(h.deadLetters.depth);
    expect(await h.stats.points(later(-HOUR))).toEqual([
      expect.objectContaining({
        at: later(50).toISOString(),
        pending: 1,
        running: 1,
        queueVisible: 7,
        deadLetters: 4,
        workersBusy: 1,
      }),
    ]);
  });

  it('adds nothing when run twice in the same instant, and refuses a run that raced another', async () => {
    const h = statsHarness();
    await live(h.store, { created: 1, started: 2, finished: 3 });
    h.at(60);
    await takeSnapshot(h.deps);
    const again = await takeSnapshot(h.deps);
    expect(again.counts.completed).toBe(1);
    expect(h.stats.stored.points).toBe(1);

    h.at(120);
    const results = await Promise.allSettled([takeSnapshot(h.deps), takeSnapshot(h.deps)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.status === 'rejected' && rejected.reason).toBeInstanceOf(SnapshotConflictError);
    expect((await h.stats.latest())?.counts.completed).toBe(1);
  });
});
