import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { JobAlreadyExistsError } from '../../src/core/errors.ts';
import { collect } from '../../src/core/iterate.ts';
import type { Job } from '../../src/core/job.ts';
import { LIFECYCLE, type MoveName } from '../../src/core/lifecycle.ts';
import type { ClaimResult, JobStore } from '../../src/core/ports.ts';
import { JOB_STATUSES, type JobStatus } from '../../src/core/status.ts';
import { aJob, later, T0 } from './jobs.ts';

const boom = { name: 'Error', message: 'boom' };
const retryAt = (seconds: number) => ({ status: 'pending' as const, retryAt: later(seconds) });

function claimed(result: ClaimResult): Job {
  if (result.kind !== 'claimed') throw new Error(`expected a claim, got ${result.kind}`);
  return result.job;
}

/**
 * Puts a new job in `status` the way the system does: a claim whose lease lapses at later(10) for
 * running, then complete, a last failed attempt, or a cancel before any claim.
 */
async function jobIn(store: JobStore, status: JobStatus): Promise<Job> {
  // Each names a dependency (`waiting` for it, the others as if it completed) so a rewait can start
  // from any status; that changes nothing for the other moves.
  const dependsOn = [randomUUID()];
  const outcomes = { [dependsOn[0] ?? '']: 'completed' as const };
  const job =
    status === 'scheduled'
      ? aJob({ maxAttempts: 2, runAt: later(3600), scheduled: true, dependsOn, outcomes })
      : aJob({ maxAttempts: 2, dependsOn, ...(status === 'waiting' ? {} : { outcomes }) });
  await store.create(job);
  if (status === 'canceled') await store.requestCancel(job.id, later(1));
  if (status === 'running' || status === 'completed' || status === 'failed')
    await store.claim(job.id, later(1), later(10));
  if (status === 'completed') await store.complete(job.id, 1, { ok: true }, later(2));
  if (status === 'failed') await store.fail(job.id, 1, boom, { status: 'failed' }, later(2));
  const stored = await store.get(job.id);
  if (stored?.status !== status) throw new Error(`could not put a job in ${status}`);
  return stored;
}

/**
 * Each move of the lifecycle as the store makes it, at later(20) (past the lease of jobIn's running
 * job), by the attempt that holds the job; true when the store made it. A move added to LIFECYCLE
 * does not compile here until it is given its store call.
 */
const MAKE: Readonly<Record<MoveName, (store: JobStore, job: Job, now: Date) => Promise<boolean>>> = {
  promote: async (store, job, now) =>
    (await store.promote(job.id, job.runAt ?? later(3600).toISOString(), now)) !== undefined,
  reschedule: async (store, job, now) => (await store.reschedule(job.id, later(7200), now)) !== undefined,
  claim: async (store, job, now) => (await store.claim(job.id, now, later(80))).kind === 'claimed',
  complete: async (store, job, now) => !!(await store.complete(job.id, job.attempts, { ok: true }, now)),
  retryLater: async (store, job, now) => !!(await store.fail(job.id, job.attempts, boom, retryAt(90), now)),
  fail: async (store, job, now) =>
    !!(await store.fail(job.id, job.attempts, boom, { status: 'failed' }, now)),
  cancelRunning: async (store, job, now) => !!(await store.cancelRunning(job.id, job.attempts, now)),
  release: async (store, job, now) => !!(await store.release(job.id, now)),
  dependencyFailed: async (store, job, now) =>
    !!(await store.endWaiting(job.id, { move: 'dependencyFailed', now, error: boom })),
  dependencySkipped: async (store, job, now) =>
    !!(await store.endWaiting(job.id, { move: 'dependencySkipped', now })),
  rewait: async (store, job, now) => !!(await store.reset(job.id, 'rewait', now, undefined, 1)),
  cancelBeforeStart: async (store, job, now) => (await store.requestCancel(job.id, now)).kind === 'canceled',
  retry: async (store, job, now) => (await store.reset(job.id, 'retry', now)) !== undefined,
  redrive: async (store, job, now) => (await store.reset(job.id, 'redrive', now)) !== undefined,
};

/** The JobStore contract, run against every adapter (BullMQ's adapter-conformance idea). */
export function jobStoreConformance(name: string, makeStore: () => JobStore): void {
  describe(`JobStore lifecycle: ${name}`, () => {
    // One store for the whole walk: each case touches only its own new job.
    let shared: JobStore | undefined;
    // Every move from every status: made exactly when src/core/lifecycle.ts lists the status.
    for (const [move, { from, to }] of Object.entries(LIFECYCLE) as [
      MoveName,
      (typeof LIFECYCLE)[MoveName],
    ][]) {
      for (const status of JOB_STATUSES) {
        const allowed = (from as readonly JobStatus[]).includes(status);
        it(`${move} from ${status}: ${allowed ? `moves to ${to}` : 'refused, status and attempts kept'}`, async () => {
          shared ??= makeStore();
          const store = shared;
          const job = await jobIn(store, status);
          expect(await MAKE[move](store, job, later(20))).toBe(allowed);
          const after = await store.get(job.id);
          // (A cancel of a running job is refused as a move but records the request: not compared.)
          if (allowed) expect(after?.status).toBe(to);
          else expect(after).toMatchObject({ status, attempts: job.attempts, payload: job.payload });
        });
      }
    }
  });

  describe(`JobStore contract: ${name}`, () => {
    const created = async (job: Job = aJob()) => {
      const store = makeStore();
      await store.create(job);
      return { store, job };
    };

    it('creates a pending job and reads it back whole', async () => {
      const { store, job } = await created(
        aJob({ type: 'email', payload: { to: 'bob@example.com', nested: { list: [1, 'two'] } } }),
      );
      expect(await store.get(job.id)).toEqual(job);
    });

    it('refuses a second job with the same id', async () => {
      const { store, job } = await created();
      await expect(store.create(job)).rejects.toBeInstanceOf(JobAlreadyExistsError);
    });

    it('writes 30 new jobs at once (two requests on DynamoDB), each read back whole', async () => {
      const store = makeStore();
      const batch = Array.from({ length: 30 }, (_, i) => aJob({ type: 'sleep', payload: { ms: i } }));
      expect(await store.createMany(batch)).toEqual({ failed: [] });
      for (const job of batch) expect(await store.get(job.id)).toEqual(job);
      expect(await store.countByStatus('pending')).toBe(30);
    });

    it('returns undefined for an unknown id', async () => {
      expect(await makeStore().get('no-such-job')).toBeUndefined();
    });

    it('lets exactly one of two racing claims win; the loser sees the job busy', async () => {
      const { store, job } = await created();
      const results = await Promise.all([
        store.claim(job.id, later(1), later(60)),
        store.claim(job.id, later(1), later(60)),
      ]);
      expect(results.map((r) => r.kind).sort()).toEqual(['busy', 'claimed']);
      const winner = results.find((r) => r.kind === 'claimed');
      expect(winner && claimed(winner)).toMatchObject({
        status: 'running',
        attempts: 1,
        startedAt: later(1).toISOString(),
        leaseExpiresAt: later(60).toISOString(),
        payload: job.payload,
      });
    });

    it('starts no attempt before runAt: early until then, claimed from then on', async () => {
      const { store, job } = await created(aJob({ runAt: later(30) }));
      expect(await store.claim(job.id, later(29), later(90))).toMatchObject({ kind: 'early' });
      expect(await store.get(job.id)).toMatchObject({ status: 'pending', attempts: 0 });
      expect(claimed(await store.claim(job.id, later(30), later(90)))).toMatchObject({ attempts: 1 });
    });

    it('keeps a scheduled job out of reach of deliveries, and lists it when due, soonest first', async () => {
      const store = makeStore();
      const [soon, sooner, far] = [
        aJob({ runAt: later(600), scheduled: true }),
        aJob({ runAt: later(400), scheduled: true }),
        aJob({ runAt: later(9000), scheduled: true }),
      ];
      for (const job of [soon, sooner, far, aJob({ runAt: later(100) })]) await store.create(job);
      expect((await store.claim(soon.id, later(700), later(760))).kind).toBe('early');
      expect(await store.listDue(later(600), 10)).toEqual([
        { id: sooner.id, type: 'noop', runAt: later(400).toISOString() },
        { id: soon.id, type: 'noop', runAt: later(600).toISOString() },
      ]);
      expect(await store.listDue(later(600), 1)).toHaveLength(1);
      expect(await store.countByStatus('scheduled')).toBe(3);
      // Listed with when each runs (the byStatus index does not hold runAt on DynamoDB).
      const listed = (await store.listNewest('scheduled', { limit: 10 })).jobs;
      expect(listed.map((j) => j.runAt).sort()).toEqual([400, 600, 9000].map((s) => later(s).toISOString()));
    });

    it('promotes a scheduled job once, and only at the runAt it was listed with', async () => {
      const store = makeStore();
      const job = aJob({ runAt: later(600), scheduled: true });
      await store.create(job);
      expect(await store.reschedule(job.id, later(900), later(1))).toMatchObject({
        status: 'scheduled',
        runAt: later(900).toISOString(),
      });
      // The listing saw the old time: a reschedule in between wins.
      expect(await store.promote(job.id, later(600).toISOString(), later(2))).toBeUndefined();
      expect(await store.promote(job.id, later(900).toISOString(), later(2))).toMatchObject({
        status: 'pending',
      });
      expect(await store.promote(job.id, later(900).toISOString(), later(3))).toBeUndefined();
      expect(await store.listDue(later(9999), 10)).toEqual([]);
      expect(await store.reschedule(job.id, later(1000), later(4))).toBeUndefined();
    });

    it('cancels a scheduled job, which leaves the due listing; a retry runs it at once', async () => {
      const store = makeStore();
      const job = aJob({ runAt: later(600), scheduled: true });
      await store.create(job);
      expect(await store.requestCancel(job.id, later(1))).toMatchObject({ kind: 'canceled' });
      expect(await store.listDue(later(9999), 10)).toEqual([]);
      const retried = await store.reset(job.id, 'retry', later(2));
      expect(retried).toMatchObject({ status: 'pending' });
      expect(retried).not.toHaveProperty('runAt');
    });

    it('says why a job cannot be claimed: finished, missing', async () => {
      const { store, job } = await created();
      await store.claim(job.id, later(1), later(60));
      await store.complete(job.id, 1, { ok: true }, later(2));
      expect((await store.claim(job.id, later(3), later(60))).kind).toBe('finished');
      expect((await store.claim('missing', later(3), later(60))).kind).toBe('missing');
    });

    it('lets a new delivery take over a running job whose lease lapsed (its worker died)', async () => {
      const { store, job } = await created();
      await store.claim(job.id, later(1), later(10));
      expect((await store.claim(job.id, later(5), later(60))).kind).toBe('busy');
      const takeover = claimed(await store.claim(job.id, later(11), later(70)));
      expect(takeover).toMatchObject({ attempts: 2, leaseExpiresAt: later(70).toISOString() });
      // The dead worker's late outcome is ignored.
      expect(await store.complete(job.id, 1, 'late', later(12))).toBeUndefined();
    });

    it('reports a lapsed job with no attempts left as exhausted', async () => {
      const { store, job } = await created(aJob({ maxAttempts: 1 }));
      await store.claim(job.id, later(1), later(10));
      const result = await store.claim(job.id, later(11), later(70));
      expect(result).toMatchObject({ kind: 'exhausted', job: { status: 'running', attempts: 1 } });
    });

    it('records completion with result and finish time, and drops the last error', async () => {
      const { store, job } = await created();
      await store.claim(job.id, later(1), later(60));
      await store.fail(job.id, 1, boom, retryAt(3), later(2));
      await store.claim(job.id, later(3), later(60));
      expect(await store.complete(job.id, 2, { answer: 42 }, later(4))).toMatchObject({
        status: 'completed',
      });
      const done = await store.get(job.id);
      expect(done).toMatchObject({
        status: 'completed',
        result: { answer: 42 },
        finishedAt: later(4).toISOString(),
      });
      expect(done?.error).toBeUndefined();
      expect(done?.leaseExpiresAt).toBeUndefined();
    });

    it('puts a failed attempt back to pending with its error and due time, then fails for good', async () => {
      const { store, job } = await created(aJob({ maxAttempts: 2 }));
      await store.claim(job.id, later(1), later(60));
      await store.fail(job.id, 1, { name: 'Error', message: 'first' }, retryAt(5), later(2));
      expect(await store.get(job.id)).toMatchObject({
        status: 'pending',
        error: { message: 'first' },
        nextAttemptAt: later(5).toISOString(),
      });
      const second = claimed(await store.claim(job.id, later(5), later(60)));
      expect(second.nextAttemptAt).toBeUndefined();
      await store.fail(job.id, 2, { name: 'Error', message: 'second' }, { status: 'failed' }, later(6));
      expect(await store.get(job.id)).toMatchObject({
        status: 'failed',
        attempts: 2,
        error: { message: 'second' },
        finishedAt: later(6).toISOString(),
      });
    });

    it('never claims past maxAttempts', async () => {
      const { store, job } = await created(aJob({ maxAttempts: 1 }));
      await store.claim(job.id, later(1), later(60));
      await store.fail(job.id, 1, boom, retryAt(2), later(2));
      expect((await store.claim(job.id, later(3), later(60))).kind).not.toBe('claimed');
    });

    it('records a hold on a pending job, counting holds from the first; the claim clears it, a cancel too', async () => {
      const { store, job } = await created(aJob({ priority: 'high', limitKey: 'acme' }));
      const hold = (at: number) => ({
        reason: 'keyConcurrency' as const,
        message: '1 noop job of key "acme" is running (key concurrency 1)',
        at: later(at),
        until: later(at + 2),
      });
      await store.holdBack(job.id, hold(1));
      expect(await store.holdBack(job.id, hold(5))).toMatchObject({
        status: 'pending',
        attempts: 0,
        updatedAt: job.updatedAt,
        priority: 'high',
        limitKey: 'acme',
        heldBack: {
          reason: 'keyConcurrency',
          message: hold(5).message,
          since: later(1).toISOString(),
          until: later(7).toISOString(),
          times: 2,
        },
      });
      const claimed = await store.claim(job.id, later(8), later(60));
      expect(claimed.kind === 'claimed' && claimed.job.heldBack).toBe(undefined);
      // Not pending: nothing to hold.
      expect(await store.holdBack(job.id, hold(9))).toBeUndefined();
      const other = aJob();
      await store.create(other);
      await store.holdBack(other.id, hold(1));
      const canceled = await store.requestCancel(other.id, later(2));
      expect(canceled.kind === 'canceled' && canceled.job.heldBack).toBe(undefined);
    });

    it('keeps the owning attempt’s progress report, refuses a stale attempt’s, and a new claim starts without', async () => {
      const { store, job } = await created();
      await store.claim(job.id, later(1), later(2));
      const report = { percent: 40, message: 'halfway-ish', at: later(1).toISOString() };
      expect(await store.reportProgress(job.id, 1, report)).toBe(true);
      expect(await store.reportProgress(job.id, 2, { ...report, percent: 99 })).toBe(false);
      expect((await store.get(job.id))?.progress).toEqual(report);
      // The lease lapsed at later(2): a new delivery takes over, from no progress.
      const again = await store.claim(job.id, later(3), later(60));
      expect(again.kind === 'claimed' && again.job.progress).toBe(undefined);
    });

    it('keeps a finished job’s expiry, removes it once that has passed and not before, and never an unfinished job', async () => {
      const { store, job } = await created();
      await store.claim(job.id, later(1), later(60));
      expect(await store.complete(job.id, 1, { ok: true }, later(2), undefined, later(302))).toMatchObject({
        status: 'completed',
      });
      expect((await store.get(job.id))?.expiresAt).toBe(later(302).toISOString());
      expect(await store.removeExpired(job.id, later(301))).toBe(false);
      expect(await store.removeExpired(job.id, later(302))).toBe(true);
      expect(await store.get(job.id)).toBeUndefined();
      const pending = aJob();
      await store.create(pending);
      expect(await store.removeExpired(pending.id, later(10_000))).toBe(false);
      // Canceled before it ran, with its retention; a retry by hand takes the expiry away.
      await store.requestCancel(pending.id, later(3), later(303));
      expect((await store.get(pending.id))?.expiresAt).toBe(later(303).toISOString());
      const retried = await store.reset(pending.id, 'retry', later(4));
      expect(retried?.expiresAt).toBeUndefined();
      expect(await store.removeExpired(pending.id, later(10_000))).toBe(false);
    });

    it('cancels a pending job on the spot; it can then never be claimed', async () => {
      const { store, job } = await created();
      expect(await store.requestCancel(job.id, later(1))).toMatchObject({
        kind: 'canceled',
        job: { status: 'canceled' },
      });
      expect((await store.claim(job.id, later(2), later(60))).kind).toBe('finished');
    });

    it('records a cancel request on a running job, which the heartbeat then sees', async () => {
      const { store, job } = await created();
      await store.claim(job.id, later(1), later(60));
      expect(await store.requestCancel(job.id, later(2))).toMatchObject({ kind: 'requested' });
      const renewed = await store.renewLease(job.id, 1, later(90));
      expect(renewed).toMatchObject({
        cancelRequestedAt: later(2).toISOString(),
        leaseExpiresAt: later(90).toISOString(),
      });
      expect(await store.cancelRunning(job.id, 1, later(3))).toMatchObject({ status: 'canceled' });
      expect(await store.get(job.id)).toMatchObject({
        status: 'canceled',
        finishedAt: later(3).toISOString(),
      });
    });

    it('refuses to cancel a finished job and reports a missing one', async () => {
      const { store, job } = await created();
      await store.claim(job.id, later(1), later(60));
      await store.complete(job.id, 1, null, later(2));
      expect(await store.requestCancel(job.id, later(3))).toMatchObject({
        kind: 'finished',
        job: { status: 'completed' },
      });
      expect(await store.requestCancel('missing', later(3))).toEqual({ kind: 'missing' });
    });

    it('does not take over a canceled-while-running job whose lease lapsed', async () => {
      const { store, job } = await created();
      await store.claim(job.id, later(1), later(10));
      await store.requestCancel(job.id, later(2));
      expect((await store.claim(job.id, later(11), later(70))).kind).toBe('exhausted');
    });

    it('loses the heartbeat once another delivery took the job over', async () => {
      const { store, job } = await created();
      await store.claim(job.id, later(1), later(10));
      await store.claim(job.id, later(11), later(70));
      expect(await store.renewLease(job.id, 1, later(80))).toBeUndefined();
    });

    it('resets a failed job to pending with fresh attempts and an edited payload', async () => {
      const { store, job } = await created(aJob({ type: 'sleep', payload: { ms: 1 }, maxAttempts: 1 }));
      await store.claim(job.id, later(1), later(60));
      await store.fail(job.id, 1, boom, { status: 'failed' }, later(2));
      const reset = await store.reset(job.id, 'retry', later(3), { ms: 2 });
      expect(reset).toMatchObject({
        status: 'pending',
        attempts: 0,
        payload: { ms: 2 },
        updatedAt: later(3).toISOString(),
      });
      expect(reset?.finishedAt).toBeUndefined();
      expect(claimed(await store.claim(job.id, later(4), later(60))).attempts).toBe(1);
    });

    it('removes only an untouched pending job', async () => {
      const store = makeStore();
      const untouched = aJob();
      const started = aJob();
      await store.create(untouched);
      await store.create(started);
      await store.claim(started.id, later(1), later(60));
      await store.removePending(untouched.id);
      await store.removePending(started.id);
      expect(await store.get(untouched.id)).toBeUndefined();
      expect(await store.get(started.id)).toBeDefined();
    });

    it('lists one status oldest first, only jobs changed before the cut-off, up to the limit', async () => {
      const store = makeStore();
      const jobs = [
        aJob({ now: later(3) }),
        aJob({ now: later(1) }),
        aJob({ now: later(2) }),
        aJob({ now: later(9) }),
      ];
      for (const job of jobs) await store.create(job);
      const listed = await store.listByStatus('pending', later(5), 2);
      expect(listed.map((j) => j.id)).toEqual([jobs[1]!.id, jobs[2]!.id]);
      expect(listed[0]).not.toHaveProperty('payload');
      expect((await store.listByStatus('pending', later(5), 10)).map((j) => j.id)).toEqual(
        [jobs[1], jobs[2], jobs[0]].map((j) => j!.id),
      );
    });

    it('counts jobs by status', async () => {
      const store = makeStore();
      const jobs = [aJob(), aJob(), aJob()];
      for (const job of jobs) await store.create(job);
      await store.claim(jobs[0]!.id, T0, later(60));
      expect(await store.countByStatus('pending')).toBe(2);
      expect(await store.countByStatus('running')).toBe(1);
      expect(await store.countByStatus('failed')).toBe(0);
    });
    it('records the worker instance on each claim and keeps it after the attempt ends', async () => {
      const { store, job } = await created(aJob({ maxAttempts: 3 }));
      const first = claimed(await store.claim(job.id, later(1), later(60), { workerId: 'instance-a' }));
      expect(first.workerId).toBe('instance-a');
      await store.fail(job.id, 1, boom, retryAt(2), later(2));
      expect((await store.get(job.id))?.workerId).toBe('instance-a');
      const second = claimed(await store.claim(job.id, later(3), later(60), { workerId: 'instance-b' }));
      expect(second.workerId).toBe('instance-b');
      await store.complete(job.id, 2, null, later(4));
      expect(await store.get(job.id)).toMatchObject({ status: 'completed', workerId: 'instance-b' });
      // The index carries it too, for the workers view.
      expect((await collect(store.listChanged('completed')))[0]?.workerId).toBe('instance-b');
    });

    it('keeps one history entry per attempt of the run, closed with its outcome; a reset starts a new run', async () => {
      const { store, job } = await created(aJob({ maxAttempts: 4 }));
      const longError = { name: 'Error', message: 'x'.repeat(3_000) };
      const first = claimed(await store.claim(job.id, later(1), later(60), { workerId: 'w-a' }));
      expect(first.history).toEqual([{ startedAt: later(1).toISOString(), workerId: 'w-a' }]);
      await store.fail(job.id, 1, longError, retryAt(5), later(2), 0);
      // The second attempt's worker dies; the third takes the job over when the lease lapses.
      claimed(await store.claim(job.id, later(5), later(10), { workerId: 'w-b' }));
      const third = claimed(await store.claim(job.id, later(11), later(60)));
      expect(third.history).toHaveLength(3);
      await store.complete(job.id, 3, { ok: true }, later(12), 2);
      const done = await store.get(job.id);
      expect(done?.history).toEqual([
        {
          startedAt: later(1).toISOString(),
          workerId: 'w-a',
          finishedAt: later(2).toISOString(),
          outcome: 'retried',
          error: { name: 'Error', message: 'x'.repeat(500) },
        },
        { startedAt: later(5).toISOString(), workerId: 'w-b' },
        { startedAt: later(11).toISOString(), finishedAt: later(12).toISOString(), outcome: 'completed' },
      ]);
      expect(done?.error).toBeUndefined();

      const failed = await created(aJob({ maxAttempts: 1 }));
      claimed(await failed.store.claim(failed.job.id, later(1), later(60)));
      await failed.store.fail(failed.job.id, 1, boom, { status: 'failed' }, later(2), 0);
      expect((await failed.store.get(failed.job.id))?.history?.[0]).toMatchObject({
        outcome: 'failed',
        error: boom,
      });
      const reset = await failed.store.reset(failed.job.id, 'redrive', later(3));
      expect(reset?.history).toBeUndefined();
    });

    it('forgets an earlier instance when a claim names none', async () => {
      const { store, job } = await created();
      await store.claim(job.id, later(1), later(10), { workerId: 'instance-a' });
      expect(claimed(await store.claim(job.id, later(11), later(70))).workerId).toBeUndefined();
    });

    it('lists the jobs that changed in a range, after (exclusive) to until (inclusive), oldest first', async () => {
      const store = makeStore();
      const finishAt = [5, 2, 3, 4, 6];
      const jobs = finishAt.map(() => aJob());
      for (const [i, job] of jobs.entries()) {
        await store.create(job);
        await store.claim(job.id, later(1), later(60));
        await store.complete(job.id, 1, null, later(finishAt[i]!));
      }
      const inRange = await collect(store.listChanged('completed', { after: later(2), until: later(5) }));
      expect(inRange.map((j) => j.updatedAt)).toEqual([3, 4, 5].map((s) => later(s).toISOString()));
      expect(inRange[0]).not.toHaveProperty('payload');
      expect(inRange[0]).not.toHaveProperty('result');
      expect(await collect(store.listChanged('completed', { after: later(6) }))).toEqual([]);
      expect((await collect(store.listChanged('completed', { until: later(2) }))).map((j) => j.id)).toEqual([
        jobs[1]!.id,
      ]);
      expect(await collect(store.listChanged('completed'))).toHaveLength(5);
      expect(await collect(store.listChanged('failed'))).toEqual([]);
    });

    it('lists only pending jobs waiting for an automatic retry when asked', async () => {
      const store = makeStore();
      const retrying = aJob();
      const fresh = aJob();
      const retriedByUser = aJob({ maxAttempts: 1 });
      for (const job of [retrying, fresh, retriedByUser]) await store.create(job);
      await store.claim(retrying.id, later(1), later(60));
      await store.fail(retrying.id, 1, boom, retryAt(30), later(2));
      await store.claim(retriedByUser.id, later(1), later(60));
      await store.fail(retriedByUser.id, 1, boom, { status: 'failed' }, later(2));
      await store.reset(retriedByUser.id, 'redrive', later(3));
      const listed = await collect(store.listChanged('pending', { after: later(1), retryingOnly: true }));
      expect(listed.map((j) => j.id)).toEqual([retrying.id]);
      expect(listed[0]).toMatchObject({ error: boom, attempts: 1, nextAttemptAt: later(30).toISOString() });
      expect(await store.countChanged('pending', { retryingOnly: true })).toBe(1);
      expect(await store.countChanged('pending')).toBe(3);
    });

    it('counts the jobs that changed in a range', async () => {
      const store = makeStore();
      for (const seconds of [1, 2, 3, 4]) await store.create(aJob({ now: later(seconds) }));
      expect(await store.countChanged('pending', { after: later(1) })).toBe(3);
      expect(await store.countChanged('pending', { after: later(1), until: later(3) })).toBe(2);
      expect(await store.countChanged('running', { after: later(1) })).toBe(0);
    });

    it('pages through one status newest first, resuming after the last job, filtered by type', async () => {
      const store = makeStore();
      const jobs = [1, 2, 3, 4, 5].map((s) => aJob({ now: later(s), type: s % 2 ? 'noop' : 'email' }));
      for (const job of jobs) await store.create(job);
      const ids = (list: { id: string }[]) => list.map((j) => j.id);
      const newestFirst = [...jobs].reverse();

      const first = await store.listNewest('pending', { limit: 2 });
      expect(ids(first.jobs)).toEqual(ids(newestFirst.slice(0, 2)));
      expect(first.jobs[0]).not.toHaveProperty('payload');
      expect(first.next).not.toBeNull();
      const second = await store.listNewest('pending', { limit: 2, after: first.next! });
      expect(ids(second.jobs)).toEqual(ids(newestFirst.slice(2, 4)));
      const seen = [...first.jobs, ...second.jobs];
      let next = second.next;
      while (next) {
        const page = await store.listNewest('pending', { limit: 2, after: next });
        seen.push(...page.jobs);
        next = page.next;
      }
      expect(ids(seen)).toEqual(ids(newestFirst));

      const noops = await store.listNewest('pending', { limit: 10, type: 'noop' });
      expect(ids(noops.jobs)).toEqual(ids(newestFirst.filter((j) => j.type === 'noop')));
      expect(noops.next).toBeNull();
      expect(await store.listNewest('failed', { limit: 10 })).toEqual({ jobs: [], next: null });
    });

    it('links dependents to a job that has not ended, and tells a late one how it ended instead', async () => {
      const store = makeStore();
      const parent = aJob();
      await store.create(parent);
      expect(await store.addDependent(parent.id, 'child-b')).toEqual({ kind: 'added' });
      expect(await store.addDependent(parent.id, 'child-a')).toEqual({ kind: 'added' });
      expect(await store.addDependent(parent.id, 'child-a')).toEqual({ kind: 'added' });
      await store.claim(parent.id, later(1), later(60));
      // The final write returns the job with the dependents it must tell.
      expect((await store.complete(parent.id, 1, { n: 1 }, later(2)))?.dependents).toEqual([
        'child-a',
        'child-b',
      ]);
      expect(await store.addDependent(parent.id, 'child-c')).toMatchObject({
        kind: 'finished',
        job: { status: 'completed', result: { n: 1 } },
      });
      expect(await store.addDependent('no-such-job', 'child-c')).toEqual({ kind: 'missing' });
    });

    it('writes a batch item with its dependents, and reads many jobs at once (over 100: several requests)', async () => {
      const store = makeStore();
      const parent = aJob({ dependents: ['x', 'y'] });
      const children = Array.from({ length: 120 }, () => aJob({ dependsOn: [parent.id] }));
      await store.createMany([parent, ...children]);
      expect((await store.get(parent.id))?.dependents).toEqual(['x', 'y']);
      const read = await store.getMany([...children.map((c) => c.id), 'no-such-job', parent.id]);
      expect(read.map((j) => j.id).sort()).toEqual([parent.id, ...children.map((c) => c.id)].sort());
      expect(read.find((j) => j.id === children[0]?.id)).toEqual(children[0]);
    });

    it('records each dependency outcome once and counts down; releases or ends only a waiting job', async () => {
      const store = makeStore();
      const job = aJob({ dependsOn: ['d1', 'd2'] });
      await store.create(job);
      expect(job).toMatchObject({ status: 'waiting', dependenciesLeft: 2, dependencyOutcomes: {} });
      expect(await store.resolveDependency(job.id, 'd1', 'completed')).toMatchObject({
        status: 'waiting',
        dependenciesLeft: 1,
        dependencyOutcomes: { d1: 'completed' },
      });
      // Told twice (the final write's tell and the sweeper's), counted once; a stranger is ignored.
      expect(await store.resolveDependency(job.id, 'd1', 'completed')).toBeUndefined();
      expect(await store.resolveDependency(job.id, 'd3', 'completed')).toBeUndefined();
      const racing = await Promise.all([
        store.resolveDependency(job.id, 'd2', 'failed'),
        store.resolveDependency(job.id, 'd2', 'failed'),
      ]);
      expect(racing.filter(Boolean)).toHaveLength(1);
      expect(await store.get(job.id)).toMatchObject({
        dependenciesLeft: 0,
        dependencyOutcomes: { d1: 'completed', d2: 'failed' },
      });
      const ended = await store.endWaiting(job.id, {
        move: 'dependencyFailed',
        now: later(5),
        error: { name: 'DependencyFailed', message: 'd2 failed' },
        expiresAt: later(305),
      });
      expect(ended).toMatchObject({
        status: 'failed',
        finishedAt: later(5).toISOString(),
        error: { name: 'DependencyFailed' },
      });
      expect(ended?.expiresAt).toBe(later(305).toISOString());
      expect(await store.release(job.id, later(6))).toBeUndefined();
      expect(await store.resolveDependency(job.id, 'd2', 'completed')).toBeUndefined();
      // A retry waits again, for every dependency; a rollback may remove a waiting job that never ran.
      expect(await store.reset(job.id, 'rewait', later(7), undefined, 2)).toMatchObject({
        status: 'waiting',
        dependenciesLeft: 2,
        dependencyOutcomes: {},
      });
      await store.removePending(job.id);
      expect(await store.get(job.id)).toBeUndefined();
    });

    it('keeps a finished job for its unfinished dependents, and gives it its expiry back after the last', async () => {
      const store = makeStore();
      const job = aJob();
      await store.create(job);
      await store.keep(job.id, ['d0']);
      expect((await store.get(job.id))?.keptBy).toBeUndefined();
      await store.claim(job.id, later(1), later(60));
      await store.complete(job.id, 1, null, later(2), undefined, later(300));
      await store.keep(job.id, ['d1', 'd2']);
      await store.keep(job.id, ['d2']);
      expect(await store.get(job.id)).toMatchObject({ keptBy: ['d1', 'd2'] });
      expect((await store.get(job.id))?.expiresAt).toBeUndefined();
      expect(await store.removeExpired(job.id, later(10_000))).toBe(false);
      await store.unkeep(job.id, 'd1', later(500));
      expect(await store.get(job.id)).toMatchObject({ keptBy: ['d2'] });
      expect((await store.get(job.id))?.expiresAt).toBeUndefined();
      await store.unkeep(job.id, 'd2', later(600));
      const released = await store.get(job.id);
      expect(released?.keptBy).toBeUndefined();
      expect(released?.expiresAt).toBe(later(600).toISOString());
      // A late or repeated release changes nothing.
      await store.unkeep(job.id, 'd2', later(900));
      expect((await store.get(job.id))?.expiresAt).toBe(later(600).toISOString());
      expect(await store.removeExpired(job.id, later(601))).toBe(true);
    });
  });
}
