import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MemoryFileStore } from '../../../src/adapters/memory/file-store.ts';
import { createMemoryJobStore } from '../../../src/adapters/memory/job-store.ts';
import type { JobEvent } from '../../../src/core/events.ts';
import { newJob } from '../../../src/core/job.ts';
import type { JobRegistry } from '../../../src/core/registry.ts';
import { MAX_RESULT_BYTES, runJob } from '../../../src/core/use-cases/run-job.ts';
import { later, T0 } from '../../helpers/jobs.ts';

const schema = z.strictObject({});
const jobs: JobRegistry = {
  ok: { schema, handler: async () => ({ done: true }) },
  boom: {
    schema,
    handler: async () => {
      throw new Error('SMTP timeout');
    },
  },
  huge: { schema, handler: async () => ({ text: 'x'.repeat(MAX_RESULT_BYTES) }) },
};

async function attempt(type: string, maxAttempts: number) {
  const store = createMemoryJobStore();
  const events: JobEvent[] = [];
  await store.create(newJob({ id: 'j1', type, payload: {}, maxAttempts, now: T0 }));
  const outcome = await runJob(
    {
      store,
      jobs,
      files: new MemoryFileStore(),
      clock: { now: () => T0 },
      random: () => 1,
      events: { emit: (e) => events.push(e) },
    },
    { id: 'j1', type },
    { deadline: later(60) },
  );
  return { outcome, events, job: await store.get('j1') };
}

describe('job events from an attempt', () => {
  it('reports JobStarted then JobCompleted', async () => {
    const { events } = await attempt('ok', 3);
    expect(events.map((e) => e.name)).toEqual(['JobStarted', 'JobCompleted']);
    expect(events[1]).toMatchObject({ jobId: 'j1', type: 'ok', attempt: 1, durationMs: 0 });
  });

  it('reports an automatic JobRetried with the delay while attempts remain, JobFailed after the last', async () => {
    const retried = await attempt('boom', 3);
    expect(retried.events.map((e) => e.name)).toEqual(['JobStarted', 'JobRetried']);
    expect(retried.events[1]).toMatchObject({
      cause: 'automatic',
      retryInSeconds: 1,
      error: { message: 'SMTP timeout' },
    });
    const failed = await attempt('boom', 1);
    expect(failed.events.map((e) => e.name)).toEqual(['JobStarted', 'JobFailed']);
    expect(failed.events[1]).toMatchObject({ reason: 'exhausted', error: { message: 'SMTP timeout' } });
  });

  it('fails a job for good when its result would not fit the job record, naming the limit', async () => {
    const { outcome, job } = await attempt('huge', 3);
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'permanent' });
    expect(job?.status).toBe('failed');
    expect(job?.error?.message).toMatch(/at most 102400 bytes.*files bucket/);
  });
});
