import { Histogram } from '../../src/core/stats/histogram.ts';
import type { WindowRecord } from '../../src/core/stats/window.ts';
import type {
  HeldBackStats,
  StatsPoint,
  StatsSnapshot,
  StatusView,
  WindowStats,
} from '../../src/core/stats.ts';
import { emptyCounts } from '../../src/core/stats.ts';

export function emptyWindow(seconds = 60): WindowStats {
  const none = { p50: null, p95: null, p99: null };
  return {
    seconds,
    completed: 0,
    failed: 0,
    canceled: 0,
    completedPerSecond: 0,
    failedPerSecond: 0,
    queueWaitMs: none,
    runTimeMs: none,
  };
}

/** A snapshot as a stats run would store it, covering up to `coveredUntil`. */
export function aSnapshot(coveredUntil: Date, overrides: Partial<StatsSnapshot> = {}): StatsSnapshot {
  const depth = { visible: 0, inFlight: 0, delayed: 0 };
  return {
    takenAt: new Date(coveredUntil.getTime() + 10_000).toISOString(),
    coveredUntil: coveredUntil.toISOString(),
    counts: emptyCounts(),
    lastMinute: emptyWindow(),
    lastHour: emptyWindow(3600),
    byType: {},
    queue: depth,
    deadLetterQueue: depth,
    workers: { limit: 4, alive: 0, busy: 0, instances: [] },
    lastFailures: [],
    costPerJobUsd: null,
    ...overrides,
  };
}

/**
 * A snapshot's holds by job limits: 15 in the last hour (resize 12, email 3), 240 in all; `report`
 * was held back earlier but not this hour.
 */
export function aHeldBackStats(overrides: Partial<HeldBackStats> = {}): HeldBackStats {
  return {
    total: 240,
    lastMinute: 2,
    lastHour: 15,
    byType: {
      email: { total: 40, lastHour: 3 },
      report: { total: 185, lastHour: 0 },
      resize: { total: 15, lastHour: 12 },
    },
    ...overrides,
  };
}

export function aPoint(at: Date, overrides: Partial<StatsPoint> = {}): StatsPoint {
  return {
    at: at.toISOString(),
    ...emptyWindow(),
    pending: 0,
    running: 0,
    queueVisible: 0,
    deadLetters: 0,
    workersBusy: 0,
    ...overrides,
  };
}

/** A window record in which `completed` jobs of `type` each ran `runMs`. */
export function aWindow(from: Date, to: Date, type = 'noop', completed = 1, runMs = 100): WindowRecord {
  const runTime = new Histogram().add(runMs, completed).toData();
  const queueWait = new Histogram().add(10, completed).toData();
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    byType: {
      [type]: {
        completed,
        failed: 0,
        canceled: 0,
        queueWaitMs: queueWait,
        runTimeMs: runTime,
        cost: { jobs: completed, attempts: completed, attemptRunMs: completed * runMs },
      },
    },
  };
}

/** Whether a histogram's estimate is within its relative error (≈ 4.8 %) of the exact value. */
export function near(estimate: number | null, exact: number): boolean {
  return estimate !== null && Math.abs(estimate - exact) <= exact * 0.05;
}

/**
 * GET /status with the seed's example numbers (5 pending, 3 running, 42 completed, 1 failed, 4/4 workers);
 * the queue's 5 waiting and 3 in flight are split over the priorities' queues.
 */
export function aStatusView(overrides: Partial<StatusView> = {}): StatusView {
  return {
    waiting: 0,
    scheduled: 0,
    pending: 5,
    running: 3,
    completed: 42,
    failed: 1,
    canceled: 0,
    workers: 4,
    workersBusy: 3,
    workersAlive: 4,
    queue: { visible: 5, inFlight: 3, delayed: 0 },
    queues: {
      high: { visible: 1, inFlight: 1, delayed: 0 },
      default: { visible: 4, inFlight: 2, delayed: 0 },
      low: { visible: 0, inFlight: 0, delayed: 0 },
    },
    deadLetterQueue: { visible: 0, inFlight: 0, delayed: 0 },
    throughput: { completedPerSecond: 14.2, failedPerSecond: 0, windowSeconds: 60 },
    lastFailure: null,
    snapshotAt: null,
    ...overrides,
  };
}
