import { describe, expect, it } from 'vitest';
import { jobs } from '../../../jobs/index.ts';
import { MemoryJobQueue } from '../../../src/adapters/memory/job-queue.ts';
import { createMemoryJobStore } from '../../../src/adapters/memory/job-store.ts';
import type { JobEvent } from '../../../src/core/events.ts';
import { cancelJob } from '../../../src/core/use-cases/cancel-job.ts';
import { deadLetterJob } from '../../../src/core/use-cases/dead-letter-job.ts';
import { retryJob } from '../../../src/core/use-cases/retry-job.ts';
import { submitJob } from '../../../src/core/use-cases/submit-job.ts';
import { later, T0 } from '../../helpers/jobs.ts';

/** Each use case reports the move it makes: the API's routes and the worker's entry report nothing themselves. */
function setup() {
  const clock = { now: () => T0 };
  const store = createMemoryJobStore();
  const queue = new MemoryJobQueue(clock);
  const seen: JobEvent[] = [];
  const events = { emit: (event: JobEvent) => void seen.push(event) };
  let ids = 0;
  const deps = { store, queue, specs: jobs, clock, events, newId: () => `job-${++ids}` };
  return { store, queue, seen, deps, clock };
}

describe('job events come from the use case that makes the move', () => {
  it('submitJob reports JobEnqueued once the message is sent', async () => {
    const { deps, seen } = setup();
    const { job } = await submitJob(deps, { type: 'noop' });
    expect(seen).toEqual([{ name: 'JobEnqueued', jobId: job.id, type: 'noop' }]);
  });

  it('cancelJob reports JobCanceled for a pending job, and nothing for a running one it only asks', async () => {
    const { deps, seen, store } = setup();
    const { job: pending } = await submitJob(deps, { type: 'noop' });
    const { job: running } = await submitJob(deps, { type: 'noop' });
    await store.claim(running.id, later(1), later(60));
    seen.length = 0;
    await cancelJob(deps, pending.id);
    await cancelJob(deps, running.id);
    expect(seen).toEqual([{ name: 'JobCanceled', jobId: pending.id, type: 'noop' }]);
  });

  it('retryJob reports JobRetried, cause manual', async () => {
    const { deps, seen } = setup();
    const { job } = await submitJob(deps, { type: 'noop' });
    await cancelJob(deps, job.id);
    seen.length = 0;
    await retryJob(deps, job.id, undefined);
    expect(seen).toEqual([{ name: 'JobRetried', jobId: job.id, type: 'noop', cause: 'manual' }]);
  });

  it('deadLetterJob puts the message in the dead-letter queue as it was, then reports JobDeadLettered', async () => {
    const { queue, seen } = setup();
    const message = { id: 'job-9', type: 'email' };
    const body = JSON.stringify(message);
    await deadLetterJob({ queue, events: { emit: (e) => void seen.push(e) } }, message, body, {
      reason: 'permanent',
      error: 'bad address',
    });
    expect(queue.deadLetters()).toEqual([
      expect.objectContaining({
        body,
        attributes: { failureReason: 'permanent', error: 'bad address', jobId: 'job-9', jobType: 'email' },
      }),
    ]);
    expect(seen).toEqual([{ name: 'JobDeadLettered', jobId: 'job-9', type: 'email', reason: 'permanent' }]);
  });
});
