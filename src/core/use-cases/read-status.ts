import type { JobStore, SnapshotStore } from '../ports.ts';
import { type StatusCounts, workersBusy } from '../stats.ts';
import { countJobs } from './count-jobs.ts';

export interface StatusView extends StatusCounts {
  /** Worker instances the stack allows at once (the event source's maximum concurrency). */
  readonly workers: number;
  readonly workersBusy: number;
  /** Queue depth as of the last stats snapshot (the counts above are live). */
  readonly queue: { readonly visible: number; readonly inFlight: number; readonly delayed: number } | null;
  readonly deadLetterQueue: { readonly visible: number } | null;
  readonly snapshotAt: string | null;
}

export interface ReadStatusDeps {
  readonly store: JobStore;
  readonly snapshots: SnapshotStore;
  readonly workerLimit: number;
}

export async function readStatus(deps: ReadStatusDeps): Promise<StatusView> {
  const [counts, snapshot] = await Promise.all([countJobs(deps.store), deps.snapshots.latest()]);
  return {
    ...counts,
    workers: deps.workerLimit,
    workersBusy: workersBusy(counts, deps.workerLimit),
    queue: snapshot?.queue ?? null,
    deadLetterQueue: snapshot ? { visible: snapshot.deadLetterQueue.visible } : null,
    snapshotAt: snapshot?.takenAt ?? null,
  };
}
