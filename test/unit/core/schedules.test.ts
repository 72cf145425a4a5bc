import { describe, expect, it } from 'vitest';
import { jobs } from '../../../jobs/index.ts';
import { createMemoryScheduleStore } from '../../../src/adapters/memory/schedule-store.ts';
import { ValidationError } from '../../../src/core/errors.ts';
import { ScheduleDeclaredError, ScheduleNotFoundError } from '../../../src/core/schedule/schedule.ts';
import { fireDueSchedules, firstFiringAfter } from '../../../src/core/use-cases/fire-due-schedules.ts';
import {
  deleteSchedule,
  putSchedule,
  syncDeclaredSchedules,
} from '../../../src/core/use-cases/manage-schedules.ts';
import { later } from '../../helpers/jobs.ts';
import { submitWorld } from '../../helpers/submit-world.ts';

/** Schedules and the submit path on memory adapters, on the submit world's clock (from T0). */
function world() {
  const w = submitWorld({ specs: jobs });
  const schedules = createMemoryScheduleStore();
  const deps = { schedules, specs: jobs, clock: w.deps.clock };
  const fire = () => fireDueSchedules({ schedules, submit: w.deps, clock: w.deps.clock });
  return { ...w, schedules, scheduleDeps: deps, fire };
}

describe('run-time schedules', () => {
  it('creates a schedule with its next run, replaces it, and deletes it', async () => {
    const w = world();
    const { schedule, created } = await putSchedule(w.scheduleDeps, 'tick', {
      schedule: 'rate(5 minutes)',
      type: 'sleep',
      payload: { ms: 1 },
    });
    expect(created).toBe(true);
    expect(schedule).toMatchObject({ name: 'tick', nextRunAt: later(300).toISOString(), declared: false });
    const replaced = await putSchedule(w.scheduleDeps, 'tick', {
      schedule: 'cron(0 9 * * ? *)',
      timezone: 'Europe/Paris',
      type: 'noop',
    });
    expect(replaced).toMatchObject({ created: false, schedule: { nextRunAt: '2026-01-01T08:00:00.000Z' } });
    await deleteSchedule(w.scheduleDeps, 'tick');
    await expect(deleteSchedule(w.scheduleDeps, 'tick')).rejects.toBeInstanceOf(ScheduleNotFoundError);
  });

  it('refuses what could not fire: a bad expression, time zone, type or payload, or name', async () => {
    const w = world();
    const cases: [string, object][] = [
      ['ok', { schedule: 'every minute', type: 'noop' }],
      ['ok', { schedule: 'rate(1 minutes)', type: 'noop' }],
      ['ok', { schedule: 'rate(1 minute)', timezone: 'Mars/Olympus', type: 'noop' }],
      ['ok', { schedule: 'rate(1 minute)', type: 'teleport' }],
      ['ok', { schedule: 'rate(1 minute)', type: 'sleep', payload: { ms: 'soon' } }],
      ['ok', { schedule: 'rate(1 minute)', type: 'noop', extra: true }],
      ['ok', { schedule: 'cron(0 0 1 1 ? 2020)', type: 'noop' }],
      ['not ok/', { schedule: 'rate(1 minute)', type: 'noop' }],
    ];
    for (const [name, body] of cases)
      await expect(putSchedule(w.scheduleDeps, name, body), JSON.stringify(body)).rejects.toMatchObject({
        code: expect.stringMatching(/ValidationError|InvalidSchedule|UnknownJobType/),
      });
    expect(await w.schedules.list()).toEqual([]);
  });
});

describe('firing', () => {
  it('submits one job per firing through the normal path, on time, and moves on', async () => {
    const w = world();
    await putSchedule(w.scheduleDeps, 'tick', {
      schedule: 'rate(5 minutes)',
      type: 'sleep',
      payload: { ms: 1 },
    });
    w.at(299);
    expect(await w.fire()).toEqual({ fired: 0, refused: 0 });
    w.at(310);
    expect(await w.fire()).toEqual({ fired: 1, refused: 0 });
    expect(await w.fire()).toEqual({ fired: 0, refused: 0 });
    const [job] = [...w.store.jobs.values()];
    expect(job).toMatchObject({ type: 'sleep', payload: { ms: 1 }, status: 'pending' });
    // The rate keeps its phase: the next firing is 5 minutes after the last one was due, not after the run.
    expect(await w.schedules.get('tick')).toMatchObject({
      lastRunAt: later(300).toISOString(),
      lastJobId: job?.id,
      nextRunAt: later(600).toISOString(),
    });
  });

  it('submits each firing’s job on the schedule’s priority queue', async () => {
    const w = world();
    await putSchedule(w.scheduleDeps, 'urgent', {
      schedule: 'rate(1 minute)',
      type: 'noop',
      priority: 'high',
    });
    expect(await w.schedules.get('urgent')).toMatchObject({ priority: 'high' });
    w.at(61);
    expect(await w.fire()).toEqual({ fired: 1, refused: 0 });
    const [job] = [...w.store.jobs.values()];
    expect(job).toMatchObject({ type: 'noop', priority: 'high' });
    expect(w.queue.receive(10, 'high')).toHaveLength(1);
    await expect(
      putSchedule(w.scheduleDeps, 'bad', { schedule: 'rate(1 minute)', type: 'noop', priority: 'urgent' }),
    ).rejects.toMatchObject({ code: 'ValidationError' });
  });

  it('fires a firing once when two sweeper runs race', async () => {
    const w = world();
    await putSchedule(w.scheduleDeps, 'tick', { schedule: 'rate(1 minute)', type: 'noop' });
    w.at(61);
    const runs = await Promise.all([w.fire(), w.fire(), w.fire()]);
    expect(runs.reduce((sum, r) => sum + r.fired, 0)).toBe(1);
    expect(w.store.jobs.size).toBe(1);
  });

  it('catches up firings missed while nothing ran with one job, then goes on from now', async () => {
    const w = world();
    await putSchedule(w.scheduleDeps, 'hourly', { schedule: 'cron(0 * * * ? *)', type: 'noop' });
    w.at(5 * 3600 + 90);
    expect(await w.fire()).toEqual({ fired: 1, refused: 0 });
    expect(w.store.jobs.size).toBe(1);
    expect(await w.schedules.get('hourly')).toMatchObject({
      lastRunAt: later(3600).toISOString(),
      nextRunAt: later(6 * 3600).toISOString(),
    });
  });

  it('records why a firing submitted nothing (a payload the type no longer takes), and goes on', async () => {
    const w = world();
    await putSchedule(w.scheduleDeps, 'tick', { schedule: 'rate(1 minute)', type: 'noop' });
    // The stored payload no longer fits (as after a deploy that changed the type's schema).
    const stored = await w.schedules.get('tick');
    await w.schedules.save({ ...stored!, type: 'sleep', payload: { ms: 'soon' } });
    w.at(61);
    expect(await w.fire()).toEqual({ fired: 0, refused: 1 });
    expect((await w.schedules.get('tick'))?.lastError).toMatch(/payload.ms/);
    expect(w.store.jobs.size).toBe(0);
  });

  it('counts firings on from the one due, so a rate keeps its phase; gives up counting after long downtime', () => {
    const every10 = { next: (after: number) => after + 10 };
    expect(firstFiringAfter(every10, 100, 125)).toBe(130);
    expect(firstFiringAfter(every10, 100, 100 + 10 * 5_000)).toBe(100 + 10 * 5_000 + 10);
  });
});

describe('declared schedules', () => {
  it('are created, kept (next run and all) while unchanged, rewritten when changed and removed when gone', async () => {
    const w = world();
    const declared = { nightly: { schedule: 'cron(0 2 * * ? *)', type: 'noop' } };
    expect(await syncDeclaredSchedules(w.scheduleDeps, declared)).toEqual({
      written: 1,
      removed: 0,
      conflicts: [],
    });
    const first = await w.schedules.get('nightly');
    w.at(60);
    expect(await syncDeclaredSchedules(w.scheduleDeps, declared)).toEqual({
      written: 0,
      removed: 0,
      conflicts: [],
    });
    expect(await w.schedules.get('nightly')).toEqual(first);
    await syncDeclaredSchedules(w.scheduleDeps, { nightly: { schedule: 'cron(0 3 * * ? *)', type: 'noop' } });
    expect((await w.schedules.get('nightly'))?.nextRunAt).toBe('2026-01-01T03:00:00.000Z');
    expect(await syncDeclaredSchedules(w.scheduleDeps, {})).toEqual({
      written: 0,
      removed: 1,
      conflicts: [],
    });
  });

  it('cannot be changed or deleted through the API, and do not replace a run-time one', async () => {
    const w = world();
    await putSchedule(w.scheduleDeps, 'mine', { schedule: 'rate(1 hour)', type: 'noop' });
    const outcome = await syncDeclaredSchedules(w.scheduleDeps, {
      nightly: { schedule: 'cron(0 2 * * ? *)', type: 'noop' },
      mine: { schedule: 'rate(1 day)', type: 'noop' },
    });
    expect(outcome.conflicts).toEqual(['mine']);
    await expect(
      putSchedule(w.scheduleDeps, 'nightly', { schedule: 'rate(1 hour)', type: 'noop' }),
    ).rejects.toBeInstanceOf(ScheduleDeclaredError);
    await expect(deleteSchedule(w.scheduleDeps, 'nightly')).rejects.toBeInstanceOf(ScheduleDeclaredError);
    await expect(putSchedule(w.scheduleDeps, 'x', {})).rejects.toBeInstanceOf(ValidationError);
  });
});
