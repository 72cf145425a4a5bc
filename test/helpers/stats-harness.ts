import { createMemoryJobStore } from '../../src/adapters/memory/job-store.ts';
import { createMemorySnapshotStore } from '../../src/adapters/memory/snapshot-store.ts';
import type { Job } from '../../src/core/job.ts';
import type { JobStore, QueueDepth } from '../../src/core/ports.ts';
import type { TakeSnapshotDeps } from '../../src/core/use-cases/take-snapshot.ts';
import { aJob, later } from './jobs.ts';

export interface Life {
  readonly type?: string;
  /** Seconds after T0 for each step; a step left out is not taken. */
  readonly created: number;
  readonly started?: number;
  readonly finished?: number;
  readonly outcome?: 'completed' | 'failed' | 'retrying' | 'canceled';
  readonly worker?: string;
  readonly error?: string;
}

/** Takes a job through its life at the given times (seconds after T0) on any JobStore. */
export async function live(store: JobStore, life: Life): Promise<Job> {
  const job = aJob({ type: life.type ?? 'noop', now: later(life.created) });
  await store.create(job);
  if (life.started === undefined) return job;
  await store.claim(
    job.id,
    later(life.started),
    later(life.started + 900),
    life.worker ? { workerId: life.worker } : {},
  );
  if (life.finished === undefined) return job;
  const at = later(life.finished);
  const error = { name: 'Error', message: life.error ?? 'boom' };
  if (life.outcome === 'failed') await store.fail(job.id, 1, error, { status: 'failed' }, at);
  else if (life.outcome === 'retrying')
    await store.fail(job.id, 1, error, { status: 'pending', retryAt: later(life.finished + 30) }, at);
  else if (life.outcome === 'canceled') await store.cancelRunning(job.id, 1, at);
  else await store.complete(job.id, 1, { ok: true }, at);
  return job;
}

/** takeSnapshot's dependencies on memory adapters, with a clock the test moves. */
export function statsHarness(options: { store?: JobStore } = {}) {
  const store = options.store ?? createMemoryJobStore();
  const stats = createMemorySnapshotStore();
  let now = later(0);
  const queue: { depth: QueueDepth } = { depth: { visible: 0, inFlight: 0, delayed: 0 } };
  const deadLetters: { depth: QueueDepth } = { depth: { visible: 0, inFlight: 0, delayed: 0 } };
  const deps: TakeSnapshotDeps = {
    store,
    snapshots: stats,
    history: stats,
    // The default priority's queue as the one set by the test; the others empty.
    queues: {
      high: { depth: async () => ({ visible: 0, inFlight: 0, delayed: 0 }) },
      default: { depth: async () => queue.depth },
      low: { depth: async () => ({ visible: 0, inFlight: 0, delayed: 0 }) },
    },
    deadLetterQueue: { depth: async () => deadLetters.depth },
    workerLimit: 4,
    clock: { now: () => now },
  };
  return {
    store,
    stats,
    deps,
    queue,
    deadLetters,
    clock: deps.clock,
    /** Moves the clock to `seconds` after T0. */
    at(seconds: number) {
      now = later(seconds);
    },
  };
}
