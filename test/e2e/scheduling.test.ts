import { describe, expect, inject, it } from 'vitest';
import { apiClient, isFinished } from './client.ts';

/** Delayed and scheduled jobs over HTTP, as a user submits, lists, reschedules and cancels them. */
const api = apiClient(inject('apiUrl'));
const JSON_TYPE = { 'content-type': 'application/json' };
const MINUTE = 60_000;

type Accepted = { id: string; status: string; runAt?: string };
type ErrorAnswer = { error: { code: string; message: string; details: Record<string, unknown> } };

const submit = (body: object) => api.post<Accepted>('/jobs', JSON.stringify(body), JSON_TYPE);
const reschedule = (id: string, body: object) =>
  api.post<Accepted & ErrorAnswer>(`/jobs/${id}/reschedule`, JSON.stringify(body), JSON_TYPE);
const inMinutes = (minutes: number) => new Date(Date.now() + minutes * MINUTE).toISOString();

describe('delaySeconds and runAt', () => {
  it('queues a short delay: pending with its runAt, and no attempt starts before it', async () => {
    const res = await submit({ type: 'noop', delaySeconds: 3 });
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('pending');
    const runAt = Date.parse(res.body.runAt ?? '');
    expect(runAt).toBeGreaterThan(Date.now());
    const job = await api.waitForJob(res.body.id, isFinished, 30_000);
    expect(job).toMatchObject({ status: 'completed', attempts: 1, runAt: res.body.runAt });
    expect(Date.parse(String(job.startedAt))).toBeGreaterThanOrEqual(runAt);
  });

  it('stores a job 20 minutes ahead as scheduled: read, listed with its runAt, rescheduled, canceled', async () => {
    const runAt = inMinutes(20);
    const res = await submit({ type: 'sleep', payload: { ms: 1 }, runAt });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'scheduled', runAt: new Date(runAt).toISOString() });
    const { id } = res.body;

    expect((await api.get(`/jobs/${id}`)).body).toMatchObject({ status: 'scheduled', attempts: 0 });
    const listed = await api.get<{ jobs: { id: string; runAt?: string }[] }>(
      '/jobs?status=scheduled&limit=100',
    );
    expect(listed.body.jobs.find((job) => job.id === id)).toMatchObject({
      runAt: new Date(runAt).toISOString(),
    });
    expect((await api.get<{ scheduled: number }>('/status')).body.scheduled).toBeGreaterThanOrEqual(1);

    const later = inMinutes(45);
    const moved = await reschedule(id, { runAt: later });
    expect(moved.status).toBe(202);
    expect(moved.body).toMatchObject({ id, status: 'scheduled', runAt: later });

    const canceled = await api.post(`/jobs/${id}/cancel`, '');
    expect(canceled.status).toBe(202);
    expect(canceled.body).toMatchObject({ status: 'canceled' });
    const again = await reschedule(id, { delaySeconds: 5 });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'JobNotScheduled', details: { status: 'canceled' } });
  });

  it('runs a scheduled job now when it is rescheduled to now', async () => {
    const res = await submit({ type: 'noop', delaySeconds: 3600 });
    expect(res.body.status).toBe('scheduled');
    const now = await reschedule(res.body.id, { delaySeconds: 0 });
    expect(now.status).toBe(202);
    expect(now.body.status).toBe('pending');
    const job = await api.waitForJob(res.body.id, isFinished, 30_000);
    expect(job).toMatchObject({ status: 'completed', attempts: 1 });
  });

  it('takes a start per item of a batch', async () => {
    const res = await api.post<{ results: Accepted[] }>(
      '/jobs/batch',
      JSON.stringify({
        jobs: [
          { type: 'noop', delaySeconds: 2 },
          { type: 'noop', runAt: inMinutes(30) },
        ],
      }),
      JSON_TYPE,
    );
    expect(res.status).toBe(200);
    expect(res.body.results.map((r) => r.status)).toEqual(['pending', 'scheduled']);
    const [queued, scheduled] = res.body.results as [Accepted, Accepted];
    expect((await api.waitForJob(queued.id, isFinished, 30_000)).status).toBe('completed');
    expect((await api.post(`/jobs/${scheduled.id}/cancel`, '')).status).toBe(202);
  });

  it('refuses a bad start with a 4xx naming the field, and creates nothing', async () => {
    const cases: [object, string][] = [
      [{ type: 'noop', delaySeconds: 5, runAt: inMinutes(1) }, 'delaySeconds'],
      [{ type: 'noop', runAt: 'tomorrow' }, 'runAt'],
      [{ type: 'noop', runAt: '2030-01-01T10:00:00' }, 'runAt'],
      [{ type: 'noop', delaySeconds: -1 }, 'delaySeconds'],
      [{ type: 'noop', delaySeconds: 40_000_000 }, 'delaySeconds'],
      [{ type: 'noop', runAt: '2099-01-01T00:00:00Z' }, 'runAt'],
    ];
    for (const [body, field] of cases) {
      const res = await api.post<ErrorAnswer>('/jobs', JSON.stringify(body), JSON_TYPE);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('ValidationError');
      expect(JSON.stringify(res.body.error), JSON.stringify(body)).toContain(field);
    }
    const unknown = await reschedule('no-such-job', { delaySeconds: 5 });
    expect(unknown.status).toBe(404);
    const scheduled = await submit({ type: 'noop', delaySeconds: 7200 });
    for (const body of [{}, { at: 'noon' }, { runAt: 'noon' }]) {
      const res = await reschedule(scheduled.body.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('ValidationError');
    }
    expect((await api.post(`/jobs/${scheduled.body.id}/cancel`, '')).status).toBe(202);
  });
});
