import { collect } from '../iterate.ts';
import { type Clock, type JobStore, type SnapshotStore, systemClock } from '../ports.ts';
import { failureOf, mergeFailures } from '../stats/failures.ts';
import { WindowBuilder, type WindowRecord } from '../stats/window.ts';
import type { FailureRecord, StatsSnapshot, StatusView } from '../stats.ts';
import { liveWorkers } from './read-workers.ts';
import { FIRST_LOOKBACK_SECONDS } from './take-snapshot.ts';

export type { StatusView } from '../stats.ts';

export interface ReadStatusDeps {
  readonly store: JobStore;
  readonly snapshots: SnapshotStore;
  readonly workerLimit: number;
  readonly clock?: Clock;
}

export const THROUGHPUT_WINDOW_SECONDS = 60;

/**
 * GET /status: the latest snapshot brought up to now with a few small live reads — the jobs pending
 * and running, and what changed since the snapshot's coveredUntil (about a minute), never all jobs.
 * Before the first snapshot, totals count from FIRST_LOOKBACK_SECONDS back, as the first run will.
 */
export async function readStatus(deps: ReadStatusDeps): Promise<StatusView> {
  return statusAt(deps, await deps.snapshots.latest());
}

/** readStatus from a snapshot already read. */
export async function statusAt(
  deps: ReadStatusDeps,
  snapshot: StatsSnapshot | undefined,
): Promise<StatusView> {
  return (await liveStatus(deps, snapshot)).status;
}

export interface LiveStatus {
  readonly status: StatusView;
  /** The jobs that completed or failed since the snapshot's coveredUntil, as a stats window would hold them. */
  readonly finishedSince: WindowRecord;
}

/** statusAt, keeping the window of jobs it read as finished since the snapshot (GET /metrics' latencies). */
export async function liveStatus(
  deps: ReadStatusDeps,
  snapshot: StatsSnapshot | undefined,
): Promise<LiveStatus> {
  const now = (deps.clock ?? systemClock).now();
  const since = new Date(snapshot?.coveredUntil ?? now.getTime() - FIRST_LOOKBACK_SECONDS * 1000);
  const minuteAgo = new Date(now.getTime() - THROUGHPUT_WINDOW_SECONDS * 1000);
  const { store } = deps;
  // The jobs completed and failed since the snapshot are read once: for the workers and the totals.
  const [waiting, scheduled, pending, live, canceled, completedLastMinute, failedLastMinute, newestFailure] =
    await Promise.all([
      store.countByStatus('waiting'),
      store.countByStatus('scheduled'),
      store.countByStatus('pending'),
      liveWorkers(store, snapshot, now, deps.workerLimit, since),
      store.countChanged('canceled', { after: since }),
      store.countChanged('completed', { after: minuteAgo }),
      store.countChanged('failed', { after: minuteAgo }),
      lastFailure(store, since, snapshot?.lastFailures[0]),
    ]);
  const workers = live.view;
  const finished = new WindowBuilder();
  for (const job of live.completedSince) finished.add('completed', job);
  for (const job of live.failedSince) finished.add('failed', job);
  const status: StatusView = {
    waiting,
    scheduled,
    pending,
    running: live.running,
    completed: (snapshot?.counts.completed ?? 0) + live.completedSince.length,
    failed: (snapshot?.counts.failed ?? 0) + live.failedSince.length,
    canceled: (snapshot?.counts.canceled ?? 0) + canceled,
    workers: deps.workerLimit,
    workersBusy: workers.busy,
    workersAlive: workers.alive,
    queue: snapshot?.queue ?? null,
    queues: snapshot?.queues ?? null,
    deadLetterQueue: snapshot?.deadLetterQueue ?? null,
    throughput: {
      completedPerSecond: completedLastMinute / THROUGHPUT_WINDOW_SECONDS,
      failedPerSecond: failedLastMinute / THROUGHPUT_WINDOW_SECONDS,
      windowSeconds: THROUGHPUT_WINDOW_SECONDS,
    },
    lastFailure: newestFailure,
    snapshotAt: snapshot?.takenAt ?? null,
  };
  return { status, finishedSince: finished.build(since.toISOString(), now.toISOString()) };
}

/** The newest failed attempt: the newest failed job, a retry waiting since the snapshot, or the snapshot's. */
async function lastFailure(
  store: JobStore,
  since: Date,
  fromSnapshot: FailureRecord | undefined,
): Promise<FailureRecord | null> {
  const [newestFailed, retrying] = await Promise.all([
    store.listNewest('failed', { limit: 1 }),
    collect(store.listChanged('pending', { after: since, retryingOnly: true })),
  ]);
  const live = [...newestFailed.jobs, ...retrying].map(failureOf);
  return mergeFailures([live, fromSnapshot ? [fromSnapshot] : []], 1)[0] ?? null;
}
