import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, inject, it } from 'vitest';
import { apiClient, isFinished } from './client.ts';

/** Dependencies over HTTP: chains and fan-in in one batch call, the failure policies, cycles, retries. */
const api = apiClient(inject('apiUrl'));
const JSON_TYPE = { 'content-type': 'application/json' };

interface Job {
  id: string;
  status: string;
  attempts: number;
  startedAt?: string;
  finishedAt?: string;
  error?: { name: string; message: string };
  dependsOn?: string[];
  dependents?: string[];
  dependencyOutcomes?: Record<string, string>;
  history?: unknown[];
}

type BatchResult =
  | { accepted: true; id: string; status: string }
  | { accepted: false; error: { code: string; message: string; details: Record<string, unknown> } };

async function batch(jobs: readonly object[]): Promise<BatchResult[]> {
  const res = await api.post<{ results: BatchResult[] }>('/jobs/batch', JSON.stringify({ jobs }), JSON_TYPE);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.results;
}

function idsOf(results: readonly BatchResult[]): string[] {
  return results.map((result) => {
    if (!result.accepted) throw new Error(`refused: ${result.error.message}`);
    return result.id;
  });
}

/** Polls one job (paced, throttle-aware) until it is final. */
async function finished(id: string, timeoutMs = 60_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await api.getOk<Job>(`/jobs/${id}`);
    if (isFinished(job as unknown as Record<string, unknown>) || Date.now() > deadline) return job;
    await sleep(200);
  }
}

/** A job that fails for good at its first attempt. */
const failing = { type: 'flaky', payload: { failTimes: 1 }, maxAttempts: 1 };

describe('dependencies', () => {
  it('runs an A → B → C chain submitted in one call in order, each after the previous finished', async () => {
    const results = await batch([
      { type: 'sleep', payload: { ms: 300 } },
      { type: 'sleep', payload: { ms: 300 }, dependsOn: [0] },
      { type: 'noop', dependsOn: [1] },
    ]);
    expect(results.map((r) => r.accepted && r.status)).toEqual(['pending', 'waiting', 'waiting']);
    const [a, b, c] = idsOf(results);
    const chain = [
      await finished(c ?? ''),
      await api.getOk<Job>(`/jobs/${b}`),
      await api.getOk<Job>(`/jobs/${a}`),
    ];
    const [jc, jb, ja] = chain;
    expect(chain.map((job) => job?.status)).toEqual(['completed', 'completed', 'completed']);
    expect(Date.parse(jb?.startedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(ja?.finishedAt ?? ''));
    expect(Date.parse(jc?.startedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(jb?.finishedAt ?? ''));
    expect(ja?.dependents).toEqual([b]);
    expect(jc).toMatchObject({ dependsOn: [b], dependencyOutcomes: { [b ?? '']: 'completed' }, attempts: 1 });
  }, 90_000);

  it('fans 100 parents in to one child: the child starts once, after the last parent finished', async () => {
    const parents = Array.from({ length: 100 }, (_, i) => ({ type: 'sleep', payload: { ms: i % 7 } }));
    const results = await batch([...parents, { type: 'noop', dependsOn: parents.map((_, i) => i) }]);
    const ids = idsOf(results);
    const child = await finished(ids[100] ?? '', 120_000);
    expect(child).toMatchObject({ status: 'completed', attempts: 1 });
    expect(child.history).toHaveLength(1);
    let lastParent = 0;
    for (const id of ids.slice(0, 100)) {
      const parent = await api.getOk<Job>(`/jobs/${id}`);
      expect(parent.status).toBe('completed');
      lastParent = Math.max(lastParent, Date.parse(parent.finishedAt ?? ''));
    }
    expect(Date.parse(child.startedAt ?? '')).toBeGreaterThanOrEqual(lastParent);
    expect(Object.values(child.dependencyOutcomes ?? {})).toHaveLength(100);
  }, 180_000);

  it('fail, skip and run: what a failed dependency does to each kind of dependent', async () => {
    const ids = idsOf(
      await batch([
        failing,
        { type: 'noop', dependsOn: [0] },
        { type: 'noop', dependsOn: [0], onDependencyFailure: 'skip' },
        { type: 'noop', dependsOn: [0], onDependencyFailure: 'run' },
        // Down a chain: the dependent of a failed dependent fails too.
        { type: 'noop', dependsOn: [1] },
      ]),
    );
    const [failed, failedToo, skipped, ran, chained] = await Promise.all(ids.map((id) => finished(id)));
    expect(failed?.status).toBe('failed');
    expect(failedToo).toMatchObject({
      status: 'failed',
      attempts: 0,
      error: { name: 'DependencyFailed', message: expect.stringContaining(ids[0] ?? '?') },
    });
    expect(skipped).toMatchObject({ status: 'canceled', attempts: 0 });
    expect(ran).toMatchObject({
      status: 'completed',
      attempts: 1,
      dependencyOutcomes: { [ids[0] ?? '']: 'failed' },
    });
    expect(chained).toMatchObject({
      status: 'failed',
      error: { message: expect.stringContaining(ids[1] ?? '?') },
    });
  }, 90_000);

  it('refuses a cycle and unknown ids at submit (400), and what depends on them, running the rest', async () => {
    const results = await batch([
      { type: 'noop', dependsOn: [1] },
      { type: 'noop', dependsOn: [0] },
      { type: 'noop', dependsOn: [1] },
      { type: 'noop', dependsOn: ['00000000-0000-4000-8000-000000000000'] },
      { type: 'noop', dependsOn: [7] },
      { type: 'noop' },
    ]);
    expect(results.map((r) => (r.accepted ? r.status : r.error.details.reason))).toEqual([
      'cycle',
      'cycle',
      'refused',
      'unknown',
      'unknown',
      'pending',
    ]);
    expect(results[0]).toMatchObject({ accepted: false, error: { code: 'ValidationError' } });
    const single = await api.post<{ error: { code: string; details: { reason: string } } }>(
      '/jobs',
      JSON.stringify({ type: 'noop', dependsOn: ['00000000-0000-4000-8000-000000000000'] }),
      JSON_TYPE,
    );
    expect(single.status).toBe(400);
    expect(single.body.error).toMatchObject({ code: 'ValidationError', details: { reason: 'unknown' } });
    const timed = await api.post(
      '/jobs',
      JSON.stringify({ type: 'noop', dependsOn: [idsOf([results[5] as BatchResult])[0]], delaySeconds: 5 }),
      JSON_TYPE,
    );
    expect(timed.status).toBe(400);
  });

  it('a dependency retried by hand after its dependent failed: the dependent runs once retried itself', async () => {
    const [dependency, dependent] = idsOf(await batch([failing, { type: 'noop', dependsOn: [0] }]));
    expect((await finished(dependent ?? '')).status).toBe('failed');
    // Fixed and retried: it completes, and the dependent that already failed stays failed.
    const retried = await api.post(
      `/jobs/${dependency}/retry`,
      JSON.stringify({ payload: { failTimes: 0 } }),
      JSON_TYPE,
    );
    expect(retried.status).toBe(202);
    expect((await finished(dependency ?? '')).status).toBe('completed');
    expect((await api.getOk<Job>(`/jobs/${dependent}`)).status).toBe('failed');
    // Retried itself, it waits for its dependencies again: the completed one counts at once.
    const again = await api.post<{ status: string }>(`/jobs/${dependent}/retry`, '');
    expect(again.status).toBe(202);
    expect(['pending', 'running', 'completed']).toContain(again.body.status);
    expect(await finished(dependent ?? '')).toMatchObject({
      status: 'completed',
      dependencyOutcomes: { [dependency ?? '']: 'completed' },
    });
  }, 90_000);

  it('a dependent submitted after its dependency completed is queued at once; one that waits can be canceled', async () => {
    const [done] = idsOf(await batch([{ type: 'noop' }]));
    await finished(done ?? '');
    const late = await api.post<{ id: string; status: string }>(
      '/jobs',
      JSON.stringify({ type: 'noop', dependsOn: [done] }),
      JSON_TYPE,
    );
    expect(late.status).toBe(202);
    expect(late.body.status).toBe('pending');
    expect((await finished(late.body.id)).status).toBe('completed');

    const [slow, waiting] = idsOf(
      await batch([
        { type: 'sleep', payload: { ms: 3_000 } },
        { type: 'noop', dependsOn: [0] },
      ]),
    );
    const canceled = await api.post<{ status: string }>(`/jobs/${waiting}/cancel`, '');
    expect(canceled.status).toBe(202);
    expect(canceled.body.status).toBe('canceled');
    expect((await finished(slow ?? '')).status).toBe('completed');
    expect(await api.getOk<Job>(`/jobs/${waiting}`)).toMatchObject({ status: 'canceled', attempts: 0 });
  }, 60_000);
});
