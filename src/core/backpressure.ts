import { SqsJobsError } from './errors.ts';
import type { Clock, JobQueue, QueueDepth, QueueMonitor } from './ports.ts';
import { type PerPriority, perPriority } from './priority.ts';

/** The queue holds more work than the system should accept now; the client retries after a while. */
export class BackpressureError extends SqsJobsError {
  constructor(
    readonly backlog: number,
    readonly maxBacklog: number,
    readonly retryAfterSeconds: number,
  ) {
    super(
      'Backpressure',
      `The queue holds ${backlog} jobs (limit ${maxBacklog}); retry in ${retryAfterSeconds} s.`,
      {
        backlog,
        maxBacklog,
        retryAfterSeconds,
      },
    );
  }
}

/** The queue of each priority as a monitor of its depth. */
export function priorityMonitors(queue: Pick<JobQueue, 'depth'>): PerPriority<QueueMonitor> {
  return perPriority((priority) => ({ depth: () => queue.depth(priority) }));
}

/** Jobs waiting to start: visible and delayed messages (in-flight ones are already being worked on). */
export function backlogOf(depth: QueueDepth): number {
  return depth.visible + depth.delayed;
}

/**
 * Reuses one depth reading for a while, so the guard costs a GetQueueAttributes per API instance every
 * few seconds instead of one per job. `ttlMs` may depend on the reading: far below the limit a staler
 * reading is safe, near it the guard looks more often. Concurrent callers share the reading in flight.
 */
export function cachedMonitor(
  monitor: QueueMonitor,
  ttlMs: number | ((depth: QueueDepth) => number),
  clock: Clock,
): QueueMonitor {
  let reading: { at: number; ttl: number; depth: Promise<QueueDepth> } | undefined;
  return {
    depth() {
      const now = clock.now().getTime();
      if (!reading || now - reading.at >= reading.ttl) {
        const depth = monitor.depth();
        // Until the reading resolves its ttl is unknown: share it rather than read again.
        const current = { at: now, ttl: typeof ttlMs === 'number' ? ttlMs : Number.POSITIVE_INFINITY, depth };
        reading = current;
        depth.then(
          (value) => {
            if (typeof ttlMs === 'function') current.ttl = ttlMs(value);
          },
          () => {
            if (reading === current) reading = undefined;
          },
        );
      }
      return reading.depth;
    },
  };
}

/** One second near the limit, five while the backlog is under half of it. */
export function backlogTtl(maxBacklog: number): (depth: QueueDepth) => number {
  return (depth) => (backlogOf(depth) < maxBacklog / 2 ? 5_000 : 1_000);
}

export async function assertBacklogBelow(monitor: QueueMonitor, maxBacklog: number): Promise<void> {
  const backlog = backlogOf(await monitor.depth());
  if (backlog >= maxBacklog) throw new BackpressureError(backlog, maxBacklog, 1);
}
