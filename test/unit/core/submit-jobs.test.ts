import { describe, expect, it } from 'vitest';
import { jobs } from '../../../jobs/index.ts';
import { MemoryJobQueue } from '../../../src/adapters/memory/job-queue.ts';
import { createMemoryJobStore } from '../../../src/adapters/memory/job-store.ts';
import { ValidationError } from '../../../src/core/errors.ts';
import type { JobMessage } from '../../../src/core/job.ts';
import { MAX_BATCH_JOBS, submitJobs } from '../../../src/core/use-cases/submit-jobs.ts';
import { T0 } from '../../helpers/jobs.ts';

function setup(options: { unsent?: (message: JobMessage) => boolean; unstored?: number } = {}) {
  const clock = { now: () => T0 };
  const store = createMemoryJobStore();
  const queue = new MemoryJobQueue(clock);
  let ids = 0;
  const deps = {
    store: {
      ...store,
      // The store refuses the first `unstored` jobs of a batch, as BatchWriteItem's unprocessed items.
      createMany: async (batch: Parameters<typeof store.createMany>[0]) => {
        const refused = batch.slice(0, options.unstored ?? 0).map((job) => job.id);
        await store.createMany(batch.filter((job) => !refused.includes(job.id)));
        return { failed: refused };
      },
    },
    queue: {
      send: (message: JobMessage) => queue.send(message),
      sendBatch: async (messages: readonly JobMessage[]) => {
        const failed = messages.filter((message) => options.unsent?.(message));
        await queue.sendBatch(messages.filter((message) => !failed.includes(message)));
        return { failed };
      },
    },
    specs: jobs,
    clock,
    newId: () => `job-${++ids}`,
  };
  return { store, queue, deps };
}

describe('submitJobs (POST /jobs/batch)', () => {
  it('answers each job in order: the valid ones stored and queued, the invalid ones refused with their error', async () => {
    const { store, queue, deps } = setup();
    const { results } = await submitJobs(deps, [
      { type: 'noop' },
      { type: 'sleep', ms: 'soon' },
      { type: 'nope' },
      { type: 'email', to: 'ada@example.com' },
    ]);
    expect(results).toEqual([
      { accepted: true, id: 'job-1', status: 'pending' },
      { accepted: false, error: expect.objectContaining({ code: 'ValidationError' }) },
      { accepted: false, error: expect.objectContaining({ code: 'UnknownJobType' }) },
      { accepted: true, id: 'job-2', status: 'pending' },
    ]);
    expect([...store.jobs.keys()].sort()).toEqual(['job-1', 'job-2']);
    expect(queue.receive(10).map((m) => JSON.parse(m.body).id)).toEqual(['job-1', 'job-2']);
  });

  it('refuses and removes a job whose message was not sent; the others stand', async () => {
    const { store, queue, deps } = setup({ unsent: (message) => message.id === 'job-2' });
    const { results } = await submitJobs(deps, [{ type: 'noop' }, { type: 'noop' }, { type: 'noop' }]);
    expect(results.map((result) => result.accepted)).toEqual([true, false, true]);
    expect(results[1]).toMatchObject({ error: { code: 'EnqueueFailed', details: { id: 'job-2' } } });
    expect(store.jobs.has('job-2')).toBe(false);
    expect(queue.receive(10)).toHaveLength(2);
  });

  it('refuses a job the store could not write, and never queues it', async () => {
    const { store, queue, deps } = setup({ unstored: 1 });
    const { results } = await submitJobs(deps, [{ type: 'noop' }, { type: 'noop' }]);
    expect(results.map((result) => result.accepted)).toEqual([false, true]);
    expect(store.jobs.has('job-1')).toBe(false);
    expect(queue.receive(10).map((m) => JSON.parse(m.body).id)).toEqual(['job-2']);
  });

  it('refuses one job over 256 KB on its own', async () => {
    const { deps } = setup();
    const { results } = await submitJobs(deps, [
      { type: 'sleep', ms: 1, pad: 'x'.repeat(300_000) },
      { type: 'noop' },
    ]);
    expect(results[0]).toMatchObject({ accepted: false, error: { code: 'PayloadTooLarge' } });
    expect(results[1]).toMatchObject({ accepted: true });
  });

  it(`takes 1–${MAX_BATCH_JOBS} jobs`, async () => {
    const { deps } = setup();
    await expect(submitJobs(deps, [])).rejects.toBeInstanceOf(ValidationError);
    await expect(
      submitJobs(
        deps,
        Array.from({ length: MAX_BATCH_JOBS + 1 }, () => ({ type: 'noop' })),
      ),
    ).rejects.toThrow(/1–500 jobs/);
    const full = await submitJobs(
      deps,
      Array.from({ length: MAX_BATCH_JOBS }, () => ({ type: 'noop' })),
    );
    expect(full.results).toHaveLength(MAX_BATCH_JOBS);
  });
});
