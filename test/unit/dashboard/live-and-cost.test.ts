import { describe, expect, it } from 'vitest';
import {
  addLiveSample,
  EMPTY_LIVE,
  formatCostPerMillion,
  LIVE_KEPT_MS,
  type LiveSeries,
  throughputWithLive,
  trimLive,
  typeRows,
} from '../../../dashboard/client/model.ts';
import type { TypeStats } from '../../../src/core/stats.ts';
import { aPoint, aStatusView, emptyWindow } from '../../helpers/stats.ts';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const sample = (completed: number, failed = 0, completedPerSecond = 0.5, failedPerSecond = 0) =>
  aStatusView({ completed, failed, throughput: { completedPerSecond, failedPerSecond, windowSeconds: 60 } });

describe("the throughput chart's live line", () => {
  it("starts from the API's last-minute rate, then follows the totals' growth per second", () => {
    let live: LiveSeries = addLiveSample(EMPTY_LIVE, sample(10, 1, 0.5, 0.25), T0);
    expect(live.points).toEqual([{ at: T0, perSecond: 0.75 }]);
    // 11 → 17 finished (completed and failed alike) in 2 s.
    live = addLiveSample(live, sample(15, 2), T0 + 2_000);
    expect(live.points.at(-1)).toEqual({ at: T0 + 2_000, perSecond: 3 });
    // Over the seconds that really passed: a slow refresh is no faster a rate.
    live = addLiveSample(live, sample(20, 2), T0 + 4_500);
    expect(live.points.at(-1)).toEqual({ at: T0 + 4_500, perSecond: 2 });
    live = addLiveSample(live, sample(20, 2), T0 + 6_500);
    expect(live.points.at(-1)).toEqual({ at: T0 + 6_500, perSecond: 0 });
    expect(live.points).toHaveLength(4);
  });

  it('counts a total that shrank (a failure retried, jobs expired) as none finished', () => {
    let live = addLiveSample(EMPTY_LIVE, sample(10, 5), T0);
    live = addLiveSample(live, sample(11, 0), T0 + 2_000);
    expect(live.points.at(-1)?.perSecond).toBe(0);
    expect(live.last).toEqual({ at: T0 + 2_000, finished: 11 });
  });

  it('skips a sample too close to the last (a refresh after a click) and keeps the same series', () => {
    const first = addLiveSample(EMPTY_LIVE, sample(10), T0);
    expect(addLiveSample(first, sample(11), T0 + 300)).toBe(first);
    // The next one measures from the sample kept.
    expect(addLiveSample(first, sample(14), T0 + 2_000).points.at(-1)?.perSecond).toBe(2);
  });

  it("starts over from the API's rate after a pause (the tab was hidden)", () => {
    const first = addLiveSample(EMPTY_LIVE, sample(10), T0);
    const after = addLiveSample(first, sample(500, 0, 1.5), T0 + 5 * 60_000);
    expect(after.points.at(-1)).toEqual({ at: T0 + 5 * 60_000, perSecond: 1.5 });
  });

  it('keeps the last 10 minutes of points', () => {
    const points = [0, 60_000, 5 * 60_000, 11 * 60_000].map((ms) => ({ at: T0 + ms, perSecond: 1 }));
    expect(trimLive(points, T0 + 11 * 60_000).map((p) => p.at - T0)).toEqual([
      60_000,
      5 * 60_000,
      11 * 60_000,
    ]);
    expect(trimLive(points, T0 + LIVE_KEPT_MS).map((p) => p.at - T0)).toEqual([
      0,
      60_000,
      5 * 60_000,
      11 * 60_000,
    ]);

    // A page left open: 20 minutes of samples every 2 s, 10 minutes of them kept.
    let live = EMPTY_LIVE;
    for (let ms = 0; ms <= 20 * 60_000; ms += 2_000) live = addLiveSample(live, sample(ms / 2_000), T0 + ms);
    expect(live.points).toHaveLength(LIVE_KEPT_MS / 2_000 + 1);
    expect(live.points[0]?.at).toBe(T0 + 10 * 60_000);
    expect(live.points.every((p) => p.perSecond === 0.5)).toBe(true);
  });

  it('puts the history and the live line on one time axis, each null at the instants of the other', () => {
    const history = [
      aPoint(new Date(T0), { completedPerSecond: 0.1, failedPerSecond: 0 }),
      aPoint(new Date(T0 + 60_000), { completedPerSecond: 0.2, failedPerSecond: 0.05 }),
    ];
    const live = [
      { at: T0 + 30_000, perSecond: 3 },
      { at: T0 + 60_000, perSecond: 4 },
      { at: T0 + 62_000, perSecond: 5 },
    ];
    const s = T0 / 1000;
    expect(throughputWithLive(history, live)).toEqual([
      [s, s + 30, s + 60, s + 62],
      [0.1, null, 0.2, null],
      [0, null, 0.05, null],
      [null, 3, 4, 5],
    ]);
    expect(throughputWithLive([], [])).toEqual([[], [], [], []]);
    expect(throughputWithLive([], live.slice(0, 1))).toEqual([[s + 30], [null], [null], [3]]);
  });
});

describe('the cost per job type', () => {
  it('shows dollars per million jobs, and a dash for none', () => {
    expect(formatCostPerMillion(0.00000412)).toBe('$4.12 / M');
    expect(formatCostPerMillion(0.0000004)).toBe('$0.40 / M');
    expect(formatCostPerMillion(0.000000001234)).toBe('$0.0012 / M');
    expect(formatCostPerMillion(0)).toBe('$0.00 / M');
    expect(formatCostPerMillion(0.0025)).toBe('$2,500 / M');
    expect(formatCostPerMillion(null)).toBe('—');
    expect(formatCostPerMillion(undefined)).toBe('—');
    expect(formatCostPerMillion(Number.NaN)).toBe('—');
  });

  it("lists each type's last hour and cost by name, null where the snapshot has no cost", () => {
    const stats = (completed: number, failed: number, costPerJobUsd: number | null): TypeStats => ({
      counts: { waiting: 0, scheduled: 0, pending: 0, running: 0, completed, failed, canceled: 0 },
      lastMinute: emptyWindow(),
      lastHour: { ...emptyWindow(3600), completed, failed, runTimeMs: { p50: 120, p95: 300, p99: 400 } },
      costPerJobUsd,
    });
    const { costPerJobUsd: _c, ...older } = stats(1, 0, null);
    expect(
      typeRows({
        resize: stats(40, 2, 0.00000412),
        email: stats(3, 0, null),
        legacy: older as TypeStats,
      }),
    ).toEqual([
      { type: 'email', completed: 3, failed: 0, runTimeP50: 120, costPerJobUsd: null },
      { type: 'legacy', completed: 1, failed: 0, runTimeP50: 120, costPerJobUsd: null },
      { type: 'resize', completed: 40, failed: 2, runTimeP50: 120, costPerJobUsd: 0.00000412 },
    ]);
    expect(typeRows(undefined)).toEqual([]);
  });
});
