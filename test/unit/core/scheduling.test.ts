import { describe, expect, it } from 'vitest';
import { jobs } from '../../../jobs/index.ts';
import { MemoryFileStore } from '../../../src/adapters/memory/file-store.ts';
import { JobNotFoundError, ValidationError } from '../../../src/core/errors.ts';
import { parseSubmission } from '../../../src/core/submission.ts';
import {
  MAX_DELAY_SECONDS,
  PROMOTE_AHEAD_SECONDS,
  placement,
  runAtOf,
  secondsUntil,
} from '../../../src/core/timing.ts';
import { cancelJob } from '../../../src/core/use-cases/cancel-job.ts';
import { enqueueDueJobs } from '../../../src/core/use-cases/enqueue-due-jobs.ts';
import { JobNotScheduledError, rescheduleJob } from '../../../src/core/use-cases/reschedule-job.ts';
import { runJob } from '../../../src/core/use-cases/run-job.ts';
import { submitJob } from '../../../src/core/use-cases/submit-job.ts';
import { submitJobs } from '../../../src/core/use-cases/submit-jobs.ts';
import { sweepJobs } from '../../../src/core/use-cases/sweep-jobs.ts';
import { later, T0 } from '../../helpers/jobs.ts';
import { submitWorld } from '../../helpers/submit-world.ts';

const world = (scheduleHorizonSeconds?: number) =>
  submitWorld({ specs: jobs, ...(scheduleHorizonSeconds ? { scheduleHorizonSeconds } : {}) });

describe('timing rules', () => {
  it('queues a start within 15 minutes with a delay, and stores a later one scheduled', () => {
    expect(placement(undefined, T0)).toEqual({ status: 'pending', delaySeconds: 0 });
    expect(placement(later(900), T0)).toEqual({ status: 'pending', delaySeconds: 900 });
    expect(placement(later(901), T0)).toEqual({ status: 'scheduled' });
    // A shortened horizon (context scheduleHorizonSeconds) moves the line; never past SQS's 900 s.
    expect(placement(later(6), T0, 5)).toEqual({ status: 'scheduled' });
    expect(placement(later(901), T0, 5_000)).toEqual({ status: 'scheduled' });
    // A time in the past is due now.
    expect(placement(later(-60), T0)).toEqual({ status: 'pending', delaySeconds: 0 });
  });

  it('rounds a wait up to whole seconds, so a job never starts early', () => {
    expect(secondsUntil(new Date(T0.getTime() + 1_001), T0)).toBe(2);
    expect(secondsUntil(later(-5).toISOString(), T0)).toBe(0);
  });

  it('reads delaySeconds from now and runAt as given, up to a year ahead', () => {
    expect(runAtOf({ delaySeconds: 90 }, T0)).toEqual(later(90));
    expect(runAtOf({ delaySeconds: 0 }, T0)).toBeUndefined();
    expect(runAtOf({ runAt: later(3600).toISOString() }, T0)).toEqual(later(3600));
    expect(() => runAtOf({ runAt: later(MAX_DELAY_SECONDS + 1).toISOString() }, T0)).toThrow(
      /more than a year/,
    );
  });

  it('takes delaySeconds and runAt as options, never as payload fields, and one at a time', () => {
    const flat = parseSubmission({ type: 'sleep', ms: 5, runAt: '2026-01-01T01:00:00+01:00' }, jobs);
    expect(flat).toMatchObject({ payload: { ms: 5 }, timing: { runAt: '2026-01-01T00:00:00.000Z' } });
    expect(parseSubmission({ type: 'noop', delaySeconds: 30 }, jobs).timing).toEqual({ delaySeconds: 30 });
    expect(() => parseSubmission({ type: 'noop', delaySeconds: 5, runAt: T0.toISOString() }, jobs)).toThrow(
      /either "delaySeconds" or "runAt"/,
    );
    for (const bad of [
      { delaySeconds: -1 },
      { delaySeconds: 1.5 },
      { runAt: 'tomorrow' },
      { runAt: '2026-01-01T10:00:00' },
    ]) {
      expect(() => parseSubmission({ type: 'noop', ...bad }, jobs)).toThrow(ValidationError);
    }
  });
});

describe('delayed and scheduled jobs', () => {
  it('queues a short delay at once: pending with its runAt, delivered no earlier', async () => {
    const w = world();
    const { job } = await submitJob(w.deps, { type: 'noop', delaySeconds: 60 });
    expect(job).toMatchObject({ status: 'pending', runAt: later(60).toISOString() });
    w.at(59);
    expect(w.receivable()).toEqual([]);
    w.at(60);
    expect(w.receivable()).toEqual([job.id]);
  });

  it('stores a job 20 minutes ahead as scheduled; the sweeper queues it once, delayed to its second', async () => {
    const w = world();
    const { job } = await submitJob(w.deps, { type: 'noop', runAt: later(1200).toISOString() });
    expect(job.status).toBe('scheduled');
    expect(await enqueueDueJobs(w.deps)).toEqual({ promoted: 0, unsent: 0 });
    w.at(1200 - PROMOTE_AHEAD_SECONDS - 1);
    expect((await sweepJobs(w.deps)).promoted).toBe(0);
    w.at(1200 - PROMOTE_AHEAD_SECONDS + 10);
    expect((await sweepJobs(w.deps)).promoted).toBe(1);
    expect((await sweepJobs(w.deps)).promoted).toBe(0);
    expect(await w.store.get(job.id)).toMatchObject({ status: 'pending', runAt: later(1200).toISOString() });
    w.at(1199);
    expect(w.receivable()).toEqual([]);
    w.at(1200);
    expect(w.receivable()).toEqual([job.id]);
    w.at(1300);
    expect(w.receivable()).toEqual([]);
  });

  it('promotes a job once when two sweeper runs race', async () => {
    const w = world();
    await submitJob(w.deps, { type: 'noop', runAt: later(1200).toISOString() });
    w.at(1100);
    const runs = await Promise.all([enqueueDueJobs(w.deps), enqueueDueJobs(w.deps)]);
    expect(runs.reduce((sum, run) => sum + run.promoted, 0)).toBe(1);
    w.at(1200);
    expect(w.receivable()).toHaveLength(1);
  });

  it('catches up after downtime: a job whose time passed while nothing ran is queued at once', async () => {
    const w = world();
    const { job } = await submitJob(w.deps, { type: 'noop', runAt: later(1200).toISOString() });
    w.at(5000);
    expect((await sweepJobs(w.deps)).promoted).toBe(1);
    expect(w.receivable()).toEqual([job.id]);
  });

  it('cancels a scheduled job: it is never queued', async () => {
    const w = world();
    const { job } = await submitJob(w.deps, { type: 'noop', delaySeconds: 3600 });
    expect((await cancelJob(w.deps, job.id)).job.status).toBe('canceled');
    w.at(3600);
    expect((await sweepJobs(w.deps)).promoted).toBe(0);
    expect(w.receivable()).toEqual([]);
  });

  it('submits a batch with starts of its own: queued with their delays, or scheduled', async () => {
    const w = world();
    const { results } = await submitJobs(w.deps, [
      { type: 'noop' },
      { type: 'noop', delaySeconds: 30 },
      { type: 'noop', delaySeconds: 3600 },
    ]);
    expect(results.map((r) => r.accepted && r.status)).toEqual(['pending', 'pending', 'scheduled']);
    expect(w.receivable()).toEqual(['job-1']);
    w.at(30);
    expect(w.receivable()).toEqual(['job-2']);
  });

  it('with a shortened horizon, stores even a near start scheduled (how the e2e test tries the path)', async () => {
    const w = world(5);
    expect((await submitJob(w.deps, { type: 'noop', delaySeconds: 30 })).job.status).toBe('scheduled');
    expect((await submitJob(w.deps, { type: 'noop', delaySeconds: 5 })).job.status).toBe('pending');
  });
});

describe('rescheduleJob', () => {
  it('moves a scheduled job later, and queues it at once when the new start is near', async () => {
    const w = world();
    const { job } = await submitJob(w.deps, { type: 'noop', delaySeconds: 3600 });
    const moved = await rescheduleJob(w.deps, job.id, { runAt: later(7200).toISOString() });
    expect(moved).toMatchObject({ status: 'scheduled', runAt: later(7200).toISOString() });
    w.at(3600);
    expect((await sweepJobs(w.deps)).promoted).toBe(0);
    const now = await rescheduleJob(w.deps, job.id, { delaySeconds: 0 });
    expect(now).toMatchObject({ status: 'pending', runAt: later(3600).toISOString() });
    expect(w.receivable()).toEqual([job.id]);
  });

  it('refuses what is not a scheduled job, and a body without exactly one start', async () => {
    const w = world();
    const { job: queued } = await submitJob(w.deps, { type: 'noop', delaySeconds: 60 });
    const { job: scheduled } = await submitJob(w.deps, { type: 'noop', delaySeconds: 6000 });
    await expect(rescheduleJob(w.deps, queued.id, { delaySeconds: 5 })).rejects.toBeInstanceOf(
      JobNotScheduledError,
    );
    await expect(rescheduleJob(w.deps, 'nope', { delaySeconds: 5 })).rejects.toBeInstanceOf(JobNotFoundError);
    for (const body of [
      {},
      { delaySeconds: 5, runAt: T0.toISOString() },
      { at: 'noon' },
      { runAt: 'noon' },
    ]) {
      await expect(rescheduleJob(w.deps, scheduled.id, body)).rejects.toBeInstanceOf(ValidationError);
    }
    expect(await w.store.get(scheduled.id)).toMatchObject({
      status: 'scheduled',
      runAt: later(6000).toISOString(),
    });
  });
});

describe('a delivery before the start', () => {
  const run = (w: ReturnType<typeof world>, id: string) =>
    runJob(
      { store: w.store, jobs, files: new MemoryFileStore(), clock: w.deps.clock },
      { id, type: 'noop' },
      { deadline: later(100_000) },
    );

  it('starts nothing: a pending job is sent again for its start, a scheduled one left to the sweeper', async () => {
    const w = world();
    const { job: pending } = await submitJob(w.deps, { type: 'noop', delaySeconds: 600 });
    const { job: scheduled } = await submitJob(w.deps, { type: 'noop', delaySeconds: 6000 });
    w.at(100);
    expect(await run(w, pending.id)).toEqual({ kind: 'early', delaySeconds: 500 });
    expect(await run(w, scheduled.id)).toEqual({ kind: 'duplicate' });
    expect((await w.store.get(pending.id))?.attempts).toBe(0);
    w.at(600);
    expect(await run(w, pending.id)).toMatchObject({ kind: 'completed' });
  });
});
