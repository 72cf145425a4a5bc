import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MemoryFileStore } from '../../../src/adapters/memory/file-store.ts';
import { createMemoryHoldTally } from '../../../src/adapters/memory/hold-tally.ts';
import { createMemoryJobLimits } from '../../../src/adapters/memory/job-limits.ts';
import { createMemoryJobStore } from '../../../src/adapters/memory/job-store.ts';
import { ValidationError } from '../../../src/core/errors.ts';
import { jobMessageOf, newJob } from '../../../src/core/job.ts';
import { holdSeconds, limitChecks, limitKeyOf, MAX_HOLD_SECONDS } from '../../../src/core/limits.ts';
import { defineJob, type JobRegistry } from '../../../src/core/registry.ts';
import { parseSubmission } from '../../../src/core/submission.ts';
import { runJob } from '../../../src/core/use-cases/run-job.ts';
import { later, T0 } from '../../helpers/jobs.ts';

const tenant = z.strictObject({ tenant: z.string(), ms: z.number().optional() });

/** A handler that waits until the test lets it go, so jobs overlap as long as the test wants. */
function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open: () => open() };
}

describe('job limits', () => {
  it('reads a job’s key from its payload at submission; no key when the function gives none', () => {
    const jobs = {
      mail: defineJob({
        schema: tenant,
        keyLimits: { key: (p) => (p.tenant === '' ? undefined : p.tenant), ratePerSecond: 5 },
        handler: async () => null,
      }),
    };
    expect(parseSubmission({ type: 'mail', tenant: 'acme' }, jobs)).toMatchObject({ limitKey: 'acme' });
    expect(parseSubmission({ type: 'mail', tenant: '' }, jobs)).not.toHaveProperty('limitKey');
    expect(() =>
      limitKeyOf({ keyLimits: { key: () => 'x'.repeat(257), concurrency: 1 } }, 'mail', {}),
    ).toThrow(ValidationError);
    const throwing = {
      keyLimits: {
        key: (): string => {
          throw new Error('no tenant');
        },
        concurrency: 1,
      },
    };
    expect(() => limitKeyOf(throwing, 'mail', {})).toThrow(/limit key could not be read.*no tenant/);
  });

  it('checks the type’s slot, then its key’s slot, then its key’s rate', () => {
    const checks = limitChecks(
      { concurrency: 2, keyLimits: { key: () => 'k', concurrency: 1, ratePerSecond: 3 } },
      'mail',
      'acme',
    );
    expect(checks.map((c) => [c.reason, c.name, c.max])).toEqual([
      ['concurrency', 'type:mail', 2],
      ['keyConcurrency', 'key:mail:acme', 1],
      ['keyRate', 'rate:mail:acme', 3],
    ]);
    expect(limitChecks({ keyLimits: { key: () => 'k', concurrency: 1 } }, 'mail', undefined)).toEqual([]);
  });

  it('waits 1–2 s for a rate, and longer the more often a full concurrency held the job, up to a bound', () => {
    expect(holdSeconds('keyRate', 40, () => 0)).toBe(1);
    expect(holdSeconds('keyRate', 0, () => 0.9)).toBe(2);
    expect(holdSeconds('concurrency', 0, () => 0)).toBe(1);
    expect(holdSeconds('concurrency', 9, () => 0)).toBe(4);
    expect(holdSeconds('concurrency', 1000, () => 0.9)).toBe(MAX_HOLD_SECONDS);
  });

  it('refuses limits that cannot work when the job type is defined', () => {
    const bad = (extra: object) => () =>
      defineJob({ schema: tenant, handler: async () => null, ...extra } as Parameters<typeof defineJob>[0]);
    expect(bad({ concurrency: 0 })).toThrow(/concurrency must be a whole number/);
    expect(bad({ keyLimits: { key: (p: { tenant: string }) => p.tenant } })).toThrow(
      /needs concurrency, ratePerSecond/,
    );
    expect(bad({ keyLimits: { concurrency: 1 } })).toThrow(/keyLimits must be/);
  });

  it('holds a third job back while two of a concurrency-2 type run: still pending, no attempt, says why; runs it after', async () => {
    const store = createMemoryJobStore();
    const limits = createMemoryJobLimits();
    const holds = createMemoryHoldTally();
    const release = gate();
    const jobs: JobRegistry = {
      resize: {
        schema: tenant,
        concurrency: 2,
        handler: async () => release.opened.then(() => ({ ok: true })),
      },
    };
    let now = T0;
    const deps = {
      store,
      jobs,
      limits,
      holds,
      files: new MemoryFileStore(),
      clock: { now: () => now },
      random: () => 0,
    };
    for (const id of ['a', 'b', 'c'])
      await store.create(newJob({ id, type: 'resize', payload: { tenant: 't' }, maxAttempts: 3, now: T0 }));
    const run = (id: string) => runJob(deps, jobMessageOf({ id, type: 'resize' }), { deadline: later(60) });
    const first = [run('a'), run('b')];
    await new Promise((resolve) => setTimeout(resolve, 10));
    const third = await run('c');
    expect(third).toEqual({
      kind: 'heldBack',
      delaySeconds: 1,
      message: { id: 'c', type: 'resize', holds: 1 },
    });
    expect(await store.get('c')).toMatchObject({
      status: 'pending',
      attempts: 0,
      heldBack: { reason: 'concurrency', message: '2 resize jobs are running (concurrency 2)', times: 1 },
    });
    expect([...store.jobs.values()].filter((j) => j.status === 'running')).toHaveLength(2);
    release.open();
    await Promise.all(first);
    now = later(2);
    expect(await runJob(deps, { id: 'c', type: 'resize', holds: 1 }, { deadline: later(60) })).toMatchObject({
      kind: 'completed',
    });
    const done = await store.get('c');
    expect(done).toMatchObject({ status: 'completed', attempts: 1 });
    expect(done).not.toHaveProperty('heldBack');
    // The hold is counted for the stats once its minute is over.
    expect(await holds.read(later(-60), later(120))).toEqual({ resize: 1 });
  });

  it('limits each key on its own: one tenant’s full rate holds only its own jobs', async () => {
    const store = createMemoryJobStore();
    const jobs: JobRegistry = {
      mail: {
        schema: tenant,
        keyLimits: { key: (p: { tenant: string }) => p.tenant, ratePerSecond: 2 },
        handler: async () => null,
      },
    };
    const deps = {
      store,
      jobs,
      limits: createMemoryJobLimits(),
      files: new MemoryFileStore(),
      clock: { now: () => T0 },
      random: () => 0,
    };
    const outcomes: string[] = [];
    for (const [id, key] of [
      ['1', 'noisy'],
      ['2', 'noisy'],
      ['3', 'noisy'],
      ['4', 'quiet'],
    ] as const) {
      await store.create(
        newJob({ id, type: 'mail', payload: { tenant: key }, maxAttempts: 3, now: T0, limitKey: key }),
      );
      const message = jobMessageOf((await store.get(id)) ?? { id, type: 'mail' });
      outcomes.push((await runJob(deps, message, { deadline: later(60) })).kind);
    }
    expect(outcomes).toEqual(['completed', 'completed', 'heldBack', 'completed']);
    expect((await store.get('3'))?.heldBack).toMatchObject({
      reason: 'keyRate',
      message: '2 mail jobs of key "noisy" started this second (rate 2/s)',
    });
  });

  it('frees a slot when the claim finds nothing to run (a duplicate of a finished job)', async () => {
    const store = createMemoryJobStore();
    const limits = createMemoryJobLimits();
    const jobs: JobRegistry = { resize: { schema: tenant, concurrency: 1, handler: async () => null } };
    const deps = { store, jobs, limits, files: new MemoryFileStore(), clock: { now: () => T0 } };
    await store.create(
      newJob({ id: 'a', type: 'resize', payload: { tenant: 't' }, maxAttempts: 3, now: T0 }),
    );
    await store.create(
      newJob({ id: 'b', type: 'resize', payload: { tenant: 't' }, maxAttempts: 3, now: T0 }),
    );
    expect((await runJob(deps, { id: 'a', type: 'resize' }, { deadline: later(60) })).kind).toBe('completed');
    expect((await runJob(deps, { id: 'a', type: 'resize' }, { deadline: later(60) })).kind).toBe('duplicate');
    expect((await runJob(deps, { id: 'b', type: 'resize' }, { deadline: later(60) })).kind).toBe('completed');
  });
});
