import { describe, expect, expectTypeOf, inject, it } from 'vitest';
import type { Jobs } from '../../jobs/index.ts';
import { createClient, SqsJobsApiError } from '../../src/client/index.ts';

const apiKey = process.env.SQS_JOBS_API_KEY;
const client = createClient<Jobs>({ url: inject('apiUrl'), ...(apiKey ? { apiKey } : {}) });

describe('the typed client against a running stack', () => {
  it('enqueues a noop and an email job and waits for both to complete', async () => {
    const noop = await client.enqueue('noop');
    const email = await client.enqueue('email', { to: 'ada@example.com', subject: 'From the client' });
    expect(noop).toEqual({ id: expect.any(String), status: 'pending' });
    expect(email.status).toBe('pending');

    const [noopDone, emailDone] = await Promise.all([
      client.waitFor(noop.id, { timeoutMs: 20_000, intervalMs: 100 }),
      client.waitFor(email.id, { timeoutMs: 20_000, intervalMs: 100 }),
    ]);
    expect(noopDone).toMatchObject({ id: noop.id, type: 'noop', status: 'completed', result: { ok: true } });
    expect(emailDone).toMatchObject({
      id: email.id,
      type: 'email',
      status: 'completed',
      payload: { to: 'ada@example.com', subject: 'From the client' },
      result: { to: 'ada@example.com', key: `outbox/${email.id}.eml` },
    });
    if (emailDone.status !== 'completed') throw new Error(`email job ${emailDone.status}`);
    // Typed by the email handler's return value.
    expectTypeOf(emailDone.result.bytes).toEqualTypeOf<number>();
    expect(emailDone.result.bytes).toBeGreaterThan(0);

    expect(await client.jobStatus(email.id)).toMatchObject({
      id: email.id,
      status: 'completed',
      attempts: 1,
    });
    const listed: string[] = [];
    for await (const job of client.list({ type: 'email', status: 'completed', limit: 50 }))
      listed.push(job.id);
    expect(listed).toContain(email.id);
  });

  it("maps the API's refusals to SqsJobsApiError: a payload its schema refuses, an unknown job", async () => {
    const invalid = await client.enqueue('email', { to: 'not-an-email' }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(SqsJobsApiError);
    expect(invalid).toMatchObject({
      status: 400,
      code: 'ValidationError',
      details: { issues: expect.any(Array) },
    });

    const missing = await client.get('00000000-0000-4000-8000-000000000000').catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 404, code: 'JobNotFound', requestId: expect.any(String) });
  });

  it.runIf(inject('authRequired'))('without the API key, every call is a 403 Forbidden', async () => {
    const keyless = createClient<Jobs>({ url: inject('apiUrl') });
    await expect(keyless.status()).rejects.toMatchObject({ status: 403, code: 'Forbidden' });
  });
});
