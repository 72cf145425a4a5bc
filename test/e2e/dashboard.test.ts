import { randomInt } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { JOB_STATUSES } from '../../src/core/status.ts';
import { launchChromium, type PageWatch, screenshot, watchPage } from '../helpers/browser.ts';
import { apiClient, isFinished } from './client.ts';

/**
 * The web dashboard at GET /, in Debian's chromium, against the stack under test (the embedded
 * runtime, LocalStack or AWS). With SQS_JOBS_API_KEY set the page asks for the key and gets it.
 */

const apiUrl = inject('apiUrl');
const api = apiClient(apiUrl);
const apiKey = process.env.SQS_JOBS_API_KEY;
/** Counts and lists refresh every 2 s. */
const eventually = <T>(read: () => T | Promise<T>, timeout = 20_000) =>
  expect.poll(read, { timeout, interval: 250 });

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function openDashboard(): Promise<{ page: Page; watch: PageWatch }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const watch = watchPage(page);
  await page.goto(`${apiUrl}/`);
  // Either the key prompt or the first counts, whichever the API's settings bring.
  const form = page.getByTestId('api-key-form');
  const asked = async () =>
    (await form.isVisible()) || (await page.getByTestId('count-pending').textContent()) !== '–';
  await eventually(asked).toBe(true);
  // The page and its files are public; the API calls behind it are not when keys are on.
  expect(await form.isVisible()).toBe(inject('authRequired'));
  if (await form.isVisible()) {
    if (!apiKey) throw new Error('The dashboard asks for an API key: set SQS_JOBS_API_KEY.');
    await page.getByTestId('api-key-input').fill(apiKey);
    await page.getByTestId('api-key-submit').click();
  }
  return { page, watch };
}

async function submit(body: Record<string, unknown>): Promise<string> {
  const res = await api.post<{ id: string }>('/jobs', JSON.stringify(body));
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body.id;
}

async function pageCounts(page: Page): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const status of JOB_STATUSES) {
    counts[status] = Number((await page.getByTestId(`count-${status}`).textContent())?.replaceAll(',', ''));
  }
  return counts;
}

async function apiCounts(): Promise<Record<string, number>> {
  const status = (await api.get<Record<string, number>>('/status')).body;
  return Object.fromEntries(JOB_STATUSES.map((name) => [name, status[name] as number]));
}

describe('the web dashboard', () => {
  it('shows the counts of GET /status, a failure with its error, and retries it to completion', async () => {
    // A resize of a file that is not there fails at once, for good. Making that file (a resize
    // of the sample image to an unusual size) lets the same job succeed when retried.
    const [width, height] = [randomInt(16, 512), randomInt(16, 512)];
    const missing = `resized/img-${width}x${height}.png`;
    const done = await Promise.all([submit({ type: 'noop' }), submit({ type: 'noop' })]);
    const failing = await submit({ type: 'resize', file: missing, maxAttempts: 1 });
    for (const id of done)
      expect(await api.waitForJob(id, isFinished)).toMatchObject({ status: 'completed' });
    expect(await api.waitForJob(failing, isFinished)).toMatchObject({ status: 'failed' });

    const { page, watch } = await openDashboard();
    // Both are live and other jobs may still be finishing: they agree once things settle.
    await eventually(async () => {
      const [shown, served] = await Promise.all([pageCounts(page), apiCounts()]);
      return JSON.stringify(shown) === JSON.stringify(served) ? shown : { shown, served };
    }).toEqual(await apiCounts());
    expect(await page.getByTestId('workers-limit').textContent()).toMatch(/^\d+$/);

    const row = page.locator(`[data-testid="failure-row"][data-job-id="${failing}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.getByTestId('failure-error').textContent()).toBe(
      `PermanentJobError: The file "${missing}" does not exist in the files bucket.`,
    );

    const maker = await submit({ type: 'resize', file: 'img.png', width, height });
    expect(await api.waitForJob(maker, isFinished)).toMatchObject({ status: 'completed' });
    await row.getByTestId('failure-retry').click();
    await eventually(() => page.getByTestId('info-message').textContent()).toContain(
      `Job ${failing}: retry queued`,
    );
    expect(await api.waitForJob(failing, isFinished)).toMatchObject({ status: 'completed' });

    // The page sees it too: in the failures list, the recent jobs, and the job's detail view.
    await eventually(() => row.getByTestId('failure-status').textContent()).toBe('completed');
    expect(await row.getByTestId('failure-retried').textContent()).toBe('yes, by hand');
    expect(await row.getByTestId('failure-retry').count()).toBe(0);
    const jobRow = page.locator(`[data-testid="job-row"][data-job-id="${failing}"]`);
    await eventually(() => jobRow.getByTestId('job-status').textContent()).toBe('completed');
    await jobRow.getByTestId('job-link').click();
    await eventually(() => page.getByTestId('detail-status').textContent()).toBe('completed');
    expect(await page.getByTestId('detail-result').textContent()).toContain(`"source": "${missing}"`);
    expect(await page.getByTestId('detail-attempts').textContent()).toBe('1 of 1');
    console.log(`dashboard screenshot (job detail): ${await screenshot(page, 'dashboard-job.png')}`);
    await page.getByTestId('detail-close').click();
    console.log(`dashboard screenshot: ${await screenshot(page, 'dashboard.png')}`);

    expect(watch.errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('shows a payload with <script> and <img onerror> as text and runs neither', async () => {
    const subject = '<script>window.__xss=1</script>';
    const text = '<img src=x onerror="window.__xss=2;alert(1)">';
    const id = await submit({ type: 'email', to: 'xss@example.com', subject, body: text });
    await api.waitForJob(id, isFinished);

    const { page, watch } = await openDashboard();
    const link = page.locator(`[data-testid="job-row"][data-job-id="${id}"]`).getByTestId('job-link');
    await link.waitFor({ timeout: 20_000 });
    await link.click();
    const payload = page.getByTestId('detail-payload');
    await eventually(() => payload.textContent()).toContain(subject);
    expect(await payload.textContent()).toContain(JSON.stringify(text).slice(1, -1));
    expect(await payload.isVisible()).toBe(true);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => typeof (globalThis as { __xss?: unknown }).__xss)).toBe('undefined');
    expect(watch.dialogs).toEqual([]);
    expect(watch.errors).toEqual([]);
    console.log(`dashboard screenshot: ${await screenshot(page, 'dashboard-xss.png')}`);
    await page.close();
  }, 60_000);
});
