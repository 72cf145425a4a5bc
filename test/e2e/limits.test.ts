import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, inject, it } from 'vitest';
import { apiClient, isFinished } from './client.ts';

/**
 * Job limits over HTTP, decided from the job records: this repository's `resize` has
 * `concurrency: 2`, and `email` is limited per recipient domain (4 at once, 10 a second).
 */
const api = apiClient(inject('apiUrl'));

interface Job {
  id: string;
  status: string;
  attempts: number;
  startedAt?: string;
  finishedAt?: string;
  createdAt: string;
  heldBack?: { reason: string; message: string; times: number };
}

async function submitBatch(jobs: object[]): Promise<string[]> {
  const res = await api.post<{ accepted: number; results: { id?: string }[] }>(
    '/jobs/batch',
    JSON.stringify({ jobs }),
  );
  expect(res.status).toBe(200);
  expect(res.body.accepted).toBe(jobs.length);
  return res.body.results.map((result) => String(result.id));
}

/**
 * GET that waits out the API's throttle: with keys on (SQS_JOBS_E2E_AUTH, or on AWS) the usage plan
 * answers 429 with Retry-After past its rate, which a polling client honours.
 */
const getOk = <T>(path: string) => api.getOk<T>(path);

async function jobsOf(ids: readonly string[]): Promise<Job[]> {
  const jobs: Job[] = [];
  for (const id of ids) jobs.push(await getOk<Job>(`/jobs/${id}`));
  return jobs;
}

/** The most jobs whose [startedAt, finishedAt] overlap at one instant. */
function mostAtOnce(jobs: readonly Job[]): number {
  const edges = jobs.flatMap((job) => [
    { at: Date.parse(String(job.startedAt)), step: 1 },
    { at: Date.parse(String(job.finishedAt)), step: -1 },
  ]);
  // An end and a start at the same millisecond: the end first (the slot is freed before it is taken).
  edges.sort((a, b) => a.at - b.at || a.step - b.step);
  let now = 0;
  let most = 0;
  for (const edge of edges) {
    now += edge.step;
    most = Math.max(most, now);
  }
  return most;
}

describe('job limits', () => {
  it('never runs more than 2 resize jobs at once (sampled during a run of 50); the others wait pending, held back, charged nothing', async () => {
    const ids = await submitBatch(
      Array.from({ length: 50 }, (_, i) => ({ type: 'resize', file: 'img.png', width: 32 + i })),
    );
    let mostRunning = 0;
    let samples = 0;
    const holds = new Set<string>();
    const deadline = Date.now() + 120_000;
    for (;;) {
      // Pending first: a job moves only from pending to running to completed, so one missing from
      // this read is in the running read after it or finished. Read the other way round, the last
      // pending job could be claimed between the two reads and be missed by both.
      const pending = await getOk<{ jobs: unknown[] }>('/jobs?status=pending&type=resize&limit=1');
      const running = await getOk<{ jobs: unknown[] }>('/jobs?status=running&type=resize&limit=100');
      mostRunning = Math.max(mostRunning, running.jobs.length);
      samples += 1;
      // A few of the batch's jobs, as a client polling them would see them.
      for (const id of ids.slice(samples % 50, (samples % 50) + 3)) {
        const body = await getOk<Job>(`/jobs/${id}/status`);
        if (body.status === 'pending' && body.heldBack) {
          expect(body).toMatchObject({ attempts: 0, heldBack: { reason: 'concurrency' } });
          expect(body.heldBack.message).toBe('2 resize jobs are running (concurrency 2)');
          holds.add(id);
        }
      }
      if (pending.jobs.length === 0 && running.jobs.length === 0) break;
      expect(Date.now()).toBeLessThan(deadline);
      // Five requests a round, at most twenty rounds a second: under a usage plan's rate.
      await sleep(50);
    }
    const jobs = await jobsOf(ids);
    expect(jobs.map((job) => job.status)).toEqual(ids.map(() => 'completed'));
    // Held back is no attempt: each ran once, and none shows a hold once it started.
    expect(jobs.every((job) => job.attempts === 1 && job.heldBack === undefined)).toBe(true);
    expect(mostAtOnce(jobs)).toBeLessThanOrEqual(2);
    expect(mostRunning).toBeLessThanOrEqual(2);
    expect(holds.size).toBeGreaterThan(0);
    console.log(
      `limits: 50 resize jobs, at most ${mostAtOnce(jobs)} at once by their records, ${mostRunning} in ${samples} samples; ${holds.size} seen held back`,
    );
  }, 150_000);

  it('starts at most 10 emails a second for one domain, while another domain’s email is not held behind them', async () => {
    const noisy = Array.from({ length: 40 }, (_, i) => ({ type: 'email', to: `user${i}@noisy.example` }));
    const ids = await submitBatch([...noisy, { type: 'email', to: 'ada@quiet.example' }]);
    // One poll round over the unfinished ones at a time, under a usage plan's rate.
    const deadline = Date.now() + 60_000;
    let unfinished = ids;
    while (unfinished.length > 0 && Date.now() < deadline) {
      const seen = [];
      for (const id of unfinished) seen.push([id, await getOk<Job>(`/jobs/${id}/status`)] as const);
      unfinished = seen
        .filter(([, job]) => !isFinished(job as unknown as Record<string, unknown>))
        .map(([id]) => id);
      if (unfinished.length > 0) await sleep(250);
    }
    expect(unfinished).toEqual([]);
    const jobs = await jobsOf(ids);
    expect(jobs.map((job) => job.status)).toEqual(ids.map(() => 'completed'));
    const noisyJobs = jobs.slice(0, 40);
    const quiet = jobs[40] as Job;
    const perSecond = new Map<number, number>();
    for (const job of noisyJobs) {
      const second = Math.floor(Date.parse(String(job.startedAt)) / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    }
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(10);
    expect(perSecond.size).toBeGreaterThanOrEqual(4);
    expect(mostAtOnce(noisyJobs)).toBeLessThanOrEqual(4);
    const lastNoisyStart = Math.max(...noisyJobs.map((job) => Date.parse(String(job.startedAt))));
    expect(Date.parse(String(quiet.startedAt))).toBeLessThan(lastNoisyStart);
    expect(jobs.every((job) => job.attempts === 1)).toBe(true);
  }, 90_000);

  it('counts the holds in the stats and /metrics once their minute is over', async () => {
    const deadline = Date.now() + 180_000;
    let held: { total: number } | undefined;
    while (Date.now() < deadline) {
      const body = await getOk<{
        snapshot: { heldBack?: { byType: Record<string, { total: number }> } } | null;
      }>('/stats');
      held = body.snapshot?.heldBack?.byType.resize;
      if (held && held.total > 0) break;
      await sleep(2_000);
    }
    expect(held?.total).toBeGreaterThan(0);
    const metrics = await getOk<string>('/metrics');
    expect(String(metrics)).toMatch(/sqs_jobs_held_back_total\{type="resize"\} [1-9]/);
  }, 200_000);
});
