import type { JobError } from './job.ts';
import { type PerPriority, PRIORITIES } from './priority.ts';
import { JOB_STATUSES, type JobStatus } from './status.ts';

/**
 * The shapes the stats function stores and GET /status, GET /stats, GET /workers, GET /metrics, the
 * web dashboard and the terminal dashboard read. One vocabulary: the status words of status.ts.
 */

export interface QueueDepth {
  readonly visible: number;
  readonly inFlight: number;
  readonly delayed: number;
}

/** The message counts of the queues of every priority, added up. */
export function totalDepth(queues: PerPriority<QueueDepth>): QueueDepth {
  const total = { visible: 0, inFlight: 0, delayed: 0 };
  for (const priority of PRIORITIES) {
    total.visible += queues[priority].visible;
    total.inFlight += queues[priority].inFlight;
    total.delayed += queues[priority].delayed;
  }
  return total;
}

/**
 * `waiting`, `scheduled`, `pending` and `running` are the jobs in that status now. `completed`, `failed` and `canceled` are
 * totals of jobs that reached that status since the stack started (a failed job that is retried and
 * fails again counts twice), kept up to date from windows, never by counting every stored job.
 */
export type StatusCounts = Readonly<Record<JobStatus, number>>;

/** Milliseconds; null when the window had no samples. */
export interface Percentiles {
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
}

/** A log-bucket histogram as stored: dense counts from bucket `offset` on, plus the values under 1 (reported as 0). */
export interface HistogramData {
  readonly zeros: number;
  readonly offset: number;
  readonly counts: readonly number[];
  /**
   * The sum of the values. Absent from data stored before the sum was kept: `Histogram.from` then
   * estimates it from each bucket's reported value (within the histogram's relative error).
   */
  readonly sum?: number;
}

/**
 * Queue wait and run time (ms) of the attempts that finished jobs (completed, or failed for good;
 * the same attempts WindowStats' percentiles describe), added up run after run like the counts.
 * GET /metrics serves them as Prometheus histograms.
 */
export interface LatencyTotals {
  readonly queueWaitMs: HistogramData;
  readonly runTimeMs: HistogramData;
}

/** What finished in one window of time (the last minute, the last hour, one history point). */
export interface WindowStats {
  readonly seconds: number;
  readonly completed: number;
  readonly failed: number;
  readonly canceled: number;
  readonly completedPerSecond: number;
  readonly failedPerSecond: number;
  /** submitted (createdAt) → started (startedAt of the attempt that finished), of jobs that finished in the window. */
  readonly queueWaitMs: Percentiles;
  /** started → finished, of the attempt that finished in the window. */
  readonly runTimeMs: Percentiles;
}

export interface TypeStats {
  readonly counts: StatusCounts;
  readonly lastMinute: WindowStats;
  readonly lastHour: WindowStats;
  /** Estimated AWS cost of one finished job of this type over the last hour (requests + Lambda time); null if none finished. */
  readonly costPerJobUsd: number | null;
  /** Since the stats began keeping them; absent from snapshots taken before. */
  readonly latency?: LatencyTotals;
}

/** One failed attempt, as the failures list and "Last failure" show it. */
export interface FailureRecord {
  readonly id: string;
  readonly type: string;
  readonly error: JobError;
  /** When the attempt failed (ISO-8601). */
  readonly at: string;
  readonly attempt: number;
  /** True when another attempt was scheduled automatically (the job went back to pending). */
  readonly retried: boolean;
}

/**
 * A worker instance: on AWS one Lambda execution environment (its log stream name, recorded on each
 * claim), in the embedded runtime one function instance (the runtime sets the same variable).
 */
export interface WorkerInstance {
  readonly id: string;
  readonly status: 'busy' | 'idle';
  /** Jobs this instance finished (completed or failed for good) within the stats history. */
  readonly jobsDone: number;
  /** Failed attempts on this instance within the stats history. */
  readonly failures: number;
  readonly lastSeen: string;
}

export interface WorkersView {
  /** Worker instances the stack allows at once (the event source's maximum concurrency). */
  readonly limit: number;
  /** Instances seen within the last {@link WORKER_ALIVE_SECONDS}. */
  readonly alive: number;
  /** Instances running a job now. */
  readonly busy: number;
  readonly instances: readonly WorkerInstance[];
}

/** A worker counts as alive while it has been seen (claimed or finished a job) this recently. */
export const WORKER_ALIVE_SECONDS = 300;

/** How often limits held jobs back (src/core/limits.ts): each hold of each job counts once. */
export interface HeldBackStats {
  /** Since the stats began counting holds. */
  readonly total: number;
  /** In the last minute that ended before the snapshot, and in the hour up to it. */
  readonly lastMinute: number;
  readonly lastHour: number;
  readonly byType: Readonly<Record<string, { readonly total: number; readonly lastHour: number }>>;
}

/** What the stats function stores on each run. */
export interface StatsSnapshot {
  readonly takenAt: string;
  /** Jobs that finished up to this instant are in the totals; later ones are counted live (see StatusView). */
  readonly coveredUntil: string;
  readonly counts: StatusCounts;
  readonly lastMinute: WindowStats;
  readonly lastHour: WindowStats;
  readonly byType: Readonly<Record<string, TypeStats>>;
  /** The jobs queues of every priority, added up. */
  readonly queue: QueueDepth;
  /** Each priority's queue; absent from snapshots taken before priorities. */
  readonly queues?: PerPriority<QueueDepth>;
  readonly deadLetterQueue: QueueDepth;
  readonly workers: WorkersView;
  /** Newest first, at most {@link LAST_FAILURES_KEPT}. */
  readonly lastFailures: readonly FailureRecord[];
  /** Estimated AWS cost of one finished job over the last hour, all types; null if none finished. */
  readonly costPerJobUsd: number | null;
  /** All types, since the stats began keeping them; absent from snapshots taken before. */
  readonly latency?: LatencyTotals;
  /** Holds by job limits; absent from snapshots taken before limits. */
  readonly heldBack?: HeldBackStats;
}

export const LAST_FAILURES_KEPT = 20;

/** One point of the chart history: one stats run's window plus the gauges at its end. */
export interface StatsPoint extends WindowStats {
  /** End of the window (ISO-8601). */
  readonly at: string;
  readonly pending: number;
  readonly running: number;
  readonly queueVisible: number;
  readonly deadLetters: number;
  readonly workersBusy: number;
}

/** GET /stats */
export interface StatsView {
  readonly snapshot: StatsSnapshot | null;
  /** Oldest first; the last `hours` (1–24, default 1) of points. */
  readonly history: readonly StatsPoint[];
}

/** GET /status: the seed's shape, live where it is cheap to be. */
export interface StatusView extends StatusCounts {
  readonly workers: number;
  readonly workersBusy: number;
  readonly workersAlive: number;
  /** Queue depth as of the last stats snapshot: the queues of every priority, added up. */
  readonly queue: QueueDepth | null;
  /** Each priority's queue, as of the last stats snapshot. */
  readonly queues: PerPriority<QueueDepth> | null;
  readonly deadLetterQueue: QueueDepth | null;
  /** Over the last minute, counted live. */
  readonly throughput: {
    readonly completedPerSecond: number;
    readonly failedPerSecond: number;
    readonly windowSeconds: number;
  };
  readonly lastFailure: FailureRecord | null;
  readonly snapshotAt: string | null;
}

export function emptyCounts(): Record<JobStatus, number> {
  return Object.fromEntries(JOB_STATUSES.map((status) => [status, 0])) as Record<JobStatus, number>;
}
