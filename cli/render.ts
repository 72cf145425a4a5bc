/** What each answer looks like for people (with --json the answer is printed as the API gave it). */
import type {
  BatchCanceled,
  BatchListEntry,
  BatchView,
  JobError,
  JobProgress,
  RedriveResult,
  Schedule,
  SchedulePut,
  StatusView,
} from '../src/client/index.ts';
import { DEFAULT_DEPENDENCY_POLICY, type DependencyPolicy } from '../src/core/dependencies.ts';
import { type Job, priorityOf } from '../src/core/job.ts';
import type { HeldBack } from '../src/core/limits.ts';
import { DEFAULT_PRIORITY, PRIORITIES } from '../src/core/priority.ts';
import type { QueueDepth } from '../src/core/stats.ts';
import { JOB_STATUSES, type JobStatus } from '../src/core/status.ts';
import { NEVER } from '../src/core/use-cases/fire-due-schedules.ts';
import { textWidth } from './dashboard/format.ts';
import { printable } from './dashboard/sanitize.ts';
import {
  formatAttempts,
  formatCount,
  formatRate,
  formatTime,
  inlineJson,
  labelled,
  plural,
  table,
} from './format.ts';

/** A job as the CLI shows it: `get` answers every field, `list` all but payload and result. */
export type ShownJob = Omit<Job, 'payload' | 'result'> & {
  readonly payload?: unknown;
  readonly result?: unknown;
};

/**
 * One job, label and value a line; its dependencies (each with how it ended) and the jobs waiting for
 * it, one a line, when it has any; the attempts of the current run at the end.
 */
export function jobLines(job: ShownJob): string[] {
  const lines = labelled([
    ['id', job.id],
    ['type', job.type],
    ['status', job.status],
    [
      'progress',
      job.progress ? `${progressText(job.progress)} (at ${formatTime(job.progress.at)})` : undefined,
    ],
    ['held back', job.heldBack ? heldBackText(job.heldBack) : undefined],
    ['attempts', formatAttempts(job)],
    // A job stored before priorities has none: it went on the default queue.
    ['priority', priorityOf(job)],
    ['limit key', job.limitKey],
    ...dependencyPairs(job),
    ['created', formatTime(job.createdAt)],
    ['updated', formatTime(job.updatedAt)],
    ['run at', formatTime(job.runAt)],
    ['started', formatTime(job.startedAt)],
    ['finished', formatTime(job.finishedAt)],
    // A finished job: when its type's retention removes it.
    ['expires', formatTime(job.expiresAt)],
    ['next attempt', formatTime(job.nextAttemptAt)],
    ['cancel asked', formatTime(job.cancelRequestedAt)],
    ['worker', job.workerId],
    ['payload', inlineJson(job.payload)],
    ['result', inlineJson(job.result)],
    ['error', job.error ? errorText(job.error) : undefined],
  ]);
  const history = job.history ?? [];
  if (history.length > 0) {
    lines.push('', 'history');
    lines.push(
      ...table(
        ['attempt', 'started', 'finished', 'outcome', 'error'],
        history.map((attempt, index) => [
          String(index + 1),
          formatTime(attempt.startedAt) ?? '',
          formatTime(attempt.finishedAt) ?? '',
          attempt.outcome ?? (attempt.finishedAt ? '' : 'running'),
          attempt.error ? errorText(attempt.error) : '',
        ]),
      ).map((line) => `  ${line}`),
    );
  }
  return lines;
}

const POLICY_TEXT: Record<DependencyPolicy, string> = {
  fail: 'fail (a dependency failed or canceled fails this job)',
  skip: 'skip (a dependency failed or canceled cancels this job)',
  run: 'run (runs once they all ended, however they ended)',
};

/**
 * A job's dependencies as `get` shows them, one a line under "depends on": each id with how it
 * ended (`dependencyOutcomes`), or `waiting` while the job waits for it; how many are left while it
 * waits; its policy; then the jobs waiting for it, one a line under "dependents".
 */
function dependencyPairs(job: ShownJob): [string, string | undefined][] {
  const pairs: [string, string | undefined][] = [];
  const dependsOn = job.dependsOn ?? [];
  if (dependsOn.length > 0) {
    const outcomes = job.dependencyOutcomes ?? {};
    const waiting = job.status === 'waiting';
    // An outcome not recorded on a job that no longer waits: it moved on before that one ended.
    const outcome = (id: string) => outcomes[id] ?? (waiting ? 'waiting' : 'not recorded');
    const idWidth = Math.max(...dependsOn.map((id) => textWidth(printable(id))));
    dependsOn.forEach((id, index) => {
      const shown = printable(id);
      pairs.push([
        index === 0 ? 'depends on' : '',
        `${shown}${' '.repeat(idWidth - textWidth(shown))}  ${outcome(id)}`,
      ]);
    });
    if (waiting && job.dependenciesLeft !== undefined)
      pairs.push(['waiting for', plural(job.dependenciesLeft, 'more dependency', 'more dependencies')]);
    pairs.push(['policy', POLICY_TEXT[job.onDependencyFailure ?? DEFAULT_DEPENDENCY_POLICY]]);
  }
  (job.dependents ?? []).forEach((id, index) => {
    pairs.push([index === 0 ? 'dependents' : '', id]);
  });
  return pairs;
}

/**
 * "40% — slept 4000 of 10000 ms": how far a job got, by its handler's own account (ctx.progress). The
 * message is the handler's text: pass the result through `printable` before a terminal sees it.
 */
export function progressText(progress: JobProgress): string {
  const percent = `${Math.round(progress.percent * 10) / 10}%`;
  return progress.message ? `${percent} — ${progress.message}` : percent;
}

/**
 * Why a pending job waits and how long it has: "2 resize jobs are running (concurrency 2) — 3 times
 * since 2026-05-01T12:00:01Z, next try 2026-05-01T12:00:05Z". Holds are not attempts, so they are
 * counted here rather than in `attempts`.
 */
export function heldBackText(heldBack: HeldBack): string {
  const { message, times, since, until } = heldBack;
  return `${message} — ${plural(times, 'time')} since ${formatTime(since)}, next try ${formatTime(until)}`;
}

/**
 * The list's table: id, type, status, attempts, updated; priority, after status, when a job is not
 * `default`; and run at, before updated, when a job has one (a delayed or scheduled job), so a table
 * of plain jobs keeps its columns.
 */
export function jobTable(jobs: readonly ShownJob[]): string[] {
  if (jobs.length === 0) return ['No jobs.'];
  const priority = jobs.some((job) => priorityOf(job) !== DEFAULT_PRIORITY);
  const runAt = jobs.some((job) => job.runAt !== undefined);
  return table(
    [
      'id',
      'type',
      'status',
      ...(priority ? ['priority'] : []),
      'attempts',
      ...(runAt ? ['run at'] : []),
      'updated',
    ],
    jobs.map((job) => [
      job.id,
      job.type,
      job.status,
      ...(priority ? [priorityOf(job)] : []),
      formatAttempts(job),
      ...(runAt ? [formatTime(job.runAt) ?? ''] : []),
      formatTime(job.updatedAt) ?? '',
    ]),
  );
}

/** "3 jobs: 2 completed, 1 failed". */
export function outcomeLine(jobs: readonly { readonly status: JobStatus }[]): string {
  const counts = new Map<JobStatus, number>();
  for (const job of jobs) counts.set(job.status, (counts.get(job.status) ?? 0) + 1);
  const parts = [...counts].map(([status, n]) => `${formatCount(n)} ${status}`);
  return `${plural(jobs.length, 'job')}: ${parts.join(', ') || 'none'}`;
}

/**
 * GET /status: the counts, the workers and the throughput, aligned; the queue's depth (every
 * priority added up), then each priority's queue when the API reports them (a stack before
 * priorities, or before its first stats snapshot, does not).
 */
export function statusLines(status: StatusView): string[] {
  const { throughput, queue, queues, deadLetterQueue, lastFailure } = status;
  return labelled([
    ['waiting', formatCount(status.waiting)],
    ['scheduled', formatCount(status.scheduled)],
    ['pending', formatCount(status.pending)],
    ['running', formatCount(status.running)],
    ['completed', formatCount(status.completed)],
    ['failed', formatCount(status.failed)],
    ['canceled', formatCount(status.canceled)],
    [
      'workers',
      `${formatCount(status.workersAlive)}/${formatCount(status.workers)} alive, ${formatCount(status.workersBusy)} busy`,
    ],
    [
      'throughput',
      `${formatRate(throughput.completedPerSecond)} completed/s, ${formatRate(throughput.failedPerSecond)} failed/s (last ${formatCount(throughput.windowSeconds)} s)`,
    ],
    ['queue', queue ? depthText(queue) : 'no stats snapshot yet'],
    ...PRIORITIES.map((priority): [string, string | undefined] => [
      `  ${priority}`,
      queues ? depthText(queues[priority]) : undefined,
    ]),
    [
      'dead letters',
      deadLetterQueue
        ? formatCount(deadLetterQueue.visible + deadLetterQueue.inFlight + deadLetterQueue.delayed)
        : undefined,
    ],
    ['snapshot', formatTime(status.snapshotAt ?? undefined)],
    [
      'last failure',
      lastFailure
        ? `${lastFailure.type} job ${lastFailure.id}, attempt ${lastFailure.attempt}, ${formatTime(lastFailure.at)}: ${errorText(lastFailure.error)}${lastFailure.retried ? ' (retried)' : ''}`
        : 'none',
    ],
  ]);
}

/** "12 visible, 3 in flight, 0 delayed": a queue's messages waiting, being worked on and delayed. */
function depthText(depth: QueueDepth): string {
  return `${formatCount(depth.visible)} visible, ${formatCount(depth.inFlight)} in flight, ${formatCount(depth.delayed)} delayed`;
}

/** "moved 3 jobs back to the queue; 1 stale, 0 skipped". */
export function redriveLine(result: RedriveResult): string {
  const moved = `moved ${plural(result.moved, 'job')} back to the queue`;
  const rest = `${formatCount(result.stale)} stale (already moved on, removed), ${formatCount(result.skipped)} skipped (left in the dead-letter queue)`;
  return `${moved}; ${rest}${result.more ? '; more remain: run redrive again' : ''}`;
}

/**
 * The schedules' table: name, expression (with its time zone), job type, declared, next run, last
 * run, and the job the last firing submitted or why it submitted none (last: an error is long).
 * Priority, after the type, when a schedule sets one other than `default`, so a table of plain
 * schedules keeps its columns; a schedule that sets none (its jobs get their type's) shows blank.
 */
export function scheduleTable(schedules: readonly Schedule[]): string[] {
  if (schedules.length === 0) return ['No schedules.'];
  const priority = schedules.some(
    (schedule) => schedule.priority !== undefined && schedule.priority !== DEFAULT_PRIORITY,
  );
  return table(
    [
      'name',
      'schedule',
      'type',
      ...(priority ? ['priority'] : []),
      'declared',
      'next run',
      'last run',
      'last job / error',
    ],
    schedules.map((schedule) => [
      schedule.name,
      expressionText(schedule),
      schedule.type,
      ...(priority ? [schedule.priority ?? ''] : []),
      schedule.declared ? 'yes' : 'no',
      nextRunText(schedule.nextRunAt),
      formatTime(schedule.lastRunAt) ?? '',
      schedule.lastError !== undefined ? `error: ${schedule.lastError}` : (schedule.lastJobId ?? ''),
    ]),
  );
}

/** One schedule, label and value a line. */
export function scheduleLines(schedule: Schedule): string[] {
  return labelled([
    ['name', schedule.name],
    ['schedule', schedule.schedule],
    // The API leaves the default out; UTC is what the expression is read in then.
    ['timezone', schedule.timezone ?? 'UTC'],
    ['type', schedule.type],
    ['payload', inlineJson(schedule.payload)],
    ['max attempts', schedule.maxAttempts === undefined ? undefined : String(schedule.maxAttempts)],
    // Set only to override the type's: left out, each job gets its type's priority.
    ['priority', schedule.priority],
    ['declared', schedule.declared ? 'yes (in the jobs module: only a deploy changes it)' : 'no'],
    ['next run', nextRunText(schedule.nextRunAt)],
    ['last run', formatTime(schedule.lastRunAt)],
    ['last job', schedule.lastJobId],
    ['last error', schedule.lastError],
    ['created', formatTime(schedule.createdAt)],
    ['updated', formatTime(schedule.updatedAt)],
  ]);
}

/** "nightly: created; next run 2026-05-02T02:00:00Z". */
export function schedulePutLine({ schedule, created }: SchedulePut): string {
  return printable(
    `${schedule.name}: ${created ? 'created' : 'replaced'}; next run ${nextRunText(schedule.nextRunAt)}`,
  );
}

/** `cron(0 9 ? * MON-FRI *) in Europe/Paris`; a schedule read in UTC, the default, shows no zone. */
function expressionText(schedule: Pick<Schedule, 'schedule' | 'timezone'>): string {
  return schedule.timezone === undefined ? schedule.schedule : `${schedule.schedule} in ${schedule.timezone}`;
}

/** A schedule whose expression has no firing left is stored with the far-off NEVER. */
function nextRunText(iso: string): string {
  return iso === NEVER ? 'never' : (formatTime(iso) ?? '');
}

/** The newest batches' table: id, created, total and the callback job's id (blank without one). */
export function batchTable(batches: readonly BatchListEntry[]): string[] {
  if (batches.length === 0) return ['No batches.'];
  return table(
    ['id', 'created', 'total', 'callback'],
    batches.map((batch) => [
      batch.id,
      formatTime(batch.createdAt) ?? '',
      formatCount(batch.total),
      batch.callbackJobId ?? '',
    ]),
  );
}

/** The jobs `batch <id>` lists unless asked for all. */
export const BATCH_JOBS_SHOWN = 50;

/**
 * One batch, label and value a line: its total, how many finished (with the percent), its jobs'
 * counts by status (those not zero), its callback; then its jobs' table, the first
 * `BATCH_JOBS_SHOWN` unless `all`, and how many more there are.
 */
export function batchLines(batch: BatchView, options: { readonly all?: boolean } = {}): string[] {
  const counts = JOB_STATUSES.filter((status) => (batch.counts[status] ?? 0) > 0).map(
    (status) => `${formatCount(batch.counts[status])} ${status}`,
  );
  const callback = batch.onComplete
    ? `${batch.onComplete.id} (${batch.onComplete.type}): ${batch.onComplete.status}`
    : batch.callbackJobId;
  const lines = labelled([
    ['id', batch.id],
    ['created', formatTime(batch.createdAt)],
    ['total', formatCount(batch.total)],
    ['finished', `${formatCount(batch.finished)}/${formatCount(batch.total)} (${percentText(batch)})`],
    ['counts', counts.length > 0 ? counts.join(', ') : 'none'],
    ['callback', callback],
  ]);
  if (batch.jobs.length === 0) return lines;
  const shown = options.all ? batch.jobs : batch.jobs.slice(0, BATCH_JOBS_SHOWN);
  lines.push('', 'jobs');
  lines.push(
    ...table(
      ['id', 'type', 'status'],
      shown.map((job) => [job.id, job.type, job.status]),
    ).map((line) => `  ${line}`),
  );
  const more = batch.jobs.length - shown.length;
  if (more > 0) lines.push(`  … and ${formatCount(more)} more (--all lists them)`);
  return lines;
}

/**
 * "67%": the part of the batch that finished, rounded down, so a batch shows 100% only once all its
 * jobs have ended.
 */
function percentText(batch: Pick<BatchView, 'finished' | 'total' | 'progress'>): string {
  if (batch.total > 0 && batch.finished >= batch.total) return '100%';
  const progress = Number.isFinite(batch.progress) ? batch.progress : 0;
  return `${Math.min(99, Math.floor(Math.max(0, progress) * 100))}%`;
}

/**
 * "b1: 3 canceled, 1 stopping (at its next heartbeat, within 5 s), 2 finished already; …": what
 * cancelling a batch did to each of its jobs.
 */
export function batchCanceledLine(answer: BatchCanceled): string {
  const stopping = answer.stopping > 0 ? ' (at the next heartbeat, within 5 s)' : '';
  return printable(
    `${answer.id}: ${formatCount(answer.canceled)} canceled, ${formatCount(answer.stopping)} stopping${stopping}, ${formatCount(answer.finished)} finished already; a callback still runs once all have ended`,
  );
}

/** "Error: boom (permanent)": a job's error on one line. */
export function errorText(error: JobError): string {
  const text = error.name && error.message ? `${error.name}: ${error.message}` : error.name || error.message;
  return error.permanent ? `${text} (permanent)` : text;
}
