import { describe, expect, it } from 'vitest';
import {
  attemptHistory,
  dependencyLookups,
  dependencyView,
  describeError,
  GRAPH_LOOKUPS,
  holdsView,
  jobsPath,
  latencyColumns,
  mergeFailures,
  PRIORITIES,
  priorityMark,
  priorityOf,
  priorityQueues,
  progressView,
  throughputColumns,
  timesText,
  waitingForText,
} from '../../../dashboard/client/model.ts';
import type { Job } from '../../../src/core/job.ts';
import type { JobSummary } from '../../../src/core/ports.ts';
import { PRIORITIES as CORE_PRIORITIES, type Priority } from '../../../src/core/priority.ts';
import type { Schedule } from '../../../src/core/schedule/schedule.ts';
import type { FailureRecord, StatsPoint, StatusView } from '../../../src/core/stats.ts';
import { aJob } from '../../helpers/jobs.ts';
import { aHeldBackStats, aStatusView } from '../../helpers/stats.ts';

const error = { name: 'Error', message: 'boom' };
const failure = (id: string, at: string, retried = false): FailureRecord => ({
  id,
  type: 'flaky',
  error,
  at,
  attempt: 1,
  retried,
});
const fakeJob = (overrides: Partial<Job>): Job => ({ ...aJob(), ...overrides });
const summary = (overrides: Partial<JobSummary>): JobSummary => {
  const { payload: _p, result: _r, ...rest } = fakeJob(overrides);
  return rest;
};

describe('the failures list', () => {
  it('shows a job failed now at once, before any snapshot, with a Retry', () => {
    const failed = summary({ id: 'j1', status: 'failed', error, finishedAt: '2026-01-01T00:00:05.000Z' });
    const rows = mergeFailures({ snapshot: [], last: null, failedJobs: [failed], known: new Map() });
    expect(rows).toEqual([
      expect.objectContaining({
        id: 'j1',
        at: '2026-01-01T00:00:05.000Z',
        now: 'failed',
        canRetry: true,
        retry: 'no',
      }),
    ]);
  });

  it('keeps one row per job, its newest failure, newest job first', () => {
    const rows = mergeFailures({
      snapshot: [failure('a', '2026-01-01T00:00:01.000Z', true), failure('b', '2026-01-01T00:00:02.000Z')],
      last: failure('a', '2026-01-01T00:00:03.000Z'),
      failedJobs: [],
      known: new Map(),
    });
    expect(rows.map((r) => [r.id, r.at])).toEqual([
      ['a', '2026-01-01T00:00:03.000Z'],
      ['b', '2026-01-01T00:00:02.000Z'],
    ]);
  });

  it('says how a failure was retried and offers Retry only while the job is failed', () => {
    const rows = mergeFailures({
      snapshot: [
        failure('auto', '2026-01-01T00:00:03.000Z', true),
        failure('manual', '2026-01-01T00:00:02.000Z'),
      ],
      last: failure('gone', '2026-01-01T00:00:01.000Z'),
      failedJobs: [],
      known: new Map([['manual', 'completed']]),
    });
    expect(rows.map((r) => [r.id, r.retry, r.now, r.canRetry])).toEqual([
      ['auto', 'auto', undefined, false],
      ['manual', 'manual', 'completed', false],
      ['gone', 'no', undefined, false],
    ]);
  });

  it('keeps a row it showed after the job left the failed list, with what became of it', () => {
    const failed = summary({ id: 'j1', status: 'failed', error, finishedAt: '2026-01-01T00:00:05.000Z' });
    const shown = mergeFailures({ snapshot: [], last: null, failedJobs: [failed], known: new Map() });
    const later = mergeFailures({
      shown,
      snapshot: [],
      last: null,
      failedJobs: [],
      known: new Map([['j1', 'completed']]),
    });
    expect(later).toEqual([
      expect.objectContaining({ id: 'j1', now: 'completed', retry: 'manual', canRetry: false }),
    ]);
  });
});

describe('the attempt history', () => {
  it("numbers the API's history in order and says which attempts retried, ran or were lost", () => {
    const history = [
      {
        startedAt: '2026-01-01T00:00:00.000Z',
        finishedAt: '2026-01-01T00:00:01.000Z',
        outcome: 'retried',
        error,
      },
      { startedAt: '2026-01-01T00:00:02.000Z', workerId: 'w-1' },
      { startedAt: '2026-01-01T00:00:09.000Z' },
    ] as const;
    const rows = attemptHistory({ ...fakeJob({ id: 'j', status: 'running' }), history });
    expect(rows.map((a) => [a.attempt, a.outcome])).toEqual([
      [1, 'failed, retried'],
      [2, 'lost'],
      [3, 'running'],
    ]);
    expect(rows[0]?.error).toEqual(error);
    expect(rows[1]?.workerId).toBe('w-1');
  });

  it('builds one row from the job itself otherwise', () => {
    const job = fakeJob({
      id: 'j',
      status: 'pending',
      attempts: 2,
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:00:01.000Z',
      error,
    });
    expect(attemptHistory(job)).toEqual([
      {
        attempt: 2,
        startedAt: '2026-01-01T00:00:00.000Z',
        finishedAt: '2026-01-01T00:00:01.000Z',
        outcome: 'failed, will retry',
        error,
      },
    ]);
    expect(attemptHistory(fakeJob({ id: 'new', status: 'pending', attempts: 0 }))).toEqual([]);
  });
});

describe('the chart columns', () => {
  const point = (at: string, p50: number | null): StatsPoint => ({
    at,
    seconds: 60,
    completed: 6,
    failed: 0,
    canceled: 0,
    completedPerSecond: 0.1,
    failedPerSecond: 0,
    queueWaitMs: { p50, p95: null, p99: null },
    runTimeMs: { p50: 5, p95: 9, p99: 9 },
    pending: 0,
    running: 0,
    queueVisible: 0,
    deadLetters: 0,
    workersBusy: 0,
  });

  it('puts time in Unix seconds on x and leaves gaps where a window had no samples', () => {
    const history = [point('2026-01-01T00:01:00.000Z', 12), point('2026-01-01T00:02:00.000Z', null)];
    expect(throughputColumns(history)).toEqual([
      [1767225660, 1767225720],
      [0.1, 0.1],
      [0, 0],
    ]);
    expect(latencyColumns(history)).toEqual([
      [1767225660, 1767225720],
      [12, null],
      [null, null],
      [5, 5],
      [9, 9],
    ]);
  });
});

describe('talking to the API', () => {
  it('asks GET /jobs for the filter', () => {
    expect(jobsPath({ status: '', type: '' })).toBe('jobs?limit=20');
    expect(jobsPath({ status: 'failed', type: ' email ' })).toBe('jobs?limit=20&status=failed&type=email');
  });

  it("reads the API's error body, and says something useful without one", () => {
    const body = { error: { code: 'JobNotRetryable', message: 'Job x is completed.', details: {} } };
    expect(describeError(409, body)).toEqual({ code: 'JobNotRetryable', message: 'Job x is completed.' });
    expect(describeError(403, { message: 'Forbidden' })).toEqual({ code: 'HTTP 403', message: 'Forbidden' });
    expect(describeError(502, '')).toEqual({ code: 'HTTP 502', message: 'No details.' });
  });
});

describe('priorities', () => {
  it("lists the core's priorities in its order, most urgent first", () => {
    expect(PRIORITIES).toEqual(CORE_PRIORITIES);
  });

  it('reads a job stored before priorities as default, and marks only high and low jobs', () => {
    const { priority: _, ...stored } = fakeJob({});
    const older: Job = stored;
    expect(priorityOf(older)).toBe('default');
    expect(priorityMark(older)).toBeNull();
    expect(priorityMark(fakeJob({ priority: 'default' }))).toBeNull();
    expect(priorityMark(fakeJob({ priority: 'high' }))).toBe('high');
    expect(priorityMark(fakeJob({ priority: 'low' }))).toBe('low');
  });

  it('marks a schedule that sends its jobs high or low, not one that sets default or leaves it to the type', () => {
    const schedule = (priority?: Priority): Schedule => ({
      name: 'tick',
      schedule: 'rate(1 minute)',
      type: 'noop',
      payload: {},
      ...(priority ? { priority } : {}),
      nextRunAt: '2026-01-01T00:01:00.000Z',
      declared: false,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(priorityMark(schedule('high'))).toBe('high');
    expect(priorityMark(schedule('low'))).toBe('low');
    expect(priorityMark(schedule('default'))).toBeNull();
    expect(priorityMark(schedule())).toBeNull();
  });

  it("gives each priority's queue most urgent first, and none when the API does not say", () => {
    const queues = {
      low: { visible: 7, inFlight: 0, delayed: 1 },
      default: { visible: 4, inFlight: 2, delayed: 0 },
      high: { visible: 1, inFlight: 1, delayed: 0 },
    };
    expect(priorityQueues(aStatusView({ queues }))).toEqual([
      { priority: 'high', depth: queues.high },
      { priority: 'default', depth: queues.default },
      { priority: 'low', depth: queues.low },
    ]);
    expect(priorityQueues(aStatusView({ queues: null }))).toBeNull();
    // An API from before priorities sends no `queues` at all.
    const { queues: _, ...older } = aStatusView();
    expect(priorityQueues(older as StatusView)).toBeNull();
  });
});

describe('job limits', () => {
  it('gives the holds of the last hour and in all, and each type held this hour, most held first', () => {
    const heldBack = aHeldBackStats();
    const avatar = { total: 3, lastHour: 3 };
    expect(holdsView({ ...heldBack, byType: { ...heldBack.byType, avatar } })).toEqual({
      lastHour: 15,
      total: 240,
      byType: [
        { type: 'resize', lastHour: 12 },
        { type: 'avatar', lastHour: 3 },
        { type: 'email', lastHour: 3 },
      ],
    });
  });

  it('gives nothing for a snapshot from before job limits, and a quiet hour with no types', () => {
    expect(holdsView(undefined)).toBeNull();
    const quiet = aHeldBackStats({
      total: 9,
      lastMinute: 0,
      lastHour: 0,
      byType: { resize: { total: 9, lastHour: 0 } },
    });
    expect(holdsView(quiet)).toEqual({ lastHour: 0, total: 9, byType: [] });
  });

  it('counts how often a job was held back in words', () => {
    expect(timesText(1)).toBe('1 time');
    expect(timesText(3)).toBe('3 times');
    expect(timesText(1_200)).toBe('1,200 times');
  });
});

describe('job progress', () => {
  const at = '2026-01-01T00:00:04.000Z';

  it('gives the bar its value and the percent and message in words', () => {
    expect(progressView({ percent: 40, message: 'slept 4000 of 10000 ms', at })).toEqual({
      value: 40,
      percent: '40%',
      message: 'slept 4000 of 10000 ms',
      at,
    });
    expect(progressView({ percent: 12.5, at })).toEqual({ value: 12.5, percent: '12.5%', at });
    expect(progressView({ percent: 100 / 3, message: '', at })).toEqual({
      value: 100 / 3,
      percent: '33.3%',
      at,
    });
  });

  it('gives nothing for a job that has reported none, and keeps the bar within 0–100', () => {
    expect(progressView(undefined)).toBeNull();
    expect(progressView({ percent: 140, at })?.value).toBe(100);
    expect(progressView({ percent: -3, at })?.percent).toBe('0%');
  });
});

describe('job dependencies', () => {
  const waiting = fakeJob({
    id: 'd1',
    status: 'waiting',
    dependsOn: ['a1', 'b2', 'c3'],
    onDependencyFailure: 'skip',
    dependencyOutcomes: { a1: 'completed' },
    dependenciesLeft: 2,
    dependents: ['e5'],
  });

  it('reads the status of each dependency not yet recorded and of each dependent, at most 20 of each', () => {
    expect(dependencyLookups(waiting)).toEqual(['b2', 'c3', 'e5']);
    const wide = fakeJob({
      dependsOn: Array.from({ length: 30 }, (_, i) => `d${i}`),
      dependencyOutcomes: { d0: 'completed' },
      dependents: Array.from({ length: 45 }, (_, i) => `e${i}`),
    });
    const ids = dependencyLookups(wide);
    expect(GRAPH_LOOKUPS).toBe(20);
    expect(ids).toHaveLength(40);
    expect(ids.slice(0, 2)).toEqual(['d1', 'd2']);
    expect(ids.at(-1)).toBe('e19');
    expect(dependencyLookups(fakeJob({}))).toEqual([]);
  });

  it('shows each dependency with how it ended, else its status now and that the job waits for it', () => {
    const view = dependencyView(
      waiting,
      new Map([
        ['b2', 'running'],
        ['e5', 'waiting'],
      ]),
    );
    expect(view).toEqual({
      dependencies: [
        { id: 'a1', status: 'completed' },
        { id: 'b2', status: 'running', note: 'waiting for it' },
        // Not read (yet, or the read failed): no chip, but still waited for.
        { id: 'c3', status: undefined, note: 'waiting for it' },
      ],
      left: 2,
      policy: 'skip — a dependency that fails or is canceled cancels this job',
      dependents: [{ id: 'e5', status: 'waiting' }],
      moreDependents: 0,
    });
    expect(waitingForText(2)).toBe('Waiting for 2 more');
    expect(waitingForText(1_200)).toBe('Waiting for 1,200 more');
  });

  it('says a job that moved on has no outcome recorded for a dependency, and one gone as removed', () => {
    const failed = fakeJob({
      status: 'failed',
      dependsOn: ['a1', 'b2'],
      dependencyOutcomes: { b2: 'failed' },
      dependenciesLeft: 1,
    });
    expect(dependencyView(failed, new Map([['a1', 'removed']]))).toEqual({
      dependencies: [
        { id: 'a1', status: 'removed', note: 'not recorded' },
        { id: 'b2', status: 'failed' },
      ],
      // Only while it waits.
      left: null,
      // A record without a policy is read as the default.
      policy: 'fail — a dependency that fails or is canceled fails this job',
      dependents: [],
      moreDependents: 0,
    });
  });

  it('lists the first 20 jobs waiting for it and counts the rest; a job with neither has no section', () => {
    const dependents = Array.from({ length: 23 }, (_, i) => `e${i}`);
    const view = dependencyView(fakeJob({ status: 'running', dependents }), new Map([['e0', 'waiting']]));
    expect(view?.dependencies).toEqual([]);
    expect(view?.policy).toBeNull();
    expect(view?.left).toBeNull();
    expect(view?.dependents).toHaveLength(20);
    expect(view?.dependents[0]).toEqual({ id: 'e0', status: 'waiting' });
    expect(view?.dependents[1]).toEqual({ id: 'e1', status: undefined });
    expect(view?.moreDependents).toBe(3);
    expect(dependencyView(fakeJob({ status: 'pending' }), new Map())).toBeNull();
    expect(dependencyView(fakeJob({ dependsOn: [], dependents: [] }), new Map())).toBeNull();
  });
});
