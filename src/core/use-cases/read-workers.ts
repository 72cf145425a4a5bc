import { collect } from '../iterate.ts';
import { type Clock, type JobStore, type SnapshotStore, systemClock } from '../ports.ts';
import { workersView } from '../stats/workers.ts';
import type { WorkersView } from '../stats.ts';

export interface ReadWorkersDeps {
  readonly store: JobStore;
  readonly snapshots: SnapshotStore;
  readonly workerLimit: number;
  readonly clock?: Clock;
}

/** GET /workers: the instances the last snapshot knows, brought up to now with the jobs running now. */
export async function readWorkers(deps: ReadWorkersDeps): Promise<WorkersView> {
  const now = (deps.clock ?? systemClock).now();
  const [snapshot, running] = await Promise.all([
    deps.snapshots.latest(),
    collect(deps.store.listChanged('running')),
  ]);
  return workersView(snapshot?.workers.instances ?? [], running, now, deps.workerLimit);
}
