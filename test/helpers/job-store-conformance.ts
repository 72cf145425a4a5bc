import { describe, expect, it } from 'vitest';
import { JobAlreadyExistsError } from '../../src/core/errors.ts';
import type { JobStore } from '../../src/core/ports.ts';
import { aJob, later, T0 } from './jobs.ts';

/** The JobStore contract, run against every adapter (BullMQ's adapter-conformance idea). */
export function jobStoreConformance(name: string, makeStore: () => JobStore): void {
  describe(`JobStore contract: ${name}`, () => {
    it('creates a pending job and reads it back whole', async () => {
      const store = makeStore();
      const job = aJob({ type: 'email', payload: { to: 'bob@example.com', nested: { list: [1, 'two'] } } });
      await store.create(job);
      expect(await store.get(job.id)).toEqual(job);
    });

    it('refuses a second job with the same id', async () => {
      const store = makeStore();
      const job = aJob();
      await store.create(job);
      await expect(store.create(job)).rejects.toBeInstanceOf(JobAlreadyExistsError);
    });

    it('returns undefined for an unknown id', async () => {
      expect(await makeStore().get('no-such-job')).toBeUndefined();
    });

    it('lets exactly one of two racing claims win, and counts the attempt', async () => {
      const store = makeStore();
      const job = aJob();
      await store.create(job);
      const [a, b] = await Promise.all([store.claim(job.id, later(1)), store.claim(job.id, later(1))]);
      const winners = [a, b].filter(Boolean);
      expect(winners).toHaveLength(1);
      expect(winners[0]).toMatchObject({ status: 'running', attempts: 1, startedAt: later(1).toISOString() });
      expect(winners[0]?.payload).toEqual(job.payload);
    });

    it('does not claim a finished job or an unknown one', async () => {
      const store = makeStore();
      const job = aJob();
      await store.create(job);
      await store.claim(job.id, later(1));
      await store.complete(job.id, 1, { ok: true }, later(2));
      expect(await store.claim(job.id, later(3))).toBeUndefined();
      expect(await store.claim('missing', later(3))).toBeUndefined();
    });

    it('records completion with result and finish time', async () => {
      const store = makeStore();
      const job = aJob();
      await store.create(job);
      await store.claim(job.id, later(1));
      expect(await store.complete(job.id, 1, { answer: 42 }, later(2))).toBe(true);
      expect(await store.get(job.id)).toMatchObject({
        status: 'completed',
        result: { answer: 42 },
        finishedAt: later(2).toISOString(),
        attempts: 1,
      });
    });

    it('ignores an outcome from a stale attempt', async () => {
      const store = makeStore();
      const job = aJob();
      await store.create(job);
      await store.claim(job.id, later(1));
      await store.fail(job.id, 1, { name: 'Error', message: 'boom' }, 'pending', later(2));
      await store.claim(job.id, later(3));
      expect(await store.complete(job.id, 1, 'late', later(4))).toBe(false);
      expect(await store.get(job.id)).toMatchObject({ status: 'running', attempts: 2 });
    });

    it('puts a failed attempt back to pending with its error, then fails for good', async () => {
      const store = makeStore();
      const job = aJob({ maxAttempts: 2 });
      await store.create(job);
      await store.claim(job.id, later(1));
      await store.fail(job.id, 1, { name: 'Error', message: 'first' }, 'pending', later(2));
      expect(await store.get(job.id)).toMatchObject({ status: 'pending', error: { message: 'first' } });
      await store.claim(job.id, later(3));
      await store.fail(job.id, 2, { name: 'Error', message: 'second' }, 'failed', later(4));
      const failed = await store.get(job.id);
      expect(failed).toMatchObject({ status: 'failed', attempts: 2, error: { message: 'second' } });
      expect(failed?.finishedAt).toBe(later(4).toISOString());
    });

    it('never claims past maxAttempts', async () => {
      const store = makeStore();
      const job = aJob({ maxAttempts: 1 });
      await store.create(job);
      await store.claim(job.id, later(1));
      await store.fail(job.id, 1, { name: 'Error', message: 'x' }, 'pending', later(2));
      expect(await store.claim(job.id, later(3))).toBeUndefined();
    });

    it('removes only an untouched pending job', async () => {
      const store = makeStore();
      const untouched = aJob();
      const claimed = aJob();
      await store.create(untouched);
      await store.create(claimed);
      await store.claim(claimed.id, later(1));
      await store.removePending(untouched.id);
      await store.removePending(claimed.id);
      expect(await store.get(untouched.id)).toBeUndefined();
      expect(await store.get(claimed.id)).toBeDefined();
    });

    it('counts jobs by status', async () => {
      const store = makeStore();
      const jobs = [aJob(), aJob(), aJob()];
      for (const job of jobs) await store.create(job);
      await store.claim(jobs[0]!.id, T0);
      expect(await store.countByStatus('pending')).toBe(2);
      expect(await store.countByStatus('running')).toBe(1);
      expect(await store.countByStatus('failed')).toBe(0);
    });
  });
}
