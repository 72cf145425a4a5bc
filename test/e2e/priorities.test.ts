import { describe, expect, inject, it } from 'vitest';
import { apiClient, isFinished } from './client.ts';

/** Priorities over HTTP, on any stack: each job goes on its priority's queue and says so. */
const api = apiClient(inject('apiUrl'));

describe('priorities', () => {
  it('runs a high and a low job, each showing its priority; a job without one is default', async () => {
    const submitted = await Promise.all(
      [{ priority: 'high' }, { priority: 'low' }, {}].map(async (option) => {
        const res = await api.post<{ id: string }>('/jobs', JSON.stringify({ type: 'noop', ...option }));
        expect(res.status).toBe(202);
        return res.body.id;
      }),
    );
    const jobs = await Promise.all(submitted.map((id) => api.waitForJob(id, isFinished, 30_000)));
    expect(jobs.map((job) => [job.status, job.priority])).toEqual([
      ['completed', 'high'],
      ['completed', 'low'],
      ['completed', 'default'],
    ]);
    const status = await api.get<Record<string, unknown>>(`/jobs/${submitted[0]}/status`);
    expect(status.body.priority).toBe('high');
  });

  it('takes the flat form with priority as an option, not a payload field, and refuses an unknown one', async () => {
    const flat = await api.post<{ id: string }>(
      '/jobs',
      JSON.stringify({ type: 'email', to: 'ada@example.com', priority: 'high' }),
    );
    expect(flat.status).toBe(202);
    expect((await api.get(`/jobs/${flat.body.id}`)).body).toMatchObject({
      priority: 'high',
      payload: { to: 'ada@example.com' },
    });
    const bad = await api.post<{ error: { code: string; message: string } }>(
      '/jobs',
      JSON.stringify({ type: 'noop', priority: 'urgent' }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: 'ValidationError',
      message: expect.stringContaining('priority'),
    });
  });

  it('lists priority in the OpenAPI document of every job type’s submission', async () => {
    const doc = (await api.get<string>('/openapi.json')).body;
    expect(JSON.stringify(doc)).toContain('"priority"');
    expect(JSON.stringify(doc)).toContain('"high","default","low"');
  });
});
