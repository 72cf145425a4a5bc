import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildDashboard } from '../../src/cdk/dashboard-build.ts';
import type { Job } from '../../src/core/job.ts';
import type { Schedule } from '../../src/core/schedule/schedule.ts';
import { emptyCounts, type StatsSnapshot, type TypeStats } from '../../src/core/stats.ts';
import { launchChromium, type PageWatch, watchPage } from '../helpers/browser.ts';
import { type FakeDashboardApi, startFakeDashboardApi } from '../helpers/fake-dashboard-api.ts';
import { aJob } from '../helpers/jobs.ts';
import { aHeldBackStats, aSnapshot, emptyWindow } from '../helpers/stats.ts';

/**
 * The page alone, in Debian's chromium, against a stand-in API that can answer what the real one
 * rarely does on cue: a required key, errors, no snapshot yet, markup in type names and error texts.
 * test/e2e/dashboard.test.ts runs the same page against the real stack.
 */

const XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2;alert(1)">';

let outDir: string;
let assetDir: string;
let browser: Browser;
let api: FakeDashboardApi | undefined;
let page: Page;
let watch: PageWatch;

beforeAll(async () => {
  outDir = mkdtempSync(path.join(tmpdir(), 'sqs-jobs-dashboard-'));
  assetDir = buildDashboard(outDir);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  rmSync(outDir, { recursive: true, force: true });
});
afterEach(async () => {
  await page?.context().close();
  await api?.close();
  api = undefined;
});

async function openPage(
  options: {
    apiKey?: string;
    jobs?: Job[];
    schedules?: Schedule[];
    /** The stats snapshot from the first refresh on (GET /stats is read only every fifth one). */
    snapshot?: StatsSnapshot;
    stage?: string;
    path?: string;
  } = {},
): Promise<FakeDashboardApi> {
  const { jobs = [], schedules = [], snapshot = null, path: pagePath = '/', ...fakeOptions } = options;
  api = await startFakeDashboardApi({ assetDir, ...fakeOptions });
  for (const job of jobs) api.jobs.set(job.id, job);
  api.schedules = schedules;
  api.snapshot = snapshot;
  page = await (await browser.newContext()).newPage();
  watch = watchPage(page);
  await page.goto(`${api.url}${pagePath}`);
  return api;
}

/** The page refreshes every 2 s: give it a few rounds. */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 100 });

const job = (overrides: Partial<Job>): Job => ({ ...aJob(), ...overrides });
const failedJob = (id: string, message: string, type = 'resize') =>
  job({
    id,
    type,
    status: 'failed',
    attempts: 1,
    error: { name: 'PermanentJobError', message, permanent: true },
    finishedAt: new Date().toISOString(),
  });

describe('the dashboard page', () => {
  it('asks for the API key once, keeps it for the session and sends it on every call', async () => {
    const fake = await openPage({ apiKey: 's3cret', jobs: [job({ id: 'j1', status: 'completed' })] });
    await page.getByTestId('api-key-form').waitFor();
    await page.getByTestId('api-key-input').fill('wrong');
    await page.getByTestId('api-key-submit').click();
    await eventually(() => page.getByTestId('api-key-form').textContent()).toContain('did not accept');
    await page.getByTestId('api-key-input').fill('s3cret');
    await page.getByTestId('api-key-submit').click();
    await eventually(() => page.getByTestId('count-completed').textContent()).toBe('1');
    expect(await page.evaluate(() => sessionStorage.getItem('sqs-jobs.apiKey'))).toBe('s3cret');

    // The page and its files need no key; after a reload every API call carries the stored one.
    await page.reload();
    await eventually(() => page.getByTestId('count-completed').textContent()).toBe('1');
    const before = fake.requests.length;
    await eventually(() => fake.requests.length).toBeGreaterThan(before + 3);
    const afterReload = fake.requests.slice(fake.requests.findLastIndex((r) => r.line === 'GET /') + 1);
    const apiCalls = afterReload.filter((r) => !r.line.startsWith('GET /dashboard/'));
    expect(apiCalls.length).toBeGreaterThan(0);
    expect(apiCalls.every((r) => r.apiKey === 's3cret')).toBe(true);
    expect(await page.getByTestId('api-key-form').isVisible()).toBe(false);
  });

  it('works under a stage path, opened with or without the trailing slash, as on API Gateway', async () => {
    const fake = await openPage({ stage: 'prod', path: '', jobs: [job({ id: 'j1', status: 'completed' })] });
    await eventually(() => page.getByTestId('count-completed').textContent()).toBe('1');
    expect(new URL(page.url()).pathname).toBe('/prod/');
    const calls = fake.requests.map((r) => r.line);
    expect(calls).toEqual(expect.arrayContaining(['GET /prod', 'GET /prod/', 'GET /prod/dashboard/app.js']));
    expect(calls).toContain('GET /prod/status');
    expect(calls.filter((line) => !line.startsWith('GET /prod'))).toEqual([]);
  });

  it('shows API errors in the message area and clears them when the call works again', async () => {
    const fake = await openPage();
    await eventually(() => page.getByTestId('count-pending').textContent()).toBe('0');
    fake.failNext('/status', 503, {
      error: { code: 'EnqueueFailed', message: 'The store is down.', details: {} },
    });
    const message = page.getByTestId('error-message');
    await eventually(() => message.textContent()).toContain('status: EnqueueFailed: The store is down.');
    await eventually(() => message.count()).toBe(0);
  });

  it('copes with no stats snapshot yet: says so, and still lists the jobs failed now', async () => {
    await openPage({ jobs: [failedJob('f1', 'The file "a.png" does not exist in the files bucket.')] });
    await page.getByTestId('failure-row').waitFor();
    expect(await page.getByTestId('charts-empty').isVisible()).toBe(true);
    expect(await page.getByTestId('failures-note').textContent()).toContain('No stats snapshot yet');
    expect(await page.getByTestId('dlq-as-of').textContent()).toBe('no snapshot yet');
    expect(await page.getByTestId('queue-priorities').isVisible()).toBe(false);
    expect(await page.getByTestId('card-held-back').isVisible()).toBe(false);
    expect(await page.getByTestId('failure-error').textContent()).toBe(
      'PermanentJobError: The file "a.png" does not exist in the files bucket.',
    );
  });

  it('shows markup in type names, payloads and errors as text, and runs none of it', async () => {
    const hostile = failedJob('x1', XSS, XSS);
    await openPage({ jobs: [{ ...hostile, payload: { note: XSS } }] });
    await page.getByTestId('failure-row').waitFor();
    expect(await page.getByTestId('failure-type').textContent()).toBe(XSS);
    expect(await page.getByTestId('failure-error').textContent()).toBe(`PermanentJobError: ${XSS}`);
    await page.getByTestId('job-row').getByTestId('job-link').click();
    await eventually(() => page.getByTestId('detail-payload').textContent()).toContain(
      JSON.stringify(XSS).slice(1, -1),
    );
    expect(await page.getByTestId('detail-type').textContent()).toBe(XSS);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => typeof (globalThis as { __xss?: unknown }).__xss)).toBe('undefined');
    expect(watch.dialogs).toEqual([]);
  });

  it('retries from the failures list (no body), cancels from the detail view and redrives the DLQ with {}', async () => {
    const fake = await openPage({
      jobs: [
        failedJob('f1', 'boom'),
        job({ id: 'p1', status: 'pending', createdAt: '2020-01-01T00:00:00.000Z' }),
      ],
    });
    await page.getByTestId('failure-retry').click();
    await eventually(() => page.getByTestId('info-message').textContent()).toContain(
      'Job f1: retry queued; now pending.',
    );
    expect(fake.requests.find((r) => r.line === 'POST /jobs/f1/retry')?.body).toBe('');
    await eventually(() => page.getByTestId('failure-retry').count()).toBe(0);

    await page.locator('[data-testid="job-row"][data-job-id="p1"]').getByTestId('job-link').click();
    await page.getByTestId('detail-cancel').click();
    await eventually(() => page.getByTestId('detail-status').textContent()).toBe('canceled');
    expect(page.url()).toMatch(/#\/jobs\/p1$/);
    await page.getByTestId('detail-close').click();
    expect(await page.getByTestId('job-detail').isVisible()).toBe(false);

    await page.getByTestId('redrive-button').click();
    await eventually(() => page.getByTestId('redrive-result').textContent()).toContain('"redriven": 0');
    expect(fake.requests.find((r) => r.line === 'POST /dlq/redrive')?.body).toBe('{}');
    expect(watch.errors).toEqual([]);
  });

  it('lists a scheduled job with when it runs, shows its runAt, and runs it now from the detail view', async () => {
    const runAt = '2030-06-01T09:30:00.000Z';
    const fake = await openPage({ jobs: [job({ id: 's1', status: 'scheduled', runAt })] });
    const row = page.locator('[data-testid="job-row"][data-job-id="s1"]');
    await eventually(() => row.getByTestId('job-status').textContent()).toBe('scheduled');
    expect(await row.getByTestId('job-run-at').textContent()).toContain('runs');
    await eventually(() => page.getByTestId('count-scheduled').textContent()).toBe('1');
    await row.getByTestId('job-link').click();
    await eventually(() => page.getByTestId('detail-run-at').textContent()).toContain('2030');
    expect(await page.getByTestId('detail-retry').isVisible()).toBe(false);
    expect(await page.getByTestId('detail-cancel').isVisible()).toBe(true);
    await page.getByTestId('detail-run-now').click();
    await eventually(() => page.getByTestId('detail-status').textContent()).toBe('pending');
    expect(fake.requests.find((r) => r.line === 'POST /jobs/s1/reschedule')?.body).toBe('{"delaySeconds":0}');
    expect(await page.getByTestId('detail-run-now').isVisible()).toBe(false);
    expect(watch.errors).toEqual([]);
  });
  it("shows each priority's queue, marks high and low jobs in the list and shows a job's priority", async () => {
    const fake = await openPage({
      jobs: [
        job({ id: 'h1', type: 'email', priority: 'high', createdAt: '2026-01-01T00:00:03.000Z' }),
        job({ id: 'd1', type: 'email', priority: 'default', createdAt: '2026-01-01T00:00:02.000Z' }),
        job({ id: 'l1', type: 'report', priority: 'low', createdAt: '2026-01-01T00:00:01.000Z' }),
      ],
    });
    // Before any snapshot: no depths to show, so no table of them.
    await eventually(() => page.getByTestId('count-pending').textContent()).toBe('3');
    expect(await page.getByTestId('queue-priorities').isVisible()).toBe(false);
    fake.snapshot = aSnapshot(new Date(Date.now() - 20_000), {
      queue: { visible: 1_240, inFlight: 9, delayed: 2 },
      queues: {
        high: { visible: 3, inFlight: 4, delayed: 0 },
        default: { visible: 1_200, inFlight: 5, delayed: 2 },
        low: { visible: 37, inFlight: 0, delayed: 0 },
      },
    });
    await eventually(() => page.getByTestId('queue-priorities').isVisible()).toBe(true);
    const depth = (priority: string) =>
      page
        .locator(`[data-testid="queue-priority"][data-priority="${priority}"]`)
        .locator('th, td')
        .allTextContents();
    expect(await depth('high')).toEqual(['high', '3', '4', '0']);
    expect(await depth('default')).toEqual(['default', '1,200', '5', '2']);
    expect(await depth('low')).toEqual(['low', '37', '0', '0']);
    expect(await page.getByTestId('queue-visible').textContent()).toBe('1,240');

    const row = (id: string) => page.locator(`[data-testid="job-row"][data-job-id="${id}"]`);
    expect(await row('h1').getByTestId('job-priority').textContent()).toBe('high');
    expect(await row('h1').getByTestId('job-priority').isVisible()).toBe(true);
    expect(await row('h1').getByTestId('job-type').textContent()).toBe('email');
    expect(await row('l1').getByTestId('job-priority').textContent()).toBe('low');
    expect(await row('d1').getByTestId('job-priority').count()).toBe(0);

    await row('h1').getByTestId('job-link').click();
    await eventually(() => page.getByTestId('detail-priority').textContent()).toBe('high');
    await page.getByTestId('detail-close').click();
    await row('d1').getByTestId('job-link').click();
    await eventually(() => page.getByTestId('detail-priority').textContent()).toBe('default');
    expect(watch.errors).toEqual([]);
  });

  it('shows the total queue alone from a snapshot taken before priorities, and an unmarked job as default', async () => {
    const { priority: _, ...older } = job({ id: 'o1', status: 'pending' });
    const fake = await openPage({ jobs: [older] });
    fake.snapshot = aSnapshot(new Date(Date.now() - 20_000), {
      queue: { visible: 6, inFlight: 1, delayed: 0 },
    });
    await eventually(() => page.getByTestId('queue-visible').textContent()).toBe('6');
    expect(await page.getByTestId('queue-in-flight').textContent()).toBe('1');
    expect(await page.getByTestId('queue-priorities').isVisible()).toBe(false);
    expect(await page.getByTestId('job-priority').count()).toBe(0);
    await page.getByTestId('job-link').click();
    await eventually(() => page.getByTestId('detail-priority').textContent()).toBe('default');
    expect(watch.errors).toEqual([]);
  });

  it('shows why a limit holds a job back and its limit key in the detail, and the holds of the last hour by type', async () => {
    const heldBack = {
      reason: 'keyConcurrency',
      message: `4 email jobs of key "${XSS}" are running (key concurrency 4)`,
      since: '2030-06-01T09:00:01.000Z',
      until: '2030-06-01T09:00:05.000Z',
      times: 3,
    } as const;
    await openPage({
      jobs: [
        job({ id: 'e1', type: 'email', status: 'pending', limitKey: XSS, heldBack }),
        job({ id: 'k1', type: 'email', status: 'completed', limitKey: 'example.com' }),
      ],
      snapshot: aSnapshot(new Date(Date.now() - 20_000), { heldBack: aHeldBackStats() }),
    });
    await eventually(() => page.getByTestId('held-back-last-hour').textContent()).toBe('15');
    expect(await page.getByTestId('card-held-back').isVisible()).toBe(true);
    expect(await page.getByTestId('held-back-total').textContent()).toBe('240');
    // The types held back this hour, most first; report, held only earlier, is left out.
    const types = await page
      .getByTestId('held-back-type')
      .evaluateAll((rows) => rows.map((row) => [...row.children].map((cell) => cell.textContent)));
    expect(types).toEqual([
      ['resize', '12'],
      ['email', '3'],
    ]);

    await page.locator('[data-testid="job-row"][data-job-id="e1"]').getByTestId('job-link').click();
    await eventually(() => page.getByTestId('detail-held-back').isVisible()).toBe(true);
    expect(await page.getByTestId('detail-held-back').textContent()).toContain(heldBack.message);
    const times = page.getByTestId('detail-held-back-times');
    expect(await times.textContent()).toMatch(/^3 times since .+, next try .+$/);
    expect(
      await times.locator('time').evaluateAll((els) => els.map((el) => el.getAttribute('datetime'))),
    ).toEqual([heldBack.since, heldBack.until]);
    expect(await page.getByTestId('detail-limit-key').textContent()).toBe(XSS);

    // A job no limit holds back shows its key alone.
    await page.getByTestId('detail-close').click();
    await page.locator('[data-testid="job-row"][data-job-id="k1"]').getByTestId('job-link').click();
    await eventually(() => page.getByTestId('detail-limit-key').textContent()).toBe('example.com');
    expect(await page.getByTestId('detail-held-back').count()).toBe(0);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => typeof (globalThis as { __xss?: unknown }).__xss)).toBe('undefined');
    expect(watch.errors).toEqual([]);
  });

  it("shows a running job's progress in the detail, as a bar with its percent and message, and follows it", async () => {
    const reported = '2030-06-01T09:00:04.000Z';
    const fake = await openPage({
      jobs: [
        job({
          id: 'r1',
          type: 'sleep',
          status: 'running',
          attempts: 1,
          startedAt: '2030-06-01T09:00:00.000Z',
          progress: { percent: 40, message: 'slept 4000 of 10000 ms', at: reported },
        }),
        job({ id: 'c1', status: 'completed', createdAt: '2020-01-01T00:00:00.000Z' }),
      ],
    });
    await page.locator('[data-testid="job-row"][data-job-id="r1"]').getByTestId('job-link').click();
    await eventually(() => page.getByTestId('detail-progress').isVisible()).toBe(true);
    expect(await page.getByTestId('detail-progress-percent').textContent()).toBe('40%');
    expect(await page.getByTestId('detail-progress-message').textContent()).toBe('slept 4000 of 10000 ms');
    expect(await page.getByTestId('detail-progress').textContent()).toContain('40% — slept 4000 of 10000 ms');
    const bar = page.getByTestId('detail-progress-bar');
    expect(await bar.getAttribute('value')).toBe('40');
    expect(await page.getByTestId('detail-progress').locator('time').getAttribute('datetime')).toBe(reported);

    // The detail re-reads the job on every refresh: the next report shows without a click, markup as text.
    const current = fake.jobs.get('r1');
    if (!current) throw new Error('r1 is gone');
    const message = `slept 7000 of 10000 ms ${XSS}`;
    fake.jobs.set('r1', { ...current, progress: { percent: 70, message, at: '2030-06-01T09:00:07.000Z' } });
    await eventually(() => page.getByTestId('detail-progress-percent').textContent()).toBe('70%');
    expect(await page.getByTestId('detail-progress-message').textContent()).toBe(message);
    expect(await bar.getAttribute('value')).toBe('70');

    // A job that reported none shows no progress.
    await page.getByTestId('detail-close').click();
    await page.locator('[data-testid="job-row"][data-job-id="c1"]').getByTestId('job-link').click();
    await eventually(() => page.getByTestId('detail-status').textContent()).toBe('completed');
    expect(await page.getByTestId('detail-progress').count()).toBe(0);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => typeof (globalThis as { __xss?: unknown }).__xss)).toBe('undefined');
    expect(watch.errors).toEqual([]);
  });

  it('shows when a finished job expires in the detail, and no Expires for a job not finished', async () => {
    const expiresAt = '2030-06-08T09:00:05.000Z';
    await openPage({
      jobs: [
        job({
          id: 'c1',
          status: 'completed',
          attempts: 1,
          startedAt: '2030-06-01T09:00:00.000Z',
          finishedAt: '2030-06-01T09:00:05.000Z',
          expiresAt,
        }),
        job({ id: 'p1', status: 'pending', createdAt: '2020-01-01T00:00:00.000Z' }),
      ],
    });
    const row = (id: string) => page.locator(`[data-testid="job-row"][data-job-id="${id}"]`);
    await row('c1').getByTestId('job-link').click();
    // A time cell like the others: local time shown, the instant in datetime.
    const expires = page.getByTestId('detail-expires');
    await eventually(() => expires.locator('time').getAttribute('datetime')).toBe(expiresAt);
    expect(await expires.isVisible()).toBe(true);
    expect(await page.locator('dt:has(+ [data-testid="detail-expires"])').textContent()).toBe('Expires');

    await page.getByTestId('detail-close').click();
    await row('p1').getByTestId('job-link').click();
    await eventually(() => page.getByTestId('detail-status').textContent()).toBe('pending');
    expect(await page.getByTestId('detail-expires').count()).toBe(0);
    expect(watch.errors).toEqual([]);
  });

  it('shows no held-back card from a snapshot taken before job limits, nor a limit key on a job without one', async () => {
    await openPage({
      jobs: [job({ id: 'p1', status: 'pending' })],
      snapshot: aSnapshot(new Date(Date.now() - 20_000)),
    });
    // The first refresh reads GET /stats too: once it is done, the card had its chance to show.
    await eventually(() => page.getByTestId('live').textContent()).toContain('updated');
    expect(await page.getByTestId('card-held-back').isVisible()).toBe(false);
    await page.getByTestId('job-link').click();
    await eventually(() => page.getByTestId('detail-status').textContent()).toBe('pending');
    expect(await page.getByTestId('detail-limit-key').count()).toBe(0);
    expect(await page.getByTestId('detail-held-back').count()).toBe(0);
    expect(watch.errors).toEqual([]);
  });

  it('draws a live throughput line from GET /status every 2 s, and shows the cost per job type', async () => {
    const typeStats = (completed: number, costPerJobUsd: number | null): TypeStats => ({
      counts: { ...emptyCounts(), completed },
      lastMinute: emptyWindow(),
      lastHour: { ...emptyWindow(3600), completed, runTimeMs: { p50: 850, p95: 900, p99: 990 } },
      costPerJobUsd,
    });
    const fake = await openPage({
      jobs: [job({ id: 'c0', status: 'completed' })],
      snapshot: aSnapshot(new Date(Date.now() - 20_000), {
        byType: { resize: typeStats(40, 0.00000412), [XSS]: typeStats(2, null) },
      }),
    });
    const chart = page.getByTestId('chart-throughput');
    // The first sample takes the API's last-minute rate (0.5/s here); the next, the totals' growth.
    await eventually(async () => [
      await chart.getAttribute('data-live-points'),
      await chart.getAttribute('data-live-rate'),
    ]).toEqual(['1', '0.5']);
    await eventually(async () => Number(await chart.getAttribute('data-live-points'))).toBeGreaterThanOrEqual(
      2,
    );
    // No history yet: the per-minute lines wait for it, the live line moves already.
    expect(await page.getByTestId('charts-empty').textContent()).toContain(
      'live throughput line moves at once',
    );
    for (let i = 1; i <= 6; i++) fake.jobs.set(`c${i}`, job({ id: `c${i}`, status: 'completed' }));
    await eventually(async () => Number(await chart.getAttribute('data-live-rate'))).toBeGreaterThan(1);
    expect(await chart.locator('.u-legend').textContent()).toContain('finished/s (live, every 2 s)');
    // The live samples are the refresh's own GET /status reads: no request of their own.
    const reads = (line: string) => fake.requests.filter((r) => r.line === line).length;
    expect(reads('GET /status')).toBeLessThanOrEqual(reads('GET /schedules') + 1);

    const rows = await page
      .getByTestId('type-row')
      .evaluateAll((els) => els.map((row) => [...row.children].map((cell) => cell.textContent)));
    expect(rows).toEqual([
      [XSS, '2', '0', '850 ms', '—'],
      ['resize', '40', '0', '850 ms', '$4.12 / M'],
    ]);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => typeof (globalThis as { __xss?: unknown }).__xss)).toBe('undefined');
    expect(watch.errors).toEqual([]);
  });

  it('lists the schedules, declared and made at run time, with their next runs; the last job opens its detail', async () => {
    const at = '2030-06-01T08:00:00.000Z';
    const schedule = (overrides: Partial<Schedule> & Pick<Schedule, 'name'>): Schedule => ({
      schedule: 'rate(1 hour)',
      type: 'cleanup',
      payload: {},
      nextRunAt: '2030-06-01T10:00:00.000Z',
      declared: false,
      createdAt: at,
      updatedAt: at,
      ...overrides,
    });
    const fake = await openPage({
      jobs: [job({ id: 'fired-1', type: 'cleanup', status: 'completed' })],
      schedules: [
        schedule({
          name: 'cleanup-tmp',
          declared: true,
          payload: { prefix: 'tmp/' },
          lastRunAt: '2030-06-01T09:00:00.000Z',
          lastJobId: 'fired-1',
        }),
        schedule({
          name: 'digest',
          schedule: 'cron(0 9 ? * MON-FRI *)',
          timezone: 'Europe/Paris',
          type: 'email',
          priority: 'high',
          nextRunAt: '2030-06-03T07:00:00.000Z',
          lastRunAt: '2030-05-31T07:00:00.000Z',
          lastError: XSS,
        }),
        schedule({
          name: 'retired',
          schedule: 'cron(0 0 1 1 ? 2029)',
          priority: 'default',
          nextRunAt: '9999-12-31T23:59:59.999Z',
        }),
      ],
    });
    const row = (name: string) => page.locator(`[data-testid="schedule-row"][data-schedule-name="${name}"]`);
    await eventually(() => page.getByTestId('schedule-row').count()).toBe(3);
    expect(
      await page.getByTestId('schedule-row').evaluateAll((rows) => rows.map((r) => r.dataset.scheduleName)),
    ).toEqual(['cleanup-tmp', 'digest', 'retired']);

    // The next run is a time cell like the others: local time shown, the instant in datetime.
    const nextRun = (name: string) => row(name).getByTestId('schedule-next-run').locator('time');
    expect(await nextRun('cleanup-tmp').getAttribute('datetime')).toBe('2030-06-01T10:00:00.000Z');
    expect(await nextRun('digest').getAttribute('datetime')).toBe('2030-06-03T07:00:00.000Z');
    expect(await row('retired').getByTestId('schedule-next-run').textContent()).toBe('never');

    // Only the declared one carries the badge; a time zone someone chose is shown with the expression.
    expect(await row('cleanup-tmp').getByTestId('schedule-declared').textContent()).toBe('declared');
    expect(await row('digest').getByTestId('schedule-declared').count()).toBe(0);
    expect(await row('digest').textContent()).toContain('cron(0 9 ? * MON-FRI *) in Europe/Paris');
    expect(await row('cleanup-tmp').textContent()).not.toContain(' in ');
    // A firing that submitted no job says why, as text.
    expect(await row('digest').getByTestId('schedule-last-error').textContent()).toBe(XSS);
    expect(await row('digest').getByTestId('schedule-last-job').count()).toBe(0);
    // As in the jobs table, a high or low priority is a badge by the type; default, or none set (the
    // type's), is not marked.
    const badge = row('digest').getByTestId('schedule-priority');
    expect(await badge.textContent()).toBe('high');
    expect(await badge.isVisible()).toBe(true);
    expect(await badge.getAttribute('class')).toContain('priority-high');
    expect(await row('digest').locator('td').nth(2).textContent()).toBe('emailhigh');
    expect(await row('cleanup-tmp').getByTestId('schedule-priority').count()).toBe(0);
    expect(await row('retired').getByTestId('schedule-priority').count()).toBe(0);

    await row('cleanup-tmp').getByTestId('schedule-last-job').click();
    await eventually(() => page.getByTestId('detail-id').textContent()).toBe('Job fired-1');
    expect(await page.getByTestId('detail-status').textContent()).toBe('completed');
    expect(page.url()).toMatch(/#\/jobs\/fired-1$/);

    expect(fake.requests.map((r) => r.line)).toContain('GET /schedules');
    expect(await page.getByTestId('error-message').count()).toBe(0);
    expect(await page.locator('img').count()).toBe(0);
    expect(watch.errors).toEqual([]);
    expect(watch.dialogs).toEqual([]);
  });
  it('follows the newest batches: progress, counts, callback; one opens to its jobs and is canceled', async () => {
    const at = (minute: number) => `2030-06-01T08:${String(minute).padStart(2, '0')}:00.000Z`;
    const member = (id: string, status: Job['status'], extra: Partial<Job> = {}) =>
      job({ id, type: 'resize', status, batchId: 'b-new', ...extra });
    const fake = await openPage({
      jobs: [
        member('m1', 'completed', { keptBy: ['cb1'] }),
        member('m2', 'running'),
        member('m3', 'pending'),
        job({
          id: 'cb1',
          type: 'report',
          status: 'waiting',
          onCompleteOf: 'b-new',
          dependsOn: ['m1', 'm2', 'm3'],
        }),
        ...Array.from({ length: 7 }, (_, i) => job({ id: `o${i}`, status: 'completed' })),
      ],
    });
    fake.batches.set('b-new', {
      id: 'b-new',
      createdAt: at(30),
      jobIds: ['m1', 'm2', 'm3'],
      callbackJobId: 'cb1',
    });
    for (let i = 0; i < 7; i += 1)
      fake.batches.set(`b-old${i}`, { id: `b-old${i}`, createdAt: at(i), jobIds: [`o${i}`] });

    const row = page.locator('[data-testid="batch-row"][data-batch-id="b-new"]');
    await eventually(() => row.getByTestId('batch-progress').textContent()).toBe('1 of 3 finished');
    // The newest five, newest first; the rest said.
    expect(
      await page.getByTestId('batch-row').evaluateAll((rows) => rows.map((r) => r.dataset.batchId)),
    ).toEqual(['b-new', 'b-old6', 'b-old5', 'b-old4', 'b-old3']);
    expect(await page.getByTestId('batches-note').textContent()).toMatch(/^3 more batches not shown/);
    expect(await row.getByTestId('batch-count').allTextContents()).toEqual([
      '1 pending',
      '1 running',
      '1 completed',
    ]);
    expect(await row.getByTestId('batch-callback-status').textContent()).toBe('waiting');
    expect(await row.getByTestId('batch-progress-bar').getAttribute('value')).toBe('33.3');

    // At most six requests a refresh for the panel: the list and five batches.
    const refreshes = () => fake.requests.filter((r) => r.line === 'GET /batches').length;
    await eventually(refreshes).toBeGreaterThanOrEqual(2);
    const lines = fake.requests.map((r) => r.line);
    const first = lines.indexOf('GET /batches');
    const next = lines.indexOf('GET /batches', first + 1);
    expect(
      lines.slice(first, next).filter((line) => line.startsWith('GET /batches')).length,
    ).toBeLessThanOrEqual(6);

    await row.getByTestId('batch-toggle').click();
    const detail = page.getByTestId('batch-detail');
    expect(
      await detail.getByTestId('batch-job').evaluateAll((rows) => rows.map((r) => r.dataset.jobId)),
    ).toEqual(['m1', 'm2', 'm3']);
    // The member's view: its batch, with its progress; a link back to it.
    await detail.locator('[data-job-id="m1"]').getByTestId('batch-job-link').click();
    await eventually(() => page.getByTestId('detail-id').textContent()).toBe('Job m1');
    await eventually(() => page.getByTestId('detail-batch').textContent()).toContain('1 of 3 finished');
    expect(await page.getByTestId('detail-kept-for').textContent()).toBe('cb1kept until they finish');
    await page.getByTestId('detail-kept-for-link').click();
    await eventually(() => page.getByTestId('detail-id').textContent()).toBe('Job cb1');
    await eventually(() => page.getByTestId('detail-callback-of').textContent()).toContain('b-new');
    await page.getByTestId('detail-batch-link').click();
    expect(page.url()).toMatch(/#\/batches\/b-new$/);
    await eventually(() => page.getByTestId('job-detail').isVisible()).toBe(false);
    expect(await detail.isVisible()).toBe(true);

    await detail.getByTestId('batch-cancel').click();
    await eventually(() => page.getByTestId('info-message').textContent()).toContain(
      'Batch b-new: cancel asked; 2 canceled, 1 had ended.',
    );
    expect(fake.requests.find((r) => r.line === 'POST /batches/b-new/cancel')?.body).toBe('');
    await eventually(() => row.getByTestId('batch-progress').textContent()).toBe('3 of 3 finished');
    // Every job ended: nothing left to cancel.
    expect(await detail.getByTestId('batch-cancel').count()).toBe(0);
    expect(await page.getByTestId('error-message').count()).toBe(0);
    expect(watch.errors).toEqual([]);
    expect(watch.dialogs).toEqual([]);
  });
});
