import { SqsJobsError } from './errors.ts';
import type { Clock, QueueDepth, QueueMonitor } from './ports.ts';

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

/** Jobs waiting to start: visible and delayed messages (in-flight ones are already being worked on). */
export function backlogOf(depth: QueueDepth): number {
  return depth.visible + depth.delayed;
}

/**
 * Reuses one depth reading for `ttlMs`, so the guard costs one GetQueueAttributes per API instance
 * per second instead of one per job. Concurrent callers share the reading in flight.
 */
export function cachedMonitor(monitor: QueueMonitor, ttlMs: number, clock: Clock): QueueMonitor {
  let reading: { at: number; depth: Promise<QueueDepth> } | undefined;
  return {
    depth() {
      const now = clock.now().getTime();
      if (!reading || now - reading.at >= ttlMs) {
        const depth = monitor.depth();
        reading = { at: now, depth };
        depth.catch(() => {
          reading = undefined;
        });
      }
      return reading.depth;
    },
  };
}

export async function assertBacklogBelow(monitor: QueueMonitor, maxBacklog: number): Promise<void> {
  const backlog = backlogOf(await monitor.depth());
  if (backlog >= maxBacklog) throw new BackpressureError(backlog, maxBacklog, 1);
}
