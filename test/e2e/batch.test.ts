import { describe, expect, inject, it } from 'vitest';
import { apiClient, isFinished } from './client.ts';

/** POST /jobs/batch over HTTP: each job judged on its own, the good ones run, the bad ones say why. */
const api = apiClient(inject('apiUrl'));
const JSON_TYPE = { 'content-type': 'application/json' };

interface BatchAnswer {
  accepted: number;
  rejected: number;
  results: (
    | { accepted: true; id: string; status: string }
    | { accepted: false; error: { code: string; message: string; details: Record<string, unknown> } }
  )[];
}

describe('POST /jobs/batch', () => {
  it('takes 100 jobs of which 3 are invalid: 97 accepted and completed, 3 refused with their errors, in order', async () => {
    const jobs: object[] = Array.from({ length: 100 }, (_, i) => ({ type: 'sleep', payload: { ms: i % 5 } }));
    jobs[10] = { type: 'sleep', payload: { ms: 'soon' } };
    jobs[50] = { type: 'no-such-type' };
    jobs[99] = { type: 'email', to: 'not an address' };
    const res = await api.post<BatchAnswer>('/jobs/batch', JSON.stringify({ jobs }), JSON_TYPE);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 97, rejected: 3 });
    expect(res.body.results).toHaveLength(100);
    expect(res.body.results[10]).toMatchObject({
      accepted: false,
      error: {
        code: 'ValidationError',
        details: { issues: [expect.objectContaining({ field: 'payload.ms' })] },
      },
    });
    expect(res.body.results[50]).toMatchObject({ accepted: false, error: { code: 'UnknownJobType' } });
    // The flat form names the field as sent, as POST /jobs does.
    expect(res.body.results[99]).toMatchObject({
      accepted: false,
      error: {
        code: 'ValidationError',
        details: { issues: [expect.objectContaining({ field: 'to' })] },
      },
    });
    const ids = res.body.results.flatMap((result) => (result.accepted ? [result.id] : []));
    expect(new Set(ids).size).toBe(97);
    const finished = await Promise.all(ids.map((id) => api.waitForJob(id, isFinished, 60_000)));
    expect(finished.map((job) => job.status)).toEqual(ids.map(() => 'completed'));
    // The accepted ones run with the payload they were given, in the order given.
    expect(finished[0]).toMatchObject({ type: 'sleep', payload: { ms: 0 } });
  }, 90_000);

  it('refuses a body that is not a batch, or holds no job or more than 500, as a whole (400), creating nothing', async () => {
    const before = (await api.get<{ pending: number }>('/status')).body.pending;
    for (const body of [
      '[{"type":"noop"}]',
      '{"jobs":{"type":"noop"}}',
      '{"jobs":[]}',
      '{"jobs":[{"type":"noop"}],"priority":"high"}',
      JSON.stringify({ jobs: Array.from({ length: 501 }, () => ({ type: 'noop' })) }),
    ]) {
      const res = await api.post<{ error: { code: string; message: string } }>(
        '/jobs/batch',
        body,
        JSON_TYPE,
      );
      expect(res.status, body.slice(0, 60)).toBe(400);
      expect(res.body.error.code).toBe('ValidationError');
    }
    expect((await api.get<{ pending: number }>('/status')).body.pending).toBeLessThanOrEqual(before);
  });
});
