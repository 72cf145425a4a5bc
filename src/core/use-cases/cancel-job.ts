import { JobFinishedError, JobNotFoundError } from '../errors.ts';
import type { Job } from '../job.ts';
import type { Clock, JobStore } from '../ports.ts';

export interface CancelOutcome {
  readonly job: Job;
  /** True when the job was running: it stops at its worker's next heartbeat and ends `canceled`. */
  readonly stopping: boolean;
}

/** pending → canceled at once; running → asked to stop; finished → JobFinishedError (409). */
export async function cancelJob(deps: { store: JobStore; clock: Clock }, id: string): Promise<CancelOutcome> {
  const result = await deps.store.requestCancel(id, deps.clock.now());
  switch (result.kind) {
    case 'missing':
      throw new JobNotFoundError(id);
    case 'finished':
      throw new JobFinishedError(id, result.job.status);
    case 'canceled':
      return { job: result.job, stopping: false };
    case 'requested':
      return { job: result.job, stopping: true };
  }
}
