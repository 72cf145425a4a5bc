import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, inject, it } from 'vitest';
import { apiClient } from './client.ts';

/** Batches over HTTP: a batch id, its progress, a callback after the last job, cancel. */
const api = apiClient(inject('apiUrl'));
const JSON_TYPE = { 'content-type': 'application/json' };

interface BatchView {
  id: string;
  total: number;
  finished: number;
  progress: number;
  counts: Record<string, number>;
  jobIds: string[];
  callbackJobId?: string;
  onComplete?: { id: string; type: string; status: string };
}

interface Job {
  id: string;
  status: string;
  attempts: number;
  startedAt?: string;
  finishedAt?: string;
  history?: unknown[];
  batchId?: string;
  onCompleteOf?: string;
}

async function submitBatch(jobs: readonly object[], batch: object) {
  const res = await api.post<{ accepted: number; batchId?: string; error?: unknown }>(
    '/jobs/batch',
    JSON.stringify({ jobs, batch }),
    JSON_TYPE,
  );
  return res;
}

/** Polls the batch (paced, throttle-aware) until its callback ended. */
async function untilCallbackEnded(id: string, timeoutMs: number): Promise<BatchView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const batch = await api.getOk<BatchView>(`/batches/${id}`);
    const status = batch.onComplete?.status;
    if (status === 'completed' || status === 'failed' || status === 'canceled' || Date.now() > deadline)
      return batch;
    await sleep(250);
  }
}

describe('batches', () => {
  it('runs a batch of 50 and its onComplete callback exactly once, after the last job ended', async () => {
    const jobs = Array.from({ length: 50 }, (_, i) => ({
      type: 'sleep',
      payload: { ms: 20 + (i % 10) * 20 },
    }));
    const res = await submitBatch(jobs, { onComplete: { type: 'noop' } });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(50);
    const batchId = res.body.batchId ?? '';
    const early = await api.getOk<BatchView>(`/batches/${batchId}`);
    expect(early).toMatchObject({ id: batchId, total: 50 });
    expect(early.progress).toBeLessThan(1);
    expect(early.onComplete).toMatchObject({ type: 'noop', status: 'waiting' });

    const done = await untilCallbackEnded(batchId, 90_000);
    expect(done).toMatchObject({ finished: 50, progress: 1, counts: { completed: 50 } });
    const callback = await api.getOk<Job>(`/jobs/${done.callbackJobId}`);
    expect(callback).toMatchObject({ status: 'completed', attempts: 1, onCompleteOf: batchId });
    expect(callback.history).toHaveLength(1);
    let last = 0;
    for (const id of done.jobIds) {
      const job = await api.getOk<Job>(`/jobs/${id}`);
      expect(job.batchId).toBe(batchId);
      last = Math.max(last, Date.parse(job.finishedAt ?? ''));
    }
    expect(Date.parse(callback.startedAt ?? '')).toBeGreaterThanOrEqual(last);
    const list = await api.getOk<{ batches: { id: string; total: number }[] }>('/batches');
    expect(list.batches).toContainEqual(expect.objectContaining({ id: batchId, total: 50 }));
  }, 120_000);

  it('cancels a batch’s unfinished jobs; its callback still runs once, after them', async () => {
    const jobs = Array.from({ length: 5 }, () => ({ type: 'sleep', payload: { ms: 20_000 } }));
    const res = await submitBatch(jobs, { onComplete: { type: 'noop' } });
    const batchId = res.body.batchId ?? '';
    const canceled = await api.post<{ canceled: number; stopping: number; finished: number }>(
      `/batches/${batchId}/cancel`,
      '',
    );
    expect(canceled.status).toBe(202);
    expect(canceled.body.canceled + canceled.body.stopping).toBe(5);
    const done = await untilCallbackEnded(batchId, 60_000);
    expect(done).toMatchObject({ finished: 5, counts: { canceled: 5 }, onComplete: { status: 'completed' } });
  }, 90_000);

  it('refuses an invalid callback as a whole (400), and answers 404 for an unknown batch', async () => {
    const bad = await submitBatch([{ type: 'noop' }], { onComplete: { type: 'no-such-type' } });
    expect(bad.status).toBe(400);
    const timed = await submitBatch([{ type: 'noop' }], { onComplete: { type: 'noop', delaySeconds: 5 } });
    expect(timed.status).toBe(400);
    const extra = await submitBatch([{ type: 'noop' }], { onFinish: { type: 'noop' } });
    expect(extra.status).toBe(400);
    const missing = await api.get<{ error: { code: string } }>(
      '/batches/00000000-0000-4000-8000-000000000000',
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('BatchNotFound');
  });
});
