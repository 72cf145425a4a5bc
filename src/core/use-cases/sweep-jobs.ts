import { leaseLapsed } from '../claim.ts';
import { jobMessageOf } from '../job.ts';
import type { Clock, JobQueue, JobStore } from '../ports.ts';
import { enqueueDueJobs } from './enqueue-due-jobs.ts';
import { type RemoveExpiredDeps, removeExpiredJobs } from './remove-expired-jobs.ts';
import { checkWaitingJobs } from './wait-for-dependencies.ts';

export interface SweepSettings {
  /** A pending job untouched this long is assumed to have lost its message. */
  readonly pendingAfterSeconds: number;
  /** Jobs looked at per status per run, to bound the run's cost. */
  readonly limit: number;
  /**
   * A job waiting this long has its dependencies read again, in case one ended without telling it
   * (its writer died between its final write and the tell). The bound on such a delay.
   */
  readonly waitingAfterSeconds: number;
}

export const DEFAULT_SWEEP: SweepSettings = {
  pendingAfterSeconds: 15 * 60,
  limit: 500,
  waitingAfterSeconds: 120,
};

export interface SweepResult {
  /** Scheduled jobs whose time came near, now queued (enqueueDueJobs). */
  readonly promoted: number;
  readonly requeuedPending: number;
  readonly requeuedRunning: number;
  /** Finished jobs past their retention, deleted (removeExpiredJobs); 0 without the job types. */
  readonly removed: number;
  /** Waiting jobs whose dependencies had ended untold, now released or ended (checkWaitingJobs). */
  readonly unblocked: number;
}

/**
 * The sweeper's run, every minute: scheduled jobs whose time is near are queued (enqueueDueJobs), and
 * what makes "a 202 is never lost" hold when a send failed after the record was written, or a queue
 * lost a message, or a worker died and its message was acknowledged as a duplicate meanwhile: jobs
 * stuck pending, and running jobs whose lease lapsed, get a fresh message. Sending one too many is
 * harmless — the claim turns the extra delivery into an acknowledged duplicate.
 */
export async function sweepJobs(
  deps: {
    store: JobStore;
    queue: Pick<JobQueue, 'send'>;
    clock: Clock;
    /** The job types and the stack's retention override: finished jobs past it are removed. */
    retention?: Omit<RemoveExpiredDeps, 'store' | 'clock'>;
  },
  settings: SweepSettings = DEFAULT_SWEEP,
): Promise<SweepResult> {
  const { promoted } = await enqueueDueJobs(deps);
  const now = deps.clock.now();
  const staleBefore = new Date(now.getTime() - settings.pendingAfterSeconds * 1000);
  const pending = await deps.store.listByStatus('pending', staleBefore, settings.limit);
  // Not stuck while an automatic retry or a delayed start is still ahead (a message is on its way).
  const stuck = pending.filter((job) =>
    [job.nextAttemptAt, job.runAt].every((at) => !at || Date.parse(at) < staleBefore.getTime()),
  );
  const running = (await deps.store.listByStatus('running', now, settings.limit)).filter((job) =>
    leaseLapsed(job, now),
  );
  // The index holds no priority: each job is read whole, so it goes back on its own queue. A job
  // gone meanwhile (removed, or a rolled-back submission) needs no message, nor one a limit holds
  // back (a hold leaves updatedAt alone, but its message is on its way: heldBack.until says when).
  let requeuedPending = 0;
  let requeuedRunning = 0;
  for (const job of [...stuck, ...running]) {
    const current = await deps.store.get(job.id);
    if (!current) continue;
    if (
      current.status === 'pending' &&
      current.heldBack &&
      Date.parse(current.heldBack.until) >= staleBefore.getTime()
    )
      continue;
    await deps.queue.send(jobMessageOf(current));
    if (current.status === 'running') requeuedRunning += 1;
    else requeuedPending += 1;
  }
  const removed = deps.retention
    ? await removeExpiredJobs({ store: deps.store, clock: deps.clock, ...deps.retention }, settings.limit)
    : 0;
  const unblocked = await checkWaitingJobs(
    {
      store: deps.store,
      queue: deps.queue,
      clock: deps.clock,
      ...(deps.retention?.specs ? { specs: deps.retention.specs } : {}),
      ...(deps.retention?.retentionSeconds === undefined
        ? {}
        : { retentionSeconds: deps.retention.retentionSeconds }),
    },
    { olderThanSeconds: settings.waitingAfterSeconds, limit: settings.limit },
  );
  return { promoted, requeuedPending, requeuedRunning, removed, unblocked };
}
