import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { escapeLabelValue, prometheusText } from '../../../../src/core/stats/prometheus.ts';
import type { StatusView } from '../../../../src/core/stats.ts';
import { readStatus } from '../../../../src/core/use-cases/read-status.ts';
import { takeSnapshot } from '../../../../src/core/use-cases/take-snapshot.ts';
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
  const status = await readStatus({ ...h.deps, clock: h.clock });
  const text = prometheusText(snapshot, status);
  const families = Object.fromEntries(parse(text).map((f) => [f.name, f]));
  const value = (name: string, labels: Record<string, string>) =>
    families[name]?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value;
  return { text, families, value, snapshot, status };
}

describe('Prometheus exposition', () => {
  it('parses, with HELP and TYPE for every family', async () => {
    const { families, text } = await scrape();
    expect(Object.keys(families).sort()).toEqual(
      [
        'sqs_jobs_cost_per_job_usd',
        'sqs_jobs_jobs',
        'sqs_jobs_jobs_total',
        'sqs_jobs_queue_messages',
        'sqs_jobs_queue_wait_seconds',
        'sqs_jobs_run_time_seconds',
        'sqs_jobs_snapshot_timestamp_seconds',
        'sqs_jobs_throughput_per_second',
        'sqs_jobs_type_jobs',
        'sqs_jobs_type_jobs_total',
        'sqs_jobs_type_throughput_per_second',
        'sqs_jobs_workers',
      ].sort(),
    );
    for (const family of Object.values(families)) expect(family.help.length).toBeGreaterThan(0);
    expect(families.sqs_jobs_jobs_total?.type).toBe('COUNTER');
    expect(families.sqs_jobs_jobs?.type).toBe('GAUGE');
    expect(families.sqs_jobs_type_jobs_total?.type).toBe('COUNTER');
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
    expect(value('sqs_jobs_queue_messages', { queue: 'jobs', state: 'in_flight' })).toBe('3');
    expect(value('sqs_jobs_queue_messages', { queue: 'dead-letter', state: 'visible' })).toBe('2');
    expect(value('sqs_jobs_workers', { state: 'limit' })).toBe('4');
    expect(value('sqs_jobs_workers', { state: 'busy' })).toBe('1');
    expect(Number(value('sqs_jobs_run_time_seconds', { type: 'email', quantile: '0.5' }))).toBeGreaterThan(1);
    expect(Number(value('sqs_jobs_cost_per_job_usd', { type: 'email' }))).toBeGreaterThan(0);
    // The first run's window reaches an hour back (less the 10 s settle margin).
    expect(
      Number(value('sqs_jobs_type_throughput_per_second', { status: 'completed', type: 'email' })),
    ).toBeCloseTo(1 / 3590, 8);
  });

  it('escapes backslashes, quotes and newlines in label values, so they come back intact', async () => {
    const { value, text } = await scrape();
    expect(escapeLabelValue(NASTY_TYPE)).toBe('report \\"q4\\"\\\\final\\nv2');
    expect(text).toContain(`type="${escapeLabelValue(NASTY_TYPE)}"`);
    expect(value('sqs_jobs_type_jobs_total', { status: 'completed', type: NASTY_TYPE })).toBe('1');
  });

  it('before the first snapshot, serves the live counts with a status label only', () => {
    const status: StatusView = {
      pending: 2,
      running: 1,
      completed: 9,
      failed: 1,
      canceled: 0,
      workers: 4,
      workersBusy: 1,
      workersAlive: 1,
      queue: null,
      deadLetterQueue: null,
      throughput: { completedPerSecond: 0.5, failedPerSecond: 0, windowSeconds: 60 },
      lastFailure: null,
      snapshotAt: null,
    };
    const families = Object.fromEntries(parse(prometheusText(null, status)).map((f) => [f.name, f]));
    expect(families.sqs_jobs_jobs_total?.metrics).toContainEqual({
      labels: { status: 'completed' },
      value: '9',
    });
    expect(families.sqs_jobs_snapshot_timestamp_seconds?.metrics ?? []).toEqual([]);
  });
});
