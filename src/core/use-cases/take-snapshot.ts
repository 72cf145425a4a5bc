import type { Clock, JobStore, QueueMonitor, SnapshotStore } from '../ports.ts';
import { type StatsSnapshot, workersBusy } from '../stats.ts';
import { countJobs } from './count-jobs.ts';

export interface TakeSnapshotDeps {
  readonly store: JobStore;
  readonly snapshots: SnapshotStore;
  readonly queue: QueueMonitor;
  readonly deadLetterQueue: QueueMonitor;
  readonly workerLimit: number;
  readonly clock: Clock;
}

export async function takeSnapshot(deps: TakeSnapshotDeps): Promise<StatsSnapshot> {
  const takenAt = deps.clock.now().toISOString();
  const [counts, queue, deadLetterQueue] = await Promise.all([
    countJobs(deps.store),
    deps.queue.depth(),
    deps.deadLetterQueue.depth(),
  ]);
  const snapshot: StatsSnapshot = {
    takenAt,
    counts,
    queue,
    deadLetterQueue,
    workers: { limit: deps.workerLimit, busy: workersBusy(counts, deps.workerLimit) },
  };
  await deps.snapshots.save(snapshot);
  return snapshot;
}
