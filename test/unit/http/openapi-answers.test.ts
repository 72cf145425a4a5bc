import { describe, expect, it } from 'vitest';
import { jobs } from '../../../jobs/index.ts';
import { jobStatusView } from '../../../src/core/job.ts';
import { listJobs } from '../../../src/core/use-cases/list-jobs.ts';
import { readStats } from '../../../src/core/use-cases/read-stats.ts';
import { readStatus } from '../../../src/core/use-cases/read-status.ts';
import { readWorkers } from '../../../src/core/use-cases/read-workers.ts';
import { takeSnapshot } from '../../../src/core/use-cases/take-snapshot.ts';
import { openApiDocument } from '../../../src/http/openapi.ts';
import { openApiChecker } from '../../helpers/openapi.ts';
import { live, statsHarness } from '../../helpers/stats-harness.ts';

/**
 * The answers the read routes build from a busy system (snapshots with per-type stats, latency
 * histograms, failures and workers), held against the document's schemas: what a type check cannot
 * see (whole numbers, ISO instants, nulls) is checked on real values.
 */
describe('the document describes the answers built from a busy system', () => {
  async function busySystem() {
    const h = statsHarness();
    const jobs = [
      await live(h.store, { type: 'email', created: 1, started: 2, finished: 3, worker: 'w-1' }),
      await live(h.store, {
        type: 'resize',
        created: 4,
        started: 5,
        finished: 9,
        outcome: 'failed',
        worker: 'w-2',
      }),
      await live(h.store, { type: 'noop', created: 10, started: 11, finished: 12, outcome: 'retrying' }),
      await live(h.store, { type: 'sleep', created: 13, started: 14, finished: 20, outcome: 'canceled' }),
      await live(h.store, { type: 'noop', created: 70, started: 71, worker: 'w-1' }),
      await live(h.store, { type: 'noop', created: 72 }),
    ];
    h.at(60);
    await takeSnapshot(h.deps);
    await live(h.store, { type: 'email', created: 90, started: 91, finished: 95, worker: 'w-3' });
    h.at(120);
    await takeSnapshot(h.deps);
    h.at(130);
    return { h, jobs };
  }

  const checker = openApiChecker(openApiDocument(jobs));

  it('GET /status, /stats and /workers', async () => {
    const { h } = await busySystem();
    const stats = await readStats({ ...h.deps, clock: h.clock }, 1);
    expect(stats.snapshot?.byType.email?.latency).toBeDefined();
    expect(stats.history.length).toBeGreaterThan(0);
    expect(checker.responseErrors('GET /stats', 200, 'application/json', stats)).toEqual([]);
    const status = await readStatus({ ...h.deps, clock: h.clock });
    expect(status.lastFailure).not.toBeNull();
    expect(checker.responseErrors('GET /status', 200, 'application/json', status)).toEqual([]);
    const workers = await readWorkers({ ...h.deps, clock: h.clock });
    expect(workers.instances.length).toBeGreaterThan(0);
    expect(checker.responseErrors('GET /workers', 200, 'application/json', workers)).toEqual([]);
  });

  it('GET /jobs/{id}, /jobs/{id}/status and /jobs, for jobs in every status', async () => {
    const { h, jobs } = await busySystem();
    for (const { id } of jobs) {
      const job = await h.store.get(id);
      expect(checker.responseErrors('GET /jobs/{id}', 200, 'application/json', job)).toEqual([]);
      const view = job && jobStatusView(job);
      expect(checker.responseErrors('GET /jobs/{id}/status', 200, 'application/json', view)).toEqual([]);
    }
    const page = { ...(await listJobs(h.store, { limit: 3 })), limit: 3 };
    expect(page.nextCursor).not.toBeNull();
    expect(checker.responseErrors('GET /jobs', 200, 'application/json', page)).toEqual([]);
  });
});
