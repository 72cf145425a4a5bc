import type { BatchView } from '../../src/core/batch.ts';
import type { DependencyPolicy } from '../../src/core/dependencies.ts';
import type { Job, JobError } from '../../src/core/job.ts';
import type { JobSummary } from '../../src/core/ports.ts';
import type { Priority } from '../../src/core/priority.ts';
import type { JobProgress } from '../../src/core/progress.ts';
import type {
  FailureRecord,
  HeldBackStats,
  QueueDepth,
  StatsPoint,
  StatusView,
  TypeStats,
} from '../../src/core/stats.ts';
import { isTerminal, JOB_STATUSES, type JobStatus } from '../../src/core/status.ts';
import type { BatchCanceled } from '../../src/core/use-cases/batches.ts';

/**
 * What the dashboard makes of the API's answers, kept free of the DOM so it is unit-tested in Node.
 */

/** GET /jobs */
export interface JobsPage {
  readonly jobs: readonly JobSummary[];
  readonly nextCursor: string | null;
}

/** One row of the job view's attempts table. */
export interface AttemptRow {
  readonly attempt: number;
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly outcome?: string;
  readonly error?: JobError;
  readonly workerId?: string;
}

/** One row of the failures list: the newest failure of one job. */
export interface FailureRow extends FailureRecord {
  /** The job's status now, when a listing told us. */
  readonly now: JobStatus | undefined;
  /** Only a job that is failed now can be retried. */
  readonly canRetry: boolean;
  /** Auto: the worker scheduled another attempt. Manual: failed for good, then retried or redriven. */
  readonly retry: 'auto' | 'manual' | 'no';
}

/** Rows the failures list keeps at most. */
export const FAILURE_ROWS_KEPT = 50;

/**
 * The failures list: the snapshot's last failures, the live last failure of GET /status and the jobs
 * failed now (GET /jobs?status=failed, so a failure shows before the next snapshot), one row per job,
 * newest first. The rows shown before stay, so a failure retried by hand does not vanish from the
 * list but says what became of it.
 */
export function mergeFailures(input: {
  readonly shown?: readonly FailureRecord[];
  readonly snapshot: readonly FailureRecord[];
  readonly last: FailureRecord | null;
  readonly failedJobs: readonly JobSummary[];
  /** Statuses seen in any listing, newest knowledge wins. */
  readonly known: ReadonlyMap<string, JobStatus>;
}): FailureRow[] {
  const failedNow = new Set(input.failedJobs.map((job) => job.id));
  const newest = new Map<string, FailureRecord>();
  const consider = (record: FailureRecord) => {
    const seen = newest.get(record.id);
    if (!seen || record.at > seen.at) newest.set(record.id, record);
  };
  for (const { id, type, error, at, attempt, retried } of input.shown ?? []) {
    consider({ id, type, error, at, attempt, retried });
  }
  for (const record of input.snapshot) consider(record);
  if (input.last) consider(input.last);
  for (const job of input.failedJobs) {
    if (!job.error) continue;
    consider({
      id: job.id,
      type: job.type,
      error: job.error,
      at: job.finishedAt ?? job.updatedAt,
      attempt: job.attempts,
      retried: false,
    });
  }
  return [...newest.values()]
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, FAILURE_ROWS_KEPT)
    .map((record) => {
      const now = failedNow.has(record.id) ? 'failed' : input.known.get(record.id);
      const retry = record.retried ? 'auto' : now !== undefined && now !== 'failed' ? 'manual' : 'no';
      return { ...record, now, canRetry: now === 'failed', retry };
    });
}

/**
 * The attempts of the job's current run: `job.history` (one entry per claim, oldest first), else —
 * for a job stored before histories existed — one row from what the job itself says.
 */
export function attemptHistory(job: Job): AttemptRow[] {
  const history = job.history ?? [];
  if (history.length > 0) {
    return history.map((entry, i) => ({
      attempt: i + 1,
      startedAt: entry.startedAt,
      ...(entry.finishedAt ? { finishedAt: entry.finishedAt } : {}),
      // No outcome: still running if it is the last one, else its worker died and the next took over.
      outcome:
        entry.outcome === 'retried'
          ? 'failed, retried'
          : (entry.outcome ?? (i === history.length - 1 && job.status === 'running' ? 'running' : 'lost')),
      ...(entry.error ? { error: entry.error } : {}),
      ...(entry.workerId ? { workerId: entry.workerId } : {}),
    }));
  }
  if (job.attempts === 0 || !job.startedAt) return [];
  return [
    {
      attempt: job.attempts,
      startedAt: job.startedAt,
      ...(job.finishedAt ? { finishedAt: job.finishedAt } : {}),
      outcome: outcomeOf(job),
      // A completed job may still carry an earlier attempt's error; this row is its last attempt.
      ...(job.error && job.status !== 'completed' ? { error: job.error } : {}),
      ...(job.workerId ? { workerId: job.workerId } : {}),
    },
  ];
}

function outcomeOf(job: Job): string {
  if (job.status === 'pending') return job.error ? 'failed, will retry' : 'pending';
  return job.status;
}

/** uPlot's columns: x in Unix seconds, then one array per series; null leaves a gap. */
export type ChartColumns = [number[], ...(number | null)[][]];

export function throughputColumns(history: readonly StatsPoint[]): ChartColumns {
  return [
    history.map(seconds),
    history.map((p) => p.completedPerSecond),
    history.map((p) => p.failedPerSecond),
  ];
}

export function latencyColumns(history: readonly StatsPoint[]): ChartColumns {
  return [
    history.map(seconds),
    history.map((p) => p.queueWaitMs.p50),
    history.map((p) => p.queueWaitMs.p95),
    history.map((p) => p.runTimeMs.p50),
    history.map((p) => p.runTimeMs.p95),
  ];
}

function seconds(point: StatsPoint): number {
  return Date.parse(point.at) / 1000;
}

/** How often the throughput chart's live line takes a sample of GET /status (the refresh's own read). */
export const LIVE_SAMPLE_MS = 2_000;
/** Live points kept (and drawn): the last 10 minutes. */
export const LIVE_KEPT_MS = 10 * 60_000;
/** Samples closer than this (a refresh asked for by a click) are skipped: a rate over 0.1 s is noise. */
export const LIVE_MIN_GAP_MS = 1_000;
/** After a longer pause (the tab was hidden) the line starts over from the API's last-minute rate. */
export const LIVE_MAX_GAP_MS = 30_000;

/** One point of the live line: jobs finished (completed or failed) per second, at `at` (epoch ms). */
export interface LivePoint {
  readonly at: number;
  readonly perSecond: number;
}

/** The live line and the sample it continues from. */
export interface LiveSeries {
  readonly last: { readonly at: number; readonly finished: number } | null;
  readonly points: readonly LivePoint[];
}

export const EMPTY_LIVE: LiveSeries = { last: null, points: [] };

/**
 * Adds a sample of GET /status read at `now` (epoch ms): the rate is the growth of the completed and
 * failed totals since the last sample over the seconds between them, so it moves within one sample of
 * the work. The first sample, and the first after a pause, has no previous one: it takes the API's own
 * rate over the last minute. A total that shrank (a failed job retried, old jobs expired) counts as 0.
 */
export function addLiveSample(
  series: LiveSeries,
  status: Pick<StatusView, 'completed' | 'failed' | 'throughput'>,
  now: number,
): LiveSeries {
  const finished = status.completed + status.failed;
  if (!Number.isFinite(finished) || !Number.isFinite(now)) return series;
  const elapsed = series.last ? now - series.last.at : Number.POSITIVE_INFINITY;
  if (elapsed < LIVE_MIN_GAP_MS) return series;
  const perSecond =
    series.last && elapsed <= LIVE_MAX_GAP_MS
      ? Math.max(0, finished - series.last.finished) / (elapsed / 1000)
      : (status.throughput?.completedPerSecond ?? 0) + (status.throughput?.failedPerSecond ?? 0);
  return {
    last: { at: now, finished },
    points: trimLive([...series.points, { at: now, perSecond }], now),
  };
}

/** The points of the last LIVE_KEPT_MS up to `now`. */
export function trimLive(points: readonly LivePoint[], now: number): LivePoint[] {
  return points.filter((point) => point.at >= now - LIVE_KEPT_MS);
}

/**
 * The throughput chart's columns: the stats history (completed/s, failed/s, one point a minute) and
 * the live line (finished/s, every 2 s) on one time axis; each series is null at the other's instants
 * (the chart draws across those).
 */
export function throughputWithLive(history: readonly StatsPoint[], live: readonly LivePoint[]): ChartColumns {
  const [xs, completed = [], failed = []] = throughputColumns(history);
  const byX = new Map<number, [number | null, number | null, number | null]>();
  xs.forEach((x, i) => {
    byX.set(x, [completed[i] ?? null, failed[i] ?? null, null]);
  });
  for (const point of live) {
    const x = point.at / 1000;
    const row = byX.get(x) ?? [null, null, null];
    row[2] = point.perSecond;
    byX.set(x, row);
  }
  const sorted = [...byX.entries()].sort(([a], [b]) => a - b);
  return [
    sorted.map(([x]) => x),
    sorted.map(([, row]) => row[0]),
    sorted.map(([, row]) => row[1]),
    sorted.map(([, row]) => row[2]),
  ];
}

export interface JobsFilter {
  readonly status: JobStatus | '';
  readonly type: string;
}

export const RECENT_JOBS_LIMIT = 20;

/** The GET /jobs path for the filter, relative to the API's base. */
export function jobsPath(filter: JobsFilter, limit = RECENT_JOBS_LIMIT): string {
  const query = new URLSearchParams({ limit: String(limit) });
  if (filter.status) query.set('status', filter.status);
  if (filter.type.trim()) query.set('type', filter.type.trim());
  return `jobs?${query}`;
}

/** The API's error body `{"error": {"code", "message"}}`, or what can be said without one. */
export function describeError(status: number, body: unknown): { code: string; message: string } {
  if (body && typeof body === 'object' && 'error' in body) {
    const error = (body as { error: unknown }).error;
    if (error && typeof error === 'object') {
      const { code, message } = error as { code?: unknown; message?: unknown };
      if (typeof message === 'string')
        return { code: typeof code === 'string' ? code : `HTTP ${status}`, message };
    }
  }
  // API Gateway's own answers (e.g. {"message": "Forbidden"}) and anything else.
  if (body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string') {
    return { code: `HTTP ${status}`, message: (body as { message: string }).message };
  }
  return {
    code: `HTTP ${status}`,
    message: typeof body === 'string' && body ? body.slice(0, 300) : 'No details.',
  };
}

/** "850 ms", "3.2 s", "4 min"; a dash for no value. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** Jobs per second with sensible precision. */
export function formatRate(perSecond: number | null | undefined): string {
  if (perSecond === null || perSecond === undefined || !Number.isFinite(perSecond)) return '–';
  return perSecond >= 10
    ? perSecond.toFixed(0)
    : perSecond >= 1
      ? perSecond.toFixed(1)
      : perSecond.toFixed(2);
}

/** "$4.12 / M": an estimated cost per job in dollars per million jobs; a dash for none. */
export function formatCostPerMillion(usdPerJob: number | null | undefined): string {
  if (usdPerJob === null || usdPerJob === undefined || !Number.isFinite(usdPerJob)) return '—';
  const perMillion = usdPerJob * 1_000_000;
  const text =
    perMillion >= 1_000
      ? perMillion.toLocaleString('en-US', { maximumFractionDigits: 0 })
      : perMillion >= 0.01 || perMillion === 0
        ? perMillion.toFixed(2)
        : perMillion.toPrecision(2);
  return `$${text} / M`;
}

/** One row of the per-type table: a job type's last hour, from the stats snapshot. */
export interface TypeRow {
  readonly type: string;
  readonly completed: number;
  readonly failed: number;
  readonly runTimeP50: number | null;
  readonly costPerJobUsd: number | null;
}

/** The snapshot's types by name; a type from an older API without a cost has null. */
export function typeRows(byType: Readonly<Record<string, TypeStats>> | undefined): TypeRow[] {
  return Object.entries(byType ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, stats]) => ({
      type,
      completed: stats.lastHour?.completed ?? 0,
      failed: stats.lastHour?.failed ?? 0,
      runTimeP50: stats.lastHour?.runTimeMs?.p50 ?? null,
      costPerJobUsd: typeof stats.costPerJobUsd === 'number' ? stats.costPerJobUsd : null,
    }));
}

/** "5 s ago" from two instants. */
export function ago(iso: string | undefined, now: number): string {
  if (!iso) return '–';
  const ms = now - Date.parse(iso);
  if (!Number.isFinite(ms)) return '–';
  return ms < 1_000 ? 'just now' : `${formatDuration(ms)} ago`;
}

/**
 * The priorities, most urgent first. Spelled out rather than imported from src/core/priority.ts, whose
 * schema would bundle zod into the page; the mapped type fails to compile when a priority is added
 * there and not here.
 */
const EVERY_PRIORITY: { readonly [P in Priority]: P } = { high: 'high', default: 'default', low: 'low' };
export const PRIORITIES: readonly Priority[] = Object.values(EVERY_PRIORITY);

/** A job's priority: jobs stored before priorities have none, and travel on the default queue. */
export function priorityOf(job: { readonly priority?: Priority | undefined }): Priority {
  return job.priority ?? EVERY_PRIORITY.default;
}

/**
 * The priority worth a badge in a listing: most jobs are `default`, so only the others are marked. A
 * schedule the same way: one that sets none leaves its jobs their type's, and is not marked either.
 */
export function priorityMark(job: { readonly priority?: Priority | undefined }): Priority | null {
  const priority = priorityOf(job);
  return priority === EVERY_PRIORITY.default ? null : priority;
}

/** Each priority's queue, most urgent first; null when the API does not say (no snapshot, or an older API). */
export function priorityQueues(
  status: Pick<StatusView, 'queues'>,
): { readonly priority: Priority; readonly depth: QueueDepth }[] | null {
  const { queues } = status;
  if (!queues) return null;
  return PRIORITIES.map((priority) => ({ priority, depth: queues[priority] }));
}

/** The held-back card: holds by job limits in the last hour and in all, and each type's in the hour. */
export interface HoldsView {
  readonly lastHour: number;
  readonly total: number;
  /** Types held back in the last hour, most held first. */
  readonly byType: readonly { readonly type: string; readonly lastHour: number }[];
}

/** Null when the snapshot does not count holds (taken before job limits, or none yet). */
export function holdsView(heldBack: HeldBackStats | undefined): HoldsView | null {
  if (!heldBack) return null;
  const byType = Object.entries(heldBack.byType)
    .filter(([, holds]) => holds.lastHour > 0)
    .sort(([a, x], [b, y]) => y.lastHour - x.lastHour || a.localeCompare(b))
    .map(([type, holds]) => ({ type, lastHour: holds.lastHour }));
  return { lastHour: heldBack.lastHour, total: heldBack.total, byType };
}

/** "1 time", "3 times": how often a limit held a job back in its current wait. */
export function timesText(times: number): string {
  return `${times.toLocaleString('en-US')} ${times === 1 ? 'time' : 'times'}`;
}

/** A job's own report of how far it got (its handler's ctx.progress), as the job view shows it. */
export interface ProgressView {
  /** The bar's value, 0–100. */
  readonly value: number;
  /** "40%", to a tenth at most. */
  readonly percent: string;
  readonly message?: string;
  /** When the handler reported it. */
  readonly at: string;
}

/** Null for a job that has reported none (or whose new attempt has not yet). */
export function progressView(progress: JobProgress | undefined): ProgressView | null {
  if (!progress) return null;
  const value = Math.min(100, Math.max(0, progress.percent));
  return {
    value,
    percent: `${Math.round(value * 10) / 10}%`,
    ...(progress.message ? { message: progress.message } : {}),
    at: progress.at,
  };
}

/**
 * Statuses the job view reads on each side of a job (a `GET /jobs/{id}/status` each): its
 * neighbourhood, not the whole graph.
 */
export const GRAPH_LOOKUPS = 20;

/** A job next to the one shown: one of its dependencies, or a job waiting for it. */
export interface GraphNode {
  readonly id: string;
  /**
   * Its chip: a dependency's recorded outcome, else the status read for it; `removed` when it is gone
   * (its retention ran out); undefined when not read (past GRAPH_LOOKUPS, or the read failed).
   */
  readonly status: JobStatus | 'removed' | undefined;
  /** Said next to a dependency whose outcome is not recorded on the job: why the chip may not be final. */
  readonly note?: string;
}

/** The job view's dependencies section: what the job waits for, itself, and what waits for it. */
export interface DependencyView {
  /** Every dependency, in the order named. */
  readonly dependencies: readonly GraphNode[];
  /** "Waiting for N more": while the job waits. */
  readonly left: number | null;
  /** What a failed or canceled dependency does to it; null for a job with no dependencies. */
  readonly policy: string | null;
  /** The first GRAPH_LOOKUPS jobs waiting for it. */
  readonly dependents: readonly GraphNode[];
  /** Dependents past those. */
  readonly moreDependents: number;
}

/** Spelled out rather than imported from src/core/dependencies.ts, whose schemas would bundle zod. */
const POLICY_TEXT: { readonly [P in DependencyPolicy]: string } = {
  fail: 'fail — a dependency that fails or is canceled fails this job',
  skip: 'skip — a dependency that fails or is canceled cancels this job',
  run: 'run — it runs once they all ended, however they ended',
};

/** What a status read answered: the job's status, or `removed` for a job no longer stored (404). */
export type ReadStatus = JobStatus | 'removed';

/**
 * The ids whose status the job view reads: its dependencies whose outcome is not recorded yet and
 * the jobs waiting for it, at most GRAPH_LOOKUPS of each.
 */
export function dependencyLookups(
  job: Pick<Job, 'dependsOn' | 'dependencyOutcomes' | 'dependents'>,
): string[] {
  const outcomes = job.dependencyOutcomes ?? {};
  const open = (job.dependsOn ?? []).filter((id) => outcomes[id] === undefined).slice(0, GRAPH_LOOKUPS);
  const dependents = (job.dependents ?? []).slice(0, GRAPH_LOOKUPS);
  return [...new Set([...open, ...dependents])];
}

/**
 * The dependencies section of a job, from its record and the statuses read (dependencyLookups's);
 * null for a job that neither depends on another nor has a job waiting for it.
 */
export function dependencyView(
  job: Pick<
    Job,
    'status' | 'dependsOn' | 'onDependencyFailure' | 'dependencyOutcomes' | 'dependenciesLeft' | 'dependents'
  >,
  statuses: ReadonlyMap<string, ReadStatus>,
): DependencyView | null {
  const dependsOn = job.dependsOn ?? [];
  const dependents = job.dependents ?? [];
  if (dependsOn.length === 0 && dependents.length === 0) return null;
  const outcomes = job.dependencyOutcomes ?? {};
  const waiting = job.status === 'waiting';
  return {
    dependencies: dependsOn.map((id) => {
      const outcome = outcomes[id];
      if (outcome !== undefined) return { id, status: outcome };
      // Not recorded: while the job waits, it waits for this one; else it moved on before this one ended.
      return { id, status: statuses.get(id), note: waiting ? 'waiting for it' : 'not recorded' };
    }),
    left: waiting && job.dependenciesLeft !== undefined ? job.dependenciesLeft : null,
    policy: dependsOn.length > 0 ? POLICY_TEXT[job.onDependencyFailure ?? 'fail'] : null,
    dependents: dependents.slice(0, GRAPH_LOOKUPS).map((id) => ({ id, status: statuses.get(id) })),
    moreDependents: Math.max(0, dependents.length - GRAPH_LOOKUPS),
  };
}

/** "Waiting for 1 more", "Waiting for 3 more". */
export function waitingForText(left: number): string {
  return `Waiting for ${left.toLocaleString('en-US')} more`;
}

/** GET /batches: the newest batches first, without their jobs' statuses. */
export interface BatchList {
  readonly batches: readonly {
    readonly id: string;
    readonly createdAt: string;
    readonly total: number;
    readonly callbackJobId?: string;
  }[];
}

/**
 * Batches the panel follows (a `GET /batches/{id}` each): with the list's own read, at most six
 * requests a refresh.
 */
export const BATCHES_SHOWN = 5;

/** Jobs an opened batch lists; the counts cover the rest. */
export const BATCH_JOBS_SHOWN = 100;

/**
 * The batches the panel shows, in order: the newest BATCHES_SHOWN of the list, or, with a batch
 * asked for by a link (one not among them), that one first and the newest after it.
 */
export function shownBatches(list: BatchList, pinned?: string): string[] {
  const newest = list.batches.slice(0, BATCHES_SHOWN).map((batch) => batch.id);
  if (pinned === undefined || newest.includes(pinned)) return newest;
  return [pinned, ...newest.slice(0, BATCHES_SHOWN - 1)];
}

/** A batch whose jobs and callback have all ended: nothing left to move but a retry by hand. */
export function batchSettled(view: Pick<BatchView, 'counts' | 'callbackJobId' | 'onComplete'>): boolean {
  return (
    unfinishedJobs(view) === 0 &&
    (view.callbackJobId === undefined || view.onComplete === undefined || isTerminal(view.onComplete.status))
  );
}

function unfinishedJobs(view: Pick<BatchView, 'counts'>): number {
  const { waiting, scheduled, pending, running } = view.counts;
  return waiting + scheduled + pending + running;
}

/**
 * Which of the shown batches to read this refresh: those never read, those still moving, and on a
 * slow refresh (every 10 s) the settled ones too (a job retried by hand moves one again).
 */
export function batchReads(
  shown: readonly string[],
  known: ReadonlyMap<string, Pick<BatchView, 'counts' | 'callbackJobId' | 'onComplete'>>,
  slow: boolean,
): string[] {
  return shown.filter((id) => {
    const view = known.get(id);
    return view === undefined || slow || !batchSettled(view);
  });
}

/** One batch as the panel and the job view show it. */
export interface BatchRow {
  readonly id: string;
  readonly createdAt: string;
  readonly total: number;
  readonly finished: number;
  /** The bar's value, 0–100. */
  readonly value: number;
  /** "3 of 5 finished". */
  readonly progressText: string;
  /** Jobs by status, only the statuses some job has, in lifecycle order. */
  readonly counts: readonly { readonly status: JobStatus; readonly count: number }[];
  /** Jobs no longer stored (their retention ran out): in `total`, in no count. */
  readonly removed: number;
  /** The callback's chip: its status, `removed` once it is gone; null for a batch without one. */
  readonly callback: { readonly id: string; readonly status: ReadStatus } | null;
  /** Some job has not ended: the batch can be canceled. */
  readonly canCancel: boolean;
  /** Its jobs, the first BATCH_JOBS_SHOWN. */
  readonly jobs: BatchView['jobs'];
  /** Jobs past those. */
  readonly moreJobs: number;
}

export function batchRow(view: BatchView): BatchRow {
  const value = view.total === 0 ? 100 : Math.min(100, (view.finished / view.total) * 100);
  const callback =
    view.callbackJobId === undefined
      ? null
      : { id: view.callbackJobId, status: view.onComplete?.status ?? ('removed' as const) };
  return {
    id: view.id,
    createdAt: view.createdAt,
    total: view.total,
    finished: view.finished,
    value: Math.round(value * 10) / 10,
    progressText: `${view.finished.toLocaleString('en-US')} of ${view.total.toLocaleString('en-US')} finished`,
    counts: JOB_STATUSES.filter((status) => view.counts[status] > 0).map((status) => ({
      status,
      count: view.counts[status],
    })),
    removed: Math.max(0, view.total - view.jobs.length),
    callback,
    canCancel: unfinishedJobs(view) > 0,
    jobs: view.jobs.slice(0, BATCH_JOBS_SHOWN),
    moreJobs: Math.max(0, view.jobs.length - BATCH_JOBS_SHOWN),
  };
}

/** "Batch 3f0c…: 4 canceled, 1 stopping, 5 had ended." after `POST /batches/{id}/cancel`. */
export function batchCanceledText(answer: BatchCanceled): string {
  const parts = [
    `${answer.canceled.toLocaleString('en-US')} canceled`,
    ...(answer.stopping > 0 ? [`${answer.stopping.toLocaleString('en-US')} stopping`] : []),
    ...(answer.finished > 0 ? [`${answer.finished.toLocaleString('en-US')} had ended`] : []),
  ];
  return `Batch ${answer.id}: cancel asked; ${parts.join(', ')}. Its callback runs once they have all ended.`;
}

/** Under the panel: how many listed batches it does not show, or nothing. */
export function moreBatchesText(list: BatchList, shown: readonly string[]): string {
  const more = list.batches.filter((batch) => !shown.includes(batch.id)).length;
  if (more === 0) return '';
  return `${more.toLocaleString('en-US')} more ${more === 1 ? 'batch' : 'batches'} not shown: GET /batches lists the 20 newest, GET /batches/{id} any.`;
}

/**
 * A finished job's `keptBy` (the unfinished jobs that wait for it, a batch's callback among them),
 * as the job view lists it: the first GRAPH_LOOKUPS, and how many more.
 */
export function keptForView(keptBy: readonly string[] | undefined): { ids: string[]; more: number } {
  const all = keptBy ?? [];
  return { ids: all.slice(0, GRAPH_LOOKUPS), more: Math.max(0, all.length - GRAPH_LOOKUPS) };
}
