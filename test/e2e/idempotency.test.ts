import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { apiClient, isFinished } from './client.ts';

/** Idempotency keys over HTTP: the header and the field, duplicates, a different request, a batch. */
const api = apiClient(inject('apiUrl'));
const JSON_TYPE = { 'content-type': 'application/json' };

type Answer = {
  id: string;
  status: string;
  duplicate?: true;
  error?: { code: string; message: string; details: Record<string, unknown> };
};

describe('idempotency keys', () => {
  it('creates exactly one job for 50 concurrent submissions with one key', async () => {
    const key = `order-${randomUUID()}`;
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        api.post<Answer>('/jobs', JSON.stringify({ type: 'sleep', ms: 50 }), {
          ...JSON_TYPE,
          'Idempotency-Key': key,
        }),
      ),
    );
    const created = answers.filter((a) => a.status === 202);
    const replayed = answers.filter((a) => a.status === 200);
    expect(created).toHaveLength(1);
    expect(replayed).toHaveLength(49);
    const id = created[0]?.body.id;
    expect(new Set(answers.map((a) => a.body.id))).toEqual(new Set([id]));
    expect(replayed.every((a) => a.body.duplicate === true)).toBe(true);
    expect(replayed.every((a) => a.headers.get('idempotent-replayed') === 'true')).toBe(true);
    const job = await api.waitForJob(String(id), isFinished, 30_000);
    expect(job).toMatchObject({ status: 'completed', attempts: 1 });
    // Submitted again after it finished, within the window: still the same job, as it is now.
    const again = await api.post<Answer>(
      '/jobs',
      JSON.stringify({ type: 'sleep', ms: 50, idempotencyKey: key }),
      JSON_TYPE,
    );
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id, status: 'completed', duplicate: true });
  });

  it('answers 409 for the same key with a different request, naming the first job', async () => {
    const key = `k-${randomUUID()}`;
    const first = await api.post<Answer>(
      '/jobs',
      JSON.stringify({ type: 'noop', idempotencyKey: key }),
      JSON_TYPE,
    );
    expect(first.status).toBe(202);
    const other = await api.post<Answer>(
      '/jobs',
      JSON.stringify({ type: 'sleep', ms: 1, idempotencyKey: key }),
      JSON_TYPE,
    );
    expect(other.status).toBe(409);
    expect(other.body.error).toMatchObject({ code: 'IdempotencyKeyReused', details: { id: first.body.id } });
  });

  it('refuses a bad key, and a header that disagrees with the field', async () => {
    const empty = await api.post<Answer>(
      '/jobs',
      JSON.stringify({ type: 'noop', idempotencyKey: '' }),
      JSON_TYPE,
    );
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body.error)).toContain('idempotencyKey');
    const long = await api.post<Answer>(
      '/jobs',
      JSON.stringify({ type: 'noop', idempotencyKey: 'x'.repeat(256) }),
      JSON_TYPE,
    );
    expect(long.status).toBe(400);
    const both = await api.post<Answer>('/jobs', JSON.stringify({ type: 'noop', idempotencyKey: 'a' }), {
      ...JSON_TYPE,
      'Idempotency-Key': 'b',
    });
    expect(both.status).toBe(400);
    expect(both.body.error?.message).toMatch(/Idempotency-Key header and the idempotencyKey field differ/);
  });

  it('answers duplicates item by item in a batch', async () => {
    const key = `batch-${randomUUID()}`;
    const res = await api.post<{ accepted: number; results: Answer[] }>(
      '/jobs/batch',
      JSON.stringify({
        jobs: [
          { type: 'noop', idempotencyKey: key },
          { type: 'noop', idempotencyKey: key },
          { type: 'noop' },
        ],
      }),
      JSON_TYPE,
    );
    expect(res.status).toBe(200);
    const [a, b, c] = res.body.results as [Answer, Answer, Answer];
    expect(a.id).toBe(b.id);
    expect([a.duplicate, b.duplicate].filter(Boolean)).toHaveLength(1);
    expect(c.id).not.toBe(a.id);
    expect((await api.waitForJob(a.id, isFinished, 30_000)).status).toBe('completed');
  });
});
