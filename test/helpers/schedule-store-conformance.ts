import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ScheduleStore } from '../../src/core/ports.ts';
import type { Schedule } from '../../src/core/schedule/schedule.ts';
import { later, T0 } from './jobs.ts';

function aSchedule(overrides: Partial<Schedule> = {}): Schedule {
  return {
    name: `s-${randomUUID().slice(0, 8)}`,
    schedule: 'rate(5 minutes)',
    type: 'noop',
    payload: { n: 1 },
    nextRunAt: later(300).toISOString(),
    declared: false,
    createdAt: T0.toISOString(),
    updatedAt: T0.toISOString(),
    ...overrides,
  };
}

/** The ScheduleStore contract, run against every adapter; each case has a store of its own. */
export function scheduleStoreConformance(name: string, makeStore: () => ScheduleStore): void {
  describe(`ScheduleStore contract: ${name}`, () => {
    it('creates, reads back whole, updates and lists by name', async () => {
      const store = makeStore();
      const nightly = aSchedule({
        name: 'nightly',
        schedule: 'cron(0 2 * * ? *)',
        timezone: 'Europe/Paris',
        maxAttempts: 2,
      });
      expect(await store.save(nightly)).toBe('created');
      expect(await store.get('nightly')).toEqual(nightly);
      const changed = { ...nightly, payload: { n: 2 } };
      expect(await store.save(changed)).toBe('updated');
      await store.save(aSchedule({ name: 'alpha' }));
      expect((await store.list()).map((s) => s.name)).toEqual(['alpha', 'nightly']);
      expect((await store.list())[1]).toEqual(changed);
      expect(await store.get('nope')).toBeUndefined();
    });

    it('keeps declared and run-time schedules apart: neither overwrites nor deletes the other', async () => {
      const store = makeStore();
      await store.save(aSchedule({ name: 'declared', declared: true }));
      expect(await store.save(aSchedule({ name: 'declared', declared: false }))).toBe('refused');
      expect(await store.remove('declared', false)).toBe('refused');
      expect(await store.remove('declared', true)).toBe('deleted');
      expect(await store.remove('declared', true)).toBe('missing');
    });

    it('lists the due ones soonest first, and advances a firing once', async () => {
      const store = makeStore();
      const [soon, sooner, later_] = [
        aSchedule({ name: 'b', nextRunAt: later(60).toISOString() }),
        aSchedule({ name: 'a', nextRunAt: later(30).toISOString() }),
        aSchedule({ name: 'c', nextRunAt: later(600).toISOString() }),
      ];
      for (const s of [soon, sooner, later_]) await store.save(s);
      expect(await store.listDue(later(60), 10)).toEqual([
        { name: 'a', nextRunAt: later(30).toISOString() },
        { name: 'b', nextRunAt: later(60).toISOString() },
      ]);
      const run = { at: later(30).toISOString(), jobId: 'job-1' };
      const [first, second] = await Promise.all([
        store.advance('a', later(30).toISOString(), later(330).toISOString(), run),
        store.advance('a', later(30).toISOString(), later(330).toISOString(), run),
      ]);
      expect([first, second].sort()).toEqual([false, true]);
      expect(await store.get('a')).toMatchObject({
        nextRunAt: later(330).toISOString(),
        lastRunAt: later(30).toISOString(),
        lastJobId: 'job-1',
      });
      await store.advance('a', later(330).toISOString(), later(630).toISOString(), {
        at: later(330).toISOString(),
        error: 'Unknown job type "gone"',
      });
      const failed = await store.get('a');
      expect(failed).toMatchObject({ lastError: 'Unknown job type "gone"' });
      expect(failed).not.toHaveProperty('lastJobId');
      expect(await store.listDue(later(60), 1)).toEqual([{ name: 'b', nextRunAt: later(60).toISOString() }]);
    });
  });
}
