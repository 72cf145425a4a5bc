import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, inject, it } from 'vitest';
import { apiClient, isFinished } from './client.ts';
import { expectGatewayAnswer } from './gateway-answers.ts';

const api = apiClient(inject('apiUrl'));

describe('the job flow over HTTP', () => {
  it('runs the quickstart: resize and email jobs complete within 5 s and /status counts them', async () => {
    const before = (await api.get<Record<string, number>>('/status')).body;
    const resize = await api.post<{ id: string; status: string }>(
      '/jobs',
      '{"type":"resize","file":"img.png"}',
      {
        'content-type': 'application/x-www-form-urlencoded',
      },
    );
    const email = await api.post<{ id: string; status: string }>(
      '/jobs',
      '{"type":"email","to":"bob@example.com"}',
      {
        'content-type': 'application/x-www-form-urlencoded',
      },
    );
    for (const res of [resize, email]) {
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ id: expect.any(String), status: 'pending' });
    }
    const started = Date.now();
    const jobs = await Promise.all([resize, email].map((r) => api.waitForJob(r.body.id, isFinished, 5_000)));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(jobs[0]).toMatchObject({ status: 'completed', type: 'resize', attempts: 1 });
    expect(jobs[0]?.result).toMatchObject({ source: 'img.png', width: 256 });
    expect(jobs[1]).toMatchObject({ status: 'completed', type: 'email' });
    expect(jobs[1]?.result).toMatchObject({ to: 'bob@example.com', key: `outbox/${email.body.id}.eml` });
    for (const job of jobs) {
      expect(Date.parse(String(job.finishedAt))).toBeGreaterThanOrEqual(Date.parse(String(job.createdAt)));
    }
    const after = (await api.get<Record<string, number>>('/status')).body;
    expect(after).toMatchObject({
      pending: expect.any(Number),
      running: expect.any(Number),
      failed: expect.any(Number),
      workers: expect.any(Number),
    });
    expect(after.completed! - before.completed!).toBeGreaterThanOrEqual(2);
  });

  it('runs every shipped job type to completion', async () => {
    const bodies = [
      { type: 'noop' },
      { type: 'sleep', ms: 200 },
      { type: 'cleanup', prefix: 'tmp/' },
      { type: 'data', file: 'data/sales.csv', groupBy: 'region' },
      { type: 'report', payload: { source: 'data/sales.csv', format: 'md' } },
    ];
    const ids = [];
    for (const body of bodies) {
      const res = await api.post<{ id: string }>('/jobs', JSON.stringify(body));
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      ids.push(res.body.id);
    }
    const jobs = await Promise.all(ids.map((id) => api.waitForJob(id, isFinished)));
    expect(jobs.map((j) => j.status)).toEqual(bodies.map(() => 'completed'));
  });

  it('retries a flaky job after backoff delays and completes it on its third attempt', async () => {
    const res = await api.post<{ id: string }>('/jobs', '{"type":"flaky","failTimes":2}');
    // Watch the job: each failed attempt shows when it failed (updatedAt) and when the next is due.
    const retries = new Map<number, { failedAt: number; dueAt: number }>();
    const job = await api.waitForJob(
      res.body.id,
      (j) => {
        if (j.status === 'pending' && typeof j.nextAttemptAt === 'string') {
          retries.set(Number(j.attempts), {
            failedAt: Date.parse(String(j.updatedAt)),
            dueAt: Date.parse(j.nextAttemptAt),
          });
        }
        return isFinished(j);
      },
      15_000,
    );
    expect(job).toMatchObject({ status: 'completed', attempts: 3 });
    // Full jitter over 1 s then 2 s: each planned delay lies within its step.
    expect([...retries.keys()]).toEqual([1, 2]);
    for (const [attempt, { failedAt, dueAt }] of retries) {
      const step = 1000 * 2 ** (attempt - 1);
      expect(dueAt - failedAt).toBeGreaterThanOrEqual(0);
      expect(dueAt - failedAt).toBeLessThanOrEqual(step);
    }
    // The last attempt started no earlier than it was due (SQS rounds the delay up to a whole second).
    expect(Date.parse(String(job.startedAt))).toBeGreaterThanOrEqual(retries.get(2)!.dueAt - 50);
    // The attempt history tells the same story, one entry per attempt, each with its worker.
    const history = job.history as { outcome?: string; error?: { message: string }; workerId?: string }[];
    expect(history.map((a) => a.outcome)).toEqual(['retried', 'retried', 'completed']);
    expect(history[0]?.error?.message).toContain('flaky: attempt 1');
    // A Lambda log stream name (locally one per function instance): YYYY/MM/DD/[$LATEST]…
    for (const attempt of history) expect(attempt.workerId).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\]\S+$/);
  });

  it('fails a job for good when its attempts run out, and shows the error', async () => {
    const res = await api.post<{ id: string }>('/jobs', '{"type":"flaky","failTimes":9,"maxAttempts":2}');
    const job = await api.waitForJob(res.body.id, isFinished, 15_000);
    expect(job).toMatchObject({
      status: 'failed',
      attempts: 2,
      error: { message: expect.stringContaining('flaky') },
    });
  });

  it('fails at once, without retrying, when the input file does not exist', async () => {
    const res = await api.post<{ id: string }>('/jobs', '{"type":"resize","file":"nope.png"}');
    const job = await api.waitForJob(res.body.id, isFinished);
    expect(job).toMatchObject({ status: 'failed', attempts: 1, error: { permanent: true } });
  });
});

describe('GET /jobs/{id}/status', () => {
  it('follows a job to the end through its status view, which agrees with the job itself', async () => {
    const res = await api.post<{ id: string }>('/jobs', '{"type":"sleep","ms":300}');
    expect(res.status).toBe(202);
    const seen = new Set<string>();
    const deadline = Date.now() + 10_000;
    let view: Record<string, unknown> = {};
    while (Date.now() < deadline) {
      const answer = await api.get(`/jobs/${res.body.id}/status`);
      expect(answer.status).toBe(200);
      view = answer.body;
      seen.add(String(view.status));
      if (isFinished(view)) break;
      await sleep(50);
    }
    expect(view).toMatchObject({ id: res.body.id, type: 'sleep', status: 'completed', attempts: 1 });
    expect(view).not.toHaveProperty('payload');
    expect(view).not.toHaveProperty('result');
    expect(view).not.toHaveProperty('history');
    expect([...seen].every((status) => ['pending', 'running', 'completed'].includes(status))).toBe(true);
    const job = (await api.get(`/jobs/${res.body.id}`)).body;
    expect(job).toMatchObject(view);
  });

  it.each([
    ['an unknown id', '00000000-0000-0000-0000-000000000000'],
    ['an id over 128 characters', 'i'.repeat(129)],
  ])('answers %s with the same 404 JSON error as GET /jobs/{id}', async (_name, id) => {
    const status = await api.get<{ error: { code: string } }>(`/jobs/${id}/status`);
    const job = await api.get<{ error: { code: string } }>(`/jobs/${id}`);
    expect(status.status).toBe(404);
    expect(status.body.error.code).toBe('JobNotFound');
    expect(status.body).toEqual(job.body);
  });
});

describe('bad input gets a clear JSON error', () => {
  it.each([
    ['malformed JSON', '{"type":', {}, 400, 'MalformedJson'],
    ['an unknown type', '{"type":"teleport"}', {}, 400, 'UnknownJobType'],
    ['a payload that fails its schema', '{"type":"email","to":"nobody"}', {}, 400, 'ValidationError'],
    [
      'an unsupported content type',
      '<job/>',
      { 'content-type': 'application/xml' },
      415,
      'UnsupportedMediaType',
    ],
    [
      'a body over 256 KB',
      JSON.stringify({ type: 'noop', pad: 'x'.repeat(300_000) }),
      {},
      413,
      'PayloadTooLarge',
    ],
  ])('%s', async (_name, body, headers, status, code) => {
    const res = await api.post<{ error: { code: string; message: string } }>('/jobs', body, headers);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
  });

  it('names the failing field', async () => {
    const res = await api.post<{ error: { message: string } }>('/jobs', '{"type":"email","to":"nobody"}');
    expect(res.body.error.message).toContain('to');
  });

  it('answers 404 JSON for an unknown job', async () => {
    const job = await api.get<{ error: { code: string } }>('/jobs/00000000-0000-0000-0000-000000000000');
    expect(job.status).toBe(404);
    expect(job.body.error.code).toBe('JobNotFound');
  });

  it.each([
    ['GET', '/no/such/route'],
    ['POST', '/jobs/x/status'],
    ['DELETE', '/jobs'],
  ])('leaves %s %s, a route the stack does not have, to the gateway', async (method, path) => {
    expectGatewayAnswer(await api.request(method, path), inject('target'), 'MISSING_AUTHENTICATION_TOKEN');
  });
});
