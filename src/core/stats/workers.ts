import { leaseLapsed } from '../claim.ts';
import type { JobSummary } from '../ports.ts';
import { WORKER_ALIVE_SECONDS, type WorkerInstance, type WorkersView } from '../stats.ts';

/** Instances not seen for this long leave the workers view (and the snapshot). */
export const WORKER_FORGET_SECONDS = 3600;
/** Bounds the snapshot item on a stack that churns through many execution environments. */
export const MAX_WORKER_INSTANCES = 500;

interface Activity {
  jobsDone: number;
  failures: number;
  lastSeen: string;
}

/** What each worker instance did in one window, from the jobs that changed in it. */
export class WorkerTally {
  readonly #byId = new Map<string, Activity>();

  /** A job that finished for good (completed or failed) on this instance. */
  finished(job: JobSummary, failed: boolean): void {
    this.#count(job, 1, failed ? 1 : 0);
  }

  /** A failed attempt that will be retried. */
  retried(job: JobSummary): void {
    this.#count(job, 0, 1);
  }

  instances(): WorkerInstance[] {
    return [...this.#byId].map(([id, a]) => ({ id, status: 'idle' as const, ...a }));
  }

  #count(job: JobSummary, done: number, failures: number): void {
    if (!job.workerId) return;
    const a = this.#byId.get(job.workerId) ?? { jobsDone: 0, failures: 0, lastSeen: job.updatedAt };
    a.jobsDone += done;
    a.failures += failures;
    if (job.updatedAt > a.lastSeen) a.lastSeen = job.updatedAt;
    this.#byId.set(job.workerId, a);
  }
}

/** Adds the counts of instances listed more than once; keeps the latest lastSeen. */
export function mergeInstances(...lists: readonly (readonly WorkerInstance[])[]): WorkerInstance[] {
  const byId = new Map<string, WorkerInstance>();
  for (const instance of lists.flat()) {
    const known = byId.get(instance.id);
    byId.set(
      instance.id,
      known
        ? {
            id: instance.id,
            status: known.status === 'busy' || instance.status === 'busy' ? 'busy' : 'idle',
            jobsDone: known.jobsDone + instance.jobsDone,
            failures: known.failures + instance.failures,
            lastSeen: latest(known.lastSeen, instance.lastSeen),
          }
        : instance,
    );
  }
  return [...byId.values()];
}

/**
 * The workers view at `now`: the known instances plus those running a job now (a running job whose
 * lease lapsed has lost its worker and is not counted). Busy instances are alive whatever their
 * last-seen time; instances unseen for an hour are dropped.
 */
export function workersView(
  known: readonly WorkerInstance[],
  running: readonly JobSummary[],
  now: Date,
  limit: number,
): WorkersView {
  const live = running.filter((job) => !leaseLapsed(job, now));
  const busyIds = new Set(live.flatMap((job) => (job.workerId ? [job.workerId] : [])));
  // Jobs claimed without an instance id (older workers) still occupy a worker.
  const anonymous = live.filter((job) => !job.workerId).length;
  const runningNow: WorkerInstance[] = live.flatMap((job) =>
    job.workerId
      ? [
          {
            id: job.workerId,
            status: 'busy',
            jobsDone: 0,
            failures: 0,
            lastSeen: job.startedAt ?? job.updatedAt,
          },
        ]
      : [],
  );
  const forgetBefore = new Date(now.getTime() - WORKER_FORGET_SECONDS * 1000).toISOString();
  const aliveAfter = new Date(now.getTime() - WORKER_ALIVE_SECONDS * 1000).toISOString();
  const instances = mergeInstances(
    known.map((i) => ({ ...i, status: 'idle' as const })),
    runningNow,
  )
    .map((i) => (busyIds.has(i.id) ? { ...i, status: 'busy' as const } : i))
    .filter((i) => i.status === 'busy' || i.lastSeen >= forgetBefore)
    .sort((a, b) => b.lastSeen.localeCompare(a.lastSeen) || a.id.localeCompare(b.id))
    .slice(0, MAX_WORKER_INSTANCES);
  const alive = instances.filter((i) => i.status === 'busy' || i.lastSeen >= aliveAfter).length;
  return { limit, alive: alive + anonymous, busy: busyIds.size + anonymous, instances };
}

/** The later of two ISO instants (they sort as strings). */
function latest(a: string, b: string): string {
  return a.localeCompare(b) >= 0 ? a : b;
}
