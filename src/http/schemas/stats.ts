import { z } from 'zod';
import type {
  FailureRecord,
  HistogramData,
  LatencyTotals,
  Percentiles,
  QueueDepth,
  StatsPoint,
  StatsSnapshot,
  StatsView,
  StatusCounts,
  StatusView,
  TypeStats,
  WindowStats,
  WorkerInstance,
  WorkersView,
} from '../../core/stats.ts';
import type { Agree, Assert } from './agree.ts';
import { amount, count, instant } from './common.ts';
import { jobError } from './job.ts';

export const queueDepth = z
  .object({ visible: count, inFlight: count, delayed: count })
  .describe('Messages in a queue: waiting, being worked on, and delayed');

/** The depth of each priority's queue. */
const perPriorityDepths = z.object({ high: queueDepth, default: queueDepth, low: queueDepth });

const statusCountFields = {
  // Absent from snapshots stored before these statuses existed: read as 0.
  waiting: count.default(0),
  scheduled: count.default(0),
  pending: count,
  running: count,
  completed: count,
  failed: count,
  canceled: count,
};

export const statusCounts = z
  .object(statusCountFields)
  .describe(
    'waiting, scheduled, pending and running: jobs in that status now; completed, failed, canceled: totals',
  );

export const percentiles = z
  .object({ p50: amount.nullable(), p95: amount.nullable(), p99: amount.nullable() })
  .describe('Milliseconds; null when the window had no samples');

export const histogramData = z
  .object({
    zeros: count.describe('Values under 1 ms'),
    offset: z.int().describe('Index of the first bucket in counts'),
    counts: z.array(count),
    sum: amount.optional(),
  })
  .describe('A log-bucket latency histogram (milliseconds)');

export const latencyTotals = z.object({ queueWaitMs: histogramData, runTimeMs: histogramData });

const windowStatsFields = {
  seconds: amount.describe('The length of the windows merged, in seconds (from their timestamps: not whole)'),
  completed: count,
  failed: count,
  canceled: count,
  completedPerSecond: amount,
  failedPerSecond: amount,
  queueWaitMs: percentiles.describe('Submitted → started, of jobs that finished in the window'),
  runTimeMs: percentiles.describe('Started → finished, of the attempt that finished in the window'),
};

export const windowStats = z.object(windowStatsFields).describe('What finished in one window of time');

export const typeStats = z.object({
  counts: statusCounts,
  lastMinute: windowStats,
  lastHour: windowStats,
  costPerJobUsd: amount.nullable().describe('Estimated AWS cost of one finished job over the last hour'),
  latency: latencyTotals.optional(),
});

export const failureRecord = z
  .object({
    id: z.string(),
    type: z.string(),
    error: jobError,
    at: instant.describe('When the attempt failed'),
    attempt: count,
    retried: z.boolean().describe('Another attempt was scheduled automatically'),
  })
  .describe('One failed attempt');

export const workerInstance = z
  .object({
    id: z.string(),
    status: z.enum(['busy', 'idle']),
    jobsDone: count,
    failures: count,
    lastSeen: instant,
  })
  .describe('A worker instance: a Lambda execution environment (locally, a function instance)');

export const workersView = z
  .object({
    limit: count.describe('Worker instances the stack allows at once'),
    alive: count.describe('Instances seen in the last 5 minutes'),
    busy: count.describe('Instances running a job now'),
    instances: z.array(workerInstance),
  })
  .describe('GET /workers');

export const heldBackStats = z
  .object({
    total: count.describe('Holds since the stats began counting them'),
    lastMinute: count,
    lastHour: count,
    byType: z.record(z.string(), z.object({ total: count, lastHour: count })),
  })
  .describe('How often job limits held jobs back (each hold of each job counts once)');

export const statsSnapshot = z
  .object({
    takenAt: instant,
    coveredUntil: instant,
    counts: statusCounts,
    lastMinute: windowStats,
    lastHour: windowStats,
    byType: z.record(z.string(), typeStats),
    queue: queueDepth.describe('The jobs queues of every priority, added up'),
    queues: perPriorityDepths
      .optional()
      .describe('Each priority’s queue (absent from snapshots taken before priorities)'),
    deadLetterQueue: queueDepth,
    workers: workersView,
    lastFailures: z.array(failureRecord).describe('Newest first'),
    costPerJobUsd: amount.nullable(),
    latency: latencyTotals.optional(),
    heldBack: heldBackStats.optional().describe('Absent from snapshots taken before job limits'),
  })
  .describe('What the stats function stores on each run');

export const statsPoint = z
  .object({
    ...windowStatsFields,
    at: instant.describe('End of the window'),
    pending: count,
    running: count,
    queueVisible: count,
    deadLetters: count,
    workersBusy: count,
  })
  .describe('One point of the chart history');

export const statsView = z
  .object({
    snapshot: statsSnapshot.nullable().describe('null until the stats function first ran'),
    history: z.array(statsPoint).describe('Oldest first'),
  })
  .describe('GET /stats');

export const statusView = z
  .object({
    ...statusCountFields,
    workers: count.describe('The worker limit'),
    workersBusy: count,
    workersAlive: count,
    queue: queueDepth.nullable().describe('As of the last stats snapshot: every priority’s queue, added up'),
    queues: perPriorityDepths
      .nullable()
      .default(null)
      .describe('Each priority’s queue, as of the last stats snapshot'),
    deadLetterQueue: queueDepth.nullable(),
    throughput: z
      .object({ completedPerSecond: amount, failedPerSecond: amount, windowSeconds: count })
      .describe('Over the last minute, counted live'),
    lastFailure: failureRecord.nullable(),
    snapshotAt: instant.nullable(),
  })
  .describe('GET /status');

export type StatsAgree = [
  Assert<Agree<z.infer<typeof queueDepth>, QueueDepth>>,
  Assert<Agree<z.infer<typeof statusCounts>, StatusCounts>>,
  Assert<Agree<z.infer<typeof percentiles>, Percentiles>>,
  Assert<Agree<z.infer<typeof histogramData>, HistogramData>>,
  Assert<Agree<z.infer<typeof latencyTotals>, LatencyTotals>>,
  Assert<Agree<z.infer<typeof windowStats>, WindowStats>>,
  Assert<Agree<z.infer<typeof typeStats>, TypeStats>>,
  Assert<Agree<z.infer<typeof failureRecord>, FailureRecord>>,
  Assert<Agree<z.infer<typeof workerInstance>, WorkerInstance>>,
  Assert<Agree<z.infer<typeof workersView>, WorkersView>>,
  Assert<Agree<z.infer<typeof statsSnapshot>, StatsSnapshot>>,
  Assert<Agree<z.infer<typeof statsPoint>, StatsPoint>>,
  Assert<Agree<z.infer<typeof statsView>, StatsView>>,
  Assert<Agree<z.infer<typeof statusView>, StatusView>>,
];
