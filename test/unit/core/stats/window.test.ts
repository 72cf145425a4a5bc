import { describe, expect, it } from 'vitest';
import type { JobSummary } from '../../../../src/core/ports.ts';
import { mergeWindows, recordsWithin, WindowBuilder } from '../../../../src/core/stats/window.ts';
import { later, T0 } from '../../../helpers/jobs.ts';
import { aWindow, near } from '../../../helpers/stats.ts';

function finished(type: string, queuedMs: number, ranMs: number, attempts = 1): JobSummary {
  const started = new Date(T0.getTime() + queuedMs);
  const done = new Date(started.getTime() + ranMs).toISOString();
  return {
    id: `${type}-${queuedMs}-${ranMs}`,
    type,
    status: 'completed',
    attempts,
    maxAttempts: 3,
    createdAt: T0.toISOString(),
    updatedAt: done,
    startedAt: started.toISOString(),
    finishedAt: done,
  };
}

describe('stats windows', () => {
  it('measures queue wait (created → started) and run time (started → finished) per type', () => {
    const builder = new WindowBuilder();
    builder.add('completed', finished('email', 100, 1000));
    builder.add('completed', finished('email', 300, 3000));
    builder.add('failed', finished('resize', 50, 20, 3));
    builder.add('canceled', finished('resize', 10, 5));
    const record = builder.build(T0.toISOString(), later(60).toISOString());
    const email = mergeWindows([record], 'email').stats;
    expect(email).toMatchObject({ seconds: 60, completed: 2, failed: 0, completedPerSecond: 2 / 60 });
    expect(near(email.queueWaitMs.p50, 100)).toBe(true);
    expect(near(email.runTimeMs.p99, 3000)).toBe(true);
    const resize = mergeWindows([record], 'resize');
    expect(resize.stats).toMatchObject({ failed: 1, canceled: 1, failedPerSecond: 1 / 60 });
    // The canceled attempt's times are left out; the failed job's three attempts count for cost.
    expect(resize.cost).toEqual({ jobs: 1, attempts: 3, attemptRunMs: 60 });
    expect(mergeWindows([record]).stats).toMatchObject({ completed: 2, failed: 1, canceled: 1 });
  });

  it('merges consecutive windows into one span: rates over the whole span', () => {
    const windows = [0, 1, 2].map((i) =>
      aWindow(later(i * 60), later((i + 1) * 60), 'noop', 30, 100 * (i + 1)),
    );
    const hour = mergeWindows(windows).stats;
    expect(hour).toMatchObject({ seconds: 180, completed: 90, completedPerSecond: 0.5 });
    expect(near(hour.runTimeMs.p50, 200)).toBe(true);
    expect(near(hour.runTimeMs.p99, 300)).toBe(true);
  });

  it('picks the windows that ended within the last minute or hour, always the current one', () => {
    const windows = [0, 1, 2].map((i) => aWindow(later(i * 60), later((i + 1) * 60)));
    expect(recordsWithin(windows, later(180), 60)).toEqual([windows[2]]);
    expect(recordsWithin(windows, later(180), 3600)).toEqual(windows);
    // The first run's window spans an hour: "the last minute" is then that window.
    const first = aWindow(later(-3600), later(0));
    expect(mergeWindows(recordsWithin([first], later(0), 60)).stats.seconds).toBe(3600);
  });

  it('gives zero rates and no percentiles for no windows or an empty type', () => {
    expect(mergeWindows([]).stats).toMatchObject({
      seconds: 0,
      completedPerSecond: 0,
      runTimeMs: { p50: null },
    });
    expect(mergeWindows([aWindow(later(0), later(60))], 'email').stats).toMatchObject({
      seconds: 60,
      completed: 0,
      queueWaitMs: { p50: null, p95: null, p99: null },
    });
  });
});
