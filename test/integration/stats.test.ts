import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoJobStore } from '../../src/adapters/dynamodb/job-store.ts';
import { createDynamoSnapshotStore } from '../../src/adapters/dynamodb/snapshot-store.ts';
import { listJobs } from '../../src/core/use-cases/list-jobs.ts';
import { readStats } from '../../src/core/use-cases/read-stats.ts';
import { readStatus } from '../../src/core/use-cases/read-status.ts';
import { readWorkers } from '../../src/core/use-cases/read-workers.ts';
import { takeSnapshot } from '../../src/core/use-cases/take-snapshot.ts';
import { createJobsTable, createStatsTable, type Emulators, startEmulators } from '../helpers/emulators.ts';
import { later } from '../helpers/jobs.ts';
import { live, statsHarness } from '../helpers/stats-harness.ts';

let emulators: Emulators;

beforeAll(async () => {
  emulators = await startEmulators();
});
afterAll(() => emulators?.stop());

async function dynamoHarness() {
  const jobsTable = `jobs-${randomUUID()}`;
  const statsTable = `stats-${randomUUID()}`;
  await createJobsTable(emulators.endpoints.dynamodb, jobsTable);
  await createStatsTable(emulators.endpoints.dynamodb, statsTable);
  const store = createDynamoJobStore({
    client: emulators.clients.dynamo,
    tableName: jobsTable,
    byStatusIndex: 'byStatus',
  });
  const stats = createDynamoSnapshotStore({ client: emulators.clients.dynamo, tableName: statsTable });
  const h = statsHarness({ store });
  return { ...h, deps: { ...h.deps, snapshots: stats, history: stats }, stats };
}

describe('stats on DynamoDB (dynalite)', () => {
  it('takes snapshots run after run, and GET /status, /stats and /workers read them', async () => {
    const h = await dynamoHarness();
    await live(h.store, { type: 'email', created: 1, started: 2, finished: 4, worker: 'i-1' });
    await live(h.store, {
      type: 'email',
      created: 3,
      started: 5,
      finished: 6,
      outcome: 'failed',
      worker: 'i-2',
    });
    await live(h.store, {
      type: 'resize',
      created: 10,
      started: 11,
      finished: 13,
      outcome: 'retrying',
      worker: 'i-2',
    });
    await live(h.store, { type: 'resize', created: 20 });
    h.at(60);
    const first = await takeSnapshot(h.deps);
    // The retrying job is pending again.
    expect(first.counts).toEqual({
      waiting: 0,
      scheduled: 0,
      pending: 2,
      running: 0,
      completed: 1,
      failed: 1,
      canceled: 0,
    });
    expect(await h.stats.latest()).toEqual(first);

    await live(h.store, { type: 'email', created: 55, started: 56, finished: 58, worker: 'i-1' });
    await live(h.store, { type: 'email', created: 61, started: 62, worker: 'i-3' });
    h.at(120);
    const second = await takeSnapshot(h.deps);
    expect(second.counts).toMatchObject({ completed: 2, failed: 1, running: 1 });
    expect(second.byType.email?.lastMinute.completed).toBe(1);
    expect(second.byType.email?.lastHour.completed).toBe(2);
    expect(second.lastFailures.map((f) => f.retried)).toEqual([true, false]);

    await live(h.store, { type: 'email', created: 111, started: 112, finished: 115, worker: 'i-1' });
    h.at(125);
    const status = await readStatus({ ...h.deps, clock: h.clock });
    expect(status).toMatchObject({
      pending: 2,
      running: 1,
      completed: 3,
      failed: 1,
      workersBusy: 1,
      workersAlive: 3,
      snapshotAt: later(120).toISOString(),
      lastFailure: { type: 'resize', retried: true },
    });
    // Only the job finished at 115 s falls in the last minute (65–125 s).
    expect(status.throughput.completedPerSecond).toBeCloseTo(1 / 60);

    const stats = await readStats({ ...h.deps, clock: h.clock });
    expect(stats.snapshot).toEqual(second);
    expect(stats.history.map((p) => p.at)).toEqual([later(50), later(110)].map((d) => d.toISOString()));

    // Live: i-1's job finished at 115 s, after the snapshot's window, already counts (and it was seen last).
    const workers = await readWorkers({ ...h.deps, clock: h.clock });
    expect(workers.instances.map((i) => [i.id, i.status, i.jobsDone, i.failures])).toEqual([
      ['i-1', 'idle', 3, 0],
      ['i-3', 'busy', 0, 0],
      ['i-2', 'idle', 1, 2],
    ]);

    const page = await listJobs(h.store, { limit: 3 });
    expect(page.jobs.map((j) => j.updatedAt)).toEqual(
      [later(115), later(62), later(58)].map((d) => d.toISOString()),
    );
    const rest = await listJobs(h.store, { limit: 10, cursor: page.nextCursor! });
    expect(rest.jobs).toHaveLength(4);
    expect(rest.nextCursor).toBeNull();
  });

  it('prunes history older than 25 hours', async () => {
    const h = await dynamoHarness();
    for (let hour = 0; hour <= 27; hour++) {
      h.at(hour * 3600);
      await takeSnapshot(h.deps);
    }
    const points = await h.stats.points(later(-3600));
    expect(points).toHaveLength(25);
    expect(await h.stats.windows(later(-3600))).toHaveLength(25);
  });
});
