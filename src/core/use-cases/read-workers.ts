import { collect } from '../iterate.ts';
import { type Clock, type JobStore, type JobSummary, type SnapshotStore, systemClock } from '../ports.ts';
import { mergeInstances, WorkerTally, workersView } from '../stats/workers.ts';
import { type StatsSnapshot, WORKER_ALIVE_SECONDS, type WorkersView } from '../stats.ts';

export interface ReadWorkersDeps {
  readonly store: JobStore;
  readonly snapshots: SnapshotStore;
  readonly workerLimit: number;
  readonly clock?: Clock;
}

/** GET /workers: the instances the last snapshot knows, brought up to now. */
export async function readWorkers(deps: ReadWorkersDeps): Promise<WorkersView> {
  const now = (deps.clock ?? systemClock).now();
  const snapshot = await deps.snapshots.latest();
  return (await liveWorkers(deps.store, snapshot, now, deps.workerLimit)).view;
}

export interface LiveWorkers {
  readonly view: WorkersView;
  /** Jobs in status running now (some may have lost their worker: see workersView). */
  readonly running: number;
  /** Jobs that completed and failed since `since` (read here anyway; GET /status adds them to its totals). */
  readonly completedSince: readonly JobSummary[];
  readonly failedSince: readonly JobSummary[];
}

/**
 * The snapshot's instances plus what the jobs changed since it say: those running a job now, and those
 * that finished or failed one since (about a minute of jobs, never all). Without a snapshot yet, the
 * last WORKER_ALIVE_SECONDS are read unless `since` says otherwise, so a new stack's workers show as
 * alive at once.
 */
export async function liveWorkers(
  store: JobStore,
  snapshot: StatsSnapshot | undefined,
  now: Date,
  limit: number,
  since = new Date(snapshot?.coveredUntil ?? now.getTime() - WORKER_ALIVE_SECONDS * 1000),
): Promise<LiveWorkers> {
  const [running, completed, failed, retrying] = await Promise.all([
    collect(store.listChanged('running')),
    collect(store.listChanged('completed', { after: since })),
    collect(store.listChanged('failed', { after: since })),
    collect(store.listChanged('pending', { after: since, retryingOnly: true })),
  ]);
  const tally = new WorkerTally();
  for (const job of completed) tally.finished(job, false);
  for (const job of failed) tally.finished(job, true);
  for (const job of retrying) tally.retried(job);
  const known = mergeInstances(snapshot?.workers.instances ?? [], tally.instances());
  return {
    view: workersView(known, running, now, limit),
    running: running.length,
    completedSince: completed,
    failedSince: failed,
  };
}
