import type { JobSummary } from '../ports.ts';
import type { WindowStats } from '../stats.ts';
import { Histogram, type HistogramData } from './histogram.ts';
import { addCost, type CostSums, NO_COST } from './job-cost.ts';

/** What finished in one stats run's window, for one job type; everything in it adds up across windows. */
export interface TypeWindow {
  readonly completed: number;
  readonly failed: number;
  readonly canceled: number;
  readonly queueWaitMs: HistogramData;
  readonly runTimeMs: HistogramData;
  readonly cost: CostSums;
}

/** One stats run's window, stored so later runs can merge the last hour without reading jobs again. */
export interface WindowRecord {
  /** Exclusive start (the previous run's coveredUntil). */
  readonly from: string;
  /** Inclusive end (this run's coveredUntil, and its StatsPoint's `at`). */
  readonly to: string;
  readonly byType: Readonly<Record<string, TypeWindow>>;
}

export type FinishedStatus = 'completed' | 'failed' | 'canceled';

interface TypeAccumulator {
  completed: number;
  failed: number;
  canceled: number;
  readonly queueWait: Histogram;
  readonly runTime: Histogram;
  cost: CostSums;
}

/** Durations of the attempt that finished a job, in ms; undefined when it never started. */
export function jobDurations(
  job: Pick<JobSummary, 'createdAt' | 'startedAt' | 'finishedAt'>,
): { queueWaitMs: number; runTimeMs: number } | undefined {
  if (!job.startedAt || !job.finishedAt) return undefined;
  const started = Date.parse(job.startedAt);
  return {
    queueWaitMs: Math.max(0, started - Date.parse(job.createdAt)),
    runTimeMs: Math.max(0, Date.parse(job.finishedAt) - started),
  };
}

/** Collects the jobs that finished in one window into a WindowRecord. */
export class WindowBuilder {
  readonly #byType = new Map<string, TypeAccumulator>();

  add(status: FinishedStatus, job: JobSummary): void {
    const acc = this.#type(job.type);
    acc[status] += 1;
    // Canceled attempts stopped early: their times would say nothing about the job type.
    if (status === 'canceled') return;
    const durations = jobDurations(job);
    if (!durations) return;
    acc.queueWait.add(durations.queueWaitMs);
    acc.runTime.add(durations.runTimeMs);
    const attempts = Math.max(1, job.attempts);
    acc.cost = addCost(acc.cost, { jobs: 1, attempts, attemptRunMs: attempts * durations.runTimeMs });
  }

  build(from: string, to: string): WindowRecord {
    const byType: Record<string, TypeWindow> = {};
    for (const [type, acc] of [...this.#byType].sort(([a], [b]) => a.localeCompare(b))) {
      byType[type] = {
        completed: acc.completed,
        failed: acc.failed,
        canceled: acc.canceled,
        queueWaitMs: acc.queueWait.toData(),
        runTimeMs: acc.runTime.toData(),
        cost: acc.cost,
      };
    }
    return { from, to, byType };
  }

  #type(type: string): TypeAccumulator {
    let acc = this.#byType.get(type);
    if (!acc) {
      acc = {
        completed: 0,
        failed: 0,
        canceled: 0,
        queueWait: new Histogram(),
        runTime: new Histogram(),
        cost: NO_COST,
      };
      this.#byType.set(type, acc);
    }
    return acc;
  }
}

/** The records that ended within `seconds` before `end`, given oldest first. */
export function recordsWithin(records: readonly WindowRecord[], end: Date, seconds: number): WindowRecord[] {
  const since = end.getTime() - seconds * 1000;
  return records.filter((r) => Date.parse(r.to) > since);
}

/** Sum of the windows, all types or one; the cost sums ride along for the cost estimate. */
export function mergeWindows(
  records: readonly WindowRecord[],
  type?: string,
): { stats: WindowStats; cost: CostSums } {
  const first = records[0];
  const last = records.at(-1);
  const seconds = first && last ? Math.max(0, (Date.parse(last.to) - Date.parse(first.from)) / 1000) : 0;
  let completed = 0;
  let failed = 0;
  let canceled = 0;
  let cost = NO_COST;
  const queueWait = new Histogram();
  const runTime = new Histogram();
  for (const record of records) {
    const parts = type === undefined ? Object.values(record.byType) : [record.byType[type]];
    for (const part of parts) {
      if (!part) continue;
      completed += part.completed;
      failed += part.failed;
      canceled += part.canceled;
      queueWait.merge(part.queueWaitMs);
      runTime.merge(part.runTimeMs);
      cost = addCost(cost, part.cost);
    }
  }
  const perSecond = (n: number) => (seconds > 0 ? n / seconds : 0);
  return {
    stats: {
      seconds,
      completed,
      failed,
      canceled,
      completedPerSecond: perSecond(completed),
      failedPerSecond: perSecond(failed),
      queueWaitMs: queueWait.percentiles(),
      runTimeMs: runTime.percentiles(),
    },
    cost,
  };
}

/** The types any of the records saw. */
export function windowTypes(records: readonly WindowRecord[]): string[] {
  return [...new Set(records.flatMap((r) => Object.keys(r.byType)))];
}
