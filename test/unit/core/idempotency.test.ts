import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EnqueueError } from '../../../src/core/errors.ts';
import { fingerprintOf } from '../../../src/core/fingerprint.ts';
import { decideKey, IdempotencyKeyReusedError, type KeyEntry } from '../../../src/core/idempotency.ts';
import type { Job } from '../../../src/core/job.ts';
import type { SpecRegistry } from '../../../src/core/registry.ts';
import { submitJob } from '../../../src/core/use-cases/submit-job.ts';
import { submitJobs } from '../../../src/core/use-cases/submit-jobs.ts';
import { aJob } from '../../helpers/jobs.ts';
import { submitWorld } from '../../helpers/submit-world.ts';

const specs: SpecRegistry = {
  email: { schema: z.strictObject({ to: z.string() }) },
  report: { schema: z.strictObject({ month: z.string() }), idempotency: { windowSeconds: 60 } },
  sync: { schema: z.strictObject({ tenant: z.string() }), idempotency: { mode: 'untilFinished' } },
};

const world = (options: { sendFails?: () => boolean } = {}) => submitWorld({ specs, ...options });

describe('the idempotency state table', () => {
  const held = (mode: KeyEntry['mode']): KeyEntry => ({ key: 'k', jobId: 'j1', fingerprint: 'a', mode });
  const job = (status: Job['status']): Job => ({ ...aJob(), id: 'j1', status });

  it('returns the first job for the same request, and refuses another, while the key holds', () => {
    for (const mode of ['window', 'untilFinished'] as const) {
      expect(decideKey(held(mode), job('running'), 'a')).toBe('duplicate');
      expect(decideKey(held(mode), job('pending'), 'b')).toBe('conflict');
    }
    expect(decideKey(held('window'), job('completed'), 'a')).toBe('duplicate');
    expect(decideKey(held('window'), job('failed'), 'b')).toBe('conflict');
  });

  it('gives the key to a new job once the first finished (untilFinished), or when the first is gone', () => {
    for (const status of ['completed', 'failed', 'canceled'] as const)
      expect(decideKey(held('untilFinished'), job(status), 'b')).toBe('replace');
    expect(decideKey(held('window'), undefined, 'b')).toBe('replace');
  });

  it('fingerprints a request whatever its key order, and tells payloads apart', () => {
    expect(fingerprintOf({ type: 'email', payload: { to: 'a', cc: 'b' } })).toBe(
      fingerprintOf({ payload: { cc: 'b', to: 'a' }, type: 'email' }),
    );
    expect(fingerprintOf({ type: 'email', payload: { to: 'a' } })).not.toBe(
      fingerprintOf({ type: 'email', payload: { to: 'b' } }),
    );
  });
});

describe('submitJob with an idempotency key', () => {
  it('creates one job for 50 concurrent submissions of one key; the others get it back', async () => {
    const w = world();
    const body = { type: 'email', to: 'ada@example.com', idempotencyKey: 'order-42' };
    const answers = await Promise.all(Array.from({ length: 50 }, () => submitJob(w.deps, body)));
    expect(answers.filter((a) => !a.duplicate)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.job.id)).size).toBe(1);
    expect(w.store.jobs.size).toBe(1);
    expect(w.queue.receive(10)).toHaveLength(1);
  });

  it('refuses the same key with another request (409), creating nothing', async () => {
    const w = world();
    await submitJob(w.deps, { type: 'email', to: 'ada@example.com', idempotencyKey: 'k' });
    await expect(
      submitJob(w.deps, { type: 'email', to: 'bob@example.com', idempotencyKey: 'k' }),
    ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    await expect(
      submitJob(w.deps, { type: 'email', to: 'ada@example.com', maxAttempts: 5, idempotencyKey: 'k' }),
    ).rejects.toMatchObject({
      code: 'IdempotencyKeyReused',
    });
    expect(w.store.jobs.size).toBe(1);
  });

  it('holds a key for its window (a day, or the type’s), then takes a new job', async () => {
    const w = world();
    const first = await submitJob(w.deps, { type: 'email', to: 'a', idempotencyKey: 'daily' });
    w.at(86_399);
    expect(await submitJob(w.deps, { type: 'email', to: 'a', idempotencyKey: 'daily' })).toMatchObject({
      duplicate: true,
      job: { id: first.job.id },
    });
    w.at(86_400);
    const next = await submitJob(w.deps, { type: 'email', to: 'b', idempotencyKey: 'daily' });
    expect(next.duplicate).toBe(false);
    expect(next.job.id).not.toBe(first.job.id);

    const report = await submitJob(w.deps, { type: 'report', month: '2026-11', idempotencyKey: 'r' });
    w.at(86_400 + 60);
    expect(
      (await submitJob(w.deps, { type: 'report', month: '2026-11', idempotencyKey: 'r' })).job.id,
    ).not.toBe(report.job.id);
  });

  it('untilFinished: the first job answers while it is unfinished; once finished a new job takes the key', async () => {
    const w = world();
    const first = await submitJob(w.deps, { type: 'sync', tenant: 't1', idempotencyKey: 'sync-t1' });
    expect(
      (await submitJob(w.deps, { type: 'sync', tenant: 't1', idempotencyKey: 'sync-t1' })).duplicate,
    ).toBe(true);
    await expect(
      submitJob(w.deps, { type: 'sync', tenant: 't2', idempotencyKey: 'sync-t1' }),
    ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    w.at(30 * 86_400);
    expect(
      (await submitJob(w.deps, { type: 'sync', tenant: 't1', idempotencyKey: 'sync-t1' })).duplicate,
    ).toBe(true);
    await w.finish(first.job.id);
    const second = await submitJob(w.deps, { type: 'sync', tenant: 't2', idempotencyKey: 'sync-t1' });
    expect(second).toMatchObject({ duplicate: false, job: { status: 'pending' } });
    expect((await submitJob(w.deps, { type: 'sync', tenant: 't2', idempotencyKey: 'sync-t1' })).job.id).toBe(
      second.job.id,
    );
  });

  it('frees the key of a submission that failed, so the retry of the request creates the job', async () => {
    let down = true;
    const w = world({ sendFails: () => down });
    await expect(submitJob(w.deps, { type: 'email', to: 'a', idempotencyKey: 'k' })).rejects.toBeInstanceOf(
      EnqueueError,
    );
    down = false;
    const retried = await submitJob(w.deps, { type: 'email', to: 'a', idempotencyKey: 'k' });
    expect(retried.duplicate).toBe(false);
    expect(w.store.jobs.size).toBe(1);
  });

  it('answers duplicates item by item in a batch, also of an earlier item of the same batch', async () => {
    const w = world();
    const earlier = await submitJob(w.deps, { type: 'email', to: 'a', idempotencyKey: 'old' });
    const { results } = await submitJobs(w.deps, [
      { type: 'email', to: 'a', idempotencyKey: 'old' },
      { type: 'email', to: 'b', idempotencyKey: 'new' },
      { type: 'email', to: 'b', idempotencyKey: 'new' },
      { type: 'email', to: 'c', idempotencyKey: 'old' },
    ]);
    expect(results[0]).toEqual({ accepted: true, id: earlier.job.id, status: 'pending', duplicate: true });
    const fresh = results.filter((r) => r.accepted && !r.duplicate);
    expect(fresh).toHaveLength(1);
    expect(results.slice(1, 3).map((r) => r.accepted && r.id)).toEqual([
      fresh[0]?.accepted && fresh[0].id,
      fresh[0]?.accepted && fresh[0].id,
    ]);
    expect(results[3]).toMatchObject({ accepted: false, error: { code: 'IdempotencyKeyReused' } });
    expect(w.store.jobs.size).toBe(2);
    expect(w.queue.receive(10)).toHaveLength(2);
  });
});
