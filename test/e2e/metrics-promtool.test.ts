import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, inject, it } from 'vitest';
import { type PromSample, promHistogram, promSamples, promtoolCheckMetrics } from '../helpers/prometheus.ts';
import { apiClient } from './client.ts';

const api = apiClient(inject('apiUrl'));

const HISTOGRAMS = [
  'sqs_jobs_queue_wait_seconds',
  'sqs_jobs_run_time_seconds',
  'sqs_jobs_type_queue_wait_seconds',
  'sqs_jobs_type_run_time_seconds',
] as const;

const promtoolMissing = promtoolCheckMetrics('') === null;
if (promtoolMissing) {
  // CI must check the format for real (.ci/run installs it); a dev machine may go without, and is told so.
  if (process.env.CI)
    throw new Error("promtool is not on PATH: install Debian's prometheus package (.ci/run does so in CI)");
  console.warn('metrics-promtool: promtool is not on PATH, skipped (apt-get install prometheus to run it)');
}

async function submit(body: object): Promise<string> {
  const res = await api.post<{ id: string }>('/jobs', JSON.stringify(body), {
    'content-type': 'application/json',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body.id;
}

async function scrape(): Promise<{ text: string; samples: PromSample[] }> {
  const res = await api.request<string>('GET', '/metrics');
  expect(res.status).toBe(200);
  return { text: res.body, samples: promSamples(res.body) };
}

const runCount = (samples: readonly PromSample[], type?: string) =>
  type === undefined
    ? (promHistogram(samples, 'sqs_jobs_run_time_seconds').count ?? 0)
    : (promHistogram(samples, 'sqs_jobs_type_run_time_seconds', { type }).count ?? 0);

describe.skipIf(promtoolMissing)('GET /metrics through promtool', () => {
  it('passes promtool check metrics after a job completes, one fails for good and one is retried, with the jobs in the latency histograms', async () => {
    const before = (await scrape()).samples;

    const ids = {
      completed: await submit({ type: 'noop' }),
      failed: await submit({ type: 'flaky', failTimes: 9, maxAttempts: 1 }),
      retried: await submit({ type: 'flaky', failTimes: 1, maxAttempts: 3 }),
    };
    const [completed, failed, retried] = await Promise.all([
      api.waitForJob(ids.completed, (j) => j.status === 'completed'),
      api.waitForJob(ids.failed, (j) => j.status === 'failed'),
      api.waitForJob(ids.retried, (j) => j.status === 'completed', 15_000),
    ]);
    expect(completed).toMatchObject({ status: 'completed' });
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(retried).toMatchObject({ status: 'completed', attempts: 2 });

    // The histograms count the jobs finished since the snapshot live, through the status index, which
    // a deployed stack (a DynamoDB GSI) may show a moment after the job record: read until it does.
    const expected = { all: runCount(before) + 3, flaky: runCount(before, 'flaky') + 2 };
    let scraped = await scrape();
    for (let i = 0; i < 40; i++) {
      if (runCount(scraped.samples) >= expected.all && runCount(scraped.samples, 'flaky') >= expected.flaky)
        break;
      await sleep(250);
      scraped = await scrape();
    }
    const { text, samples } = scraped;
    expect(runCount(samples)).toBeGreaterThanOrEqual(expected.all);
    expect(runCount(samples, 'flaky')).toBeGreaterThanOrEqual(expected.flaky);
    expect(runCount(samples, 'noop')).toBeGreaterThanOrEqual(runCount(before, 'noop') + 1);

    // curl …/metrics | promtool check metrics: no errors and no lint findings.
    expect(promtoolCheckMetrics(text)).toEqual({ status: 0, output: '' });

    for (const family of HISTOGRAMS) {
      expect(text).toContain(`# TYPE ${family} histogram\n`);
      const series: Record<string, string> = family.includes('_type_') ? { type: 'flaky' } : {};
      const { buckets, sum, count } = promHistogram(samples, family, series);
      expect(buckets.at(-1), family).toEqual(['+Inf', count]);
      for (let i = 1; i < buckets.length; i++)
        expect(buckets[i]?.[1], `${family} le=${buckets[i]?.[0]}`).toBeGreaterThanOrEqual(
          buckets[i - 1]?.[1] ?? 0,
        );
      expect(count, family).toBeGreaterThanOrEqual(family.includes('_type_') ? expected.flaky : expected.all);
      expect(sum, family).toBeGreaterThanOrEqual(0);
    }
  });
});
