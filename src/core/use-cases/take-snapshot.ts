import { collect } from '../iterate.ts';
import type {
  Clock,
  HoldTally,
  JobStore,
  QueueDepth,
  QueueMonitor,
  SnapshotStore,
  StatsHistory,
} from '../ports.ts';
import type { PerPriority } from '../priority.ts';
import { failureOf, isRetrying, mergeFailures } from '../stats/failures.ts';
import { type CostModel, costPerJobUsd, DEFAULT_COST_MODEL } from '../stats/job-cost.ts';
import { addLatency } from '../stats/latency.ts';
import {
  type FinishedStatus,
  mergeWindows,
  recordsWithin,
  WindowBuilder,
  windowTypes,
} from '../stats/window.ts';
import { mergeInstances, WorkerTally, workersView } from '../stats/workers.ts';
import {
  type FailureRecord,
  type HeldBackStats,
  type StatsPoint,
  type StatsSnapshot,
  type StatusCounts,
  type TypeStats,
  totalDepth,
} from '../stats.ts';
import type { JobStatus } from '../status.ts';

/**
 * Writes whose updatedAt was taken just before a run but land just after its query would be missed
 * by a window ending at the run's own clock; ending it this much earlier leaves them to the next run.
 */
export const SETTLE_SECONDS = 10;
/** The first run (no snapshot yet) starts its totals from this far back. */
export const FIRST_LOOKBACK_SECONDS = 3600;
/** History kept: a day of charts, plus an hour of margin. */
export const HISTORY_KEEP_SECONDS = 25 * 3600;

const FINISHED: readonly FinishedStatus[] = ['completed', 'failed', 'canceled'];

export interface TakeSnapshotDeps {
  readonly store: JobStore;
  readonly snapshots: SnapshotStore;
  readonly history: StatsHistory;
  /** The jobs queue of each priority. */
  readonly queues: PerPriority<QueueMonitor>;
  readonly deadLetterQueue: QueueMonitor;
  readonly workerLimit: number;
  readonly clock: Clock;
  readonly cost?: CostModel;
  /** Where the worker counts holds by limits; without it the snapshot has no heldBack. */
  readonly holds?: HoldTally;
}

/**
 * One stats run. It reads only what changed since the previous run's `coveredUntil` (the jobs that
 * finished, through the byStatus index), the pending and running jobs (bounded by the backlog and
 * the worker concurrency) and the last hour of stored windows; never the whole job history. Totals
 * (counts and latency histograms) are the previous snapshot's plus this window's.
 */
export async function takeSnapshot(deps: TakeSnapshotDeps): Promise<StatsSnapshot> {
  const now = deps.clock.now();
  const previous = await deps.snapshots.latest();
  const from = previous
    ? new Date(previous.coveredUntil)
    : new Date(now.getTime() - FIRST_LOOKBACK_SECONDS * 1000);
  const end = new Date(now.getTime() - SETTLE_SECONDS * 1000);
  const to = end > from ? end : from;
  const hasWindow = to > from;

  const builder = new WindowBuilder();
  const tally = new WorkerTally();
  const failures: FailureRecord[] = [];
  // Finished jobs are folded in as the pages arrive: memory follows the page, not the window.
  const fold = async (status: FinishedStatus) => {
    for await (const job of deps.store.listChanged(status, { after: from, until: to })) {
      builder.add(status, job);
      if (status === 'canceled') continue;
      tally.finished(job, status === 'failed');
      if (status === 'failed') failures.push(failureOf(job));
    }
  };
  const [waiting, scheduled, pending, running, queues, deadLetterQueue, stored, heldBack] = await Promise.all(
    [
      collect(deps.store.listChanged('waiting')),
      collect(deps.store.listChanged('scheduled')),
      collect(deps.store.listChanged('pending')),
      collect(deps.store.listChanged('running')),
      depthsOf(deps.queues),
      deps.deadLetterQueue.depth(),
      deps.history.windows(new Date(to.getTime() - 3600 * 1000)),
      heldBackStats(deps.holds, previous?.heldBack, from, to),
      ...(hasWindow ? FINISHED.map(fold) : []),
    ],
  );

  const queue = totalDepth(queues);
  const fromIso = from.toISOString();
  const toIso = to.toISOString();
  for (const job of pending) {
    if (!isRetrying(job) || job.updatedAt <= fromIso || job.updatedAt > toIso) continue;
    tally.retried(job);
    failures.push(failureOf(job));
  }

  const window = hasWindow ? builder.build(fromIso, toIso) : undefined;
  // Only windows before this one: a record past `from` would belong to a run that raced this one.
  const records = [...stored.filter((r) => r.to <= fromIso), ...(window ? [window] : [])];
  const lastMinute = recordsWithin(records, to, 60);
  const lastHour = recordsWithin(records, to, 3600);
  const costModel = deps.cost ?? DEFAULT_COST_MODEL;

  const types = new Set([
    ...Object.keys(previous?.byType ?? {}),
    ...windowTypes(lastHour),
    ...waiting.map((j) => j.type),
    ...scheduled.map((j) => j.type),
    ...pending.map((j) => j.type),
    ...running.map((j) => j.type),
  ]);
  const ofType = (jobs: readonly { readonly type: string }[], type: string) =>
    jobs.filter((j) => j.type === type).length;
  const byType: Record<string, TypeStats> = {};
  for (const type of [...types].sort()) {
    const hour = mergeWindows(lastHour, type);
    byType[type] = {
      counts: totals(previous?.byType[type]?.counts, window?.byType[type], {
        waiting: ofType(waiting, type),
        scheduled: ofType(scheduled, type),
        pending: ofType(pending, type),
        running: ofType(running, type),
      }),
      lastMinute: mergeWindows(lastMinute, type).stats,
      lastHour: hour.stats,
      costPerJobUsd: costPerJobUsd(hour.cost, costModel),
      latency: addLatency(previous?.byType[type]?.latency, window?.byType[type]),
    };
  }

  const hour = mergeWindows(lastHour);
  const windowTotals = window ? mergeWindows([window]).stats : undefined;
  const workers = workersView(
    mergeInstances(previous?.workers.instances ?? [], tally.instances()),
    running,
    now,
    deps.workerLimit,
  );
  const snapshot: StatsSnapshot = {
    takenAt: now.toISOString(),
    coveredUntil: toIso,
    counts: totals(previous?.counts, windowTotals, {
      waiting: waiting.length,
      scheduled: scheduled.length,
      pending: pending.length,
      running: running.length,
    }),
    lastMinute: mergeWindows(lastMinute).stats,
    lastHour: hour.stats,
    byType,
    queue,
    queues,
    deadLetterQueue,
    workers,
    lastFailures: mergeFailures([failures, previous?.lastFailures ?? []]),
    costPerJobUsd: costPerJobUsd(hour.cost, costModel),
    latency: addLatency(previous?.latency, ...Object.values(window?.byType ?? {})),
    ...(heldBack ? { heldBack } : {}),
  };
  const point: StatsPoint | undefined = windowTotals && {
    at: toIso,
    ...windowTotals,
    pending: pending.length,
    running: running.length,
    queueVisible: queue.visible,
    deadLetters: deadLetterQueue.visible + deadLetterQueue.inFlight + deadLetterQueue.delayed,
    workersBusy: workers.busy,
  };
  await deps.snapshots.save({
    snapshot,
    previousCoveredUntil: previous?.coveredUntil ?? null,
    ...(point && window ? { point, window } : {}),
  });
  await deps.history.prune(new Date(now.getTime() - HISTORY_KEEP_SECONDS * 1000));
  return snapshot;
}

/** Live gauges for the unfinished statuses; running totals for the finished ones. */
function totals(
  previous: StatusCounts | undefined,
  window: Pick<Record<JobStatus, number>, FinishedStatus> | undefined,
  live: Omit<StatusCounts, FinishedStatus>,
): StatusCounts {
  const add = (status: FinishedStatus) => (previous?.[status] ?? 0) + (window?.[status] ?? 0);
  return { ...live, completed: add('completed'), failed: add('failed'), canceled: add('canceled') };
}

async function depthsOf(monitors: PerPriority<QueueMonitor>): Promise<PerPriority<QueueDepth>> {
  const [high, normal, low] = await Promise.all([
    monitors.high.depth(),
    monitors.default.depth(),
    monitors.low.depth(),
  ]);
  return { high, default: normal, low };
}

/**
 * The holds of this run's window added to the previous totals, and the last hour's, read from the
 * tally (a minute counts once it is over, so none is counted twice or while it may still grow).
 */
async function heldBackStats(
  holds: HoldTally | undefined,
  previous: HeldBackStats | undefined,
  from: Date,
  to: Date,
): Promise<HeldBackStats | undefined> {
  if (!holds) return undefined;
  const [window, hour] = await Promise.all([
    to > from ? holds.read(from, to) : Promise.resolve<Record<string, number>>({}),
    holds.read(new Date(to.getTime() - 3600 * 1000), to),
  ]);
  const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
  const types = new Set([
    ...Object.keys(previous?.byType ?? {}),
    ...Object.keys(window),
    ...Object.keys(hour),
  ]);
  const byType: Record<string, { total: number; lastHour: number }> = {};
  for (const type of types)
    byType[type] = {
      total: (previous?.byType[type]?.total ?? 0) + (window[type] ?? 0),
      lastHour: hour[type] ?? 0,
    };
  const lastMinute = await holds.read(new Date(to.getTime() - 60_000), to);
  return {
    total: (previous?.total ?? 0) + sum(window),
    lastMinute: sum(lastMinute),
    lastHour: sum(hour),
    byType,
  };
}
