import { describe, expect, it } from 'vitest';
import type { JobMessage } from '../../../src/core/job.ts';
import { cancelBatch, listBatches, readBatch } from '../../../src/core/use-cases/batches.ts';
import { submitJobs } from '../../../src/core/use-cases/submit-jobs.ts';
import { tellDependents } from '../../../src/core/use-cases/wait-for-dependencies.ts';
import { jobWorld } from '../../helpers/job-world.ts';
import { later, T0 } from '../../helpers/jobs.ts';

describe('batches with an onComplete callback', () => {
  it('runs the callback once, after every job of the batch ended, with the batch summary', async () => {
    const w = jobWorld();
    const jobs = [...Array.from({ length: 48 }, () => ({ type: 'ok' })), { type: 'boom' }, { type: 'boom' }];
    const outcome = await submitJobs(w.deps, jobs, {
      batch: { onComplete: { type: 'ok', payload: { name: 'done' } } },
    });
    expect(outcome).toMatchObject({ accepted: 50, batchId: 'job-1' });
    const batch = await readBatch(w.deps, 'job-1');
    expect(batch).toMatchObject({ total: 50, finished: 0, progress: 0, callbackJobId: 'job-2' });
    expect(batch.counts.pending).toBe(50);
    expect(batch.onComplete).toEqual({ id: 'job-2', type: 'ok', status: 'waiting' });
    const order = await w.drain();
    expect(order.filter((id) => id === 'job-2')).toHaveLength(1);
    expect(order.at(-1)).toBe('job-2');
    expect(w.summaries['job-2']).toEqual({ id: 'job-1', total: 50, completed: 48, failed: 2, canceled: 0 });
    expect(Object.keys(w.seen['job-2'] ?? {})).toHaveLength(50);
    expect(await readBatch(w.deps, 'job-1')).toMatchObject({
      finished: 50,
      progress: 1,
      counts: { completed: 48, failed: 2 },
      onComplete: { status: 'completed' },
    });
    expect(await listBatches(w.deps, 5)).toEqual([
      { id: 'job-1', createdAt: expect.any(String), total: 50, callbackJobId: 'job-2' },
    ]);
  });

  it('leaves refused items out of the batch, and the callback waits only for the accepted ones', async () => {
    const w = jobWorld();
    const outcome = await submitJobs(w.deps, [{ type: 'ok' }, { type: 'nope' }, { type: 'ok' }], {
      batch: { onComplete: { type: 'ok' } },
    });
    expect(outcome).toMatchObject({ accepted: 2, rejected: 1 });
    const batch = await readBatch(w.deps, outcome.batchId ?? '');
    expect(batch.total).toBe(2);
    await w.drain();
    expect(w.summaries[batch.callbackJobId ?? '']).toMatchObject({ total: 2, completed: 2 });
  });

  it('refuses an invalid callback before writing anything (400 naming batch.onComplete)', async () => {
    const w = jobWorld();
    await expect(
      submitJobs(w.deps, [{ type: 'ok' }], { batch: { onComplete: { type: 'ok', name: 3 } } }),
    ).rejects.toMatchObject({
      code: 'ValidationError',
      message: expect.stringContaining('batch.onComplete'),
    });
    await expect(
      submitJobs(w.deps, [{ type: 'ok' }], { batch: { onComplete: { type: 'ok', delaySeconds: 5 } } }),
    ).rejects.toMatchObject({ code: 'ValidationError' });
    expect(w.store.jobs.size).toBe(0);
  });

  it('is stored whole or not at all: a message the queue refuses takes the batch and its callback back', async () => {
    const w = jobWorld();
    const sendBatch = w.deps.queue.sendBatch.bind(w.deps.queue);
    const deps = {
      ...w.deps,
      queue: {
        send: w.deps.queue.send.bind(w.deps.queue),
        sendBatch: async (messages: readonly JobMessage[]) => {
          await sendBatch(messages.slice(1));
          return { failed: messages.slice(0, 1) };
        },
      },
    };
    await expect(
      submitJobs(deps, [{ type: 'ok' }, { type: 'ok' }], { batch: { onComplete: { type: 'ok' } } }),
    ).rejects.toMatchObject({ code: 'EnqueueFailed' });
    expect(w.store.jobs.size).toBe(0);
    expect(await listBatches(w.deps, 5)).toEqual([]);
    // The message that did go finds no job: the worker acknowledges it and runs nothing.
    expect(await w.drain()).toEqual([]);
  });

  it('cancel cancels the unfinished jobs; the callback still runs once, counting them canceled', async () => {
    const w = jobWorld();
    const { batchId } = await submitJobs(w.deps, [{ type: 'ok' }, { type: 'ok' }, { type: 'ok' }], {
      batch: { onComplete: { type: 'ok' } },
    });
    // One job ran before the cancel, as its worker does: claim, complete, tell its dependents.
    await w.store.claim('job-3', T0, later(60));
    const done = await w.store.complete('job-3', 1, null, later(1));
    if (done) await tellDependents(w.deps, done);
    expect(await cancelBatch(w.deps, batchId ?? '')).toEqual({
      id: batchId,
      canceled: 2,
      stopping: 0,
      finished: 1,
    });
    await w.drain();
    expect(Object.values(w.summaries)).toEqual([
      { id: batchId, total: 3, completed: 1, failed: 0, canceled: 2 },
    ]);
  });

  it('answers 404 for an unknown batch', async () => {
    const w = jobWorld();
    await expect(readBatch(w.deps, 'nope')).rejects.toMatchObject({ code: 'BatchNotFound' });
    await expect(cancelBatch(w.deps, 'nope')).rejects.toMatchObject({ code: 'BatchNotFound' });
  });
});
