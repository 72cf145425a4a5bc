import { JobFinishedError, JobNotFoundError } from '../errors.ts';
import type { JobEvents } from '../events.ts';
import type { Job } from '../job.ts';
import type { Clock, JobQueue, JobStore } from '../ports.ts';
import type { SpecRegistry } from '../registry.ts';
import { expiryOf } from '../retention.ts';
import { afterFinish } from './wait-for-dependencies.ts';

export interface CancelOutcome {
  readonly job: Job;
  /** True when the job was running: it stops at its worker's next heartbeat and ends `canceled`. */
  readonly stopping: boolean;
}

export interface CancelJobDeps {
  readonly store: JobStore;
  readonly clock: Clock;
  /** Where JobCanceled is reported for a pending job; a running one's comes from its worker, once stopped. */
  readonly events?: JobEvents;
  /** The job types, for the retention of a job canceled before it started. */
  readonly specs?: SpecRegistry;
  /** The stack's retention for every finished job, over each type's own. */
  readonly retentionSeconds?: number;
  /** Sends the message of a dependent the cancel released (one that runs whatever its dependencies did). */
  readonly queue?: Pick<JobQueue, 'send'>;
}

/**
 * waiting, scheduled or pending → canceled at once (the jobs waiting for it are told); running →
 * asked to stop; finished → JobFinishedError (409).
 */
export async function cancelJob(deps: CancelJobDeps, id: string): Promise<CancelOutcome> {
  // Its type says how long it is kept once canceled (a cancel is rare: one read more is cheap).
  const current = await deps.store.get(id);
  if (!current) throw new JobNotFoundError(id);
  const now = deps.clock.now();
  const spec = deps.specs && Object.hasOwn(deps.specs, current.type) ? deps.specs[current.type] : undefined;
  const result = await deps.store.requestCancel(
    id,
    now,
    expiryOf(spec?.retention, 'canceled', now, deps.retentionSeconds),
  );
  switch (result.kind) {
    case 'missing':
      throw new JobNotFoundError(id);
    case 'finished':
      throw new JobFinishedError(id, result.job.status);
    case 'canceled':
      deps.events?.emit({ name: 'JobCanceled', jobId: result.job.id, type: result.job.type });
      await afterFinish({ ...deps, queue: deps.queue ?? { send: async () => undefined } }, result.job);
      return { job: result.job, stopping: false };
    case 'requested':
      return { job: result.job, stopping: true };
  }
}
