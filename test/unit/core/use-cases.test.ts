import { describe, expect, it } from 'vitest';
import { jobs } from '../../../jobs/index.ts';
import { MemoryFileStore } from '../../../src/adapters/memory/file-store.ts';
import { createMemoryJobStore } from '../../../src/adapters/memory/job-store.ts';
import { EnqueueError, ValidationError } from '../../../src/core/errors.ts';
import type { JobMessage } from '../../../src/core/job.ts';
import type { JobQueue } from '../../../src/core/ports.ts';
import { runJob } from '../../../src/core/use-cases/run-job.ts';
import { submitJob } from '../../../src/core/use-cases/submit-job.ts';
import { later, T0 } from '../../helpers/jobs.ts';

const clock = { now: () => T0 };
let ids = 0;
const newId = () => `job-${++ids}`;

function setup(queue?: Pick<JobQueue, 'send'>) {
  const store = createMemoryJobStore();
  const sent: JobMessage[] = [];
  const submitDeps = {
    store,
    queue: queue ?? { send: async (m: JobMessage) => void sent.push(m) },
    specs: jobs,
    clock,
    newId,
  };
  const runDeps = {
    store,
    jobs,
    files: new MemoryFileStore(),
    clock,
    random: () => 1,
  };
  return { store, sent, submitDeps, runDeps };
}

const run = { deadline: later(60) };

describe('submitJob', () => {
  it('writes a pending job and queues its id and type', async () => {
    const { store, sent, submitDeps } = setup();
    const { job } = await submitJob(submitDeps, { type: 'sleep', ms: 5 });
    expect(job).toMatchObject({ status: 'pending', attempts: 0, payload: { ms: 5 } });
    expect(sent).toEqual([{ id: job.id, type: 'sleep' }]);
    expect(await store.get(job.id)).toEqual(job);
  });

  it('writes nothing for an invalid job', async () => {
    const { store, sent, submitDeps } = setup();
    await expect(submitJob(submitDeps, { type: 'sleep', ms: 'soon' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(store.jobs.size).toBe(0);
    expect(sent).toHaveLength(0);
  });

  it('rolls the record back and refuses the job when the message cannot be sent', async () => {
    const { store, submitDeps } = setup({
      send: async () => {
        throw new Error('SQS is down');
      },
    });
    await expect(submitJob(submitDeps, { type: 'noop' })).rejects.toBeInstanceOf(EnqueueError);
    expect(store.jobs.size).toBe(0);
  });
});

describe('runJob', () => {
  it('runs a job once: a second delivery of the same message runs nothing', async () => {
    const { sent, submitDeps, runDeps, store } = setup();
    const { job } = await submitJob(submitDeps, { type: 'noop' });
    const first = await runJob(runDeps, sent[0]!, run);
    const second = await runJob(runDeps, sent[0]!, run);
    expect(first).toEqual({ kind: 'completed', result: { ok: true } });
    expect(second).toEqual({ kind: 'duplicate' });
    expect(await store.get(job.id)).toMatchObject({ status: 'completed', attempts: 1 });
  });

  it('retries a flaky job with backoff, then completes it on the third attempt', async () => {
    const { sent, submitDeps, runDeps, store } = setup();
    const { job } = await submitJob(submitDeps, { type: 'flaky', failTimes: 2 });
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push(await runJob(runDeps, sent[0]!, run));
    expect(outcomes.map((o) => o.kind)).toEqual(['retry', 'retry', 'completed']);
    expect(outcomes.slice(0, 2).map((o) => (o.kind === 'retry' ? o.delaySeconds : -1))).toEqual([1, 2]);
    expect(await store.get(job.id)).toMatchObject({ status: 'completed', attempts: 3 });
  });

  it('fails a job for good when its attempts run out, keeping the last error', async () => {
    const { sent, submitDeps, runDeps, store } = setup();
    const { job } = await submitJob(submitDeps, { type: 'flaky', failTimes: 5, maxAttempts: 2 });
    await runJob(runDeps, sent[0]!, run);
    const last = await runJob(runDeps, sent[0]!, run);
    expect(last).toMatchObject({ kind: 'failed', reason: 'exhausted' });
    expect(await store.get(job.id)).toMatchObject({
      status: 'failed',
      attempts: 2,
      error: { message: expect.stringContaining('attempt 2') },
      finishedAt: T0.toISOString(),
    });
  });

  it('fails at once on a permanent error (a missing input file)', async () => {
    const { sent, submitDeps, runDeps, store } = setup();
    const { job } = await submitJob(submitDeps, { type: 'resize', file: 'missing.png' });
    expect(await runJob(runDeps, sent[0]!, run)).toMatchObject({ kind: 'failed', reason: 'permanent' });
    expect(await store.get(job.id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: { permanent: true },
    });
  });

  it('acknowledges a message whose job does not exist', async () => {
    const { runDeps } = setup();
    expect(
      await runJob({ ...runDeps, clock: { now: () => later(1) } }, { id: 'ghost', type: 'noop' }, run),
    ).toEqual({ kind: 'duplicate' });
  });
});
