import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { latencyView } from '../../../../src/core/stats/latency.ts';
import {
  escapeLabelValue,
  LATENCY_BUCKETS_SECONDS,
  prometheusText,
} from '../../../../src/core/stats/prometheus.ts';
import type { StatusView } from '../../../../src/core/stats.ts';
import { readMetrics } from '../../../../src/core/use-cases/read-metrics.ts';
import { takeSnapshot } from '../../../../src/core/use-cases/take-snapshot.ts';
import {
  type PromSample,
  promHistogram,
  promSamples,
  promtoolCheckMetrics,
} from '../../../helpers/prometheus.ts';
import { live, statsHarness } from '../../../helpers/stats-harness.ts';

interface ParsedFamily {
  readonly name: string;
  readonly help: string;
  readonly type: string;
  readonly metrics: readonly { readonly labels?: Record<string, string>; readonly value: string }[];
}
const require = createRequire(import.meta.url);
const parse = require('parse-prometheus-text-format') as (text: string) => ParsedFamily[];

const NASTY_TYPE = 'report "q4"\\final\nv2';

/** Jobs of the scrape below that finished (completed or failed for good), with their run times (s). */
const RUN_SECONDS = { email: [2, 1], [NASTY_TYPE]: [3] } as const;

async function scrape() {
  const h = statsHarness();
  h.queue.depth = { visible: 5, inFlight: 3, delayed: 1 };
  h.deadLetters.depth = { visible: 2, inFlight: 0, delayed: 0 };
  await live(h.store, { type: 'email', created: 1, started: 2, finished: 4 });
  await live(h.store, { type: 'email', created: 5, started: 6, finished: 7, outcome: 'failed' });
  await live(h.store, { type: NASTY_TYPE, created: 8, started: 9, finished: 12 });
  await live(h.store, { type: NASTY_TYPE, created: 30 });
  await live(h.store, { type: 'email', created: 31, started: 32, worker: 'w' });
  h.at(60);
  const snapshot = await takeSnapshot(h.deps);
  const { status, latency } = await readMetrics({ ...h.deps, clock: h.clock });
  const text = prometheusText(snapshot, status, latency);
  const families = Object.fromEntries(parse(text).map((f) => [f.name, f]));
  const value = (name: string, labels: Record<string, string>) =>
    families[name]?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value;
  return { text, families, value, snapshot, status, samples: promSamples(text), h };
}

/** Each histogram series is cumulative and ends in +Inf equal to its _count. */
function expectWellFormed(
  samples: readonly PromSample[],
  family: string,
  labels: Record<string, string> = {},
) {
  const { buckets, count, sum } = promHistogram(samples, family, labels);
  expect(buckets.map(([le]) => le)).toEqual([...LATENCY_BUCKETS_SECONDS.map(String), '+Inf']);
  for (let i = 1; i < buckets.length; i++)
    expect(buckets[i]?.[1], `${family} le=${buckets[i]?.[0]}`).toBeGreaterThanOrEqual(
      buckets[i - 1]?.[1] ?? 0,
    );
  expect(buckets.at(-1)?.[1]).toBe(count);
  expect(sum).toBeGreaterThanOrEqual(0);
}

const hasPromtool = promtoolCheckMetrics('') !== null;

describe('Prometheus exposition', () => {
  it('parses, with HELP and TYPE for every family', async () => {
    const { families, text } = await scrape();
    expect(Object.keys(families).sort()).toEqual(
      [
        'sqs_jobs_cost_per_job_usd',
        'sqs_jobs_held_back_total',
        'sqs_jobs_jobs',
        'sqs_jobs_jobs_total',
        'sqs_jobs_queue_messages',
        'sqs_jobs_queue_wait_seconds',
        'sqs_jobs_run_time_seconds',
        'sqs_jobs_snapshot_timestamp_seconds',
        'sqs_jobs_throughput_per_second',
        'sqs_jobs_type_jobs',
        'sqs_jobs_type_jobs_total',
        'sqs_jobs_type_queue_wait_seconds',
        'sqs_jobs_type_run_time_seconds',
        'sqs_jobs_type_throughput_per_second',
        'sqs_jobs_workers',
      ].sort(),
    );
    for (const family of Object.values(families)) expect(family.help.length).toBeGreaterThan(0);
    expect(families.sqs_jobs_jobs_total?.type).toBe('COUNTER');
    expect(families.sqs_jobs_jobs?.type).toBe('GAUGE');
    expect(families.sqs_jobs_type_jobs_total?.type).toBe('COUNTER');
    for (const name of ['queue_wait', 'run_time', 'type_queue_wait', 'type_run_time'])
      expect(families[`sqs_jobs_${name}_seconds`]?.type).toBe('HISTOGRAM');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('labels counts, queue depth and workers: live totals by status, and per type from the snapshot', async () => {
    const { value, status } = await scrape();
    expect(value('sqs_jobs_jobs_total', { status: 'completed' })).toBe(String(status.completed));
    expect(value('sqs_jobs_jobs', { status: 'pending' })).toBe(String(status.pending));
    expect(value('sqs_jobs_type_jobs_total', { status: 'completed', type: 'email' })).toBe('1');
    expect(value('sqs_jobs_type_jobs_total', { status: 'failed', type: 'email' })).toBe('1');
    expect(value('sqs_jobs_type_jobs', { status: 'running', type: 'email' })).toBe('1');
    expect(value('sqs_jobs_type_jobs', { status: 'pending', type: NASTY_TYPE })).toBe('1');
    // One series per priority's queue.
    expect(value('sqs_jobs_queue_messages', { queue: 'jobs', priority: 'default', state: 'in_flight' })).toBe(
      '3',
    );
    expect(value('sqs_jobs_queue_messages', { queue: 'jobs', priority: 'high', state: 'visible' })).toBe('0');
    expect(value('sqs_jobs_queue_messages', { queue: 'dead-letter', state: 'visible' })).toBe('2');
    expect(value('sqs_jobs_workers', { state: 'limit' })).toBe('4');
    expect(value('sqs_jobs_workers', { state: 'busy' })).toBe('1');
    expect(Number(value('sqs_jobs_cost_per_job_usd', { type: 'email' }))).toBeGreaterThan(0);
    // The first run's window reaches an hour back (less the 10 s settle margin).
    expect(
      Number(value('sqs_jobs_type_throughput_per_second', { status: 'completed', type: 'email' })),
    ).toBeCloseTo(1 / 3590, 8);
  });

  it('escapes backslashes, quotes and newlines in label values, so they come back intact', async () => {
    const { value, text, samples } = await scrape();
    expect(escapeLabelValue(NASTY_TYPE)).toBe('report \\"q4\\"\\\\final\\nv2');
    expect(text).toContain(`type="${escapeLabelValue(NASTY_TYPE)}"`);
    expect(value('sqs_jobs_type_jobs_total', { status: 'completed', type: NASTY_TYPE })).toBe('1');
    expect(text).toContain(
      `sqs_jobs_type_run_time_seconds_bucket{type="${escapeLabelValue(NASTY_TYPE)}",le="+Inf"} 1\n`,
    );
    expect(promHistogram(samples, 'sqs_jobs_type_run_time_seconds', { type: NASTY_TYPE }).count).toBe(1);
  });

  it('serves queue wait and run time as histograms: cumulative buckets, +Inf = _count, the exact _sum', async () => {
    const { samples, status } = await scrape();
    for (const family of ['sqs_jobs_queue_wait_seconds', 'sqs_jobs_run_time_seconds']) {
      expectWellFormed(samples, family);
      for (const type of Object.keys(RUN_SECONDS))
        expectWellFormed(samples, family.replace('jobs_', 'jobs_type_'), { type });
    }
    // Every job that finished (completed or failed for good) is counted once, as in the totals.
    const all = promHistogram(samples, 'sqs_jobs_run_time_seconds');
    expect(all.count).toBe(status.completed + status.failed);
    const runs = Object.values(RUN_SECONDS).flat();
    expect(all.sum).toBe(runs.reduce((a, b) => a + b, 0));
    // Bounds well away from the values (the log buckets blur ±4.8 %): counts are exact there.
    const at = (le: string) => all.buckets.find(([bound]) => bound === le)?.[1];
    expect(at('0.5')).toBe(0);
    expect(at('2.5')).toBe(runs.filter((s) => s <= 2.5).length);
    expect(at('5')).toBe(runs.length);
    const email = promHistogram(samples, 'sqs_jobs_type_run_time_seconds', { type: 'email' });
    expect(email).toMatchObject({ count: 2, sum: 3 });
    expect(promHistogram(samples, 'sqs_jobs_queue_wait_seconds')).toMatchObject({ count: 3, sum: 3 });
  });

  it('adds the jobs finished since the snapshot, and the next snapshot takes them over without counting twice', async () => {
    const { h } = await scrape();
    await live(h.store, { type: 'email', created: 65, started: 66, finished: 70 });
    h.at(80);
    const read = async () => {
      const { snapshot, status, latency } = await readMetrics({ ...h.deps, clock: h.clock });
      return promHistogram(
        promSamples(prometheusText(snapshot, status, latency)),
        'sqs_jobs_type_run_time_seconds',
        {
          type: 'email',
        },
      );
    };
    expect(await read()).toMatchObject({ count: 3, sum: 7 });
    h.at(140);
    const snapshot = await takeSnapshot(h.deps);
    expect(snapshot.byType.email?.latency?.runTimeMs.sum).toBe(7000);
    expect(await read()).toMatchObject({ count: 3, sum: 7 });
  });

  it.skipIf(!hasPromtool)('passes promtool check metrics: no errors, no lint findings', async () => {
    const { text } = await scrape();
    expect(promtoolCheckMetrics(text)).toEqual({ status: 0, output: '' });
  });

  it('before the first snapshot, serves the live counts with a status label only', () => {
    const status: StatusView = {
      waiting: 0,
      scheduled: 0,
      pending: 2,
      running: 1,
      completed: 9,
      failed: 1,
      canceled: 0,
      workers: 4,
      workersBusy: 1,
      workersAlive: 1,
      queue: null,
      queues: null,
      deadLetterQueue: null,
      throughput: { completedPerSecond: 0.5, failedPerSecond: 0, windowSeconds: 60 },
      lastFailure: null,
      snapshotAt: null,
    };
    const text = prometheusText(null, status, latencyView(undefined, { from: '', to: '', byType: {} }));
    const families = Object.fromEntries(parse(text).map((f) => [f.name, f]));
    expect(families.sqs_jobs_jobs_total?.metrics).toContainEqual({
      labels: { status: 'completed' },
      value: '9',
    });
    expect(families.sqs_jobs_snapshot_timestamp_seconds?.metrics ?? []).toEqual([]);
    // The all-types histograms are there from the start, every bucket at 0, so the series never appear late.
    expect(promHistogram(promSamples(text), 'sqs_jobs_run_time_seconds')).toMatchObject({ count: 0, sum: 0 });
    expectWellFormed(promSamples(text), 'sqs_jobs_run_time_seconds');
    if (hasPromtool) expect(promtoolCheckMetrics(text)).toEqual({ status: 0, output: '' });
  });
});
