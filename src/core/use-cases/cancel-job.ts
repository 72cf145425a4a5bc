import { JobFinishedError, JobNotFoundError } from '../errors.ts';
import type { JobEvents } from '../events.ts';
import type { Job } from '../job.ts';
import type { Clock, JobStore } from '../ports.ts';

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
}

/** pending → canceled at once; running → asked to stop; finished → JobFinishedError (409). */
export async function cancelJob(deps: CancelJobDeps, id: string): Promise<CancelOutcome> {
  const result = await deps.store.requestCancel(id, deps.clock.now());
  switch (result.kind) {
    case 'missing':
      throw new JobNotFoundError(id);
    case 'finished':
      throw new JobFinishedError(id, result.job.status);
    case 'canceled':
      deps.events?.emit({ name: 'JobCanceled', jobId: result.job.id, type: result.job.type });
      return { job: result.job, stopping: false };
    case 'requested':
      return { job: result.job, stopping: true };
  }
}
