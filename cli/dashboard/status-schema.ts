import { z } from 'zod';
import type { StatsSnapshot, StatusView, WindowStats } from '../../src/core/stats.ts';

/**
 * The API's answers are checked before they are drawn: a proxy's HTML page, another service on the
 * same port or an older API must show as a problem, not as "undefined pending". The annotations tie
 * these schemas to the shared types, so a field added to the contract fails the typecheck here.
 */

const count = z.number().finite().nonnegative();

const queueDepth = z.object({ visible: count, inFlight: count, delayed: count });

const percentiles = z.object({ p50: count.nullable(), p95: count.nullable(), p99: count.nullable() });

export const statusViewSchema: z.ZodType<StatusView> = z.object({
  pending: count,
  running: count,
  completed: count,
  failed: count,
  canceled: count,
  workers: count,
  workersBusy: count,
  workersAlive: count,
  queue: queueDepth.nullable(),
  deadLetterQueue: queueDepth.nullable(),
  throughput: z.object({ completedPerSecond: count, failedPerSecond: count, windowSeconds: count }),
  lastFailure: z
    .object({
      id: z.string(),
      type: z.string(),
      error: z.object({ name: z.string(), message: z.string(), permanent: z.boolean().optional() }),
      at: z.string(),
      attempt: count,
      retried: z.boolean(),
    })
    .nullable(),
  snapshotAt: z.string().nullable(),
});

/** The part of GET /stats the dashboard reads: the latest snapshot's last-minute latencies. */
export interface LatencyView {
  readonly snapshot:
    | (Pick<StatsSnapshot, 'takenAt'> & {
        readonly lastMinute: Pick<WindowStats, 'seconds' | 'queueWaitMs' | 'runTimeMs'>;
      })
    | null;
}

export const latencyViewSchema: z.ZodType<LatencyView> = z.object({
  snapshot: z
    .object({
      takenAt: z.string(),
      lastMinute: z.object({ seconds: count, queueWaitMs: percentiles, runTimeMs: percentiles }),
    })
    .nullable(),
});

/** The first problem, as "field.path: what is wrong", short enough for one line. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return `${issue.path.length > 0 ? issue.path.join('.') : 'body'}: ${issue.message}`;
}
