import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { MemoryFileStore } from '../../../src/adapters/memory/file-store.ts';
import { createMemoryJobStore } from '../../../src/adapters/memory/job-store.ts';
import { newJob } from '../../../src/core/job.ts';
import { type JobProgress, ProgressReporter } from '../../../src/core/progress.ts';
import type { JobRegistry } from '../../../src/core/registry.ts';
import { runJob } from '../../../src/core/use-cases/run-job.ts';
import { later, T0 } from '../../helpers/jobs.ts';

describe('progress reports', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const clock = { now: () => new Date(Date.now()) };

  it('stores at most one report a second, the latest of each second, and none lost at the end', async () => {
    const stored: JobProgress[] = [];
    const reporter = new ProgressReporter(clock, async (p) => {
      stored.push(p);
    });
    await reporter.report(10, 'read the file');
    reporter.report(20);
    reporter.report(30, 'parsed');
    expect(stored.map((p) => p.percent)).toEqual([10]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(stored.map((p) => p.percent)).toEqual([10, 30]);
    expect(stored[1]).toEqual({ percent: 30, message: 'parsed', at: T0.toISOString() });
    reporter.report(90);
    await reporter.flush();
    expect(stored.map((p) => p.percent)).toEqual([10, 30, 90]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(stored).toHaveLength(3);
  });

  it('refuses a value outside 0–100 or a message over 200 characters, storing nothing', () => {
    const reporter = new ProgressReporter(clock, async () => {
      throw new Error('must not be called');
    });
    expect(() => reporter.report(101)).toThrow(RangeError);
    expect(() => reporter.report(Number.NaN)).toThrow(RangeError);
    expect(() => reporter.report(50, 'x'.repeat(201))).toThrow(RangeError);
  });

  it('keeps a handler’s reports on the job while it runs; the next attempt starts without', async () => {
    vi.useRealTimers();
    const store = createMemoryJobStore();
    let seen: JobProgress | undefined;
    const jobs: JobRegistry = {
      work: {
        schema: z.strictObject({}),
        handler: async (_payload, { progress, jobId }) => {
          await progress(40, 'halfway-ish');
          seen = (await store.get(jobId))?.progress;
          throw new Error('fails after reporting');
        },
      },
    };
    await store.create(newJob({ id: 'j1', type: 'work', payload: {}, maxAttempts: 2, now: T0 }));
    const deps = { store, jobs, files: new MemoryFileStore(), clock: { now: () => T0 }, random: () => 1 };
    expect((await runJob(deps, { id: 'j1', type: 'work' }, { deadline: later(60) })).kind).toBe('retry');
    expect(seen).toMatchObject({ percent: 40, message: 'halfway-ish' });
    expect((await store.get('j1'))?.progress).toMatchObject({ percent: 40 });
    const claimed = await store.claim('j1', later(5), later(60));
    expect(claimed.kind === 'claimed' && claimed.job.progress).toBe(undefined);
  });
});
