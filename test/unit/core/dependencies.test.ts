import { describe, expect, it } from 'vitest';
import { unstartableItems, waitingVerdict } from '../../../src/core/dependencies.ts';
import { cancelJob } from '../../../src/core/use-cases/cancel-job.ts';
import { retryJob } from '../../../src/core/use-cases/retry-job.ts';
import { submitJob } from '../../../src/core/use-cases/submit-job.ts';
import { submitJobs } from '../../../src/core/use-cases/submit-jobs.ts';
import { checkWaitingJobs, tellDependents } from '../../../src/core/use-cases/wait-for-dependencies.ts';
import { jobWorld } from '../../helpers/job-world.ts';
import { later, T0 } from '../../helpers/jobs.ts';

describe('waitingVerdict', () => {
  const job = (
    outcomes: Record<string, 'completed' | 'failed' | 'canceled'>,
    policy?: 'fail' | 'skip' | 'run',
  ) => ({
    dependsOn: ['a', 'b'],
    dependencyOutcomes: outcomes,
    ...(policy ? { onDependencyFailure: policy } : {}),
  });

  it('waits until every dependency ended, then releases', () => {
    expect(waitingVerdict(job({ a: 'completed' }))).toEqual({ kind: 'wait' });
    expect(waitingVerdict(job({ a: 'completed', b: 'completed' }))).toEqual({ kind: 'release' });
  });

  it('fail (the default) ends the job failed at the first failed or canceled dependency, naming it', () => {
    expect(waitingVerdict(job({ b: 'canceled' }))).toEqual({
      kind: 'end',
      status: 'failed',
      dependency: 'b',
      outcome: 'canceled',
    });
  });

  it('skip ends it canceled; run waits for all and then runs whatever they did', () => {
    expect(waitingVerdict(job({ a: 'failed' }, 'skip'))).toMatchObject({ kind: 'end', status: 'canceled' });
    expect(waitingVerdict(job({ a: 'failed' }, 'run'))).toEqual({ kind: 'wait' });
    expect(waitingVerdict(job({ a: 'failed', b: 'canceled' }, 'run'))).toEqual({ kind: 'release' });
  });
});

describe('unstartableItems (a batch’s own dependencies)', () => {
  it('refuses every item on a cycle, a self-dependency, a position past the batch, and what depends on them', () => {
    const errors = unstartableItems(
      new Map([
        [0, [1]],
        [1, [2]],
        [2, [0]],
        [3, [3]],
        [4, [9]],
        [5, [4, 'some-id']],
        [6, ['some-id']],
        [7, [8]],
      ]),
      new Set([8]),
      9,
    );
    const reasons = Object.fromEntries([...errors].map(([i, e]) => [i, e.details.reason]));
    expect(reasons).toEqual({
      0: 'cycle',
      1: 'cycle',
      2: 'cycle',
      3: 'cycle',
      4: 'unknown',
      5: 'refused',
      7: 'refused',
    });
    expect(errors.get(0)?.message).toContain('0 → 1 → 2 → 0');
  });
});

describe('dependencies, end to end on memory adapters', () => {
  it('runs an A → B → C chain submitted in one batch in order, each after the previous finished', async () => {
    const w = jobWorld();
    const outcome = await submitJobs(w.deps, [
      { type: 'ok', payload: { name: 'a' } },
      { type: 'ok', payload: { name: 'b' }, dependsOn: [0] },
      { type: 'ok', payload: { name: 'c' }, dependsOn: [1] },
    ]);
    expect(outcome.results.map((r) => r.accepted && r.status)).toEqual(['pending', 'waiting', 'waiting']);
    expect(await w.drain()).toEqual(['job-1', 'job-2', 'job-3']);
    const [a, b, c] = await Promise.all(['job-1', 'job-2', 'job-3'].map((id) => w.get(id)));
    expect(a?.dependents).toEqual(['job-2']);
    expect(b?.startedAt && a?.finishedAt && b.startedAt > a.finishedAt).toBe(true);
    expect(c?.startedAt && b?.finishedAt && c.startedAt > b.finishedAt).toBe(true);
    expect(c?.status).toBe('completed');
    expect(w.seen['job-3']?.['job-2']).toMatchObject({
      status: 'completed',
      type: 'ok',
      result: { at: b?.finishedAt },
    });
  });

  it('fans 100 parents in to one child: it starts once, after the last parent', async () => {
    const w = jobWorld();
    const items = [
      ...Array.from({ length: 100 }, () => ({ type: 'ok' })),
      { type: 'ok', dependsOn: Array.from({ length: 100 }, (_, i) => i) },
    ];
    await submitJobs(w.deps, items);
    const order = await w.drain();
    expect(order.filter((id) => id === 'job-101')).toHaveLength(1);
    expect(order.at(-1)).toBe('job-101');
    expect(Object.keys(w.seen['job-101'] ?? {})).toHaveLength(100);
    // Kept while the child waited, each parent is let go once it finished, and expires again.
    for (let i = 1; i <= 100; i++) {
      const parent = await w.get(`job-${i}`);
      expect(parent.keptBy, parent.id).toBeUndefined();
      expect(parent.expiresAt, parent.id).toBeDefined();
    }
  });

  it('fail: the dependent fails naming the dependency, and its own dependents fail after it', async () => {
    const w = jobWorld();
    await submitJobs(w.deps, [
      { type: 'boom' },
      { type: 'ok', dependsOn: [0] },
      { type: 'ok', dependsOn: [1] },
    ]);
    await w.drain();
    expect(await w.get('job-2')).toMatchObject({
      status: 'failed',
      attempts: 0,
      error: { name: 'DependencyFailed', message: expect.stringContaining('job-1') },
    });
    expect(await w.get('job-3')).toMatchObject({
      status: 'failed',
      error: { message: expect.stringContaining('job-2') },
    });
  });

  it('skip: the dependent ends canceled; run: it runs anyway and sees the failure', async () => {
    const w = jobWorld();
    await submitJobs(w.deps, [
      { type: 'boom' },
      { type: 'ok', dependsOn: [0], onDependencyFailure: 'skip' },
      { type: 'ok', dependsOn: [0], onDependencyFailure: 'run' },
    ]);
    await w.drain();
    expect((await w.get('job-2')).status).toBe('canceled');
    expect((await w.get('job-3')).status).toBe('completed');
    expect(w.seen['job-3']?.['job-1']).toMatchObject({
      status: 'failed',
      error: { name: 'PermanentJobError' },
    });
  });

  it('a dependency that finished before its dependent was submitted counts at once', async () => {
    const w = jobWorld();
    const { job: parent } = await submitJob(w.deps, { type: 'ok' });
    await w.drain();
    const { job } = await submitJob(w.deps, { type: 'ok', dependsOn: [parent.id] });
    expect(job.status).toBe('pending');
    await w.drain();
    expect((await w.get(job.id)).status).toBe('completed');
  });

  it('a dependency that ends while its dependent is linked is not lost (the link is refused, the outcome recorded)', async () => {
    const w = jobWorld();
    const { job: parent } = await submitJob(w.deps, { type: 'ok' });
    // The submission reads the parent as pending, then the parent completes before the link is written.
    const addDependent = w.store.addDependent;
    w.deps.store.addDependent = async (id, dependent) => {
      await w.drain();
      return addDependent(id, dependent);
    };
    const { job } = await submitJob(w.deps, { type: 'ok', dependsOn: [parent.id] });
    w.deps.store.addDependent = addDependent;
    expect(job.status).toBe('pending');
    await w.drain();
    expect((await w.get(job.id)).status).toBe('completed');
  });

  it('refuses unknown ids and positions in a single submission with a 400 naming them', async () => {
    const w = jobWorld();
    await expect(submitJob(w.deps, { type: 'ok', dependsOn: ['nope'] })).rejects.toMatchObject({
      code: 'ValidationError',
      details: { reason: 'unknown', dependency: 'nope' },
    });
    await expect(submitJob(w.deps, { type: 'ok', dependsOn: [0] })).rejects.toMatchObject({
      code: 'ValidationError',
    });
    await expect(submitJob(w.deps, { type: 'ok', dependsOn: ['x'], delaySeconds: 5 })).rejects.toMatchObject({
      code: 'ValidationError',
    });
    expect(w.store.jobs.size).toBe(0);
  });

  it('refuses a batch’s cycle and what depends on it, and runs the rest', async () => {
    const w = jobWorld();
    const { results } = await submitJobs(w.deps, [
      { type: 'ok', dependsOn: [1] },
      { type: 'ok', dependsOn: [0] },
      { type: 'ok', dependsOn: [1] },
      { type: 'ok' },
      { type: 'ok', dependsOn: [3] },
    ]);
    expect(results.map((r) => (r.accepted ? r.status : r.error.details.reason))).toEqual([
      'cycle',
      'cycle',
      'refused',
      'pending',
      'waiting',
    ]);
    expect([...w.store.jobs.keys()]).toHaveLength(2);
    await w.drain();
    expect((await w.get(results[4]?.accepted ? results[4].id : '')).status).toBe('completed');
  });

  it('a dependency retried by hand after its dependent failed: the dependent stays failed until it is retried, then runs', async () => {
    const w = jobWorld();
    await submitJobs(w.deps, [{ type: 'boom' }, { type: 'ok', dependsOn: [0] }]);
    await w.drain();
    expect((await w.get('job-2')).status).toBe('failed');
    // The dependency is fixed (its type now succeeds) and retried: the failed dependent is final.
    const ok = w.deps.specs.ok;
    if (ok) w.deps.specs.boom = ok;
    await retryJob(w.deps, 'job-1', undefined);
    await w.drain();
    expect((await w.get('job-1')).status).toBe('completed');
    expect((await w.get('job-2')).status).toBe('failed');
    // Retrying the dependent waits for its dependencies again: the completed one lets it run.
    expect((await retryJob(w.deps, 'job-2', undefined)).status).toBe('pending');
    await w.drain();
    expect(await w.get('job-2')).toMatchObject({
      status: 'completed',
      dependencyOutcomes: { 'job-1': 'completed' },
    });
  });

  it('canceling a dependency tells its dependents; canceling a waiting job works', async () => {
    const w = jobWorld();
    await submitJobs(w.deps, [
      { type: 'ok' },
      { type: 'ok', dependsOn: [0] },
      { type: 'ok', dependsOn: [0] },
    ]);
    await cancelJob({ ...w.deps }, 'job-3');
    await cancelJob({ ...w.deps }, 'job-1');
    expect((await w.get('job-2')).status).toBe('failed');
    expect((await w.get('job-3')).status).toBe('canceled');
    expect(await w.drain()).toEqual([]);
  });

  it('the sweeper records an outcome whose "tell" was lost, and the dependent runs', async () => {
    const w = jobWorld();
    await submitJobs(w.deps, [{ type: 'ok' }, { type: 'ok', dependsOn: [0] }]);
    // The parent ends but its writer dies before telling: its final write, and nothing after.
    await w.store.claim('job-1', T0, later(60));
    await w.store.complete('job-1', 1, null, T0);
    w.tick(30);
    expect(await checkWaitingJobs(w.deps, { olderThanSeconds: 60, limit: 10 })).toBe(0);
    w.tick(60);
    expect(await checkWaitingJobs(w.deps, { olderThanSeconds: 60, limit: 10 })).toBe(1);
    await w.drain();
    expect((await w.get('job-2')).status).toBe('completed');
  });

  it('keeps a finished dependency while its dependent waits, and lets it expire after the dependent finished', async () => {
    const w = jobWorld();
    await submitJobs(w.deps, [{ type: 'ok' }, { type: 'ok' }, { type: 'ok', dependsOn: [0, 1] }]);
    // job-1 ends; job-3 still waits for job-2: job-1 is kept, with no expiry.
    await w.store.claim('job-1', T0, later(60));
    const first = await w.store.complete('job-1', 1, null, T0, undefined, later(120));
    if (first) await tellDependents(w.deps, first);
    expect(await w.get('job-1')).toMatchObject({ keptBy: ['job-3'] });
    expect((await w.get('job-1')).expiresAt).toBeUndefined();
    await w.drain();
    expect((await w.get('job-3')).status).toBe('completed');
    const kept = await w.get('job-1');
    expect(kept.keptBy).toBeUndefined();
    expect(kept.expiresAt).toBeDefined();
  });
});
