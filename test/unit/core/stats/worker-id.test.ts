import { describe, expect, it } from 'vitest';
import { jobs } from '../../../../jobs/index.ts';
import { MemoryFileStore } from '../../../../src/adapters/memory/file-store.ts';
import { createMemoryJobStore } from '../../../../src/adapters/memory/job-store.ts';
import { runJob } from '../../../../src/core/use-cases/run-job.ts';
import { aJob, later, T0 } from '../../../helpers/jobs.ts';

describe('the worker instance on each job', () => {
  it('is recorded by the claim of the worker that ran it', async () => {
    const store = createMemoryJobStore();
    const job = aJob({ type: 'noop' });
    await store.create(job);
    const deps = {
      store,
      jobs,
      files: new MemoryFileStore(),
      clock: { now: () => T0 },
      workerId: '2026/01/01/[$LATEST]0123abcd',
    };
    expect(await runJob(deps, job, { deadline: later(60) })).toMatchObject({ kind: 'completed' });
    expect(await store.get(job.id)).toMatchObject({ status: 'completed', workerId: deps.workerId });
  });
});
