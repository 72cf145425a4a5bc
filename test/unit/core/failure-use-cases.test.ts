import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { jobs } from '../../../jobs/index.ts';
import { MemoryDeadLetterQueue } from '../../../src/adapters/memory/dead-letter-queue.ts';
import { createMemoryJobStore } from '../../../src/adapters/memory/job-store.ts';
import {
  assertBacklogBelow,
  BackpressureError,
  backlogTtl,
  cachedMonitor,
} from '../../../src/core/backpressure.ts';
import { JobFinishedError, JobNotFoundError, ValidationError } from '../../../src/core/errors.ts';
import type { JobEvent } from '../../../src/core/events.ts';
import type { JobMessage } from '../../../src/core/job.ts';
import { type Job, newJob } from '../../../src/core/job.ts';
import { cancelJob } from '../../../src/core/use-cases/cancel-job.ts';
import { redriveDeadLetters } from '../../../src/core/use-cases/redrive-dead-letters.ts';
import { JobNotRetryableError, retryJob } from '../../../src/core/use-cases/retry-job.ts';
import { sweepJobs } from '../../../src/core/use-cases/sweep-jobs.ts';
import { later, T0 } from '../../helpers/jobs.ts';

function world(now: Date = T0) {
  const store = createMemoryJobStore();
  const sent: JobMessage[] = [];
  const queue = { send: async (m: JobMessage) => void sent.push(m) };
  const clock = { now: () => now };
  let n = 0;
  const add = async (type = 'noop', payload: Job['payload'] = {}, at: Date = T0) => {
    const job = newJob({ id: `job-${++n}`, type, payload, maxAttempts: 1, now: at });
    await store.create(job);
    return job;
  };
  const failed = async (type = 'noop', payload: Job['payload'] = {}) => {
    const job = await add(type, payload);
    await store.claim(job.id, T0, later(60));
    await store.fail(job.id, 1, { name: 'Error', message: 'boom' }, { status: 'failed' }, T0);
    return job;
  };
  return { store, sent, queue, clock, add, failed };
}

describe('cancelJob', () => {
  it('cancels a pending job at once and refuses a finished one with 409-worthy error', async () => {
    const w = world();
    const job = await w.add();
    expect(await cancelJob(w, job.id)).toMatchObject({ stopping: false, job: { status: 'canceled' } });
    await expect(cancelJob(w, job.id)).rejects.toBeInstanceOf(JobFinishedError);
    await expect(cancelJob(w, 'nope')).rejects.toBeInstanceOf(JobNotFoundError);
  });

  it('asks a running job to stop', async () => {
    const w = world();
    const job = await w.add();
    await w.store.claim(job.id, T0, later(60));
    expect(await cancelJob(w, job.id)).toMatchObject({ stopping: true, job: { status: 'running' } });
  });
});

describe('retryJob', () => {
  it('runs a failed job again from attempt 1, with an edited payload, and queues it', async () => {
    const w = world(later(5));
    const job = await w.failed('sleep', { ms: 1 });
    const retried = await retryJob({ ...w, specs: jobs }, job.id, { payload: { ms: 2 } });
    expect(retried).toMatchObject({ status: 'pending', attempts: 0, payload: { ms: 2 } });
    expect(w.sent).toEqual([{ id: job.id, type: 'sleep' }]);
  });

  it('validates the edited payload and refuses a job that did not fail', async () => {
    const w = world();
    const job = await w.failed('sleep', { ms: 1 });
    await expect(retryJob({ ...w, specs: jobs }, job.id, { payload: { ms: 'x' } })).rejects.toThrow(
      /payload\.ms/,
    );
    await expect(retryJob({ ...w, specs: jobs }, job.id, { extra: 1 })).rejects.toBeInstanceOf(
      ValidationError,
    );
    const pending = await w.add();
    await expect(retryJob({ ...w, specs: jobs }, pending.id, undefined)).rejects.toBeInstanceOf(
      JobNotRetryableError,
    );
    expect(w.sent).toEqual([]);
  });
});

describe('redriveDeadLetters', () => {
  const deadline = later(3600);

  it('moves every failed job back by default, and removes their messages', async () => {
    const w = world();
    const dlq = new MemoryDeadLetterQueue();
    const a = await w.failed();
    const b = await w.failed('sleep', { ms: 1 });
    dlq.add(JSON.stringify({ id: a.id, type: a.type }));
    dlq.add(JSON.stringify({ id: b.id, type: b.type }));
    const events: JobEvent[] = [];
    const result = await redriveDeadLetters(
      { ...w, deadLetters: dlq, events: { emit: (e) => events.push(e) } },
      {},
      { deadline },
    );
    expect(result).toEqual({ moved: 2, stale: 0, skipped: 0, more: false });
    expect(events.map((e) => [e.name, e.jobId, e.cause])).toEqual(
      expect.arrayContaining([
        ['JobRetried', a.id, 'redrive'],
        ['JobRetried', b.id, 'redrive'],
      ]),
    );
    expect(w.sent.map((m) => m.id).sort()).toEqual([a.id, b.id].sort());
    expect(await w.store.get(a.id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(dlq.bodies()).toEqual([]);
  });

  it('filters by type and by id, leaving the rest (and poison) in the DLQ', async () => {
    const w = world();
    const dlq = new MemoryDeadLetterQueue();
    const noop = await w.failed();
    const sleep = await w.failed('sleep', { ms: 1 });
    dlq.add(JSON.stringify({ id: noop.id, type: 'noop' }));
    dlq.add(JSON.stringify({ id: sleep.id, type: 'sleep' }));
    dlq.add('not json');
    expect(await redriveDeadLetters({ ...w, deadLetters: dlq }, { type: 'sleep' }, { deadline })).toEqual({
      moved: 1,
      stale: 0,
      skipped: 2,
      more: false,
    });
    expect(
      await redriveDeadLetters({ ...w, deadLetters: dlq }, { ids: [noop.id] }, { deadline }),
    ).toMatchObject({
      moved: 1,
    });
    expect(dlq.bodies()).toEqual(['not json']);
  });

  it('moves a job once per run even if it fails again and lands in the DLQ meanwhile', async () => {
    const w = world();
    const dlq = new MemoryDeadLetterQueue();
    const job = await w.failed();
    const body = JSON.stringify({ id: job.id, type: 'noop' });
    dlq.add(body);
    // The re-queued job fails at once and is dead-lettered again while the redrive still reads.
    const queue = {
      send: async (m: JobMessage) => {
        w.sent.push(m);
        await w.store.claim(m.id, T0, later(60));
        await w.store.fail(m.id, 1, { name: 'Error', message: 'again' }, { status: 'failed' }, T0);
        dlq.add(body);
      },
    };
    expect(await redriveDeadLetters({ ...w, queue, deadLetters: dlq }, {}, { deadline })).toEqual({
      moved: 1,
      stale: 0,
      skipped: 1,
      more: false,
    });
    expect(w.sent).toHaveLength(1);
  });

  it('drops messages of jobs that already moved on', async () => {
    const w = world();
    const dlq = new MemoryDeadLetterQueue();
    const job = await w.add();
    dlq.add(JSON.stringify({ id: job.id, type: 'noop' }));
    expect(await redriveDeadLetters({ ...w, deadLetters: dlq }, {}, { deadline })).toMatchObject({
      stale: 1,
      moved: 0,
    });
    expect(w.sent).toEqual([]);
  });
});

describe('sweepJobs', () => {
  it('re-queues pending jobs that waited too long and running jobs whose lease lapsed', async () => {
    const w = world(later(3600));
    const lost = await w.add();
    const fresh = await w.add('noop', {}, later(3590));
    const crashed = await w.add();
    await w.store.claim(crashed.id, T0, later(60));
    const alive = await w.add();
    await w.store.claim(alive.id, T0, later(7200));
    const result = await sweepJobs(w);
    expect(result).toEqual({ promoted: 0, requeuedPending: 1, requeuedRunning: 1, removed: 0, unblocked: 0 });
    expect(w.sent.map((m) => m.id).sort()).toEqual([lost.id, crashed.id].sort());
    expect(w.sent.map((m) => m.id)).not.toContain(fresh.id);
  });

  it('leaves a job a limit holds back alone: its message is on its way, though its updatedAt is old', async () => {
    const w = world(later(3600));
    const held = await w.add();
    await w.store.holdBack(held.id, {
      reason: 'concurrency',
      message: '2 resize jobs are running (concurrency 2)',
      at: later(3598),
      until: later(3602),
    });
    const lost = await w.add();
    expect(await sweepJobs(w)).toEqual({
      promoted: 0,
      requeuedPending: 1,
      requeuedRunning: 0,
      removed: 0,
      unblocked: 0,
    });
    expect(w.sent.map((m) => m.id)).toEqual([lost.id]);
  });
});

describe('backpressure', () => {
  it('looks less often while the backlog is far below the limit', async () => {
    let reads = 0;
    let visible = 10;
    let now = T0;
    const monitor = cachedMonitor(
      {
        depth: async () => {
          reads++;
          return { visible, delayed: 0, inFlight: 0 };
        },
      },
      backlogTtl(100),
      { now: () => now },
    );
    await monitor.depth();
    now = later(4);
    await monitor.depth();
    expect(reads).toBe(1);
    now = later(5);
    visible = 80;
    await monitor.depth();
    now = later(6);
    await monitor.depth();
    expect(reads).toBe(3);
  });

  it('refuses work above the backlog limit, reading the depth once per second', async () => {
    let reads = 0;
    let now = T0;
    const monitor = cachedMonitor(
      {
        depth: async () => {
          reads++;
          return { visible: 90, delayed: 15, inFlight: 40 };
        },
      },
      1_000,
      { now: () => now },
    );
    await expect(assertBacklogBelow(monitor, 100)).rejects.toBeInstanceOf(BackpressureError);
    await assertBacklogBelow(monitor, 200);
    expect(reads).toBe(1);
    now = later(1);
    await assertBacklogBelow(monitor, 200);
    expect(reads).toBe(2);
  });
});

describe('retention', () => {
  it('removes finished jobs past their type’s retention, the stack’s override over it, and nothing younger', async () => {
    const w = world();
    const specs = {
      noop: { schema: z.strictObject({}) },
      keep: { schema: z.strictObject({}), retention: { completedSeconds: 86_400 } },
    };
    const old = await w.add('noop');
    const kept = await w.add('keep');
    const young = await w.add('noop');
    for (const [job, at] of [
      [old, 0],
      [kept, 0],
      [young, 200],
    ] as const) {
      await w.store.claim(job.id, later(at), later(at + 60));
      const retention = job.type === 'keep' ? 86_400 : 300;
      await w.store.complete(job.id, 1, null, later(at), undefined, later(at + retention));
    }
    const sweep = (seconds: number, retentionSeconds?: number) =>
      sweepJobs({
        ...w,
        clock: { now: () => later(seconds) },
        retention: { specs, ...(retentionSeconds === undefined ? {} : { retentionSeconds }) },
      });
    expect((await sweep(299)).removed).toBe(0);
    expect((await sweep(301, 300)).removed).toBe(1);
    expect(await w.store.get(old.id)).toBeUndefined();
    // The keep type's day has not passed; the young job's 300 s neither.
    expect((await sweep(400, 300)).removed).toBe(0);
    expect((await sweep(501, 300)).removed).toBe(1);
    expect(await w.store.get(kept.id)).toMatchObject({ status: 'completed' });
  });
});
