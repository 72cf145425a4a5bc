import { JOB_STATUSES, type JobStatus } from './status.ts';

export interface QueueDepth {
  readonly visible: number;
  readonly inFlight: number;
  readonly delayed: number;
}

export type StatusCounts = Readonly<Record<JobStatus, number>>;

/** What the stats function stores on each run and GET /status serves. */
export interface StatsSnapshot {
  readonly takenAt: string;
  readonly counts: StatusCounts;
  readonly queue: QueueDepth;
  readonly deadLetterQueue: QueueDepth;
  readonly workers: { readonly limit: number; readonly busy: number };
}

export function emptyCounts(): Record<JobStatus, number> {
  return Object.fromEntries(JOB_STATUSES.map((status) => [status, 0])) as Record<JobStatus, number>;
}

/** Workers busy is the number of running jobs, capped by the concurrency limit (a job runs on one worker). */
export function workersBusy(counts: StatusCounts, limit: number): number {
  return Math.min(counts.running, limit);
}
